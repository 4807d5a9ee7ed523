//! sdkgen: turns a YAML API spec into a Rust SDK crate.
//!
//! The pipeline is spec file → [`spec`] (serde types) → [`lower`] (checks,
//! references, names) → [`ir`] → [`emit`] (askama templates, checked by `syn`
//! and formatted by `prettyplease`) → files in memory. Writing them to disk is
//! the caller's job ([`mod@write`]), so a failure anywhere leaves the output
//! directory untouched.

pub mod diag;
pub mod emit;
pub mod format_cache;
pub mod ir;
pub mod lower;
pub mod names;
pub mod naming;
mod parallel;
pub mod parse;
pub mod spec;
pub mod wire;
pub mod write;

pub use diag::{Diagnostic, Diagnostics};
pub use emit::GeneratedFile;
