//! What an SDK costs the program that uses it: a program calling many
//! methods, built clean, then rebuilt after a one-line edit of its own
//! `main.rs`, which is how a user lives with an SDK (the crate benches
//! measure only the SDK crate, while `#[inline]` methods and generic
//! decoders are compiled in the caller).
//!
//! Two programs of ours, one of progenitor's:
//! - 50 RingCentral methods spread over its services (with the features
//!   they need): absolute figures;
//! - every method of the Devices service, against our `ringcentral` crate
//!   (feature `devices`, the default services off) and against
//!   progenitor's positional crate of the same operations: the ratios,
//!   since that is the work both can do.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::calls::{self, Method};
use super::compile::{Builds, Measured, measure_with};
use super::median;

/// Methods of the whole-API program.
const METHODS: usize = 50;
/// Clean builds and edit rebuilds per program; the median is printed.
const RUNS: usize = 3;

/// A user builds in the dev profile, where cargo compiles incrementally
/// unless told not to; the edit rebuild is measured that way.
const AS_A_USER: &[(&str, &str)] = &[("CARGO_INCREMENTAL", "1")];

/// The program's `main.rs`: the calls, and a line the bench edits.
fn main_rs(krate: &str, methods: &[Method], edit: usize) -> String {
    let calls: String = methods
        .iter()
        .map(|m| format!("    {}\n", m.statement()))
        .collect();
    format!(
        "//! Written by `cargo xtask bench`: {} methods of `{krate}`, built and never run.\n\
         use std::future::Future;\n\n\
         fn any<T>() -> T {{\n    panic!(\"built by the benchmark, never run\")\n}}\n\n\
         async fn calls(client: &{krate}::Client) {{\n{calls}}}\n\n\
         fn main() {{\n    println!(\"edit {edit}\");\n    let client: {krate}::Client = any();\n    \
         let mut cx = std::task::Context::from_waker(std::task::Waker::noop());\n    \
         let mut calls = std::pin::pin!(calls(&client));\n    \
         let _ = calls.as_mut().poll(&mut cx);\n}}\n",
        methods.len()
    )
}

/// A program crate at `dir` depending on `dependency` (a manifest line),
/// in a workspace of its own when `own_workspace`.
fn write_program(
    dir: &Path,
    name: &str,
    dependency: &str,
    main: &str,
    own_workspace: bool,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let workspace = if own_workspace { "\n[workspace]\n" } else { "" };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{dependency}\n{workspace}"
        ),
    )?;
    std::fs::write(dir.join("src/main.rs"), main)
}

/// A program's clean build (the program and the SDK crate; other
/// dependencies built already) and its rebuild after an edit of `main.rs`.
struct Figures {
    clean: Measured,
    edit: Measured,
}

/// A program written and ready to build: its crate, its SDK's package, and
/// its `main.rs` after each edit.
struct Program<'a> {
    dir: PathBuf,
    name: String,
    sdk: &'static str,
    cargo: Builds,
    offline: bool,
    main: Box<dyn Fn(usize) -> String + 'a>,
    edits: Cell<usize>,
}

impl<'a> Program<'a> {
    fn new(
        dir: PathBuf,
        target: &Path,
        sdk: &'static str,
        offline: bool,
        main: impl Fn(usize) -> String + 'a,
    ) -> Option<Self> {
        let name = dir.file_name()?.to_string_lossy().into_owned();
        let cargo = Builds::new(&dir.join("Cargo.toml"), target);
        Some(Program {
            dir,
            name,
            sdk,
            cargo,
            offline,
            main: Box::new(main),
            edits: Cell::new(0),
        })
    }

    fn build(&self) -> Vec<&str> {
        let offline: &[&str] = if self.offline { &["--offline"] } else { &[] };
        self.cargo.build(&self.name, offline)
    }

    /// The first build, which compiles the dependencies.
    fn prepare(&self, root: &Path) -> Option<()> {
        eprintln!("$ cargo {}", self.build().join(" "));
        measure_with(root, &self.build(), AS_A_USER).map(|_| ())
    }

    /// A clean build of the program and its SDK (other dependencies built).
    fn clean_build(&self, root: &Path) -> Option<Measured> {
        measure_with(root, &self.cargo.clean(&[&self.name, self.sdk]), &[])?;
        measure_with(root, &self.build(), AS_A_USER)
    }

