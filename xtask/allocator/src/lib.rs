//! The global allocator of every xtask command (the reasons for mimalloc
//! and its features are in this crate's `Cargo.toml`).
//!
//! It is a crate of its own for the code `#[global_allocator]` expands to:
//! every allocation and free of the process goes through those functions,
//! and they are compiled with the crate that declares the allocator. In
//! xtask itself they were built unoptimised, with the dev profile's debug
//! assertions, and a cold regen spent 6% of its time in them (perf); here
//! they are optimised (`[profile.dev.package.xtask-allocator]` in
//! `xtask/Cargo.toml`).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
