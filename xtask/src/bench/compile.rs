//! Compile time and peak memory of the generated crates: what a user of an
//! SDK pays on every clean build, measured as `cargo build` of the crate
//! alone with its dependencies already built.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use super::{bench_dir, cargo, median};

/// Clean builds per crate; the median is printed (builds vary by 10% and more on a busy machine).
pub const RUNS: usize = 5;

/// One timed command: its wall time and the peak resident memory of the
/// largest process it ran (rustc, for a build).
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub time: Duration,
    pub peak_mib: f64,
}

/// Prints the figures of every crate under `generated/`, then progenitor's.
///
/// The crates are built in a workspace of their own, a copy of `runtime/`
/// and `generated/` with our lock file: a user builds an SDK with their own
/// profile, not with this repository's (which optimises the generator's
/// dependencies, syn among them, and so every derive macro).
pub fn figures(root: &Path) -> bool {
    let workspace = match user_workspace(root) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("cannot prepare the build workspace: {e}");
            return false;
        }
    };
    let target = bench_dir(root).join("target");
    let Ok(entries) = std::fs::read_dir(root.join("generated")) else {
        eprintln!("no generated/ directory");
        return false;
    };
    let mut crates: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    crates.sort();
    // The baseline is progenitor's crate of the Devices operations, so ours
    // is measured for the same service too, whatever else the spec grows.
    match devices_crate(root, &workspace) {
        Ok(name) => crates.push(name),
        Err(e) => {
            eprintln!("cannot generate the Devices-only crate: {e}");
            return false;
        }
    }
    for name in &crates {
        let manifest = workspace.join("generated").join(name).join("Cargo.toml");
        let Some((clean, touched)) =
            clean_and_touched(root, &manifest, &target, name, &["--offline"])
        else {
            return false;
        };
        println!(
            "compile {name}, clean debug build: {:.2} s (median of {RUNS}), peak {:.0} MiB",
            clean.time.as_secs_f64(),
            clean.peak_mib
        );
        println!(
            "compile {name}, rebuild after touching lib.rs: {:.2} s",
            touched.time.as_secs_f64()
        );
    }
    let ours = Devices {
        manifest: workspace
            .join("generated")
            .join(DEVICES_CRATE)
            .join("Cargo.toml"),
        target: target.clone(),
    };
    if !whole_apis(root, &workspace, &target, &ours) {
        return false;
    }
    super::progenitor::compile_baseline(root, &ours);
    super::program::figures(root, &workspace, &target)
}

/// The user programs alone (`cargo xtask bench program`), in a fresh user
/// workspace; `compile` runs them after the crates.
pub fn programs(root: &Path) -> bool {
    match user_workspace(root) {
        Ok(workspace) => super::program::figures(root, &workspace, &bench_dir(root).join("target")),
        Err(e) => {
            eprintln!("cannot prepare the build workspace: {e}");
            false
        }
    }
}

/// The whole-API crates by feature: RingCentral with only its `devices`
/// feature against the Devices-only crate (the budget is 1.5 times its
/// time), and each crate with every service on (`full`) and with every
/// feature (`--all-features`), once each, with its peak memory.
fn whole_apis(root: &Path, workspace: &Path, target: &Path, devices_only: &Devices) -> bool {
    let manifest = |name: &str| workspace.join("generated").join(name).join("Cargo.toml");
    if manifest("ringcentral").is_file() {
        let Some((clean, _)) = clean_and_touched(
            root,
            &manifest("ringcentral"),
            target,
            "ringcentral",
            &[
                "--offline",
                "--no-default-features",
                "--features",
                "devices",
            ],
        ) else {
            return false;
        };
        println!(
            "compile ringcentral with only the devices feature, clean debug build: {:.2} s (median of {RUNS}), peak {:.0} MiB",
            clean.time.as_secs_f64(),
            clean.peak_mib
        );
        let Some(turns) = super::in_turns(
            RUNS,
            || {
                clean_build(
                    root,
                    &manifest("ringcentral"),
                    target,
                    "ringcentral",
                    &[
                        "--offline",
                        "--no-default-features",
                        "--features",
                        "devices",
                    ],
                )
            },
            || devices_only.clean_build(root),
        ) else {
            return false;
        };
        println!(
            "devices feature vs the Devices-only crate: {:.2}x (median of {RUNS} rounds, built in turns; budget 1.5x)",
            turns.ratio
        );
    }
    // `full` is every service as a user turns them on; `--all-features`
    // adds Serialize and Deserialize on every model and the contract harness.
    // Built as a member of the bench's workspace, a crate compiles
    // incrementally (as in the SDK's own repository); a program that
    // depends on the published crate gets it from a registry, which cargo
    // never compiles incrementally, and that build is the one its users pay.
    let full = ["--features", "full"].as_slice();
    for name in ["ringcentral", "portsip"]
        .into_iter()
        .filter(|n| manifest(n).is_file())
    {
        for (label, features, env) in [
            ("every service (--features full)", full, INCREMENTAL),
            (
                "every service (--features full) as a dependency (not incremental)",
                full,
                NOT_INCREMENTAL,
            ),
            ("--all-features", ["--all-features"].as_slice(), INCREMENTAL),
        ] {
            let args: Vec<&str> = ["--offline"]
                .into_iter()
                .chain(features.iter().copied())
                .collect();
            let Some(full) = clean_once(root, &manifest(name), target, name, &args, env) else {
                return false;
            };
            println!(
                "compile {name} with {label}, clean debug build: {:.1} s, peak {:.0} MiB",
                full.time.as_secs_f64(),
                full.peak_mib
            );
        }
    }
    true
}

