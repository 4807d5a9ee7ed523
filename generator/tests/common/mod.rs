//! Helpers shared by the generator's integration tests; not every test uses all of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Every fixture spec, as (name, source), sorted.
pub fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Writes `crates` into a fresh workspace laid out like the repository
/// (`generated/<crate>/`, with `runtime/` linked to the repository's runtime
/// crate, which generated crates depend on by path), reusing the
/// repository's lock file so no new versions are resolved.
pub fn workspace_of(crates: &[sdkgen::write::GeneratedCrate]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for krate in crates {
        for f in &krate.files {
            let path = dir.path().join("generated").join(&krate.dir).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.contents).unwrap();
        }
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(root().join("runtime"), dir.path().join("runtime")).unwrap();
    let members: Vec<String> = crates
        .iter()
        .map(|k| format!("\"generated/{}\"", k.dir))
        .collect();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    dir
}

/// Runs cargo with `args` in `dir`, offline, with a target directory of its
/// own under the repository's (the outer `cargo test` may hold the main one).
pub fn cargo_in(
    dir: &Path,
    target: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    std::process::Command::new(cargo)
        .args(args)
        .env("CARGO_TARGET_DIR", root().join("target").join(target))
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .unwrap()
}

/// xorshift64*: deterministic and dependency-free, so a failing case is
/// named by its seed and reproduces.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
