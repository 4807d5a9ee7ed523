//! `cargo xtask corpus [--build] [--contract [--sample N]] [NAME…]`: every
//! document of the corpus (`corpus: true` in `openapi/reference.yaml`)
//! imported as a new user would, with no hand edit, and the spec generated;
//! with `--build`, each SDK also built with every feature under clippy
//! `-D warnings` and documented with rustdoc's warnings denied; with `--contract`, each SDK checked against its document
//! through Prism by the contract run (`--sample N`: N operations of each,
//! spread over the document), see `corpus_contract`.
//!
//! Everything is written under `target/corpus/` (scratch: never committed,
//! rewritten on every run): `specs/<name>/` the imported spec directory,
//! `workspace/` a workspace of the generated crates beside a link to
//! `runtime/`, with this repository's lock file so no new versions are
//! resolved. One line per document, then a total; the run fails when a
//! document does not import, is refused by the generator, or (with
//! `--build`) its crate does not build clean: each of those is a bug of the
//! importer or the generator, not of the document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sdkgen::write::GeneratedCrate;
use sdkgen_import::{Options, import_dir};
use sdkgen_openapi::reference;

use crate::bench::compile::measure;
use crate::corpus_contract;

/// What became of one document.
struct Outcome {
    name: String,
    /// The document, read in place.
    document: PathBuf,
    operations: usize,
    imported: usize,
    findings: usize,
    /// The generated crate, when the generator accepted the import.
    generated: Option<GeneratedCrate>,
    /// The first lines of what went wrong.
    problem: Option<String>,
    /// Clean clippy build with every feature (its docs built without a
    /// warning too): seconds and peak MiB of the clippy build.
    built: Option<(f64, f64)>,
    /// The contract run's summary line for the document.
    contract: Option<String>,
}

/// Runs the corpus; `args` are `--build` and document names (all when none).
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let build = args.iter().any(|a| a == "--build");
    let contract = args.iter().any(|a| a == "--contract");
    let sample = match args.iter().position(|a| a == "--sample") {
        None => None,
        Some(i) => match args.get(i + 1).and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => Some(n),
            None => {
                eprintln!("--sample takes a number of operations per document");
                return ExitCode::FAILURE;
            }
        },
    };
    let names: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--sample"))
        .map(|(_, a)| a)
        .collect();
    let folder = reference::folder(root);
    let corpus: Vec<_> = reference::all()
        .into_iter()
        .filter(|r| r.corpus && (names.is_empty() || names.iter().any(|n| **n == r.name)))
        .collect();
    if corpus.is_empty() {
        eprintln!("no corpus document named {names:?} in openapi/reference.yaml");
        return ExitCode::FAILURE;
    }
    let missing: Vec<String> = corpus
        .iter()
        .filter(|r| !r.file(&folder).is_file())
        .map(|r| r.file(&folder).display().to_string())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "missing corpus documents: {}\n{}",
            missing.join(", "),
            reference::HOW_TO_GET
        );
        return ExitCode::FAILURE;
    }
    let scratch = root.join("target/corpus");
    let mut outcomes = Vec::new();
    for entry in &corpus {
        let outcome = import_and_generate(&scratch, &entry.name, &entry.file(&folder));
        print_line(&outcome, false);
        outcomes.push(outcome);
    }
    if build || contract {
        if let Err(e) = write_workspace(root, &scratch, &outcomes) {
            eprintln!("cannot write the corpus workspace: {e}");
            return ExitCode::FAILURE;
        }
    }
    if build {
        build_all(&scratch, &mut outcomes);
        println!("built:");
        for o in &outcomes {
            print_line(o, true);
        }
    }
    if contract {
        if let Err(e) = contract_all(root, &scratch, &mut outcomes, sample) {
            eprintln!("corpus contract run: {e}");
            return ExitCode::FAILURE;
        }
        println!("contract:");
        for o in &outcomes {
            let line = o.contract.as_deref().unwrap_or("not run");
            println!("{}: {line}", o.name);
        }
    }
    let ok = outcomes.iter().filter(|o| o.problem.is_none()).count();
    let operations: usize = outcomes.iter().map(|o| o.operations).sum();
    let imported: usize = outcomes.iter().map(|o| o.imported).sum();
    let findings: usize = outcomes.iter().map(|o| o.findings).sum();
    let accepted = outcomes.iter().filter(|o| o.generated.is_some()).count();
    let built = outcomes.iter().filter(|o| o.built.is_some()).count();
    let built_text = if build {
        format!(", {built} built clippy-clean")
    } else {
        String::new()
    };
    println!(
        "corpus: {} documents, {operations} operations, {imported} imported, {findings} findings, {accepted} accepted by the generator{built_text}",
        outcomes.len()
    );
    println!("{ok} passed, {} failed", outcomes.len() - ok);
    if ok == outcomes.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn print_line(o: &Outcome, with_build: bool) {
    let state = match (&o.problem, o.built, with_build) {
        (Some(p), _, _) => format!("FAILED: {p}"),
        (None, Some((secs, mib)), true) => format!(
            "accepted, built clippy-clean and documented with every feature (clippy build {secs:.1} s, peak {mib:.0} MiB)"
        ),
        (None, _, _) => "accepted".to_owned(),
    };
    println!(
        "{}: {} operations, {} imported, {} findings: {state}",
        o.name, o.operations, o.imported, o.findings
    );
}

