//! The three checks of one operation: requests Prism accepts, static answers
//! that decode, dynamic answers that decode.

use std::collections::BTreeMap;
#[cfg(test)]
use std::collections::BTreeSet;
use std::future::Future;

use serde_json::Value;

use crate::call::{Decoded, Failure, Inputs};
use crate::recorder::{Exchange, Recorder};
use crate::report::Row;
use crate::vendor::Document;
#[cfg(test)]
use flaws::repeated_form_key;
use flaws::{Flaw, ambiguous_one_of, flaw_of, overlapping_union, starts_with};
#[cfg(test)]
use violations::twin_template;
use violations::{
    body_of, breaks_schema, broken_tag, describe, location, prism_failure, response_violations,
    violation_list,
};

mod answer;
mod flaws;
mod violations;

#[cfg(test)]
use answer::compare;
use answer::judge_answer;

/// Dynamic calls per operation: two of each kind (required or every input,
/// answers whole or cut down), and two more whole ones, which keeps a
/// thousand operations within minutes.
pub const DYNAMIC_CALLS: usize = 6;

/// How long a dynamic answer may take before Prism is taken to be stuck
/// generating it (most take well under a second).
const DYNAMIC_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a dynamic server given up on may take to finish the answer it
/// is making before it is restarted (starting Prism again on a large
/// document takes about as long).
const DYNAMIC_IDLE: std::time::Duration = std::time::Duration::from_secs(60);

/// Where one API's calls go.
pub struct Targets<'a> {
    /// Static examples, every violation an error (`--errors`).
    pub strict: &'a Recorder,
    /// Static examples without response validation, for documents whose
    /// response schema rejects their own examples.
    pub lenient: &'a Recorder,
    /// Random schema-valid answers.
    pub dynamic: &'a Recorder,
    /// The vendor document.
    pub document: &'a Document,
}

