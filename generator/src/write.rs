//! From spec files to crate directories on disk, all or nothing.
//!
//! [`generate_all`] does every bit of work in memory; only when every spec
//! generated cleanly does [`write_all`] touch `generated/`. Each crate is
//! written to a temporary directory beside its final place and swapped in
//! with renames, so an interrupted write never leaves a half-written crate.
//! [`stale_files`] compares without writing, for `cargo xtask check`.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::emit::{self, EmitError, GeneratedFile};
use crate::{Diagnostics, lower};

/// The files of one generated crate.
#[derive(Debug, Clone)]
pub struct GeneratedCrate {
    /// Directory name under `generated/` (the crate name).
    pub dir: String,
    /// Spec file it came from.
    pub source: String,
    /// Files, sorted by path.
    pub files: Vec<GeneratedFile>,
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// A spec (or several) has mistakes.
    Spec(Diagnostics),
    /// A template rendered invalid output.
    Emit(EmitError),
    /// Reading or writing files failed.
    Io(PathBuf, std::io::Error),
    /// Two specs name the same crate.
    DuplicateCrate(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Spec(d) => write!(f, "{d}"),
            GenerateError::Emit(e) => write!(f, "error: {e}"),
            GenerateError::Io(p, e) => write!(f, "error: {}: {e}", p.display()),
            GenerateError::DuplicateCrate(c) => {
                write!(f, "error: two specs generate the crate `{c}`")
            }
        }
    }
}

impl std::error::Error for GenerateError {}

/// Generates one spec held in memory; `display_path` names it in diagnostics and headers.
pub fn generate(display_path: &str, source: &str) -> Result<GeneratedCrate, GenerateError> {
    let api = lower::load(display_path, source).map_err(GenerateError::Spec)?;
    let files = emit::emit(&api).map_err(GenerateError::Emit)?;
    Ok(GeneratedCrate {
        dir: api.crate_name.clone(),
        source: display_path.to_owned(),
        files,
    })
}

/// Generates a spec written as a directory, in memory: `display_dir` names
/// it in headers (`spec/<api>/`), `api` is its `api.yaml` and `parts` its
/// other files, each as display path and text.
pub fn generate_dir(
    display_dir: &str,
    api: (&str, &str),
    parts: &[(&str, &str)],
) -> Result<GeneratedCrate, GenerateError> {
    let api = lower::load_dir(display_dir, api, parts).map_err(GenerateError::Spec)?;
    let files = emit::emit(&api).map_err(GenerateError::Emit)?;
    Ok(GeneratedCrate {
        dir: api.crate_name.clone(),
        source: display_dir.to_owned(),
        files,
    })
}

/// A spec as read from `spec/`: one file, or a directory's files.
enum SpecInput {
    File {
        display: String,
        source: String,
    },
    Dir {
        display: String,
        api: (String, String),
        parts: Vec<(String, String)>,
    },
}

impl SpecInput {
    fn generate(&self) -> Result<GeneratedCrate, GenerateError> {
        match self {
            SpecInput::File { display, source } => generate(display, source),
            SpecInput::Dir {
                display,
                api,
                parts,
            } => {
                let parts: Vec<(&str, &str)> = parts
                    .iter()
                    .map(|(d, s)| (d.as_str(), s.as_str()))
                    .collect();
                generate_dir(display, (&api.0, &api.1), &parts)
            }
        }
    }
}

fn is_yaml(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "yaml" || x == "yml")
}

fn read(path: &Path) -> Result<String, GenerateError> {
    fs::read_to_string(path).map_err(|e| GenerateError::Io(path.to_owned(), e))
}

