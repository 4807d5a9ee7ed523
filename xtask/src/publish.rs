//! `cargo xtask publish --dry-run`: whether the runtime and every generated
//! crate would publish.

use std::path::Path;
use std::process::ExitCode;

use sdkgen::write::generate_all;

use crate::cargo;

/// `cargo publish --dry-run` of the runtime and every generated crate in one
/// run: cargo packages them in dependency order (the runtime first) and
/// builds each package on its own against the others' packages, which proves
/// they depend on nothing unpublished.
pub fn run(root: &Path, dry_run: bool) -> ExitCode {
    if !dry_run {
        eprintln!(
            "only `cargo xtask publish --dry-run` is supported; publish for real with `cargo publish -p sdkgen-runtime` (when it changed), then `cargo publish -p <crate>`, after reviewing"
        );
        return ExitCode::FAILURE;
    }
    let crates = match generate_all(root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut args = vec![
        "publish",
        "--dry-run",
        "--locked",
        "--allow-dirty",
        "-p",
        RUNTIME_CRATE,
    ];
    for c in &crates {
        args.extend(["-p", c.dir.as_str()]);
    }
    if !cargo(root, &args) {
        eprintln!("failed: the crates are not publishable");
        return ExitCode::FAILURE;
    }
    println!(
        "{RUNTIME_CRATE} and {} generated crates would publish",
        crates.len()
    );
    ExitCode::SUCCESS
}

/// The runtime crate every generated SDK depends on.
pub(crate) const RUNTIME_CRATE: &str = "sdkgen-runtime";
