//! `cargo xtask semver [REV]`: per generated crate, the version bump the
//! change since `REV` needs, from cargo-semver-checks (what breaks) and the
//! public items on both sides (what is new).

use std::path::Path;
use std::process::{Command, ExitCode};

use sdkgen::write::generate_all;

use crate::{api_surface, cargo};

/// The cargo-semver-checks version `cargo xtask semver` installs when it is missing.
const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// Says, per generated crate, which version bump the change since `rev` needs.
pub fn run(root: &Path, rev: &str) -> ExitCode {
    let installed = Command::new("cargo-semver-checks")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(SEMVER_CHECKS_VERSION))
        .unwrap_or(false);
    if !installed
        && !cargo(
            root,
            &[
                "install",
                "cargo-semver-checks",
                "--version",
                SEMVER_CHECKS_VERSION,
                "--locked",
            ],
        )
    {
        eprintln!("could not install cargo-semver-checks {SEMVER_CHECKS_VERSION}");
        return ExitCode::FAILURE;
    }
    let crates = match generate_all(root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for c in &crates {
        eprintln!(
            "$ cargo semver-checks --package {} --baseline-rev {rev}",
            c.dir
        );
        let out = match Command::new(&cargo)
            .args(["semver-checks", "--package", &c.dir, "--baseline-rev", rev])
            .current_dir(root)
            .output()
        {
            Ok(o) => o,
            Err(e) => {
                eprintln!("cannot run cargo semver-checks: {e}");
                return ExitCode::FAILURE;
            }
        };
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // cargo-semver-checks reports what breaks; what is new (a minor
        // release) is found by comparing the public items on both sides.
        let added = match (
            api_surface::at(root, &c.dir, Some(rev)),
            api_surface::at(root, &c.dir, None),
        ) {
            (Ok(before), Ok(after)) => after.difference(&before).cloned().collect::<Vec<_>>(),
            (Err(e), _) | (_, Err(e)) => {
                println!("  cannot compare public items: {e}");
                Vec::new()
            }
        };
        let verdict = if text.contains("requires new major version") {
            "major"
        } else if text.contains("requires new minor version")
            || (out.status.success() && !added.is_empty())
        {
            "minor"
        } else if out.status.success() {
            "patch (no public item added or broken)"
        } else {
            for line in text
                .lines()
                .filter(|l| l.trim_start().starts_with("error"))
                .take(3)
            {
                println!("  {}", line.trim());
            }
            "unknown: cargo-semver-checks failed (is the crate new since the baseline?)"
        };
        // Each failed check, and the items it names (without the long file paths).
        for line in text.lines() {
            if line.starts_with("--- failure") || line.contains("Summary") {
                println!("  {}", line.trim());
            } else if let Some((item, _)) = line.split_once(", previously in file") {
                println!("      {}", item.trim());
            }
        }
        if !added.is_empty() {
            println!("  {} public items added:", added.len());
            for item in added.iter().take(25) {
                println!("      {item}");
            }
            if added.len() > 25 {
                println!("      … and {} more", added.len() - 25);
            }
        }
        println!("{}: {verdict} version bump", c.dir);
    }
    ExitCode::SUCCESS
}