/// The `*.yaml` files directly in `dir`, sorted by name.
fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, GenerateError> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| GenerateError::Io(dir.to_owned(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Reads a spec directory: its `api.yaml` and other `*.yaml` files, each
/// named `<display><file>` in diagnostics.
fn read_dir_spec(path: &Path, display: &str) -> Result<SpecInput, GenerateError> {
    let api_path = path.join("api.yaml");
    let mut parts = Vec::new();
    for part in yaml_files(path)?
        .into_iter()
        .filter(|p| is_yaml(p) && p.is_file() && *p != api_path)
    {
        parts.push((
            format!(
                "{display}{}",
                part.file_name().unwrap_or_default().to_string_lossy()
            ),
            read(&part)?,
        ));
    }
    Ok(SpecInput::Dir {
        display: display.to_owned(),
        api: (format!("{display}api.yaml"), read(&api_path)?),
        parts,
    })
}

/// Generates the spec directory at `path` (named `display`, ending in `/`,
/// in diagnostics) in memory, as `cargo xtask regen` would.
pub fn generate_spec_dir(path: &Path, display: &str) -> Result<GeneratedCrate, GenerateError> {
    read_dir_spec(path, display)?.generate()
}

/// The IR of the spec directory at `path` (named `display`, ending in `/`,
/// in diagnostics), for tools that need what a spec declares (its security
/// schemes, its features) and not its crate.
pub fn load_spec_dir(path: &Path, display: &str) -> Result<crate::ir::Api, GenerateError> {
    match read_dir_spec(path, display)? {
        SpecInput::Dir {
            display,
            api,
            parts,
        } => {
            let parts: Vec<(&str, &str)> = parts
                .iter()
                .map(|(d, s)| (d.as_str(), s.as_str()))
                .collect();
            lower::load_dir(&display, (&api.0, &api.1), &parts).map_err(GenerateError::Spec)
        }
        SpecInput::File { display, source } => {
            lower::load(&display, &source).map_err(GenerateError::Spec)
        }
    }
}

/// Generates every spec under `root/spec`, in memory: each `*.yaml` file,
/// and each directory holding an `api.yaml` (with its other `*.yaml` files).
/// Diagnostics of all specs are reported together.
pub fn generate_all(root: &Path) -> Result<Vec<GeneratedCrate>, GenerateError> {
    let spec_dir = root.join("spec");
    let mut specs = Vec::new();
    for path in yaml_files(&spec_dir)? {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if path.is_dir() {
            if !path.join("api.yaml").is_file() {
                // A folder of notes or fixtures is not a spec; only one with an `api.yaml` is.
                continue;
            }
            specs.push(read_dir_spec(&path, &format!("spec/{name}/"))?);
        } else if is_yaml(&path) {
            specs.push(SpecInput::File {
                display: format!("spec/{name}"),
                source: read(&path)?,
            });
        }
    }
    // Each spec is its own crate: they are generated side by side.
    let mut crates = Vec::new();
    let mut diagnostics = Vec::new();
    for result in crate::parallel::map(&specs, SpecInput::generate) {
        match result {
            Ok(c) => crates.push(c),
            Err(GenerateError::Spec(d)) => diagnostics.extend(d.0),
            Err(other) => return Err(other),
        }
    }
    if !diagnostics.is_empty() {
        return Err(GenerateError::Spec(Diagnostics(diagnostics)));
    }
    let mut seen = BTreeSet::new();
    for c in &crates {
        if !seen.insert(c.dir.clone()) {
            return Err(GenerateError::DuplicateCrate(c.dir.clone()));
        }
    }
    Ok(crates)
}

/// Marker every generated `Cargo.toml` starts with; only directories carrying
/// it are ever replaced or removed.
const MARKER: &str = "# @generated by sdkgen";

fn is_generated_crate(dir: &Path) -> bool {
    fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|s| s.starts_with(MARKER))
}

/// Files on disk under `dir`, relative, with `/` separators.
fn files_on_disk(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if let Ok(rel) = p.strip_prefix(base) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// What differs between `out_dir` and `crates`: changed, missing and extra
/// files, and generated crates whose spec is gone. Empty when fresh.
pub fn stale_files(out_dir: &Path, crates: &[GeneratedCrate]) -> Vec<String> {
    let mut stale: Vec<String> = crates
        .iter()
        .flat_map(|c| stale_in_crate(out_dir, c))
        .collect();
    for orphan in orphan_crates(out_dir, crates) {
        stale.push(format!("generated/{orphan}/ (its spec is gone)"));
    }
    stale
}

/// Changed, missing and extra files of one crate.
fn stale_in_crate(out_dir: &Path, c: &GeneratedCrate) -> Vec<String> {
    let mut stale = Vec::new();
    let dir = out_dir.join(&c.dir);
    let expected: BTreeSet<&str> = c.files.iter().map(|f| f.path.as_str()).collect();
    for f in &c.files {
        // Compared as bytes: a file that is not UTF-8 differs all the same.
        match fs::read(dir.join(&f.path)) {
            Ok(s) if s == f.contents.as_bytes() => {}
            Ok(_) => stale.push(format!(
                "generated/{}/{} (differs from {})",
                c.dir, f.path, c.source
            )),
            Err(_) => stale.push(format!("generated/{}/{} (missing)", c.dir, f.path)),
        }
    }
    for extra in files_on_disk(&dir) {
        if !expected.contains(extra.as_str()) && !is_ignored(&extra) {
            stale.push(format!("generated/{}/{extra} (no longer generated)", c.dir));
        }
    }
    stale
}

/// Build output that may sit in a crate directory without being ours.
fn is_ignored(rel: &str) -> bool {
    rel.starts_with("target/") || rel == "Cargo.lock"
}

fn orphan_crates(out_dir: &Path, crates: &[GeneratedCrate]) -> Vec<String> {
    let wanted: BTreeSet<&str> = crates.iter().map(|c| c.dir.as_str()).collect();
    let mut out: Vec<String> = fs::read_dir(out_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir() && is_generated_crate(&e.path()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !wanted.contains(name.as_str()) && !name.starts_with('.'))
        .collect();
    out.sort();
    out
}

/// Writes every crate under `out_dir`, replacing each crate directory whole
/// and removing generated crates whose spec is gone. Crates that are already
/// up to date are not touched. Returns the crates that changed.
pub fn write_all(out_dir: &Path, crates: &[GeneratedCrate]) -> Result<Vec<String>, GenerateError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| GenerateError::Io(p, e)
    };
    fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let mut changed = Vec::new();
    for c in crates {
        if stale_in_crate(out_dir, c).is_empty() {
            continue;
        }
        let final_dir = out_dir.join(&c.dir);
        if final_dir.exists() && !is_generated_crate(&final_dir) {
            return Err(GenerateError::Io(
                final_dir,
                std::io::Error::other(
                    "exists and was not generated by sdkgen; refusing to replace it",
                ),
            ));
        }
        let staging = out_dir.join(format!(".{}.new", c.dir));
        let retired = out_dir.join(format!(".{}.old", c.dir));
        for leftover in [&staging, &retired] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(io(leftover))?;
            }
        }
        for f in &c.files {
            let path = staging.join(&f.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(io(parent))?;
            }
            fs::write(&path, &f.contents).map_err(io(&path))?;
        }
        if final_dir.exists() {
            fs::rename(&final_dir, &retired).map_err(io(&final_dir))?;
        }
        fs::rename(&staging, &final_dir).map_err(io(&staging))?;
        if retired.exists() {
            fs::remove_dir_all(&retired).map_err(io(&retired))?;
        }
        changed.push(c.dir.clone());
    }
    for orphan in orphan_crates(out_dir, crates) {
        let dir = out_dir.join(&orphan);
        fs::remove_dir_all(&dir).map_err(io(&dir))?;
        changed.push(format!("{orphan} (removed)"));
    }
    Ok(changed)
}
