//! Contract run: checks that each generated SDK speaks the vendor's real API,
//! as judged by Prism, a mock server we did not write, from the vendors' own
//! OpenAPI documents.
//!
//! For each API three Prism instances serve the vendor document: static
//! examples with `--errors`, static examples without it (used only when the
//! document's examples break its own response schema) and random
//! schema-valid data (`--dynamic`). A recording relay sits in front of each,
//! so the run sees exactly what went over the wire and every `sl-violations`
//! header. Every operation is called with only its required inputs and with
//! every optional input; the full call must carry every query parameter and
//! body field the vendor declares. Every answer must decode, and decode
//! without dropping or changing a value; half of the dynamic answers are
//! cut down to the properties their schema requires, since Prism's random
//! data always fills in every optional one.
//!
//! `cargo xtask contract` runs it (and `cargo xtask test` does too).
//! Environment: `SDKGEN_REFERENCE_DIR` (default `../shared/reference` beside
//! the checkout) locates the vendor documents, which are read in place.

mod call;
mod check;
mod portsip;
mod prism;
mod recorder;
mod request_body;
mod report;
mod ringcentral;
mod vendor;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use prism::{Mode, Prism};
use recorder::{Recorder, Rewrite};
use report::Row;
use vendor::Document;

/// A vendor document and the SDK that must speak its API.
struct Api {
    name: &'static str,
    /// Path below the reference directory.
    document: &'static str,
}

const APIS: [Api; 2] = [
    Api { name: "ringcentral", document: "ringcentral/rc-platform.openapi.yaml" },
    Api { name: "portsip", document: "portsip/portsip-pbx-rest-api-22.0.openapi.json" },
];

const MODES: [Mode; 3] = [Mode::StaticErrors, Mode::Static, Mode::Dynamic];

/// Stands in for an access token; Prism checks only that one is sent.
const TOKEN: &str = "U0pDMTFQMDFQQVMwMHxBQUJfTU5rRzJqMzZqcE5y";

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("contract: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<bool, String> {
    let started = Instant::now();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = here.parent().unwrap_or(here);
    let reference = match std::env::var_os("SDKGEN_REFERENCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace.parent().unwrap_or(workspace).join("shared/reference"),
    };
    let documents: Vec<PathBuf> = APIS.iter().map(|api| reference.join(api.document)).collect();
    for path in &documents {
        if !path.is_file() {
            return Err(format!("vendor document {} not found; set SDKGEN_REFERENCE_DIR to the directory holding `ringcentral/` and `portsip/`", path.display()));
        }
    }
    let bin = prism::ensure_installed(here)?;
    let logs = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from).join("contract");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;

    // All six start at once; each takes a few seconds to read its document.
    let mut servers = Vec::new();
    for (api, document) in APIS.iter().zip(&documents) {
        for mode in MODES {
            let log = logs.join(format!("prism-{}-{}.log", api.name, mode.label().replace(", ", "-")));
            servers.push(Prism::start(&bin, document, mode, log)?);
        }
    }
    let loaded: Vec<Arc<Document>> = documents.iter().map(|d| Document::load(d).map(Arc::new)).collect::<Result<_, _>>()?;
    for server in &mut servers {
        server.wait_ready()?;
    }
    println!("contract: {} Prism servers ready in {:.1} s (logs in {})", servers.len(), started.elapsed().as_secs_f64(), logs.display());

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let rows = runtime.block_on(check_all(&servers, &loaded))?;
    drop(servers);

    print!("{}", report::render(&rows));
    println!("contract run took {:.1} s", started.elapsed().as_secs_f64());
    Ok(rows.iter().all(Row::passed))
}

async fn check_all(servers: &[Prism], documents: &[Arc<Document>]) -> Result<Vec<Row>, String> {
    let mut relays = Vec::new();
    for (i, server) in servers.iter().enumerate() {
        let rewrite: Option<Rewrite> = (server.mode == Mode::Dynamic).then(|| {
            let document = documents[i / MODES.len()].clone();
            Arc::new(move |e: &recorder::Exchange| document.without_optional_fields(e)) as Rewrite
        });
        relays.push(Recorder::start(server.address, rewrite).await.map_err(|e| format!("cannot start a relay: {e}"))?);
    }
    // `i` indexes `APIS`: 0 is RingCentral, 1 is PortSIP.
    let targets = |i: usize| check::Targets {
        strict: &relays[i * MODES.len()],
        lenient: &relays[i * MODES.len() + 1],
        dynamic: &relays[i * MODES.len() + 2],
        document: &documents[i],
    };
    canary(&targets(0)).await?;

    let mut rows = Vec::new();
    // The two SDKs' clients are types of their own crates, so
    // the loop is written once for both by a macro. `::$sdk` is the SDK
    // crate, `$sdk` this crate's module of its operations.
    macro_rules! check_sdk {
        ($sdk:ident, $targets:expr) => {
            let targets = $targets;
            for &(operation, operation_id) in $sdk::OPERATIONS {
                let mut row = Row { operation: format!("{} {operation}", stringify!($sdk)), operation_id, ..Row::default() };
                check::operation(&mut row, &targets, |url, inputs| async move {
                    let client = ::$sdk::Client::builder()
                        .base_url(url)
                        .bearer_token(TOKEN)
                        .retry_policy(::$sdk::RetryPolicy::none())
                        .timeout(Duration::from_secs(30))
                        .build()?;
                    $sdk::call(&client, operation, inputs).await
                })
                .await;
                rows.push(row);
            }
        };
    }
    check_sdk!(ringcentral, targets(0));
    check_sdk!(portsip, targets(1));
    Ok(rows)
}

/// Proves the judge can say no: a request the SDK itself would refuse to
/// send (quantity 51, above the vendor's maximum of 50), sent by hand
/// through the relay, must come back rejected with an `sl-violations` header.
async fn canary(targets: &check::Targets<'_>) -> Result<(), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = targets.strict.url.trim_start_matches("http://");
    let body = r#"{"type":"OtherPhone","quantity":51}"#;
    let request = format!(
        "POST /restapi/v2/accounts/~/device-inventory HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(address).await.map_err(|e| format!("canary: {e}"))?;
    stream.write_all(request.as_bytes()).await.map_err(|e| format!("canary: {e}"))?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.map_err(|e| format!("canary: {e}"))?;
    let exchanges = targets.strict.take();
    match exchanges.as_slice() {
        [e] if (400..500).contains(&e.status) && e.violations.as_deref().is_some_and(|v| v.contains("quantity")) => Ok(()),
        other => Err(format!("canary: Prism accepted a request that breaks the vendor document (quantity 51), so it is not judging requests: {other:?}")),
    }
}
