//! Any text as a spec file: generation must answer with files or diagnostics, never panic.
//! Run with `cargo +nightly fuzz run generate` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sdkgen::write::generate("spec/fuzz.yaml", text);
    }
});
