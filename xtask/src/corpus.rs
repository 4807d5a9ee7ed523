//! `cargo xtask corpus [--build] [NAME…]`: every document of the corpus
//! (`corpus: true` in `openapi/reference.yaml`) imported as a new user would,
//! with no hand edit, and the spec generated; with `--build`, each SDK also
//! built with every feature under clippy `-D warnings`.
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
use sdkgen_import::{import_dir, Options};
use sdkgen_openapi::reference;

use crate::bench::compile::measure;

/// What became of one document.
struct Outcome {
    name: String,
    operations: usize,
    imported: usize,
    findings: usize,
    /// The generated crate, when the generator accepted the import.
    generated: Option<GeneratedCrate>,
    /// The first lines of what went wrong.
    problem: Option<String>,
    /// Clean clippy build with every feature: seconds and peak MiB.
    built: Option<(f64, f64)>,
}

/// Runs the corpus; `args` are `--build` and document names (all when none).
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let build = args.iter().any(|a| a == "--build");
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
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
    if build {
        if let Err(e) = build_all(root, &scratch, &mut outcomes) {
            eprintln!("cannot build the corpus workspace: {e}");
            return ExitCode::FAILURE;
        }
        println!("built:");
        for o in &outcomes {
            print_line(o, true);
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
            "accepted, built clippy-clean with every feature in {secs:.1} s, peak {mib:.0} MiB"
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
        operations: 0,
        imported: 0,
        findings: 0,
        generated: None,
        problem: None,
        built: None,
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

/// Writes the accepted crates into `scratch/workspace` and builds each alone
/// with every feature under clippy, recording its time and peak memory.
fn build_all(root: &Path, scratch: &Path, outcomes: &mut [Outcome]) -> std::io::Result<()> {
    let ws = scratch.join("workspace");
    let _ = std::fs::remove_dir_all(ws.join("generated"));
    std::fs::create_dir_all(&ws)?;
    let runtime_link = ws.join("runtime");
    if std::fs::symlink_metadata(&runtime_link).is_err() {
        std::os::unix::fs::symlink(root.join("runtime"), &runtime_link)?;
    }
    for krate in outcomes.iter().filter_map(|o| o.generated.as_ref()) {
        for f in &krate.files {
            let path = ws.join("generated").join(&krate.dir).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap_or(&ws))?;
            std::fs::write(path, &f.contents)?;
        }
    }
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"generated/*\"]\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))?;
    let target: PathBuf = scratch.join("target");
    let target_arg = target.display().to_string();
    for o in outcomes.iter_mut() {
        let Some(krate) = &o.generated else { continue };
        let package = krate.dir.clone();
        // The crate itself from scratch (its dependencies stay built), so the
        // time is a clean build's, whatever an earlier run left.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let _ = std::process::Command::new(cargo)
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
                ))
            }
        }
    }
    Ok(())
}
