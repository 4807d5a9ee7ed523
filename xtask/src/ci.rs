//! `cargo xtask test`, everything CI runs, and the contract run.
//!
//! Steps that read the reference documents (`openapi/reference.yaml`) need
//! them in the reference folder. On a contributor's clone without them the
//! run does everything else and ends by naming what it skipped and how to
//! get the documents; under `CI=true` a missing document fails the run, so
//! CI never passes by skipping.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::Instant;

use sdkgen_openapi::reference;

use crate::{cargo, cargo_with, hygiene};

/// Set for the test step when reference documents are missing outside CI:
/// the tests that read them then say they skip instead of failing.
pub const SKIP_MISSING_REFERENCE: &str = "SDKGEN_SKIP_MISSING_REFERENCE";

/// The manifest of xtask's own workspace, from the repository root.
const XTASK_MANIFEST: &str = "xtask/Cargo.toml";

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
    // Broken intra-doc links and other rustdoc warnings fail the run.
    let doc: &[&str] = &[
        "doc",
        "--workspace",
        "--no-deps",
        "--all-features",
        "--locked",
    ];
    let doc_env = [("RUSTDOCFLAGS", "-D warnings")];
    for (step, env) in cargo_steps
        .iter()
        .map(|s| (*s, skip_env))
        .chain([(doc, &doc_env[..])])
    {
        // Each step in the main workspace, then in xtask's, which is one
        // of its own (see xtask/Cargo.toml).
        for manifest in [None, Some(XTASK_MANIFEST)] {
            let mut args = vec![step[0]];
            args.extend(manifest.iter().flat_map(|m| ["--manifest-path", *m]));
            args.extend(&step[1..]);
            let what = match manifest {
                None => format!("cargo {}", step[0]),
                Some(_) => format!("cargo {} (xtask)", step[0]),
            };
            if !steps.time(&what, || cargo_with(root, &args, env)) {
                eprintln!("failed: cargo {}", args.join(" "));
                return ExitCode::FAILURE;
            }
        }
    }
    // Every corpus document is imported with no hand edit and must be
    // accepted by the generator (`cargo xtask corpus`).
    let corpus_missing = reference::all()
        .iter()
        .any(|r| r.corpus && !r.file(&folder).is_file());
    if !missing.is_empty() {
        // Without every document there is no contract run: the corpus
        // documents that are there are imported and generated only.
        if !corpus_missing
            && steps.time("cargo xtask corpus", || crate::corpus::run(root, &[]))
                != ExitCode::SUCCESS
        {
            eprintln!("failed: cargo xtask corpus");
            return ExitCode::FAILURE;
        }
        println!(
            "all checks that do not need the reference documents passed\n\
             skipped: the freshness check of the committed imports (importer/tests/committed_imports.rs), \
             the contract run and the corpus run (cargo xtask corpus), because these reference documents are missing: {}\n{}",
            missing.join(", "),
            reference::HOW_TO_GET
        );
        return ExitCode::SUCCESS;
    }
    // The two Prism-backed runs go side by side: each spends much of its
    // time waiting for Prism, which answers one request at a time per
    // server, so together they keep both cores busier than one after the
    // other. The vendor run's binary is built first, so the corpus run's
    // cargo has the target directory to itself while the binary runs.
    let Some(binary) = steps.time("the contract run's build", || contract_binary(root, true))
    else {
        eprintln!("failed: building the contract run");
        return ExitCode::FAILURE;
    };
    let vendor = match Beside::start(&binary, root, "contract run | ") {
        Ok(run) => run,
        Err(e) => {
            eprintln!(
                "cannot run {}: {e}\nfailed: the contract run",
                binary.display()
            );
            return ExitCode::FAILURE;
        }
    };
    // With every reference document there, a deterministic sample of each
    // corpus document's operations goes through the contract run too (the
    // whole corpus run is `cargo xtask corpus --contract`, too long for CI).
    let corpus_args = [
        "--contract".to_owned(),
        "--sample".to_owned(),
        CORPUS_SAMPLE.to_string(),
    ];
    let corpus_step = format!("cargo xtask corpus {}", corpus_args.join(" "));
    let corpus = steps.time(&corpus_step, || crate::corpus::run(root, &corpus_args));
    let (vendor_ok, vendor_secs) = vendor.wait();
    steps.record("the contract run (beside the corpus run)", vendor_secs);
    let mut failed = false;
    if corpus != ExitCode::SUCCESS {
        eprintln!("failed: {corpus_step}");
        failed = true;
    }
    if !vendor_ok {
        eprintln!("failed: the contract run (its lines above start `contract run | `)");
        failed = true;
    }
    if failed {
        return ExitCode::FAILURE;
    }
    println!("all checks passed");
    ExitCode::SUCCESS
}

/// The contract run (the `contract` crate): every SDK operation against
/// Prism serving the vendor's document.
pub fn contract(root: &Path, after_tests: bool) -> ExitCode {
    let ran = contract_binary(root, after_tests).is_some_and(|binary| {
        match Command::new(&binary).current_dir(root).status() {
            Ok(status) => status.success(),
            Err(e) => {
                eprintln!("cannot run {}: {e}", binary.display());
                false
            }
        }
    });
    if ran {
        ExitCode::SUCCESS
    } else {
        eprintln!("failed: the contract run");
        ExitCode::FAILURE
    }
}

/// Builds the contract run's binary and says where it is.
///
/// After the test step (`after_tests`), the binary is built with the test
/// step's target selection and features (`--workspace --all-features
/// --tests`), so the vendor SDKs it links are the ones already compiled.
/// Built for the contract package alone, cargo resolves features without
/// the dev-dependencies (the runtime's tests turn on tokio's `test-util`),
/// and tokio, reqwest, the runtime and both SDKs are compiled again. On its
/// own (`cargo xtask contract`) it builds just what the binary needs.
fn contract_binary(root: &Path, after_tests: bool) -> Option<PathBuf> {
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
    cargo(root, args).then(|| crate::target_dir(root).join("debug").join("contract"))
}

/// A program running beside the current step, each line of its output
/// shown as it comes, marked with a prefix so the two runs' lines can be
/// told apart.
struct Beside {
    child: Child,
    shown: Vec<std::thread::JoinHandle<()>>,
    started: Instant,
}

impl Beside {
    fn start(program: &Path, dir: &Path, prefix: &'static str) -> std::io::Result<Beside> {
        let mut child = Command::new(program)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let mut shown = Vec::new();
        if let Some(out) = child.stdout.take() {
            shown.push(std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    println!("{prefix}{line}");
                }
            }));
        }
        if let Some(err) = child.stderr.take() {
            shown.push(std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    eprintln!("{prefix}{line}");
                }
            }));
        }
        Ok(Beside {
            child,
            shown,
            started: Instant::now(),
        })
    }

    /// Waits for the program: whether it succeeded, and how long it ran.
    fn wait(mut self) -> (bool, f64) {
        let ok = match self.child.wait() {
            Ok(status) => status.success(),
            Err(e) => {
                eprintln!("waiting for the contract run: {e}");
                false
            }
        };
        let secs = self.started.elapsed().as_secs_f64();
        for thread in self.shown {
            let _ = thread.join();
        }
        (ok, secs)
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

    /// Records a step timed elsewhere (one that ran beside another).
    fn record(&mut self, what: &str, secs: f64) {
        self.done.push((what.to_owned(), secs));
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
