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

mod accepts;
mod apis;
mod call;
mod check;
mod prism;
mod recorder;
mod report;
mod request_body;
mod sdks;
mod synth;
mod vendor;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use apis::ApiData;
use call::{Failure, Inputs};
use prism::{Mode, Prism};
use recorder::{Recorder, Rewrite};
use report::Row;
use sdks::{Sdk, SDKS};
use vendor::Document;

const MODES: [Mode; 3] = [Mode::StaticErrors, Mode::Static, Mode::Dynamic];

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
    let reference = sdkgen_openapi::reference::folder(workspace);
    let mut data = apis::load(&here.join("apis.yaml"))?;
    let mut apis: Vec<(&Sdk, ApiData)> = Vec::new();
    for sdk in &SDKS {
        let entry = data
            .remove(sdk.name)
            .ok_or_else(|| format!("contract/apis.yaml has no entry `{}`", sdk.name))?;
        apis.push((sdk, entry));
    }
    if let Some(extra) = data.keys().next() {
        return Err(format!(
            "contract/apis.yaml: `{extra}` is not an SDK of contract/src/sdks.rs"
        ));
    }
    let mut documents: Vec<PathBuf> = Vec::new();
    for (sdk, _) in &apis {
        let entry = sdkgen_openapi::reference::named(sdk.name)
            .ok_or_else(|| format!("openapi/reference.yaml has no document `{}`", sdk.name))?;
        let path = entry.file(&reference);
        if !path.is_file() {
            return Err(format!(
                "vendor document {} not found; {}",
                path.display(),
                sdkgen_openapi::reference::HOW_TO_GET
            ));
        }
        documents.push(path);
    }
    let bin = prism::ensure_installed(here)?;
    let logs = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from)
        .join("contract");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;

    // All start at once; each takes a few seconds to read its document.
    let mut servers = Vec::new();
    for ((sdk, _), document) in apis.iter().zip(&documents) {
        for mode in MODES {
            let log = logs.join(format!(
                "prism-{}-{}.log",
                sdk.name,
                mode.label().replace(", ", "-")
            ));
            servers.push(Prism::start(&bin, document, mode, log)?);
        }
    }
    let loaded: Vec<Arc<Document>> = documents
        .iter()
        .map(|d| Document::load(d).map(Arc::new))
        .collect::<Result<_, _>>()?;
    for server in &mut servers {
        server.wait_ready()?;
    }
    println!(
        "contract: {} Prism servers ready in {:.1} s (logs in {})",
        servers.len(),
        started.elapsed().as_secs_f64(),
        logs.display()
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let rows = runtime.block_on(check_all(&servers, &loaded, &apis))?;
    drop(servers);

    print!("{}", report::render(&rows));
    println!("contract run took {:.1} s", started.elapsed().as_secs_f64());
    Ok(rows.iter().all(Row::passed))
}

async fn check_all(
    servers: &[Prism],
    documents: &[Arc<Document>],
    apis: &[(&Sdk, ApiData)],
) -> Result<Vec<Row>, String> {
    let mut relays = Vec::new();
    for (i, server) in servers.iter().enumerate() {
        let rewrite: Option<Rewrite> = (server.mode == Mode::Dynamic).then(|| {
            let document = documents[i / MODES.len()].clone();
            Arc::new(move |e: &recorder::Exchange| document.without_optional_fields(e)) as Rewrite
        });
        relays.push(
            Recorder::start(server.address, rewrite)
                .await
                .map_err(|e| format!("cannot start a relay: {e}"))?,
        );
    }
    // The APIs run side by side: each has its own Prism servers, and Prism
    // answers one request at a time, so two keep both cores busy.
    let only = std::env::var("SDKGEN_CONTRACT_ONLY").ok();
    let only: Option<Vec<&str>> = only
        .as_deref()
        .map(|o| o.split(',').map(str::trim).collect());
    let mut checks = Vec::new();
    for (i, ((sdk, data), document)) in apis.iter().zip(documents).enumerate() {
        let targets = check::Targets {
            strict: &relays[i * MODES.len()],
            lenient: &relays[i * MODES.len() + 1],
            dynamic: &relays[i * MODES.len() + 2],
            document,
        };
        canary(&targets, sdk.name, &data.canary).await?;
        let operations: Vec<synth::Operation<'_>> = synth::operations(document)
            .into_iter()
            .filter(|op| {
                only.as_ref()
                    .is_none_or(|o| o.contains(&op.id) || o.contains(&sdk.name))
            })
            .collect();
        checks.push(check_api(targets, sdk, data, operations));
    }
    Ok(futures_util::future::join_all(checks)
        .await
        .into_iter()
        .flatten()
        .collect())
}