/// How cargo builds a member of the workspace in the dev profile, whatever
/// the environment the bench runs in says.
const INCREMENTAL: &[(&str, &str)] = &[("CARGO_INCREMENTAL", "1")];

/// How cargo builds a crate that comes from a registry: never incrementally.
const NOT_INCREMENTAL: &[(&str, &str)] = &[("CARGO_INCREMENTAL", "0")];

/// One clean build of the crate alone (its dependencies built first), with
/// `env` set for cargo: for crates too big to build five times in a
/// benchmark run.
fn clean_once(
    root: &Path,
    manifest: &Path,
    target: &Path,
    package: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Option<Measured> {
    let cargo = Builds::new(manifest, target);
    let build = cargo.build(package, extra);
    eprintln!("$ cargo {}", build.join(" "));
    // Dependencies first (the runtime with the features this build turns on), then the crate alone.
    measure(root, &cargo.build("sdkgen-runtime", &["--offline"]))?;
    if !run(root, &cargo.clean(&[package])) {
        return None;
    }
    measure_with(root, &build, env)
}

/// The hand-written part of the RingCentral spec cut down to its Devices service: the crate as it was before the whole API.
const DEVICES_CRATE: &str = "ringcentral-devices";

/// The Devices-only crate in the bench's workspace, which the whole-API
/// budget and progenitor's crates are measured against.
pub struct Devices {
    manifest: std::path::PathBuf,
    target: std::path::PathBuf,
}

impl Devices {
    /// Cleans the crate and times its build (dependencies built already).
    pub fn clean_build(&self, root: &Path) -> Option<Measured> {
        clean_build(
            root,
            &self.manifest,
            &self.target,
            DEVICES_CRATE,
            &["--offline"],
        )
    }
}

/// Cleans `package` and times its build: one clean build, to repeat.
pub fn clean_build(
    root: &Path,
    manifest: &Path,
    target: &Path,
    package: &str,
    extra: &[&str],
) -> Option<Measured> {
    let cargo = Builds::new(manifest, target);
    if !run(root, &cargo.clean(&[package])) {
        return None;
    }
    measure(root, &cargo.build(package, extra))
}

/// Generates the Devices-only RingCentral crate into the bench workspace.
fn devices_crate(root: &Path, workspace: &Path) -> Result<String, String> {
    let source = std::fs::read_to_string(root.join("spec/ringcentral/api.yaml"))
        .map_err(|e| e.to_string())?;
    let cut = super::subset::one_service(&source, "Devices", DEVICES_CRATE)?;
    let krate =
        sdkgen::write::generate("spec/ringcentral/api.yaml", &cut).map_err(|e| e.to_string())?;
    let operations = source.matches("operation_id:").count();
    let kept = cut.matches("operation_id:").count();
    println!(
        "generated {DEVICES_CRATE}: the Devices service alone ({kept} of {operations} operations), {} files",
        krate.files.len()
    );
    for f in &krate.files {
        let path = workspace.join("generated").join(&krate.dir).join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap_or(workspace)).map_err(|e| e.to_string())?;
        std::fs::write(&path, &f.contents).map_err(|e| e.to_string())?;
    }
    Ok(krate.dir)
}

/// `target/bench/workspace`: `runtime/` and `generated/` copied at the same
/// relative paths, a workspace manifest with default profiles, our lock file.
fn user_workspace(root: &Path) -> std::io::Result<std::path::PathBuf> {
    let dir = bench_dir(root).join("workspace");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    copy_dir(&root.join("runtime"), &dir.join("runtime"))?;
    copy_dir(&root.join("generated"), &dir.join("generated"))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    write_workspace_manifest(&dir)?;
    Ok(dir)
}