fn import_and_generate(scratch: &Path, name: &str, document: &Path) -> Outcome {
    let dir = scratch.join("specs").join(name);
    let mut outcome = Outcome {
        name: name.to_owned(),
        document: document.to_owned(),
        operations: 0,
        imported: 0,
        findings: 0,
        generated: None,
        problem: None,
        built: None,
        contract: None,
    };
    // A fresh directory, so nothing of an earlier run or a hand edit is taken along.
    let _ = std::fs::remove_dir_all(&dir);
    let result = match import_dir(document, &dir, &Options::default(), |_, _| {}) {
        Ok(r) => r,
        Err(e) => {
            outcome.problem = Some(format!("import: {}", first_lines(&e, 3)));
            return outcome;
        }
    };
    outcome.operations = result.stats.operations;
    outcome.imported = result.stats.imported;
    outcome.findings = result.report.len();
    match sdkgen::write::generate_spec_dir(&dir, &format!("{}/", dir.display())) {
        Ok(krate) => outcome.generated = Some(krate),
        Err(e) => {
            let text = e.to_string();
            let errors = text.lines().filter(|l| l.starts_with("error")).count();
            outcome.problem = Some(format!(
                "the generator refuses the import ({errors} errors): {}",
                first_lines(&text, 6)
            ));
        }
    }
    outcome
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n    ")
}

/// Writes the accepted crates into `scratch/workspace`, a workspace of
/// their own linking this repository's runtime, locked as it is.
fn write_workspace(root: &Path, scratch: &Path, outcomes: &[Outcome]) -> std::io::Result<()> {
    let ws = scratch.join("workspace");
    let _ = std::fs::remove_dir_all(ws.join("generated"));
    std::fs::create_dir_all(&ws)?;
    // The crates name the runtime at `../../runtime`, as under `generated/`;
    // here they name this repository's runtime by its real path, the one the
    // `contract` library links too: cargo tells packages apart by path, so a
    // link to it would be a second `sdkgen-runtime`.
    let _ = std::fs::remove_file(ws.join("runtime"));
    let runtime = format!("path = {:?}", root.join("runtime").display().to_string());
    for krate in outcomes.iter().filter_map(|o| o.generated.as_ref()) {
        for f in &krate.files {
            let path = ws.join("generated").join(&krate.dir).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap_or(&ws))?;
            if f.path == "Cargo.toml" {
                let manifest = f.contents.replace("path = \"../../runtime\"", &runtime);
                std::fs::write(path, manifest)?;
            } else {
                std::fs::write(path, &f.contents)?;
            }
        }
    }
    // The contract run's crate is a member only once it is written (by
    // `corpus_contract::write`): a member without a manifest stops every build.
    std::fs::write(ws.join("Cargo.toml"), workspace_manifest(false))?;
    let _ = std::fs::remove_dir_all(ws.join("contract-corpus"));
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))?;
    Ok(())
}

/// The scratch workspace's manifest: the generated crates, and the contract
/// run's crate when `with_contract`.
pub fn workspace_manifest(with_contract: bool) -> String {
    let contract = if with_contract {
        ", \"contract-corpus\""
    } else {
        ""
    };
    format!("[workspace]\nresolver = \"2\"\nmembers = [\"generated/*\"{contract}]\n")
}

/// Builds each accepted crate alone with every feature under clippy,
/// recording its time and peak memory.
fn build_all(scratch: &Path, outcomes: &mut [Outcome]) {
    let ws = scratch.join("workspace");
    let target: PathBuf = scratch.join("target");
    let target_arg = target.display().to_string();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for o in outcomes.iter_mut() {
        let Some(krate) = &o.generated else { continue };
        let package = krate.dir.clone();
        // The crate itself from scratch (its dependencies stay built), so the
        // time is a clean build's, whatever an earlier run left.
        let _ = std::process::Command::new(&cargo)
            .args([
                "clean",
                "--quiet",
                "--package",
                &package,
                "--target-dir",
                &target_arg,
            ])
            .current_dir(&ws)
            .status();
        let args = [
            "clippy",
            "--package",
            &package,
            "--all-features",
            "--target-dir",
            &target_arg,
            "--",
            "-D",
            "warnings",
        ];
        match measure(&ws, &args) {
            Some(m) => o.built = Some((m.time.as_secs_f64(), m.peak_mib)),
            None => {
                o.problem = Some(format!(
                    "cargo {} failed (its errors are above)",
                    args.join(" ")
                ));
                continue;
            }
        }
        // Its docs too, as docs.rs builds them: a broken intra-doc link or
        // an unclosed HTML tag in a description taken from the document is
        // a fault of the generator, like a warning of the compiler.
        let doc = [
            "doc",
            "--quiet",
            "--no-deps",
            "--package",
            &package,
            "--all-features",
            "--target-dir",
            &target_arg,
        ];
        let documented = std::process::Command::new(&cargo)
            .args(doc)
            .env("RUSTDOCFLAGS", "-D warnings")
            .current_dir(&ws)
            .status()
            .is_ok_and(|s| s.success());
        if !documented {
            o.built = None;
            o.problem = Some(format!(
                "RUSTDOCFLAGS=\"-D warnings\" cargo {} failed (its errors are above)",
                doc.join(" ")
            ));
        }
    }
}

