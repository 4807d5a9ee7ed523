//! Checks of the hand-written code that `cargo xtask test` runs first, as
//! they take seconds: it is rustfmt-formatted (the fixtures' behaviour tests too), and every crate's declared
//! `rust-version` is at least what its locked dependencies need (a crate
//! that claims an older compiler than its dependencies accept would fail
//! to build there, so the claim would be false).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// `cargo fmt --check` over every workspace crate not under `generated/`
/// (generated code is formatted by prettyplease, and checked by
/// `cargo xtask check`), over the fuzz and xtask crates, which the
/// workspace excludes, and over the fixtures' behaviour tests. Returns what
/// failed.
pub fn formatted(root: &Path) -> Result<(), String> {
    let metadata = metadata(root)?;
    let generated = root.join("generated");
    let mut args = vec!["fmt".to_owned(), "--check".to_owned()];
    for p in packages(&metadata) {
        if !Path::new(p["manifest_path"].as_str().unwrap_or_default()).starts_with(&generated) {
            args.push("-p".into());
            args.push(p["name"].as_str().unwrap_or_default().to_owned());
        }
    }
    run(root, &args)?;
    for own_workspace in ["fuzz", "xtask"] {
        run(
            &root.join(own_workspace),
            &["fmt".to_owned(), "--check".to_owned()],
        )?;
    }
    behaviour_tests_formatted(root)
}

