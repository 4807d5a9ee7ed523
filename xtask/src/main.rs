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
