//! One run: Prism started for each API's document, every operation checked.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::apis::{self, ApiData};
use crate::call::{self, Failure, Inputs};
use crate::canary;
use crate::check;
use crate::prism::{self, Mode, Prism};
use crate::recorder::{self, Recorder, Rewrite};
use crate::report::{self, Row};
use crate::sdks::{self, Sdk};
use crate::synth;
use crate::vendor::Document;

const MODES: [Mode; 3] = [Mode::StaticErrors, Mode::Static, Mode::Dynamic];

/// How a run is asked for, from the command line.
#[derive(Debug)]
struct Options {
    /// The file of facts per API (`contract/apis.yaml` by default).
    apis: PathBuf,
    /// Check only these: operation ids, API names, or `api:operationId`
    /// (with `SDKGEN_CONTRACT_ONLY`'s, when both are given).
    only: Vec<String>,
    /// How many APIs are checked at once (each with its own Prism servers).
    parallel: usize,
}

impl Options {
    fn parse(args: impl Iterator<Item = String>) -> Result<Options, String> {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut options = Options {
            apis: here.join("apis.yaml"),
            only: std::env::var("SDKGEN_CONTRACT_ONLY")
                .map(|o| list(&o))
                .unwrap_or_default(),
            parallel: 2,
        };
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            let mut value = |what: &str| args.next().ok_or_else(|| format!("`{arg}` needs {what}"));
            match arg.as_str() {
                "--apis" => options.apis = PathBuf::from(value("a file")?),
                "--only" => options.only.extend(list(&value("a list")?)),
                "--parallel" => {
                    let n = value("a number")?;
                    options.parallel = n
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("--parallel {n}: not a positive number"))?;
                }
                other => {
                    return Err(format!(
                        "unknown argument `{other}`; the run takes --apis FILE, --only LIST, --parallel N"
                    ));
                }
            }
        }
        Ok(options)
    }
}

/// The items of a comma-separated list.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Runs the contract run over `sdks`, as the command line asks, and says
/// whether every checked operation passed.
pub fn main(sdks: &[Sdk]) -> ExitCode {
    let result = Options::parse(std::env::args().skip(1)).and_then(|o| run(sdks, &o));
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("contract: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(sdks: &[Sdk], options: &Options) -> Result<bool, String> {
    let started = Instant::now();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = here.parent().unwrap_or(here);
    let reference = sdkgen_openapi::reference::folder(workspace);
    let mut data = apis::load(&options.apis)?;
    let mut apis: Vec<(&Sdk, ApiData, PathBuf)> = Vec::new();
    for sdk in sdks {
        let entry = data
            .remove(sdk.name)
            .ok_or_else(|| format!("{} has no entry `{}`", options.apis.display(), sdk.name))?;
        let document = sdkgen_openapi::reference::named(sdk.name)
            .ok_or_else(|| format!("openapi/reference.yaml has no document `{}`", sdk.name))?
            .file(&reference);
        if !document.is_file() {
            return Err(format!(
                "vendor document {} not found; {}",
                document.display(),
                sdkgen_openapi::reference::HOW_TO_GET
            ));
        }
        apis.push((sdk, entry, document));
    }
    if let Some(extra) = data.keys().next() {
        return Err(format!(
            "{}: `{extra}` is not an SDK this run links",
            options.apis.display()
        ));
    }
    let bin = prism::ensure_installed(here)?;
    let logs = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace.join("target"), PathBuf::from)
        .join("contract");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    // A few APIs at a time: each has three Prism servers holding its whole
    // document in memory, and Prism answers one request at a time, so two
    // APIs side by side keep both cores busy.
    for batch in apis.chunks(options.parallel) {
        let mut servers = Vec::new();
        for (sdk, _, document) in batch {
            for mode in MODES {
                let log = logs.join(format!(
                    "prism-{}-{}.log",
                    sdk.name,
                    mode.label().replace(", ", "-")
                ));
                servers.push(Prism::start(&bin, document, mode, log)?);
            }
        }
        let loaded: Vec<Arc<Document>> = batch
            .iter()
            .map(|(_, _, d)| Document::load(d).map(Arc::new))
            .collect::<Result<_, _>>()?;
        for server in &mut servers {
            server.wait_ready()?;
        }
        // Each relay may bring its server back (see `Prism::revive`).
        let servers: Vec<Arc<Mutex<Prism>>> = servers
            .into_iter()
            .map(|s| Arc::new(Mutex::new(s)))
            .collect();
        println!(
            "contract: {} Prism servers ready at {:.1} s (logs in {})",
            servers.len(),
            started.elapsed().as_secs_f64(),
            logs.display()
        );
        let batch: Vec<(&Sdk, &ApiData)> = batch.iter().map(|(s, d, _)| (*s, d)).collect();
        rows.extend(runtime.block_on(check_all(&servers, &loaded, &batch, &options.only))?);
    }

    print!("{}", report::render(&rows));
    println!("contract run took {:.1} s", started.elapsed().as_secs_f64());
    Ok(rows.iter().all(Row::passed))
}

