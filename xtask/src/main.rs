//! Repository tasks: `cargo xtask regen`, `cargo xtask check` and `cargo xtask test`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use sdkgen::write::{generate_all, stale_files, write_all};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  regen   regenerate every crate under generated/ from the specs under spec/
  check   fail, naming the stale files, if generated/ differs from what the specs generate
  bench   time generation of every spec in memory and print the figures
  test    everything CI runs: check, then the whole workspace's tests (with doc tests)
          and clippy -D warnings on every crate, generated ones included";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits inside the repository").to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    let started = Instant::now();
    match args.first().map(String::as_str) {
        Some("regen") => {
            let crates = match generate_all(&root) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("{e}\n\nnothing was written to generated/");
                    return ExitCode::FAILURE;
                }
            };
            match write_all(&root.join("generated"), &crates) {
                Ok(changed) => {
                    let files: usize = crates.iter().map(|c| c.files.len()).sum();
                    if changed.is_empty() {
                        println!("generated/ is up to date ({} crates, {files} files) in {:.2?}", crates.len(), started.elapsed());
                    } else {
                        println!("regenerated {} ({} crates, {files} files) in {:.2?}", changed.join(", "), crates.len(), started.elapsed());
                        println!("review with `git diff generated/` and `cargo insta review`");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("check") => match generate_all(&root) {
            Ok(crates) => {
                let stale = stale_files(&root.join("generated"), &crates);
                if stale.is_empty() {
                    println!("generated/ is up to date ({} crates)", crates.len());
                    ExitCode::SUCCESS
                } else {
                    eprintln!("generated/ is stale; run `cargo xtask regen`:");
                    for s in stale {
                        eprintln!("  {s}");
                    }
                    ExitCode::FAILURE
                }
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Some("test") => test(&root),
        Some("bench") => bench(&root),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one cargo command in the repository, echoing it first.
fn cargo(root: &Path, args: &[&str]) -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("$ cargo {}", args.join(" "));
    // Snapshots are only ever updated by a person running `cargo insta review`.
    match Command::new(cargo).args(args).current_dir(root).env("INSTA_UPDATE", "no").status() {
        Ok(status) => status.success(),
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            false
        }
    }
}

fn test(root: &Path) -> ExitCode {
    let steps: &[&[&str]] = &[
        &["xtask", "check"],
        &["test", "--workspace", "--locked"],
        &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"],
    ];
    for step in steps {
        if !cargo(root, step) {
            eprintln!("failed: cargo {}", step.join(" "));
            return ExitCode::FAILURE;
        }
    }
    println!("all checks passed");
    ExitCode::SUCCESS
}

/// Generation speed and memory: the figures behind the claim that regen is fast.
/// Times only in-memory generation (load, lower, render, parse, format), not disk I/O.
fn bench(root: &Path) -> ExitCode {
    const RUNS: usize = 20;
    let mut times = Vec::with_capacity(RUNS);
    let mut crates = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        crates = match generate_all(root) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        times.push(started.elapsed());
    }
    times.sort();
    for c in &crates {
        let lines: usize = c.files.iter().map(|f| f.contents.lines().count()).sum();
        let rust = c.files.iter().filter(|f| f.path.ends_with(".rs")).count();
        println!("{:<12} {:>4} files ({rust} Rust), {lines:>6} lines", c.dir, c.files.len());
    }
    println!("generate all specs, {RUNS} runs: min {:.1?}, median {:.1?}, max {:.1?}", times[0], times[RUNS / 2], times[RUNS - 1]);
    match std::fs::read_to_string("/proc/self/status").ok().and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned)) {
        Some(peak) => println!("peak resident memory: {}", peak.trim_start_matches("VmHWM:").trim()),
        None => println!("peak resident memory: not available on this platform"),
    }
    ExitCode::SUCCESS
}