    /// A rebuild after `main.rs` changes one line.
    fn edit_rebuild(&self, root: &Path) -> Option<Measured> {
        let edit = self.edits.get() + 1;
        self.edits.set(edit);
        std::fs::write(self.dir.join("src/main.rs"), (self.main)(edit)).ok()?;
        measure_with(root, &self.build(), AS_A_USER)
    }

    /// `RUNS` clean builds, then `RUNS` edit rebuilds.
    fn figures(&self, root: &Path) -> Option<Figures> {
        self.prepare(root)?;
        let cleans = (0..RUNS)
            .map(|_| self.clean_build(root))
            .collect::<Option<Vec<_>>>()?;
        let edits = (0..RUNS)
            .map(|_| self.edit_rebuild(root))
            .collect::<Option<Vec<_>>>()?;
        Some(Figures {
            clean: summary(&cleans),
            edit: summary(&edits),
        })
    }
}

/// Two programs' figures, and the ratios of `a`'s times over `b`'s: each
/// clean build and each edit rebuild of `a` is followed by `b`'s, and the
/// ratio is the median of those rounds' (see `super::in_turns`).
struct InTurns {
    a: Figures,
    b: Figures,
    clean: f64,
    edit: f64,
}

fn in_turns(root: &Path, a: &Program, b: &Program) -> Option<InTurns> {
    a.prepare(root)?;
    b.prepare(root)?;
    let clean = super::in_turns(RUNS, || a.clean_build(root), || b.clean_build(root))?;
    let edit = super::in_turns(RUNS, || a.edit_rebuild(root), || b.edit_rebuild(root))?;
    Some(InTurns {
        a: Figures {
            clean: summary(&clean.a),
            edit: summary(&edit.a),
        },
        b: Figures {
            clean: summary(&clean.b),
            edit: summary(&edit.b),
        },
        clean: clean.ratio,
        edit: edit.ratio,
    })
}

/// The median time and the highest peak of several runs.
fn summary(runs: &[Measured]) -> Measured {
    let mut times: Vec<Duration> = runs.iter().map(|m| m.time).collect();
    Measured {
        time: median(&mut times),
        peak_mib: runs.iter().map(|m| m.peak_mib).fold(0.0, f64::max),
    }
}

fn print(label: &str, f: &Figures) {
    println!(
        "{label}, clean build: {:.2} s (median of {RUNS}), peak {:.0} MiB",
        f.clean.time.as_secs_f64(),
        f.clean.peak_mib
    );
    println!(
        "{label}, rebuild after a one-line edit of main.rs: {:.2} s (median of {RUNS}), peak {:.0} MiB",
        f.edit.time.as_secs_f64(),
        f.edit.peak_mib
    );
}

/// Our program over `methods` of the `ringcentral` crate, in the bench's
/// user workspace (`programs/<name>`).
fn ours<'a>(
    workspace: &Path,
    target: &Path,
    name: &str,
    methods: &'a [Method],
) -> Option<Program<'a>> {
    // Only the services it calls, as a user who cares about build times
    // writes it: the crate's default services off, its other defaults
    // (the HTTP/2 switch) kept.
    let manifest = workspace.join("generated/ringcentral/Cargo.toml");
    let manifest = match std::fs::read_to_string(&manifest) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {}: {e}", manifest.display());
            return None;
        }
    };
    let services = feature_list(&manifest, "full");
    let mut features: BTreeSet<String> = feature_list(&manifest, "default")
        .into_iter()
        .filter(|f| !services.contains(f))
        .collect();
    features.extend(methods.iter().filter_map(|m| m.feature.clone()));
    let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    let dependency = format!(
        "ringcentral = {{ path = \"../../generated/ringcentral\", default-features = false, features = [{}] }}",
        features.join(", ")
    );
    let dir = workspace.join("programs").join(name);
    let main = move |edit| main_rs("ringcentral", methods, edit);
    let written = write_program(&dir, name, &dependency, &main(0), false)
        .and_then(|()| super::compile::write_workspace_manifest(workspace));
    if let Err(e) = written {
        eprintln!("cannot write {}: {e}", dir.display());
        return None;
    }
    Program::new(dir, target, "ringcentral", true, main)
}

