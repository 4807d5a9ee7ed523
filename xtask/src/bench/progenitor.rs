//! The baseline: cargo-progenitor 0.15.1 on the RingCentral Devices subset
//! of the vendor's document (`shared/reference/ringcentral/`), keeping only
//! the first success response of each operation because progenitor accepts
//! one response type per operation. Measured only where `cargo-progenitor` is installed; nothing it
//! generates is kept in the repository.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::compile::{Devices, RUNS, clean_and_touched, clean_build};
use super::{bench_dir, cargo, median, ms};

const VERSION: &str = "0.15.1";

/// The two interface styles progenitor generates.
const STYLES: [&str; 2] = ["positional", "builder"];

/// Writes the subset without error responses, if progenitor and the
/// reference document are both here; says why not otherwise.
fn prepared(root: &Path) -> Option<(PathBuf, usize)> {
    // It has no `--version`; cargo's list of installed binaries says which one is here.
    let installed = Command::new(cargo()).args(["install", "--list"]).output();
    if !installed.as_ref().is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout).contains(&format!("cargo-progenitor v{VERSION}:"))
    }) {
        println!(
            "progenitor baseline: skipped; install it with `cargo install cargo-progenitor --version {VERSION} --locked`"
        );
        return None;
    }
    let subset = sdkgen_openapi::reference::named("ringcentral-devices").expect("listed");
    let source = subset.file(&sdkgen_openapi::reference::folder(root));
    let text = match std::fs::read_to_string(&source) {
        Ok(t) => t,
        Err(e) => {
            println!(
                "progenitor baseline: skipped; cannot read {}: {e} (set SDKGEN_REFERENCE_DIR)",
                source.display()
            );
            return None;
        }
    };
    let mut document: serde_yaml::Value = match serde_yaml::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            println!("progenitor baseline: skipped; {}: {e}", source.display());
            return None;
        }
    };
    let mut operations = 0;
    if let Some(paths) = document.get_mut("paths").and_then(|p| p.as_mapping_mut()) {
        for (_, item) in paths.iter_mut() {
            for (_, operation) in item.as_mapping_mut().into_iter().flat_map(|m| m.iter_mut()) {
                if let Some(responses) = operation
                    .get_mut("responses")
                    .and_then(|r| r.as_mapping_mut())
                {
                    operations += 1;
                    // Progenitor takes one response type: the first success
                    // answer stays (removeLine's 200, not its bodiless 204).
                    let first = responses
                        .keys()
                        .filter_map(|k| k.as_str())
                        .filter(|s| s.starts_with('2'))
                        .min()
                        .map(str::to_owned);
                    responses.retain(|status, _| status.as_str() == first.as_deref());
                }
            }
        }
    }
    let dir = bench_dir(root).join("progenitor");
    let path = dir.join("devices-subset-success-only.yaml");
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, serde_yaml::to_string(&document).unwrap_or_default()));
    if let Err(e) = written {
        println!(
            "progenitor baseline: skipped; cannot write {}: {e}",
            path.display()
        );
        return None;
    }
    Some((path, operations))
}

/// Generates the crate of one interface style into `bench/progenitor/<style>`.
fn generate(root: &Path, input: &Path, style: &str) -> Option<PathBuf> {
    let out = bench_dir(root).join("progenitor").join(style);
    let _ = std::fs::remove_dir_all(&out);
    let input = input.to_string_lossy();
    let output = out.to_string_lossy();
    let args = [
        "progenitor",
        "-i",
        &input,
        "-o",
        &output,
        "-n",
        "rc-devices",
        "-v",
        "0.1.0",
        "--interface",
        style,
    ];
    let ran = Command::new(cargo()).args(args).current_dir(root).output();
    if !ran.as_ref().is_ok_and(|o| o.status.success()) {
        println!("progenitor baseline: cargo progenitor failed: {ran:?}");
        return None;
    }
    Some(out)
}

/// cargo-progenitor's generation time per operation, beside ours.
pub fn regen_baseline(root: &Path, ours_per_operation_ms: f64) {
    let Some((input, operations)) = prepared(root) else {
        return;
    };
    let mut times = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        if generate(root, &input, "positional").is_none() {
            return;
        }
        times.push(started.elapsed());
    }
    let theirs = ms(median(&mut times)) / operations as f64;
    println!("cargo progenitor per operation: {theirs:.2} ms ({operations} operations)");
    println!(
        "regen per operation vs progenitor: {:.2}x",
        ours_per_operation_ms / theirs
    );
}

/// Generates progenitor's crate of one interface style as a workspace of
/// its own (it sits under ours but is no member of it); `None`, having said
/// why, when progenitor or the document is not here.
fn standalone_crate(root: &Path, input: &Path, style: &str) -> Option<PathBuf> {
    let dir = generate(root, input, style)?;
    let manifest = dir.join("Cargo.toml");
    let appended = std::fs::read_to_string(&manifest)
        .and_then(|t| std::fs::write(&manifest, format!("{t}\n[workspace]\n")));
    if let Err(e) = appended {
        println!(
            "progenitor baseline: cannot edit {}: {e}",
            manifest.display()
        );
        return None;
    }
    Some(dir)
}

/// Progenitor's positional crate of the Devices subset, for the user
/// program bench.
pub fn positional_crate(root: &Path) -> Option<PathBuf> {
    let (input, _) = prepared(root)?;
    standalone_crate(root, &input, "positional")
}

/// Clean-build time and memory of progenitor's crates, and our Devices
/// crate's time over theirs, the two built in turns.
pub fn compile_baseline(root: &Path, ours: &Devices) {
    let Some((input, operations)) = prepared(root) else {
        return;
    };
    for style in STYLES {
        let Some(dir) = standalone_crate(root, &input, style) else {
            return;
        };
        let manifest = dir.join("Cargo.toml");
        let target = bench_dir(root).join("progenitor-target");
        let Some((clean, touched)) = clean_and_touched(root, &manifest, &target, "rc-devices", &[])
        else {
            return;
        };
        println!(
            "compile progenitor {VERSION} {style} ({operations} operations), clean debug build: {:.2} s (median of {RUNS}), peak {:.0} MiB",
            clean.time.as_secs_f64(),
            clean.peak_mib
        );
        println!(
            "compile progenitor {VERSION} {style}, rebuild after touching lib.rs: {:.2} s",
            touched.time.as_secs_f64()
        );
        let Some(turns) = super::in_turns(
            RUNS,
            || ours.clean_build(root),
            || clean_build(root, &manifest, &target, "rc-devices", &[]),
        ) else {
            return;
        };
        println!(
            "compile ringcentral Devices vs progenitor {style}: {:.2}x (median of {RUNS} rounds, built in turns)",
            turns.ratio
        );
    }
}
