//! `cargo xtask import`: writes the `*.imported.yaml` files of a spec
//! directory from an OpenAPI document (see the `sdkgen-import` crate).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use sdkgen_import::{Options, REPORT_FILE, import_dir};

/// `cargo xtask import <document> <spec-dir> [--tags A,B] [--crate NAME]`.
pub fn run(args: &[String]) -> ExitCode {
    let mut positional = Vec::new();
    let mut options = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--tags" => {
                options.tags = it
                    .next()
                    .map(|t| {
                        t.split(',')
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty())
                            .collect()
                    })
                    .unwrap_or_default()
            }
            "--crate" => options.crate_name = it.next().cloned(),
            other if other.starts_with("--") => {
                eprintln!(
                    "unknown option `{other}`\nusage: cargo xtask import <openapi document> <spec directory> [--tags Tag,Other] [--crate name]"
                );
                return ExitCode::FAILURE;
            }
            other => positional.push(other.to_owned()),
        }
    }
    let [document, dir] = positional.as_slice() else {
        eprintln!(
            "usage: cargo xtask import <openapi document> <spec directory> [--tags Tag,Other] [--crate name]"
        );
        return ExitCode::FAILURE;
    };
    match run_import(Path::new(document), Path::new(dir), &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}\n\nnothing in {dir} was changed");
            ExitCode::FAILURE
        }
    }
}

fn run_import(document: &Path, dir: &Path, options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let result = import_dir(document, dir, options, |done, total| {
        if done % 50 == 0 || done == total {
            eprint!("\rimporting operations: {done}/{total}");
            let _ = std::io::stderr().flush();
        }
    })?;
    eprintln!();
    let s = &result.stats;
    println!(
        "{}: {} operations: {} imported, {} kept from hand-written files, {} left out by --tags; {} types; {} findings in {} ({:.2?})",
        document.display(),
        s.operations,
        s.imported,
        s.hand_written,
        s.filtered,
        s.types,
        result.report.len(),
        dir.join(REPORT_FILE).display(),
        started.elapsed()
    );
    // The maintainer learns now, not at the next regen, whether the generator takes the result.
    let display = format!("{}/", dir.display());
    match sdkgen::write::generate_spec_dir(dir, &display) {
        Ok(c) => println!(
            "the generator accepts {display}: crate `{}`, {} files",
            c.dir,
            c.files.len()
        ),
        Err(e) => {
            let text = e.to_string();
            let shown: Vec<&str> = text.lines().take(60).collect();
            println!(
                "the generator refuses {display} as it stands; fix these (hand-written files win over imported ones):\n{}",
                shown.join("\n")
            );
            if text.lines().count() > 60 {
                println!("… and more: run `cargo xtask check` for all of them");
            }
        }
    }
    println!(
        "review with `git diff {}`, then `cargo xtask regen`",
        dir.display()
    );
    Ok(())
}
