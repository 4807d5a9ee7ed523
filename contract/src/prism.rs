//! The Prism mock server: installing the pinned version and running one
//! instance per vendor document and mode.

use std::fs::File;
use std::io::{self, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to read a vendor document and start listening
/// (about 4 s for a 1.7 MB document; minutes for a large multi-file one
/// while other Prism servers and builds share the two cores).
const START_LIMIT: Duration = Duration::from_secs(300);

/// Makes sure `node_modules` holds the Prism version pinned in `package.json`,
/// running `npm ci` (from the committed lock file) when it does not.
///
/// Two runs may start side by side (CI runs the vendor and the corpus
/// contract runs together): `npm ci` first deletes `node_modules`, so the
/// check and the install hold a lock, and the second run finds Prism there.
pub fn ensure_installed(dir: &Path) -> Result<PathBuf, String> {
    let lock_path = dir.join(".prism-install.lock");
    let lock = File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("locking {}: {e}", lock_path.display()))?;
    let pinned = pinned_version(dir)?;
    let bin = dir.join("node_modules/.bin/prism");
    if installed_version(dir).as_deref() == Some(pinned.as_str()) && bin.exists() {
        return Ok(bin);
    }
    eprintln!("contract: installing @stoplight/prism-cli {pinned} with `npm ci`");
    // Install scripts are skipped: Prism needs none, and one of its
    // dependencies would only phone home for usage statistics.
    let status = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .current_dir(dir)
        .status()
        .map_err(|e| {
            format!(
                "cannot run `npm ci` in {}: {e} (Node.js and npm must be installed)",
                dir.display()
            )
        })?;
    if !status.success() {
        return Err(format!("`npm ci` in {} failed: {status}", dir.display()));
    }
    match installed_version(dir) {
        Some(v) if v == pinned && bin.exists() => Ok(bin),
        other => Err(format!(
            "after `npm ci`, Prism is {other:?}, but package.json pins {pinned}"
        )),
    }
}

fn pinned_version(dir: &Path) -> Result<String, String> {
    let path = dir.join("package.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json["dependencies"]["@stoplight/prism-cli"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "{}: no exact `@stoplight/prism-cli` version under `dependencies`",
                path.display()
            )
        })
}

fn installed_version(dir: &Path) -> Option<String> {
    let text =
        std::fs::read_to_string(dir.join("node_modules/@stoplight/prism-cli/package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(str::to_owned)
}

/// What Prism answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The document's examples, and every violation, of the request or of
    /// Prism's own response, turned into an error response (`--errors`).
    StaticErrors,
    /// The document's examples; request violations are still refused (422 or
    /// the declared 400), response violations are only reported in the
    /// `sl-violations` header. Used when a vendor document's response schema
    /// rejects its own examples, so there is still a body to decode.
    Static,
    /// Random data valid against the response schema (`--dynamic`); request
    /// violations are refused as in `Static`.
    Dynamic,
}

impl Mode {
    /// Short name for logs and tables.
    pub fn label(self) -> &'static str {
        match self {
            Mode::StaticErrors => "static, errors",
            Mode::Static => "static",
            Mode::Dynamic => "dynamic",
        }
    }
}

/// A running Prism process; it is killed when this is dropped, so it stops
/// whatever way the run ends (success, failure or panic).
pub struct Prism {
    child: Child,
    /// How it was started, to start it again on another port.
    bin: PathBuf,
    document: PathBuf,
    /// Where Prism listens.
    pub address: SocketAddr,
    /// What it answers with.
    pub mode: Mode,
    /// Prism's own log.
    pub log: PathBuf,
}

impl Prism {
    /// Starts Prism on a free port of 127.0.0.1 for `document`; call
    /// [`Prism::wait_ready`] before sending requests.
    pub fn start(bin: &Path, document: &Path, mode: Mode, log: PathBuf) -> Result<Self, String> {
        let (child, port) = spawn(bin, document, mode, &log)?;
        Ok(Prism {
            child,
            bin: bin.to_owned(),
            document: document.to_owned(),
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            mode,
            log,
        })
    }

    /// Waits until Prism accepts connections, or reports why it never will.
    /// The free port it was given may be taken by another program before
    /// Prism binds it (nothing can hold a port for a child process): then it
    /// is started again on another, a few times.
    pub fn wait_ready(&mut self) -> Result<(), String> {
        let mut attempts = 1;
        loop {
            match self.wait_listening() {
                Err(e) if attempts < PORT_ATTEMPTS && e.contains("EADDRINUSE") => {
                    attempts += 1;
                    let (child, port) = spawn(&self.bin, &self.document, self.mode, &self.log)?;
                    self.child = child;
                    self.address = SocketAddr::from(([127, 0, 0, 1], port));
                }
                other => return other,
            }
        }
    }

    /// Makes sure the server answers again after a request to it failed:
    /// a Prism process that exited (it does, now and then, on a large
    /// document) is started again on the same port, so the relay in front
    /// of it keeps its address; one still listening is left alone.
    pub fn revive(&mut self) -> Result<(), String> {
        let exited = self.child.try_wait().map_err(|e| e.to_string())?.is_some();
        if !exited && TcpStream::connect_timeout(&self.address, Duration::from_secs(2)).is_ok() {
            return Ok(());
        }
        self.restart("died")
    }

    /// Stops Prism, whatever it is doing, and starts it again on the same
    /// port: for a server stuck making one answer (Prism answers one request
    /// at a time, so every later call would wait behind it). Its log so far
    /// is kept as `<log>.<why>.log`.
    pub fn restart(&mut self, why: &str) -> Result<(), String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The log of the run that ended says why; the new run logs afresh.
        let _ = std::fs::rename(&self.log, self.log.with_extension(format!("{why}.log")));
        self.child = spawn_on(
            &self.bin,
            &self.document,
            self.mode,
            &self.log,
            self.address.port(),
        )?;
        self.wait_listening()
    }

    fn wait_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Err(format!(
                    "Prism exited ({status}) before listening; its log:\n{}",
                    tail(&self.log)
                ));
            }
            if TcpStream::connect_timeout(&self.address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if started.elapsed() > START_LIMIT {
                return Err(format!(
                    "Prism did not listen on {} within {START_LIMIT:?}; its log:\n{}",
                    self.address,
                    tail(&self.log)
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Times a Prism is started on a new port when its port was taken.
const PORT_ATTEMPTS: usize = 5;

/// Starts Prism for `document` in `mode` on a free port, logging to `log`.
fn spawn(bin: &Path, document: &Path, mode: Mode, log: &Path) -> Result<(Child, u16), String> {
    let port = free_port().map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    Ok((spawn_on(bin, document, mode, log, port)?, port))
}

/// Starts Prism for `document` in `mode` on `port`, logging to `log`.
fn spawn_on(
    bin: &Path,
    document: &Path,
    mode: Mode,
    log: &Path,
    port: u16,
) -> Result<Child, String> {
    let mut cmd = Command::new(bin);
    cmd.args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()]);
    match mode {
        Mode::StaticErrors => {
            cmd.arg("--errors");
        }
        Mode::Static => {}
        Mode::Dynamic => {
            // No `--seed`: Prism reseeds before every answer, so a seed
            // would make all twenty answers the same.
            cmd.arg("--dynamic");
        }
    }
    cmd.arg(document);
    let out = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    cmd.stdin(Stdio::null()).stdout(out).stderr(err);
    cmd.spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The last lines of a log file.
fn tail(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut f) = File::open(path) {
        let _ = f.read_to_string(&mut text);
    }
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
