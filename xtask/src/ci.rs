//! `cargo xtask test`, everything CI runs, and the contract run.
//!
//! Steps that read the reference documents (`openapi/reference.yaml`) need
//! them in the reference folder. On a contributor's clone without them the
//! run does everything else and ends by naming what it skipped and how to
//! get the documents; under `CI=true` a missing document fails the run, so
//! CI never passes by skipping.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use sdkgen_openapi::reference;

use crate::{cargo, cargo_with, hygiene};

/// Set for the test step when reference documents are missing outside CI:
/// the tests that read them then say they skip instead of failing.
pub const SKIP_MISSING_REFERENCE: &str = "SDKGEN_SKIP_MISSING_REFERENCE";

/// Operations of each corpus document CI checks through the contract run,
/// spread evenly over the document (see `corpus_contract::sample`).
const CORPUS_SAMPLE: usize = 8;

/// Runs every check, in order of cost.
pub fn test(root: &Path) -> ExitCode {
    let mut steps = Steps::new();
    for (what, check) in [
        (
            "cargo fmt --check",
            hygiene::formatted as fn(&Path) -> Result<(), String>,
        ),
        ("rust-version", hygiene::rust_version_true),
    ] {
        if let Err(e) = steps.time(what, || check(root)) {
            eprintln!("{e}\nfailed: {what}");
            return ExitCode::FAILURE;
        }
    }
    let folder = reference::folder(root);
    let missing: Vec<String> = reference::missing(&reference::all(), &folder)
        .into_iter()
        .map(|r| r.file(&folder).display().to_string())
        .collect();
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if !missing.is_empty() && in_ci {
        eprintln!(
            "missing reference documents: {}\n{}\nfailed: CI=true runs every step, so every reference document must be there",
            missing.join(", "),
            reference::HOW_TO_GET
        );
        return ExitCode::FAILURE;
    }
    let skip_env: &[(&str, &str)] = if missing.is_empty() {
        &[]
    } else {
        &[(SKIP_MISSING_REFERENCE, "1")]
    };
    let cargo_steps: &[&[&str]] = &[
        // Every feature on, so code behind `test-util` (the runtime's fake
        // API, the SDK READMEs' unit-test examples) is built and tested too.
        &["test", "--workspace", "--all-features", "--locked"],
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    ];
    if !steps.time("cargo xtask check", || cargo(root, &["xtask", "check"])) {
        eprintln!("failed: cargo xtask check");
        return ExitCode::FAILURE;
    }
    for step in cargo_steps {
        let what = format!("cargo {}", step[0]);
        if !steps.time(&what, || cargo_with(root, step, skip_env)) {
            eprintln!("failed: cargo {}", step.join(" "));
            return ExitCode::FAILURE;
        }
    }
    // Broken intra-doc links and other rustdoc warnings fail the run.
    if !steps.time("cargo doc", || {
        cargo_with(
            root,
            &[
                "doc",
                "--workspace",
                "--no-deps",
                "--all-features",
                "--locked",
            ],
            &[("RUSTDOCFLAGS", "-D warnings")],
        )
    }) {
        eprintln!("failed: cargo doc");
        return ExitCode::FAILURE;
    }
    // Every corpus document imported with no hand edit and accepted by the
    // generator; with every reference document there, a deterministic
    // sample of each one's operations through the contract run too (the
    // whole corpus run is `cargo xtask corpus --contract`, too long for CI).
    let corpus_missing = reference::all()
        .iter()
        .any(|r| r.corpus && !r.file(&folder).is_file());
    let sample = CORPUS_SAMPLE.to_string();
    let corpus_args: Vec<String> = if missing.is_empty() {
        vec!["--contract".into(), "--sample".into(), sample]
    } else {
        Vec::new()
    };
    let corpus_step = format!("cargo xtask corpus {}", corpus_args.join(" "));
    if !corpus_missing
        && steps.time(corpus_step.trim(), || {
            crate::corpus::run(root, &corpus_args)
        }) != ExitCode::SUCCESS
    {
        eprintln!("failed: {corpus_step}");
        return ExitCode::FAILURE;
    }
    if !missing.is_empty() {
        println!(
            "all checks that do not need the reference documents passed\n\
             skipped: the freshness check of the committed imports (importer/tests/committed_imports.rs), \
             the contract run and the corpus run (cargo xtask corpus), because these reference documents are missing: {}\n{}",
            missing.join(", "),
            reference::HOW_TO_GET
        );
        return ExitCode::SUCCESS;
    }
    if steps.time("the contract run", || contract(root, true)) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    println!("all checks passed");
    ExitCode::SUCCESS
}

/// The contract run (the `contract` crate): every SDK operation against
/// Prism serving the vendor's document.
///
/// After the test step (`after_tests`), the binary is built with the test
/// step's target selection and features (`--workspace --all-features
/// --tests`), so the vendor SDKs it links are the ones already compiled.
/// Built for the contract package alone, cargo resolves features without
/// the dev-dependencies (the runtime's tests turn on tokio's `test-util`),
/// and tokio, reqwest, the runtime and both SDKs are compiled again. On its
/// own (`cargo xtask contract`) it builds just what the binary needs.
pub fn contract(root: &Path, after_tests: bool) -> ExitCode {
    let args: &[&str] = if after_tests {
        &[
            "build",
            "--workspace",
            "--all-features",
            "--locked",
            "--tests",
            "--bin",
            "contract",
        ]
    } else {
        &[
            "build",
            "--locked",
            "--package",
            "contract",
            "--bin",
            "contract",
        ]
    };
    let built = cargo(root, args);
    let binary = crate::target_dir(root).join("debug").join("contract");
    let ran = built
        && match Command::new(&binary).current_dir(root).status() {
            Ok(status) => status.success(),
            Err(e) => {
                eprintln!("cannot run {}: {e}", binary.display());
                false
            }
        };
    if ran {
        ExitCode::SUCCESS
    } else {
        eprintln!("failed: the contract run");
        ExitCode::FAILURE
    }
}

/// How long each step of a run took, printed at its end (and when it
/// stops early) as `ci step: <what>: <seconds> s`, so the split of CI's
/// time is on record with every run.
struct Steps {
    started: Instant,
    done: Vec<(String, f64)>,
}

impl Steps {
    fn new() -> Self {
        Steps {
            started: Instant::now(),
            done: Vec::new(),
        }
    }

    /// Runs `step`, recording its time under `what`.
    fn time<T>(&mut self, what: &str, step: impl FnOnce() -> T) -> T {
        let at = Instant::now();
        let out = step();
        self.done
            .push((what.to_owned(), at.elapsed().as_secs_f64()));
        out
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        for (what, secs) in &self.done {
            eprintln!("ci step: {what}: {secs:.0} s");
        }
        eprintln!(
            "ci step: total: {:.0} s",
            self.started.elapsed().as_secs_f64()
        );
    }
}