/// Writes and runs the contract run over every accepted SDK, and puts each
/// document's summary line in its outcome.
fn contract_all(
    root: &Path,
    scratch: &Path,
    outcomes: &mut [Outcome],
    sample: Option<usize>,
) -> Result<(), String> {
    let ws = scratch.join("workspace");
    let mut linked = Vec::new();
    let mut only = Vec::new();
    for o in outcomes.iter().filter(|o| o.problem.is_none()) {
        let Some(krate) = &o.generated else { continue };
        let dir = scratch.join("specs").join(&o.name);
        let api = sdkgen::write::load_spec_dir(&dir, &format!("{}/", dir.display()))
            .map_err(|e| e.to_string())?;
        let has_full = krate
            .files
            .iter()
            .any(|f| f.path == "Cargo.toml" && f.contents.lines().any(|l| l.starts_with("full =")));
        let features = match sample {
            Some(n) => {
                let picked = corpus_contract::sample(&o.document, &api, n)?;
                only.extend(picked.ids.iter().map(|id| format!("{}:{id}", o.name)));
                Some(picked.features)
            }
            None => None,
        };
        linked.push(corpus_contract::Linked {
            name: o.name.clone(),
            package: krate.dir.clone(),
            features: features.unwrap_or_else(|| {
                if has_full {
                    vec!["full".to_owned()]
                } else {
                    Vec::new()
                }
            }),
            body_taken: corpus_contract::body_taken(&api),
            security: api.security,
        });
    }
    if linked.is_empty() {
        return Err("no document was accepted".into());
    }
    let apis = corpus_contract::write(root, &ws, &linked, &root.join("contract/corpus.yaml"))?;
    // The repository's own target directory: the SDKs' dependencies, the
    // runtime and the contract library are the ones its builds compiled.
    let target = crate::target_dir(root).display().to_string();
    let apis = apis.display().to_string();
    let mut args = vec![
        "run",
        "--quiet",
        "--package",
        "contract-corpus",
        "--target-dir",
        &target,
        "--",
        "--apis",
        &apis,
    ];
    let only = only.join(",");
    if sample.is_some() {
        args.extend(["--only", &only]);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = std::process::Command::new(cargo)
        .args(&args)
        .current_dir(&ws)
        // Scratch builds are not rebuilt bit by bit; incremental state
        // would only fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cargo {}: {e}", args.join(" ")))?;
    // Cargo's own output is shown as it comes; a warning located in a
    // generated crate fails that document: its SDK, built with the features
    // the run needs, must build as cleanly as with every feature.
    let stderr = child
        .stderr
        .take()
        .ok_or("no error output of the contract run")?;
    let warned = std::thread::spawn(move || {
        let mut warned: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut in_warning = false;
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)).map_while(Result::ok) {
            eprintln!("{line}");
            if line.starts_with("warning") {
                in_warning = true;
            } else if let Some(at) = line.trim_start().strip_prefix("--> generated/") {
                if in_warning {
                    warned.insert(at.split('/').next().unwrap_or_default().to_owned());
                }
                in_warning = false;
            }
        }
        warned
    });
    // The run's progress is shown as it comes; its per-API lines are kept.
    let stdout = child.stdout.take().ok_or("no output of the contract run")?;
    for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        let Some(rest) = line.strip_prefix(corpus_contract::API_LINE) else {
            continue;
        };
        let Some((name, summary)) = rest.trim().split_once(": ") else {
            continue;
        };
        if let Some(o) = outcomes.iter_mut().find(|o| o.name == name) {
            o.contract = Some(summary.to_owned());
        }
    }
    let output = child.wait().map_err(|e| e.to_string())?;
    let warned = warned.join().unwrap_or_default();
    for o in outcomes.iter_mut().filter(|o| o.problem.is_none()) {
        if o.generated
            .as_ref()
            .is_some_and(|k| warned.contains(&k.dir))
        {
            o.problem = Some(
                "its SDK warns when built with the features the run needs (the warnings are above)"
                    .into(),
            );
        }
    }
    if !output.success() {
        for o in outcomes.iter_mut().filter(|o| o.problem.is_none()) {
            if o.contract
                .as_deref()
                .is_none_or(|c| !c.ends_with(" 0 failed"))
            {
                o.problem = Some(format!(
                    "contract run: {}",
                    o.contract
                        .as_deref()
                        .unwrap_or("did not finish (its errors are above)")
                ));
            }
        }
    }
    Ok(())
}
