//! `cargo xtask fetch-reference` against a file server on 127.0.0.1: it
//! downloads what is missing, keeps a file only when its SHA-256 is the
//! recorded one, leaves present files alone, and says which documents it
//! cannot fetch.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

/// Serves the files of `dir` over HTTP/1.1 until the test ends (404 when missing).
fn serve(dir: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let line = String::from_utf8_lossy(&request)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            let path = line
                .split(' ')
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/')
                .to_owned();
            let answer = match std::fs::read(dir.join(&path)) {
                Ok(body) => [
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes(),
                    body,
                ]
                .concat(),
                Err(_) => {
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_vec()
                }
            };
            let _ = stream.write_all(&answer);
        }
    });
    base
}

fn fetch(reference: &Path, list: &Path, mirror: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fetch-reference"))
        .args(["--list", list.to_str().unwrap(), "--mirror", mirror])
        .env("SDKGEN_REFERENCE_DIR", reference)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

const GOOD: &str = "openapi: 3.0.0\npaths: {}\n";

fn list(dir: &Path, entries: &str) -> std::path::PathBuf {
    let path = dir.join("list.yaml");
    std::fs::write(&path, entries).unwrap();
    path
}

#[test]
fn missing_documents_are_downloaded_verified_and_kept() {
    let served = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(served.path().join("vendor")).unwrap();
    std::fs::write(served.path().join("vendor/api.yaml"), GOOD).unwrap();
    let sha = sha256(GOOD.as_bytes());
    let work = tempfile::tempdir().unwrap();
    let reference = work.path().join("reference");
    let entries = format!(
        "vendor:\n  path: vendor/api.yaml\n  url: https://example.invalid/api.yaml\n  sha256: {sha}\nsplit:\n  path: split/api.yaml\n  source: the folder split/ of a repository\n"
    );
    let list = list(work.path(), &entries);
    let base = serve(served.path());
    let (ok, text) = fetch(&reference, &list, &base);
    assert!(ok, "{text}");
    assert!(
        text.contains("vendor: downloaded, SHA-256 verified"),
        "{text}"
    );
    assert!(
        text.contains("split: not fetched (no single URL): the folder split/"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(reference.join("vendor/api.yaml")).unwrap(),
        GOOD
    );
    let (ok, text) = fetch(&reference, &list, &base);
    assert!(
        ok && text.contains("vendor: present, SHA-256 verified"),
        "{text}"
    );
}

#[test]
fn a_file_that_is_not_the_recorded_one_is_refused_and_not_written() {
    let served = tempfile::tempdir().unwrap();
    std::fs::write(
        served.path().join("api.yaml"),
        "openapi: 3.0.0\npaths: {changed: true}\n",
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let reference = work.path().join("reference");
    let entries = format!(
        "changed:\n  path: api.yaml\n  url: https://example.invalid/api.yaml\n  sha256: {}\ngone:\n  path: gone.yaml\n  url: https://example.invalid/gone.yaml\n  sha256: {}\n",
        sha256(GOOD.as_bytes()),
        sha256(GOOD.as_bytes())
    );
    let list = list(work.path(), &entries);
    let (ok, text) = fetch(&reference, &list, &serve(served.path()));
    assert!(!ok, "{text}");
    assert!(
        text.contains("changed:") && text.contains("not the recorded"),
        "{text}"
    );
    assert!(text.contains("gone:") && text.contains("404"), "{text}");
    assert!(!reference.join("api.yaml").exists() && !reference.join("gone.yaml").exists());
}

/// SHA-256 by the system's `sha256sum`, so the test does not check the
/// command against its own code.
fn sha256(bytes: &[u8]) -> String {
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}