/// Checks every operation of one API, saying how far it got now and then.
async fn check_api(
    targets: check::Targets<'_>,
    sdk: &Sdk,
    data: &ApiData,
    operations: Vec<synth::Operation<'_>>,
) -> Vec<Row> {
    let started = Instant::now();
    let none = apis::InputFacts::default();
    let mut rows = Vec::new();
    for (n, op) in operations.iter().enumerate() {
        let facts = data.inputs.get(op.id).unwrap_or(&none);
        let inputs = |which: Inputs| {
            facts.apply(
                synth::inputs(targets.document, op, which, facts.choices()),
                which,
            )
        };
        let (required, full) = (inputs(Inputs::Required), inputs(Inputs::Full));
        let mut row = Row {
            operation: format!(
                "{} {} {}",
                sdk.name,
                op.method.to_ascii_uppercase(),
                op.path
            ),
            operation_id: op.id.to_owned(),
            ..Row::default()
        };
        check::operation(&mut row, &targets, |url, which| {
            let given = if which == Inputs::Full {
                full.clone()
            } else {
                required.clone()
            };
            call(sdk, &data.credentials, url, op.id, given)
        })
        .await;
        if std::env::var_os("SDKGEN_CONTRACT_VERBOSE").is_some() && !row.passed() {
            println!(
                "contract: FAIL {} ({}): {:?}",
                row.operation, row.operation_id, row.problems
            );
        }
        rows.push(row);
        if (n + 1) % 100 == 0 || n + 1 == operations.len() {
            let failed = rows.iter().filter(|r| !r.passed()).count();
            println!(
                "contract: {} {}/{} operations checked, {failed} failed so far ({:.0} s)",
                sdk.name,
                n + 1,
                operations.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    rows
}

/// One call of `operation_id` through `sdk`'s harness.
async fn call(
    sdk: &Sdk,
    credentials: &sdks::Credentials,
    url: String,
    operation_id: &str,
    given: serde_json::Value,
) -> call::Decoded {
    let inputs = sdkgen_runtime::harness::Inputs::new(given).map_err(Failure::Other)?;
    match (sdk.start)(&url, credentials, operation_id, &inputs) {
        None => Err(Failure::Other(format!(
            "the SDK has no method for operation `{operation_id}`"
        ))),
        Some(Err(refused)) => Err(Failure::Other(format!(
            "the SDK refused the inputs: {refused}"
        ))),
        Some(Ok(started)) => started.await,
    }
}

/// Proves the judge can say no: a request that breaks the vendor document
/// (`contract/apis.yaml` gives it), sent by hand through the relay, must
/// come back rejected with an `sl-violations` header naming what is wrong.
async fn canary(
    targets: &check::Targets<'_>,
    api: &str,
    canary: &apis::Canary,
) -> Result<(), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = targets.strict.url.trim_start_matches("http://");
    let body = canary.body.to_string();
    let headers: String = canary
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let request = format!(
        "{} HTTP/1.1\r\nHost: {address}\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        canary.request,
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|e| format!("canary: {e}"))?;
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("canary: {e}"))?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|e| format!("canary: {e}"))?;
    let exchanges = targets.strict.take();
    match exchanges.as_slice() {
        [e] if (400..500).contains(&e.status) && e.violations.as_deref().is_some_and(|v| v.contains(&canary.refused_for)) => Ok(()),
        other => Err(format!("canary of {api}: Prism accepted `{}` that breaks the vendor document ({}), so it is not judging requests: {other:?}", canary.request, canary.refused_for)),
    }
}
