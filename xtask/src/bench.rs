//! `cargo xtask bench`: every speed and memory figure of the project in one
//! run, printed as `name: value unit`, with a ratio where there is a baseline.
//!
//! - regen: in-memory generation, and `cargo xtask regen` as users run it;
//! - runtime: the `sdk-bench` crate in release, the SDK against raw reqwest +
//!   serde_json over a loopback server it starts itself;
//! - compile: clean debug builds of each generated crate alone, with peak
//!   memory, and the same for cargo-progenitor 0.15.1's crate of the
//!   RingCentral Devices subset when `cargo-progenitor` is installed;
//!   then user programs calling many methods, built clean and rebuilt
//!   after an edit, against ours and progenitor's crate.
//!
//! Benchmarks only print; no test asserts a time.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use sdkgen::write::generate_all;

mod calls;
pub mod compile;
mod progenitor;
mod program;
mod subset;

/// Which parts to run: all of them unless some are named.
pub fn bench(root: &Path, parts: &[String]) -> ExitCode {
    let wants = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    let known = ["regen", "runtime", "compile", "program"];
    if let Some(unknown) = parts.iter().find(|p| !known.contains(&p.as_str())) {
        eprintln!(
            "unknown bench part `{unknown}`; the parts are {}",
            known.join(", ")
        );
        return ExitCode::FAILURE;
    }
    let mut ok = true;
    if wants("regen") {
        ok &= regen(root);
    }
    if wants("runtime") {
        ok &= runtime(root);
    }
    if wants("compile") {
        ok &= compile::figures(root);
    } else if parts.iter().any(|p| p == "program") {
        // Part of `compile`; on its own, only the user programs.
        ok &= compile::programs(root);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Generation in memory (load, lower, render, parse, format; no disk I/O),
/// then the whole `cargo xtask regen` command, cargo's own start included.
fn regen(root: &Path) -> bool {
    const RUNS: usize = 20;
    let mut times = Vec::with_capacity(RUNS);
    let mut crates = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        crates = match generate_all(root) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                return false;
            }
        };
        times.push(started.elapsed());
    }
    let operations: usize = crates
        .iter()
        .flat_map(|c| &c.files)
        .map(|f| f.contents.matches("sdkgen_runtime::Call::new(").count())
        .sum();
    for c in &crates {
        let lines: usize = c.files.iter().map(|f| f.contents.lines().count()).sum();
        println!(
            "generated {}: {} files, {lines} lines",
            c.dir,
            c.files.len()
        );
    }
    let generate = median(&mut times);
    println!(
        "generate every spec in memory: {:.1} ms (median of {RUNS})",
        ms(generate)
    );
    match std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .map(|v| v.trim().to_owned())
        }) {
        Some(peak) => println!("generate peak resident memory: {peak}"),
        None => println!("generate peak resident memory: not available on this platform"),
    }
    // Warm with nothing to do (the fingerprint of the last regen matches);
    // then generating each time (fingerprint removed) as after a spec edit,
    // whose unchanged files come formatted from regen's format cache; then
    // with that cache emptied too, which compares with progenitor, which
    // formats everything every time.
    let Some(warm) = timed_regens(root, Regen::Warm) else {
        return false;
    };
    println!(
        "cargo xtask regen, warm, nothing to write: {:.0} ms (median of 7)",
        ms(warm)
    );
    let Some(cached) = timed_regens(root, Regen::Cached) else {
        return false;
    };
    println!(
        "cargo xtask regen, generating every spec, formatted files cached: {:.0} ms (median of 7)",
        ms(cached)
    );
    println!(
        "cargo xtask regen per operation, formatted files cached: {:.2} ms ({operations} operations)",
        ms(cached) / operations as f64
    );
    let Some(whole) = timed_regens(root, Regen::Cold) else {
        return false;
    };
    println!(
        "cargo xtask regen, generating every spec, nothing cached: {:.0} ms (median of 7)",
        ms(whole)
    );
    println!(
        "cargo xtask regen per operation, nothing cached: {:.2} ms ({operations} operations)",
        ms(whole) / operations as f64
    );
    progenitor::regen_baseline(root, ms(whole) / operations as f64);
    true
}

/// How much a timed regen finds from the runs before it.
#[derive(Clone, Copy, PartialEq)]
enum Regen {
    /// Its fingerprint matches: nothing to generate.
    Warm,
    /// Generating, with the formatted files of the last run cached.
    Cached,
    /// Generating with nothing cached.
    Cold,
}

/// The median of 7 `cargo xtask regen` runs, each starting as `kind` says.
fn timed_regens(root: &Path, kind: Regen) -> Option<Duration> {
    let mut times = Vec::new();
    for _ in 0..7 {
        if kind != Regen::Warm {
            let _ = std::fs::remove_file(crate::regen_cache::record_path(root));
        }
        if kind == Regen::Cold {
            let _ = std::fs::remove_dir_all(crate::regen_cache::format_cache_root(root));
        }
        let started = Instant::now();
        let out = Command::new(cargo())
            .args(["xtask", "regen"])
            .current_dir(root)
            .output();
        if !out.as_ref().is_ok_and(|o| o.status.success()) {
            eprintln!("cargo xtask regen failed: {out:?}");
            return None;
        }
        times.push(started.elapsed());
    }
    Some(median(&mut times))
}

/// The runtime benchmarks, built and run in release.
fn runtime(root: &Path) -> bool {
    eprintln!("$ cargo run --release --locked --quiet --package sdk-bench");
    let ran = Command::new(cargo())
        .args([
            "run",
            "--release",
            "--locked",
            "--quiet",
            "--package",
            "sdk-bench",
        ])
        .current_dir(root)
        .status();
    ran.is_ok_and(|s| s.success())
}

/// The cargo that runs this xtask.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Where the benchmarks build, apart from the test builds in `target/`.
fn bench_dir(root: &Path) -> PathBuf {
    root.join("target/bench")
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Two builds timed one after the other in each of `rounds` rounds: each
/// one's runs, and the median of the rounds' ratios of `a`'s time over
/// `b`'s. A build's time drifts by 10 to 20% over minutes on a shared
/// machine (progenitor's Devices crate took 3.64 s one day and 2.96 s the
/// next), so a ratio of two medians taken minutes apart drifts as much;
/// taken in turns, both sides share the drift.
struct Turns {
    a: Vec<compile::Measured>,
    b: Vec<compile::Measured>,
    ratio: f64,
}

fn in_turns(
    rounds: usize,
    mut a: impl FnMut() -> Option<compile::Measured>,
    mut b: impl FnMut() -> Option<compile::Measured>,
) -> Option<Turns> {
    let mut turns = Turns {
        a: Vec::with_capacity(rounds),
        b: Vec::with_capacity(rounds),
        ratio: 0.0,
    };
    let mut ratios = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let (a, b) = (a()?, b()?);
        ratios.push(a.time.as_secs_f64() / b.time.as_secs_f64());
        turns.a.push(a);
        turns.b.push(b);
    }
    ratios.sort_by(f64::total_cmp);
    turns.ratio = *ratios.get(rounds / 2)?;
    Some(turns)
}
