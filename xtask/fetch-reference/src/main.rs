//! `cargo xtask fetch-reference [--mirror URL] [--list FILE]` (xtask runs
//! this program with the same arguments): downloads the
//! reference documents (`openapi/reference.yaml`) that are missing from the
//! reference folder, from their publishers, and keeps each only if its
//! SHA-256 is the one recorded, so a clone anywhere can run every test.
//!
//! `--mirror URL` fetches each document from `URL/<its path>` instead (a
//! local copy of the reference folder served over HTTP, as the test does);
//! `--list FILE` reads another list of the same form. A document already
//! present is checked, never overwritten; one with no URL (a multi-file
//! document, or one the project derives) is named with where it comes from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sdkgen_openapi::reference::{self, Reference};

/// What became of one document.
#[derive(Debug, PartialEq, Eq)]
enum Fetched {
    /// It was there, with the recorded SHA-256.
    Present,
    /// Downloaded and verified.
    Downloaded,
    /// It cannot be fetched: where it comes from.
    Manual(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // This package sits at `xtask/fetch-reference/` of the repository.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("fetch-reference sits two folders inside the repository")
        .to_path_buf();
    run(&root, &args)
}

/// Runs the command.
fn run(root: &Path, args: &[String]) -> ExitCode {
    let mut mirror = None;
    let mut list = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--mirror" => mirror = it.next().cloned(),
            "--list" => list = it.next().cloned(),
            other => {
                eprintln!(
                    "unknown argument `{other}`\nusage: cargo xtask fetch-reference [--mirror URL] [--list FILE]"
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let entries = match list {
        Some(path) => match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| reference::parse(&t))
        {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => reference::all(),
    };
    let folder = reference::folder(root);
    println!("reference folder: {}", folder.display());
    let mut failed = 0;
    for entry in &entries {
        match fetch_one(entry, &folder, mirror.as_deref()) {
            Ok(Fetched::Present) => println!("{}: present, SHA-256 verified", entry.name),
            Ok(Fetched::Downloaded) => println!("{}: downloaded, SHA-256 verified", entry.name),
            Ok(Fetched::Manual(source)) => {
                println!("{}: not fetched (no single URL): {source}", entry.name)
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", entry.name);
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{failed} documents could not be fetched; nothing was written for them");
        ExitCode::FAILURE
    }
}

/// Makes sure `entry` is in `folder`, downloading it when missing.
fn fetch_one(entry: &Reference, folder: &Path, mirror: Option<&str>) -> Result<Fetched, String> {
    let path = entry.file(folder);
    let (Some(url), Some(sha)) = (&entry.url, &entry.sha256) else {
        return if path.is_file() {
            Ok(Fetched::Present)
        } else {
            Ok(Fetched::Manual(
                entry
                    .source
                    .clone()
                    .unwrap_or_else(|| "its source is not recorded".into()),
            ))
        };
    };
    if let Ok(bytes) = std::fs::read(&path) {
        let found = sha256_hex(&bytes);
        return if &found == sha {
            Ok(Fetched::Present)
        } else {
            Err(format!(
                "{} is there but its SHA-256 is {found}, not {sha}: move it away and fetch again",
                path.display()
            ))
        };
    }
    let url = match mirror {
        Some(base) => format!("{}/{}", base.trim_end_matches('/'), entry.path),
        None => url.clone(),
    };
    let bytes = download(&url)?;
    let found = sha256_hex(&bytes);
    if &found != sha {
        return Err(format!(
            "{url} answered a file whose SHA-256 is {found}, not the recorded {sha}"
        ));
    }
    let dir = path.parent().ok_or("a document path with no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // Written beside its place and renamed, so a failure leaves no half file.
    let partial = path.with_extension("partial");
    std::fs::write(&partial, &bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, &path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Fetched::Downloaded)
}

fn download(url: &str) -> Result<Vec<u8>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .map_err(|e| e.to_string())?;
        let answer = client
            .get(url)
            .send()
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        if !answer.status().is_success() {
            return Err(format!("{url}: answered {}", answer.status()));
        }
        answer
            .bytes()
            .await
            .map(|b| b.to_vec())
            .map_err(|e| format!("{url}: {e}"))
    })
}

/// Lower-case hex SHA-256, as `sha256sum` prints it.
fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