async fn check_all(
    servers: &[Arc<Mutex<Prism>>],
    documents: &[Arc<Document>],
    apis: &[(&Sdk, &ApiData)],
    only: &[String],
) -> Result<Vec<Row>, String> {
    let mut relays = Vec::new();
    for (i, shared) in servers.iter().enumerate() {
        let (mode, address) = {
            let server = shared.lock().unwrap_or_else(|p| p.into_inner());
            (server.mode, server.address)
        };
        let rewrite: Option<Rewrite> = (mode == Mode::Dynamic).then(|| {
            let document = documents[i / MODES.len()].clone();
            Arc::new(move |e: &recorder::Exchange| document.without_optional_fields(e)) as Rewrite
        });
        let mut relay = Recorder::start(address, rewrite)
            .await
            .map_err(|e| format!("cannot start a relay: {e}"))?;
        let server = shared.clone();
        relay.set_revive(Arc::new(move |stuck| {
            let mut server = server.lock().unwrap_or_else(|p| p.into_inner());
            eprintln!(
                "contract: Prism ({}) on {} {}; bringing it back",
                server.mode.label(),
                server.address,
                if stuck {
                    "is stuck making an answer"
                } else {
                    "stopped answering"
                }
            );
            if stuck {
                server.restart("stuck")
            } else {
                server.revive()
            }
        }));
        relays.push(relay);
    }
    // The APIs run side by side: each has its own Prism servers, and Prism
    // answers one request at a time, so two keep both cores busy.
    let mut checks = Vec::new();
    let mut failed = Vec::new();
    for (i, ((sdk, data), document)) in apis.iter().zip(documents).enumerate() {
        let targets = check::Targets {
            strict: &relays[i * MODES.len()],
            lenient: &relays[i * MODES.len() + 1],
            dynamic: &relays[i * MODES.len() + 2],
            document,
        };
        // A judge that cannot be shown to refuse proves nothing about this
        // API: its run fails, the others go on.
        if let Err(e) = canary::check(&targets, sdk.name, document, data).await {
            eprintln!("contract: {e}");
            let mut row = Row {
                api: sdk.name.to_owned(),
                operation: format!("{} canary", sdk.name),
                operation_id: "-".to_owned(),
                ..Row::default()
            };
            row.problems.insert(e);
            failed.push(row);
            continue;
        }
        let operations: Vec<synth::Operation<'_>> = synth::operations(document)
            .into_iter()
            .filter(|op| {
                only.is_empty()
                    || only.iter().any(|o| {
                        o == op.id || o == sdk.name || o.split_once(':') == Some((sdk.name, op.id))
                    })
            })
            .collect();
        checks.push(check_api(targets, sdk, data, operations));
    }
    let mut rows = failed;
    rows.extend(
        futures_util::future::join_all(checks)
            .await
            .into_iter()
            .flatten(),
    );
    Ok(rows)
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
            api: sdk.name.to_owned(),
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
