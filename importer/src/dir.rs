//! Importing into a spec directory on disk: reading its hand-written files,
//! and replacing the files the importer owns only once the whole import has
//! succeeded (the new files are staged beside the old ones first).

use std::path::{Path, PathBuf};

use crate::{Doc, Finding, HandWritten, IMPORTED_SUFFIX, Imported, Options, import};

/// The report the import writes beside the files it owns.
pub const REPORT_FILE: &str = "import-report.md";

/// Imports `document` into the spec directory `dir` (created if missing).
/// `progress` is called with (operations done, total). On error nothing in
/// `dir` has changed.
pub fn import_dir(
    document: &Path,
    dir: &Path,
    options: &Options,
    progress: impl FnMut(usize, usize),
) -> Result<Imported, String> {
    let doc = read_document(document)?;
    let (hand, imported_before) = read_spec_dir(dir)?;
    let result = import(&doc, &hand, options, progress);
    write(dir, &result, &imported_before)?;
    Ok(result)
}

/// The files of `dir` that differ from what importing `document` (all tags)
/// would write now: changed or missing imported files and report, and
/// imported files the import would remove. Empty when the committed import
/// is fresh.
pub fn stale_imports(document: &Path, dir: &Path) -> Result<Vec<String>, String> {
    let doc = read_document(document)?;
    let (hand, imported_before) = read_spec_dir(dir)?;
    let result = import(&doc, &hand, &Options::default(), |_, _| {});
    let files = owned_files(&result);
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(name, text)| {
            std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str())
        })
        .map(|(name, _)| name.clone())
        .collect();
    stale.extend(
        imported_before
            .iter()
            .filter(|p| !files.iter().any(|(n, _)| dir.join(n) == **p))
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            }),
    );
    Ok(stale)
}

fn read_document(document: &Path) -> Result<Doc, String> {
    Doc::load(document).map_err(|e| e.to_string())
}

/// What the hand-written files of `dir` define, and its imported files.
fn read_spec_dir(dir: &Path) -> Result<(HandWritten, Vec<PathBuf>), String> {
    let mut hand = HandWritten::default();
    let mut imported_before = Vec::new();
    if dir.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for path in paths {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            if file.ends_with(IMPORTED_SUFFIX) {
                imported_before.push(path);
            } else if file.ends_with(".yaml") && path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
                hand.add_file(&path.display().to_string(), &text)
                    .map_err(|e| format!("error: {e}"))?;
            }
        }
    }
    Ok((hand, imported_before))
}

/// The files the importer owns: the imported ones and the report.
fn owned_files(result: &Imported) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = result.files.clone();
    files.push((REPORT_FILE.to_owned(), report_text(result)));
    files
}

/// Replaces the directory's imported files with the new ones.
fn write(dir: &Path, result: &Imported, before: &[std::path::PathBuf]) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
    let mut files = owned_files(result);
    if !dir.join("api.yaml").exists() {
        files.push(("api.yaml".to_owned(), result.api_yaml.clone()));
    }
    // Stage every file first, so a failure leaves the directory as it was.
    let mut staged = Vec::new();
    for (name, text) in &files {
        let tmp = dir.join(format!(".{name}.tmp"));
        if let Err(e) = std::fs::write(&tmp, text) {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            return Err(format!("error: cannot write {}: {e}", tmp.display()));
        }
        staged.push((tmp, dir.join(name)));
    }
    for old in before {
        if !files.iter().any(|(n, _)| dir.join(n) == *old) {
            std::fs::remove_file(old)
                .map_err(|e| format!("error: cannot remove {}: {e}", old.display()))?;
        }
    }
    for (tmp, target) in staged {
        std::fs::rename(&tmp, &target)
            .map_err(|e| format!("error: cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}

/// The findings as a Markdown table, with the counts above it.
fn report_text(result: &Imported) -> String {
    let s = &result.stats;
    let mut out = format!(
        "# Import report\n\nWritten by `cargo xtask import`; rewritten on every import.\n\n- operations in the document: {}\n- imported: {}\n- kept from hand-written files: {}\n- left out by `--tags`: {}\n- types written: {}\n\n",
        s.operations, s.imported, s.hand_written, s.filtered, s.types
    );
    // Pagination guesses apart, so a reviewer finds every one in one place.
    let (paging, rest): (Vec<&Finding>, Vec<&Finding>) = result
        .report
        .findings()
        .partition(|f| is_paging(&f.message));
    if !paging.is_empty() {
        let mut styles: std::collections::BTreeMap<&str, usize> = Default::default();
        for f in &paging {
            if let Some(style) = f
                .message
                .strip_prefix("pagination inferred: `style: ")
                .and_then(|s| s.split('`').next())
            {
                *styles.entry(style).or_default() += 1;
            }
        }
        let by_style: Vec<String> = styles.iter().map(|(s, n)| format!("{s} {n}")).collect();
        out.push_str(&format!(
            "## Pagination ({} inferred: {}; {} operations with paging parameters left without)\n\nEach `pagination` the import wrote, with its evidence; see `spec/README.md` \"Pagination on import\" to change or turn one off.\n\n| where (JSON pointer) | what, and why |\n| --- | --- |\n",
            styles.values().sum::<usize>(),
            if by_style.is_empty() { "none".into() } else { by_style.join(", ") },
            paging.iter().filter(|f| f.message.starts_with("no pagination")).count()
        ));
        table(&mut out, &paging);
        out.push('\n');
    }
    if rest.is_empty() {
        out.push_str(if paging.is_empty() {
            "Everything was carried over exactly.\n"
        } else {
            "Everything else was carried over exactly.\n"
        });
        return out;
    }
    out.push_str(&format!("## What was not carried over exactly ({})\n\n| where (JSON pointer) | what, and what the spec holds instead |\n| --- | --- |\n", rest.len()));
    table(&mut out, &rest);
    out
}

/// Whether a finding is about pagination: what was inferred, or why not.
fn is_paging(message: &str) -> bool {
    [
        "pagination inferred",
        "no pagination inferred",
        "declared pagination",
    ]
    .iter()
    .any(|p| message.starts_with(p))
}

fn table(out: &mut String, findings: &[&Finding]) {
    for f in findings {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            f.pointer.replace('|', "\\|"),
            f.message.replace('|', "\\|").replace('\n', " ")
        ));
    }
}
