//! Repository tasks: `cargo xtask regen`, `cargo xtask check`, `cargo xtask test`
//! and the rest listed in `USAGE`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use sdkgen::write::{generate_all, stale_files, write_all};

mod api_surface;
mod bench;
mod ci;
mod corpus;
mod corpus_contract;
mod hygiene;
mod import;
mod publish;
mod regen_cache;
mod semver;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  regen   regenerate every crate under generated/ from the specs under spec/
  check   fail, naming the stale files, if generated/ differs from what the specs generate
  import <openapi document> <spec directory> [--tags Tag,Other] [--crate name]
          write the directory's `*.imported.yaml` files from an OpenAPI 3.0 or 3.1
          document (JSON or YAML), leaving hand-written files and what they define
          alone; findings go to `import-report.md` in the directory
  bench [regen|runtime|compile|program]...
          print every speed and memory figure (all parts unless some are named):
          generation and `cargo xtask regen` times; SDK calls, pages and streams
          against raw reqwest + serde_json on loopback (release); clean build
          time and peak memory of each generated crate, beside cargo-progenitor
          0.15.1's crate of the Devices subset when it is installed
  contract
          check every operation of every generated SDK against the vendor's own
          OpenAPI document through the Prism mock server (installed with `npm ci`
          from contract/package-lock.json when missing)
  corpus [--build] [--contract [--sample N]] [NAME...]
          import every corpus document of openapi/reference.yaml (or those named)
          into target/corpus/ with no hand edit and generate its SDK; with --build,
          also build each SDK with every feature under clippy -D warnings; with
          --contract, check each SDK against its document through Prism, as the
          contract run does (facts per document in contract/corpus.yaml); --sample N
          checks N operations of each, spread over the document
  fetch-reference [--mirror URL] [--list FILE]
          download the reference documents of openapi/reference.yaml missing from
          the reference folder (SDKGEN_REFERENCE_DIR, default ../shared/reference)
          and keep each only if its SHA-256 is the recorded one
  publish --dry-run
          package the runtime crate and every generated crate, and build each
          package on its own
  semver [REV]
          compare each generated crate with its state at REV (default: the last
          commit) using cargo-semver-checks, and say which version bump it needs
  test    everything CI runs: cargo fmt --check of the hand-written crates, each
          crate's rust-version against its locked dependencies, check, then the whole workspace's tests (with doc tests)
          clippy -D warnings on every crate, generated ones included, cargo doc -D warnings,
          and the contract run";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the repository")
        .to_path_buf()
}

// The process's global allocator, declared in a crate of its own (see
// there); naming the crate links it in.
use xtask_allocator as _;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    let started = Instant::now();
    match args.first().map(String::as_str) {
        Some("regen") => {
            if regen_cache::fresh(&root) {
                println!(
                    "generated/ is up to date (specs, generator and generated/ unchanged since the last regen) in {:.2?}",
                    started.elapsed()
                );
                return ExitCode::SUCCESS;
            }
            if let Some(dir) = regen_cache::format_cache_dir(&root) {
                sdkgen::format_cache::use_dir(dir);
            }
            let crates = match generate_all(&root) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("{e}\n\nnothing was written to generated/");
                    return ExitCode::FAILURE;
                }
            };
            // The format cache for the next run is written while the
            // crates are compared with generated/ (and written where they
            // differ): neither reads what the other writes.
            let written = std::thread::scope(|scope| {
                scope.spawn(sdkgen::format_cache::save);
                write_all(&root.join("generated"), &crates)
            });
            match written {
                Ok(changed) => {
                    regen_cache::record(&root);
                    let files: usize = crates.iter().map(|c| c.files.len()).sum();
                    if changed.is_empty() {
                        println!(
                            "generated/ is up to date ({} crates, {files} files) in {:.2?}",
                            crates.len(),
                            started.elapsed()
                        );
                    } else {
                        println!(
                            "regenerated {} ({} crates, {files} files) in {:.2?}",
                            changed.join(", "),
                            crates.len(),
                            started.elapsed()
                        );
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
        Some("test") => ci::test(&root),
        Some("import") => import::run(&args[1..]),
        Some("bench") => bench::bench(&root, &args[1..]),
        Some("__measure") => bench::compile::measure_child(&args[1..]),
        Some("contract") => ci::contract(&root, false),
        Some("corpus") => corpus::run(&root, &args[1..]),
        Some("fetch-reference") => {
            // A program of its own, so that xtask carries no HTTP client
            // (see xtask/fetch-reference/Cargo.toml).
            let mut run = vec!["run", "--quiet", "--package", "fetch-reference", "--"];
            run.extend(args[1..].iter().map(String::as_str));
            if cargo(&root, &run) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("semver") => semver::run(&root, args.get(1).map(String::as_str).unwrap_or("HEAD")),
        Some("publish") => publish::run(&root, args.iter().any(|a| a == "--dry-run")),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one cargo command in the repository, echoing it first.
pub(crate) fn cargo(root: &Path, args: &[&str]) -> bool {
    cargo_with(root, args, &[])
}

/// The target directory cargo builds into for this checkout: the one
/// `CARGO_TARGET_DIR` names, or `target/` at the root.
pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// Runs one cargo command with extra environment variables.
pub(crate) fn cargo_with(root: &Path, args: &[&str], env: &[(&str, &str)]) -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let shown: String = env.iter().map(|(k, v)| format!("{k}={v:?} ")).collect();
    eprintln!("$ {shown}cargo {}", args.join(" "));
    // Snapshots are only ever updated by a person running `cargo insta review`.
    match Command::new(cargo)
        .args(args)
        .current_dir(root)
        .env("INSTA_UPDATE", "no")
        .envs(env.iter().copied())
        .status()
    {
        Ok(status) => status.success(),
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            false
        }
    }
}