/// The features a manifest's `[features]` table lists under `name`
/// (generated manifests write each list on one line).
fn feature_list(manifest: &str, name: &str) -> BTreeSet<String> {
    manifest
        .lines()
        .find_map(|l| l.strip_prefix(name)?.trim_start().strip_prefix('='))
        .map(|list| {
            list.trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|f| f.trim().trim_matches('"').to_owned())
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The user-program figures; `workspace` is the bench's user workspace
/// (with `programs/*` among its members) and `target` its target directory.
pub fn figures(root: &Path, workspace: &Path, target: &Path) -> bool {
    let sdk = workspace.join("generated/ringcentral");
    if !sdk.is_dir() {
        return true;
    }
    let all = match calls::ours(&sdk, "ringcentral") {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read the RingCentral crate's methods: {e}");
            return false;
        }
    };
    let sample = calls::spread(&all, METHODS);
    let services: BTreeSet<&str> = sample.iter().map(|m| m.receiver.as_str()).collect();
    let Some(whole) = ours(workspace, target, "ringcentral-program", &sample)
        .and_then(|program| program.figures(root))
    else {
        return false;
    };
    print(
        &format!(
            "user program ({} ringcentral methods of {} services)",
            sample.len(),
            services.len()
        ),
        &whole,
    );
    // Progenitor's crate first: our Devices program calls the operations
    // its crate has, so both programs do the same work.
    let theirs = super::progenitor::positional_crate(root).and_then(|krate| {
        calls::progenitor(&krate, "rc_devices")
            .map_err(|e| eprintln!("cannot read progenitor's methods: {e}"))
            .ok()
            .map(|methods| (krate, methods))
    });
    let devices: Vec<Method> = all
        .iter()
        .filter(|m| m.feature.as_deref() == Some("devices"))
        .filter(|m| {
            theirs
                .as_ref()
                .is_none_or(|(_, t)| t.iter().any(|p| p.name == m.name))
        })
        .cloned()
        .collect();
    let Some(our_devices) = ours(workspace, target, "devices-program", &devices) else {
        return false;
    };
    let our_label = format!(
        "user program ({} Devices methods, ringcentral, feature devices alone)",
        devices.len()
    );
    let Some((krate, methods)) = theirs else {
        return our_devices
            .figures(root)
            .map(|f| print(&our_label, &f))
            .is_some();
    };
    let methods: Vec<Method> = methods
        .into_iter()
        .filter(|p| devices.iter().any(|m| m.name == p.name))
        .collect();
    let Some(their_devices) = progenitor_program(root, &krate, &methods) else {
        return false;
    };
    // Built in turns, each of ours followed by theirs, so both share the
    // machine's drift over the minutes the builds take.
    let Some(turns) = in_turns(root, &our_devices, &their_devices) else {
        return false;
    };
    print(&our_label, &turns.a);
    print(
        &format!(
            "user program ({} Devices methods, progenitor positional)",
            methods.len()
        ),
        &turns.b,
    );
    println!(
        "user program clean build vs progenitor: {:.2}x (median of {RUNS} rounds, built in turns)",
        turns.clean
    );
    println!(
        "user program edit rebuild vs progenitor: {:.2}x (median of {RUNS} rounds, built in turns)",
        turns.edit
    );
    true
}

/// The Devices program against progenitor's positional crate at `krate`,
/// calling `methods`.
fn progenitor_program<'a>(root: &Path, krate: &Path, methods: &'a [Method]) -> Option<Program<'a>> {
    let dir = super::bench_dir(root)
        .join("progenitor")
        .join("devices-program");
    let main = move |edit| main_rs("rc_devices", methods, edit);
    // progenitor's crate asks for reqwest with no TLS and no HTTP/2, so as
    // generated it cannot reach an HTTPS API: its user turns them on, as
    // our crate's program has them (its runtime's `rustls`, and `http2` among
    // the crate's defaults), so both programs link the same transport.
    let dependency = format!(
        "rc-devices = {{ path = {:?} }}\n\
         reqwest = {{ version = \"0.13\", default-features = false, features = [\"rustls\", \"http2\"] }}",
        krate.display().to_string()
    );
    if let Err(e) = write_program(&dir, "devices-program", &dependency, &main(0), true) {
        eprintln!("cannot write {}: {e}", dir.display());
        return None;
    }
    let target = super::bench_dir(root).join("progenitor-target");
    Program::new(dir, &target, "rc-devices", false, main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_calls_each_method_and_has_a_line_to_edit() {
        let m = Method {
            feature: Some("devices".into()),
            receiver: "client.devices()".into(),
            name: "read_device".into(),
            args: vec!["\"\"".into(), "any()".into()],
        };
        let text = main_rs("ringcentral", &[m], 2);
        assert!(text.contains("let _ = client.devices().read_device(\"\", any()).await;"));
        assert!(text.contains("println!(\"edit 2\");"));
        assert!(syn::parse_file(&text).is_ok(), "{text}");
    }
}