/// Writes the manifest of the user workspace `dir`: the runtime, the
/// generated crates and the user programs of `bench::program` written so
/// far. Cargo reads a member glob that matches nothing as a path and
/// refuses it, so `programs/*` is listed only once a program is there.
pub fn write_workspace_manifest(dir: &Path) -> std::io::Result<()> {
    let has_programs = std::fs::read_dir(dir.join("programs"))
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    let programs = if has_programs { ", \"programs/*\"" } else { "" };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [\"runtime\", \"generated/*\"{programs}]\n"
        ),
    )
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Builds the crate of `manifest` once so its dependencies are built, then
/// times `RUNS` clean builds of it alone and one rebuild after touching its
/// `lib.rs`.
pub fn clean_and_touched(
    root: &Path,
    manifest: &Path,
    target: &Path,
    package: &str,
    extra: &[&str],
) -> Option<(Measured, Measured)> {
    let cargo = Builds::new(manifest, target);
    let build = cargo.build(package, extra);
    let clean = cargo.clean(&[package]);
    eprintln!("$ cargo {}", build.join(" "));
    // The first build compiles the dependencies; through `measure` so their
    // warnings stay hidden unless it fails.
    measure(root, &build)?;
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        if !run(root, &clean) {
            return None;
        }
        runs.push(measure(root, &build)?);
    }
    let mut times: Vec<Duration> = runs.iter().map(|m| m.time).collect();
    let time = median(&mut times);
    let peak_mib = runs.iter().map(|m| m.peak_mib).fold(0.0, f64::max);
    let lib = manifest.with_file_name("src/lib.rs");
    if let Err(e) = std::fs::File::options()
        .append(true)
        .open(&lib)
        .and_then(|f| f.set_modified(SystemTime::now()))
    {
        eprintln!("cannot touch {}: {e}", lib.display());
        return None;
    }
    let touched = measure(root, &build)?;
    Some((Measured { time, peak_mib }, touched))
}

/// `cargo build` and `cargo clean` of packages of one manifest, into one
/// target directory, quietly (the measured crate's warnings are not the
/// benchmark's business).
pub struct Builds {
    manifest: String,
    target: String,
}

impl Builds {
    /// Builds with `manifest` into `target`.
    pub fn new(manifest: &Path, target: &Path) -> Self {
        Builds {
            manifest: manifest.to_string_lossy().into_owned(),
            target: target.to_string_lossy().into_owned(),
        }
    }

    fn command<'a>(&'a self, verb: &'a str) -> Vec<&'a str> {
        vec![
            verb,
            "--quiet",
            "--manifest-path",
            &self.manifest,
            "--target-dir",
            &self.target,
        ]
    }

    /// `cargo build -p package`, with `extra` arguments.
    pub fn build<'a>(&'a self, package: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = self.command("build");
        args.extend(["-p", package]);
        args.extend(extra);
        args
    }

    /// `cargo clean` of `packages`.
    pub fn clean<'a>(&'a self, packages: &[&'a str]) -> Vec<&'a str> {
        let mut args = self.command("clean");
        for p in packages {
            args.extend(["-p", p]);
        }
        args
    }
}

fn run(root: &Path, args: &[&str]) -> bool {
    let status = Command::new(cargo()).args(args).current_dir(root).status();
    if !status.as_ref().is_ok_and(|s| s.success()) {
        eprintln!("failed: cargo {}", args.join(" "));
        return false;
    }
    true
}

/// Runs cargo with `args` through `xtask __measure`, a child of its own, so
/// the peak memory read from its finished children is this command's alone.
pub fn measure(root: &Path, args: &[&str]) -> Option<Measured> {
    measure_with(root, args, &[])
}

/// [`measure`] with extra environment variables for cargo.
pub fn measure_with(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Option<Measured> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new(&exe)
        .arg("__measure")
        .arg(cargo())
        .args(args)
        .current_dir(root)
        .envs(env.iter().copied())
        .output();
    // Rebuilding xtask while it benches replaces the file it runs from.
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            eprintln!("cannot run {}: {e}", exe.display());
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let parsed = text
        .trim()
        .split_once(' ')
        .and_then(|(ms, kib)| Some((ms.parse::<f64>().ok()?, kib.parse::<f64>().ok()?)));
    match (out.status.success(), parsed) {
        (true, Some((ms, kib))) => Some(Measured {
            time: Duration::from_secs_f64(ms / 1e3),
            peak_mib: kib / 1024.0,
        }),
        _ => {
            eprintln!(
                "failed: cargo {}\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
            None
        }
    }
}

/// `xtask __measure PROGRAM ARGS…`: runs the program and prints its wall
/// time in milliseconds and the peak resident memory in KiB of the largest
/// process among it and its descendants.
pub fn measure_child(args: &[String]) -> std::process::ExitCode {
    let Some((program, rest)) = args.split_first() else {
        return std::process::ExitCode::FAILURE;
    };
    let started = std::time::Instant::now();
    // Warnings of the measured crate are not the benchmark's business; they
    // are shown only when the build fails.
    let out = Command::new(program)
        .args(rest)
        .stdout(std::process::Stdio::null())
        .output();
    let elapsed = started.elapsed();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            eprint!("{}", String::from_utf8_lossy(&o.stderr));
            return std::process::ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("cannot run {program}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    println!(
        "{:.1} {}",
        elapsed.as_secs_f64() * 1e3,
        peak_of_children_kib()
    );
    std::process::ExitCode::SUCCESS
}

/// `ru_maxrss` of the waited-for descendants (KiB on Linux).
fn peak_of_children_kib() -> i64 {
    // SAFETY: getrusage writes one plain struct that we own.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) == 0 {
            usage.ru_maxrss
        } else {
            0
        }
    }
}