/// Runs the three checks of one operation; `call` makes one SDK call
/// against the base URL it is given.
pub async fn operation<F, Fut>(row: &mut Row, targets: &Targets<'_>, call: F)
where
    F: Fn(String, Inputs) -> Fut,
    Fut: Future<Output = Decoded>,
{
    for inputs in [Inputs::Required, Inputs::Full] {
        let label = match inputs {
            Inputs::Required => "required inputs",
            Inputs::Full => "all inputs",
        };
        let mut result = call_static(&call, targets.strict, inputs).await;
        let Some(mut exchange) = one_exchange(row, targets.strict, label, &result) else {
            continue;
        };
        row.requests += 1;
        let mut verdict = judge_request(row, targets.document, &exchange, label);
        let undeclared = targets.document.undeclared_inputs(&exchange);
        verdict = verdict.and(judge_inputs(
            row,
            label,
            "the call sent inputs the vendor does not declare",
            undeclared,
        ));
        if inputs == Inputs::Full {
            let missing = targets.document.missing_inputs(&exchange);
            verdict = verdict.and(judge_inputs(
                row,
                label,
                "the vendor declares inputs the call did not send",
                missing,
            ));
        }
        let own_answer_rejected = response_violations(&exchange);
        if exchange.status == 500 && !own_answer_rejected.is_empty() {
            // `--errors` refuses to serve an answer that breaks the document's
            // own response schema; take the same answer without that check.
            row.notes.insert(format!(
                "Prism's static answer breaks the vendor's own response schema ({}); it was decoded as served without `--errors`",
                own_answer_rejected.join("; ")
            ));
            result = call_static(&call, targets.lenient, inputs).await;
            let Some(again) = one_exchange(row, targets.lenient, label, &result) else {
                continue;
            };
            verdict = verdict.and(judge_request(row, targets.document, &again, label));
            exchange = again;
        }
        if verdict != Request::Invalid {
            row.requests_valid += 1;
        }
        row.static_total += 1;
        if !targets.document.declares_success(&exchange) {
            row.notes.insert("the vendor declares no success answer for this operation, so Prism can only answer with the errors it declares: each is judged as an error, which must parse as the SDK's error model".to_owned());
        }
        if verdict == Request::Unjudgeable {
            row.static_unjudged += 1;
            continue;
        }
        if let Some(why) = prism_failure(&exchange) {
            row.notes.insert(prism_failed(&why));
            row.static_unjudged += 1;
            continue;
        }
        match judge_answer(
            targets.document,
            &exchange,
            result,
            // With no success declared, Prism answers with an error the
            // document declares, which must parse as the SDK's error model.
            verdict == Request::RefusedByFlaw || !targets.document.declares_success(&exchange),
        ) {
            Ok(()) => row.static_decoded += 1,
            Err(problem)
                if problem.starts_with("does not decode")
                    && breaks_schema(targets.document, &exchange) =>
            {
                row.notes.insert(format!("the vendor's example answer breaks its own response schema (proved against the document), and does not decode: {problem}; it is not judged"));
                row.static_unjudged += 1;
            }
            Err(problem) => {
                row.problems.insert(format!(
                    "{label}, static answer: {problem}; body: {}",
                    body_of(&exchange)
                ));
            }
        }
    }

    // Random answers fail in the same way many times: each way is told once,
    // with how often it happened and the first body that showed it.
    let mut dynamic_failures: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for i in 0..DYNAMIC_CALLS {
        let inputs = if i % 2 == 0 {
            Inputs::Required
        } else {
            Inputs::Full
        };
        // Prism fills in every optional property; every other pair of
        // answers is cut down to what the schema requires, which is how an
        // SDK that requires what the vendor does not would be caught.
        targets.dynamic.rewrite_answers(i % 4 >= 2);
        targets
            .dynamic
            .seed_answers(Some(seed(&row.api, &row.operation_id, i)));
        let Some(result) = call_through(&call, targets.dynamic, inputs, DYNAMIC_PATIENCE).await
        else {
            // Prism's random data generator takes minutes on a few large
            // response schemas; that is a limit of the judge, not a fault
            // of the SDK, and waiting would stall the whole run.
            let left = DYNAMIC_CALLS - i;
            row.dynamic_total += left;
            row.dynamic_unjudged += left;
            row.notes.insert(format!("Prism took over {} s to make a random answer for this response schema, so {left} of {DYNAMIC_CALLS} dynamic answers were not judged (a limit of Prism's generator)", DYNAMIC_PATIENCE.as_secs()));
            if let Err(e) = targets.dynamic.wait_idle(DYNAMIC_IDLE).await {
                row.problems.insert(format!(
                    "Prism was stuck making an answer and could not be started again: {e}"
                ));
            }
            break;
        };
        row.dynamic_total += 1;
        let Some(exchange) = one_exchange(row, targets.dynamic, "dynamic", &result) else {
            continue;
        };
        let verdict = judge_request(row, targets.document, &exchange, "dynamic");
        if verdict == Request::Invalid {
            continue;
        }
        if verdict == Request::Unjudgeable {
            row.dynamic_unjudged += 1;
            continue;
        }
        if let Some(why) = prism_failure(&exchange) {
            row.notes.insert(prism_failed(&why));
            row.dynamic_unjudged += 1;
            continue;
        }
        let broken = response_violations(&exchange);
        // One note per operation: the same flaw shows in every random answer.
        const BROKEN: &str = "random answers break the vendor's own response schema (Prism's generator does not meet its `oneOf`s), e.g.";
        if let Some(first) = broken
            .first()
            .filter(|_| !row.notes.iter().any(|n| n.starts_with(BROKEN)))
        {
            row.notes.insert(format!("{BROKEN} {first}"));
        }
        match judge_answer(
            targets.document,
            &exchange,
            result,
            // With no success declared, Prism answers with an error the
            // document declares, which must parse as the SDK's error model.
            verdict == Request::RefusedByFlaw || !targets.document.declares_success(&exchange),
        ) {
            Ok(()) => row.dynamic_decoded += 1,
            // An answer Prism itself finds outside the document proves
            // nothing when it does not decode: it is not judged.
            Err(_) if !broken.is_empty() => row.dynamic_unjudged += 1,
            Err(problem)
                if problem.starts_with("does not decode")
                    && breaks_schema(targets.document, &exchange) =>
            {
                row.notes.insert(format!("a random answer breaks the vendor's own response schema (proved against the document; Prism's generator does not meet what its validator does not check, such as an unsigned `format`), and {}; such answers are not judged", problem.split(':').next().unwrap_or(&problem)));
                row.dynamic_unjudged += 1;
            }
            Err(problem)
                if problem.starts_with("does not decode")
                    && let Some(at) = broken_tag(targets.document, &exchange) =>
            {
                row.notes.insert(format!(
                    "a random answer's discriminator at `{at}` names a branch the value does not fit: Prism picks `oneOf` branches without regard to the tag, and the document's branches do not pin it; such answers are not judged"
                ));
                row.dynamic_unjudged += 1;
            }
            Err(problem) => {
                dynamic_failures
                    .entry(problem)
                    .or_insert_with(|| (0, body_of(&exchange)))
                    .0 += 1
            }
        }
    }
    for (problem, (times, body)) in dynamic_failures {
        row.problems.insert(format!(
            "{times} of {DYNAMIC_CALLS} dynamic answers: {problem}; first body: {body}"
        ));
    }
}

/// The seed of an operation's `i`th random answer: fixed by the API, the
/// operation and the call, so every run of the same tree is judged on the
/// same answers (CI cannot pass once and fail the next time on a draw),
/// while each call still gets answers of its own. FNV-1a, as it must not
/// change with the toolchain.
fn seed(api: &str, operation: &str, i: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in format!("{api}\n{operation}\n{i}").bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The note for an answer Prism failed to make: its own HTTP 500 is no
/// answer of the API, so it is not judged, and the note names the failure.
fn prism_failed(why: &str) -> String {
    format!(
        "Prism failed to make an answer for this valid request and sent its own HTTP 500 instead (a flaw of Prism or of the schema it reads, not of the SDK): {why}; such answers are not judged"
    )
}

/// One call through `recorder`, given up after `patience` (`None` then),
/// and made again once when the server behind it was lost during it and
/// could be brought back (a Prism process dies now and then on a large
/// document); when it cannot be, the call fails saying so. The time taken
/// to bring it back does not count against the call.
async fn call_through<F, Fut>(
    call: &F,
    recorder: &Recorder,
    inputs: Inputs,
    patience: std::time::Duration,
) -> Option<Decoded>
where
    F: Fn(String, Inputs) -> Fut,
    Fut: Future<Output = Decoded>,
{
    let once = || tokio::time::timeout(patience, call(recorder.url.clone(), inputs));
    let result = once().await.ok();
    match recorder.recover() {
        Ok(false) => result,
        Ok(true) => once().await.ok(),
        Err(e) => Some(Err(Failure::Other(format!(
            "Prism stopped answering and could not be started again: {e}"
        )))),
    }
}

/// A static call through `recorder`: Prism answers those from examples,
/// so it is given all the time it takes.
async fn call_static<F, Fut>(call: &F, recorder: &Recorder, inputs: Inputs) -> Decoded
where
    F: Fn(String, Inputs) -> Fut,
    Fut: Future<Output = Decoded>,
{
    const DAY: std::time::Duration = std::time::Duration::from_secs(86_400);
    call_through(call, recorder, inputs, DAY)
        .await
        .unwrap_or_else(|| Err(Failure::Other("no answer within a day".into())))
}

/// Prism's verdict on a request, once flaws of the vendor document are told
/// apart from faults of the request; ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Request {
    /// Accepted.
    Valid,
    /// Refused only because the document contradicts itself: the request
    /// is valid, but Prism answers with an error example.
    RefusedByFlaw,
    /// Refused because the document declares a body Prism cannot read, so
    /// no request of this kind can pass and Prism gives no answer to decode.
    Unjudgeable,
    /// Wrong operation, a real violation, or a missing input.
    Invalid,
}

impl Request {
    fn and(self, other: Request) -> Request {
        self.max(other)
    }
}

/// Records a list of wrong inputs (or why it could not be made) as a problem.
fn judge_inputs(
    row: &mut Row,
    label: &str,
    what: &str,
    found: Result<Vec<String>, String>,
) -> Request {
    match found {
        Ok(wrong) if wrong.is_empty() => Request::Valid,
        Ok(wrong) => {
            row.problems
                .insert(format!("{label}: {what}: {}", wrong.join(", ")));
            Request::Invalid
        }
        Err(e) => {
            row.problems.insert(format!("{label}: {e}"));
            Request::Invalid
        }
    }
}

/// The one request a call made; retries are off, so more is a failure, and
/// none means the SDK refused to send it.
fn one_exchange(
    row: &mut Row,
    recorder: &Recorder,
    label: &str,
    result: &Decoded,
) -> Option<Exchange> {
    let mut exchanges = recorder.take();
    if exchanges.len() == 1 {
        let mut exchange = exchanges.pop()?;
        exchange.meant = Some(row.operation_id.clone());
        return Some(exchange);
    }
    let seen: Vec<String> = exchanges
        .iter()
        .map(|e| format!("{} {}", e.method, e.target))
        .collect();
    let why = match result {
        Err(Failure::Other(why)) => format!(" ({why})"),
        _ => String::new(),
    };
    row.problems.insert(format!(
        "{label}: expected one request, saw {}{why}: {seen:?}",
        exchanges.len()
    ));
    None
}

/// Whether the request reached the right vendor operation and Prism found
/// nothing wrong with it; records what is wrong otherwise.
fn judge_request(row: &mut Row, document: &Document, exchange: &Exchange, label: &str) -> Request {
    let mut verdict = Request::Valid;
    let reached = document.operation_id(exchange);
    if let Some(matched) = document.operation_of(exchange) {
        if !matched.tied_with.is_empty() {
            row.notes.insert(format!(
                "the vendor declares `{}` beside `{}`, templates no path tells apart (OpenAPI forbids templates that differ only in their parameters' names), and the values sent fit both; the request was taken as the operation called",
                matched.template,
                matched.tied_with.join("`, `")
            ));
        }
    }
    if reached.as_deref() != Some(row.operation_id.as_str()) {
        verdict = Request::Invalid;
        row.problems.insert(format!(
            "{label}: `{} {}` reaches vendor operation {reached:?}, not `{}`",
            exchange.method,
            exchange.path(),
            row.operation_id
        ));
    }
    let mut all: Vec<Value> = Vec::new();
    for v in violation_list(exchange)
        .into_iter()
        .filter(|v| v["location"][0] == "request")
    {
        // Prism warns when a deprecated input is used; the vendor still
        // declares it, and the full call sends every input declared.
        if v["code"] == "deprecated" || v["severity"].as_str().is_some_and(|s| s != "Error") {
            row.notes.insert(format!("Prism warns: {}", describe(&v)));
        } else {
            all.push(v);
        }
    }
    if all.is_empty() && exchange.status == 422 {
        // Prism's own 422 (no example to answer with) lists the violations in its body, not in a header.
        let body: Value = serde_json::from_slice(&exchange.response_body).unwrap_or_default();
        for mut v in body["validation"].as_array().cloned().unwrap_or_default() {
            if let Some(location) = v["location"].as_array_mut() {
                location.insert(0, Value::from("request"));
            }
            all.push(v);
        }
    }
    let ambiguous: Vec<(&Value, usize)> = all
        .iter()
        .filter_map(|v| ambiguous_one_of(document, exchange, v).map(|n| (v, n)))
        .collect();
    // A union the value meets once its `oneOf`s may match several branches
    // fails for that flaw alone, with every error of every branch below it.
    let overlapping: Vec<&Value> = all
        .iter()
        .filter(|v| overlapping_union(document, exchange, v))
        .collect();
    let explained_by = |v: &Value| {
        ambiguous
            .iter()
            .map(|(a, _)| *a)
            .chain(overlapping.iter().copied())
            .any(|a| starts_with(&v["location"], &a["location"]))
    };
    // Each violation that a flaw of the document or of Prism explains, once.
    let flaws: Vec<Option<Flaw>> = all.iter().map(|v| flaw_of(document, exchange, v)).collect();
    let faults: Vec<String> = all
        .iter()
        .zip(&flaws)
        .filter(|(v, flaw)| flaw.is_none() && !explained_by(v))
        .map(|(v, _)| describe(v))
        .collect();
    if faults.is_empty() && verdict == Request::Valid {
        // One kind of flaw is reported, the first in `Flaw`'s order.
        let first = flaws.iter().flatten().min_by_key(|f| f.rank());
        if let Some(first) = first {
            for flaw in flaws.iter().flatten().filter(|f| f.rank() == first.rank()) {
                row.notes.insert(flaw.note());
            }
            return Request::Unjudgeable;
        }
    }
    if !faults.is_empty() {
        row.problems.insert(format!(
            "{label}: Prism rejected `{} {}` with HTTP {}: {}",
            exchange.method,
            exchange.target,
            exchange.status,
            faults.join("; ")
        ));
        return Request::Invalid;
    }
    if (!ambiguous.is_empty() || !overlapping.is_empty()) && verdict == Request::Valid {
        // With no answer declared for the refusal, or none with a body,
        // Prism's own (an empty 422) is all there is: nothing to decode.
        let declared = document.declares_status(exchange) && !exchange.response_body.is_empty();
        let answer = if declared {
            format!("its HTTP {} example", exchange.status)
        } else {
            format!(
                "an HTTP {} of its own and no answer of the API's to decode",
                exchange.status
            )
        };
        let at = |v: &Value| {
            let path: Vec<&str> = location(v)
                .into_iter()
                .skip(2)
                .map(|s| if s.parse::<usize>().is_ok() { "[]" } else { s })
                .collect();
            path.join(".").replace(".[]", "[]")
        };
        for (v, branches) in &ambiguous {
            row.notes.insert(format!(
                "request `{}` matches {branches} branches of the vendor's `oneOf`, which must match exactly one (a branch requires nothing the other lacks), so Prism answers this valid request with {answer}",
                at(v)
            ));
        }
        // Told only where no count at its own place says it already.
        for v in overlapping.iter().filter(|v| {
            !ambiguous
                .iter()
                .any(|(a, _)| starts_with(&a["location"], &v["location"]))
        }) {
            row.notes.insert(format!(
                "request `{}` meets the vendor's schema once a `oneOf` in it may match more than one branch (its branches overlap, and OpenAPI's `oneOf` must match exactly one), so Prism answers this valid request with {answer}",
                at(v)
            ));
        }
        verdict = if declared {
            Request::RefusedByFlaw
        } else {
            Request::Unjudgeable
        };
    }
    verdict
}

#[cfg(test)]
mod tests;
