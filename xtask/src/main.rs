//! Repository tasks: `cargo xtask regen` and `cargo xtask check`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use sdkgen::write::{generate_all, stale_files, write_all};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  regen   regenerate every crate under generated/ from the specs under spec/
  check   fail, naming the stale files, if generated/ differs from what the specs generate";

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
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}
