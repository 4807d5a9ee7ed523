//! Tests only; see `tests/`.

/// The project README's examples, compiled and run as doctests so they
/// cannot drift from the SDKs they show.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ProjectReadme;