/// The fixtures' HTTP tests (`generator/tests/behaviour/*.rs`) are no module
/// of any crate here, so `cargo fmt` never reaches them: each is copied
/// into a generated crate (edition 2024) when its fixture is tested.
/// rustfmt checks them as that crate's code.
fn behaviour_tests_formatted(root: &Path) -> Result<(), String> {
    let dir = root.join("generator/tests/behaviour");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let status = Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .args(&files)
        .status()
        .map_err(|e| format!("rustfmt: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "rustfmt --check --edition 2024 {}/*.rs failed: run it without --check",
            dir.display()
        ))
    }
}

/// Every crate's `rust-version`, in the main workspace and in xtask's,
/// against the highest one its locked dependencies declare.
pub fn rust_version_true(root: &Path) -> Result<(), String> {
    let mut wrong = Vec::new();
    for dir in [root.to_path_buf(), root.join("xtask")] {
        wrong.extend(rust_version_wrong(&metadata_with_deps(&dir)?));
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("\n"))
    }
}

/// What each member of one workspace's `metadata` claims wrongly.
fn rust_version_wrong(metadata: &serde_json::Value) -> Vec<String> {
    let by_id: BTreeMap<&str, &serde_json::Value> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p["id"].as_str().unwrap_or_default(), p))
        .collect();
    let nodes: BTreeMap<&str, Vec<&str>> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            let deps = n["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_str())
                .collect();
            (n["id"].as_str().unwrap_or_default(), deps)
        })
        .collect();
    let version = |id: &str| {
        by_id
            .get(id)
            .and_then(|p| p["rust_version"].as_str())
            .map(parse)
            .unwrap_or_default()
    };
    let mut wrong = Vec::new();
    for member in metadata["workspace_members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str())
    {
        let declared = version(member);
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![member];
        let mut needed: (Vec<u32>, &str) = (Vec::new(), "");
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            if id != member && version(id) > needed.0 {
                needed = (version(id), id);
            }
            stack.extend(nodes.get(id).into_iter().flatten().copied());
        }
        if needed.0 > declared {
            let name = by_id[member]["name"].as_str().unwrap_or_default();
            let dep = by_id[needed.1]["name"].as_str().unwrap_or_default();
            let v = needed
                .0
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".");
            wrong.push(format!(
                "{name} declares rust-version {:?} but its locked dependency {dep} needs {v}",
                by_id[member]["rust_version"]
            ));
        }
    }
    wrong
}

fn parse(v: &str) -> Vec<u32> {
    let mut parts: Vec<u32> = v.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    parts.resize(3, 0);
    parts
}

fn packages(metadata: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    metadata["packages"].as_array().into_iter().flatten()
}

fn metadata(root: &Path) -> Result<serde_json::Value, String> {
    cargo_metadata(root, &["--no-deps"])
}

fn metadata_with_deps(root: &Path) -> Result<serde_json::Value, String> {
    cargo_metadata(root, &[])
}

fn cargo_metadata(root: &Path, extra: &[&str]) -> Result<serde_json::Value, String> {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(extra)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))
}

fn run(dir: &Path, args: &[String]) -> Result<(), String> {
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cargo {}: {e}", args.join(" ")))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {} failed: run `cargo fmt` on the crates it names",
            args.join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// A file of the repository.
    fn read(path: &str) -> String {
        std::fs::read_to_string(crate::root().join(path)).unwrap()
    }

    /// Each `[profile.dev.package.<name>]` section of a manifest: the name and
    /// its settings, comments and blank lines left out.
    fn dev_profile_packages(manifest: &str) -> Vec<(String, Vec<String>)> {
        let mut sections: Vec<(String, Vec<String>)> = Vec::new();
        let mut open = false;
        for line in manifest.lines().map(str::trim) {
            if line.starts_with('[') {
                open = false;
                if let Some(name) = line
                    .strip_prefix("[profile.dev.package.")
                    .and_then(|rest| rest.strip_suffix(']'))
                {
                    sections.push((name.to_owned(), Vec::new()));
                    open = true;
                }
            } else if open && !line.is_empty() && !line.starts_with('#') {
                if let Some((_, settings)) = sections.last_mut() {
                    settings.push(line.to_owned());
                }
            }
        }
        sections
    }

    /// Each package of a lock file by name, with the versions locked.
    fn locked_versions(lock: &str) -> BTreeMap<String, Vec<String>> {
        let mut locked: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut name = None;
        for line in lock.lines() {
            if let Some(n) = line.strip_prefix("name = ") {
                name = Some(n.trim_matches('"').to_owned());
            } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take()) {
                locked
                    .entry(n)
                    .or_default()
                    .push(v.trim_matches('"').to_owned());
            }
        }
        locked
    }

    /// The packages `xtask_lock` locks at a version `main_lock` does not have
    /// (packages only xtask locks, like its allocator, are its own business).
    fn lock_disagreements(main_lock: &str, xtask_lock: &str) -> Vec<String> {
        let main = locked_versions(main_lock);
        locked_versions(xtask_lock)
            .iter()
            .filter_map(|(name, versions)| {
                let theirs = main.get(name)?;
                let odd: Vec<&String> = versions.iter().filter(|v| !theirs.contains(v)).collect();
                (!odd.is_empty()).then(|| format!("{name} {odd:?} (main lock: {theirs:?})"))
            })
            .collect()
    }

    /// xtask's lock and the main one resolve the generator's dependencies
    /// each for itself: were they to lock another syn or prettyplease,
    /// `cargo xtask regen` and the tests would format generated code with
    /// different versions. A package both lock must be at a version the
    /// main lock has (`cargo update` in one workspace needs the other too).
    #[test]
    fn the_two_locks_agree_on_every_package_they_share() {
        let xtask = read("xtask/Cargo.lock");
        assert!(locked_versions(&xtask).contains_key("prettyplease"));
        let differ = lock_disagreements(&read("Cargo.lock"), &xtask);
        assert!(
            differ.is_empty(),
            "xtask/Cargo.lock locks versions Cargo.lock does not: {differ:?}"
        );
    }

    /// xtask's workspace builds the generator too, and cargo reads profiles
    /// from each workspace's root manifest only: the optimised packages of
    /// the dev profile must be the same in both, or regen and the tests
    /// would run a generator built differently.
    #[test]
    fn both_workspaces_optimise_the_same_generator_packages() {
        let main = dev_profile_packages(&read("Cargo.toml"));
        let xtask: Vec<_> = dev_profile_packages(&read("xtask/Cargo.toml"))
            .into_iter()
            // xtask's own allocator, which the main workspace does not build.
            .filter(|(name, _)| !name.contains("mimalloc") && name != "xtask-allocator")
            .collect();
        assert!(main.iter().any(|(name, _)| name == "syn"), "{main:?}");
        assert_eq!(main, xtask);
    }

    #[test]
    fn a_version_only_one_lock_has_is_a_disagreement() {
        let main = "version = 4\n\n[[package]]\nname = \"syn\"\nversion = \"2.0.1\"\n\n[[package]]\nname = \"syn\"\nversion = \"1.0.9\"\n";
        let same = "[[package]]\nname = \"syn\"\nversion = \"1.0.9\"\n\n[[package]]\nname = \"mimalloc\"\nversion = \"0.1.0\"\n";
        assert!(lock_disagreements(main, same).is_empty());
        let newer = "[[package]]\nname = \"syn\"\nversion = \"2.0.2\"\n";
        assert_eq!(
            lock_disagreements(main, newer),
            ["syn [\"2.0.2\"] (main lock: [\"2.0.1\", \"1.0.9\"])"]
        );
    }
}
