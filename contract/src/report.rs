//! The verdict on each operation and the table that shows it.

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// How each API's summary line starts.
pub const API_LINE: &str = "contract api";

/// Everything found out about one operation.
#[derive(Debug, Default)]
pub struct Row {
    /// The API's name (its entry in the facts file).
    pub api: String,
    /// The SDK, HTTP method and path template (`shop GET /orders/{id}`).
    pub operation: String,
    /// The vendor's operation id.
    pub operation_id: String,
    /// Requests Prism accepted, of those sent to the static instance.
    pub requests_valid: usize,
    /// Requests sent to the static instance.
    pub requests: usize,
    /// Static answers that decoded, losslessly.
    pub static_decoded: usize,
    /// Static answers received.
    pub static_total: usize,
    /// Dynamic answers that decoded, losslessly.
    pub dynamic_decoded: usize,
    /// Dynamic calls made.
    pub dynamic_total: usize,
    /// Static answers not given because a vendor flaw made Prism refuse the request.
    pub static_unjudged: usize,
    /// Dynamic answers not given for the same reason.
    pub dynamic_unjudged: usize,
    /// What failed, one line each, without repeats.
    pub problems: BTreeSet<String>,
    /// Flaws of the vendor document itself that were worked around.
    pub notes: BTreeSet<String>,
}

impl Row {
    /// Whether all three checks passed; answers Prism could not give
    /// because of a flaw of the vendor document count apart (`unjudged`).
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
            && self.requests > 0
            && self.requests_valid == self.requests
            && self.static_decoded + self.static_unjudged == self.static_total
            && self.dynamic_total > 0
            && self.dynamic_decoded + self.dynamic_unjudged == self.dynamic_total
    }

    /// Whether a flaw of the vendor document kept Prism from answering any of
    /// this operation's requests, so no answer was decoded through it.
    pub fn unjudged(&self) -> bool {
        self.static_unjudged + self.dynamic_unjudged > 0
    }
}

/// The table, the details of failures and vendor notes, and the closing count.
pub fn render(rows: &[Row]) -> String {
    let width = rows
        .iter()
        .map(|r| r.operation.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let id_width = rows
        .iter()
        .map(|r| r.operation_id.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:<id_width$}  {:<13}  {:<15}  {:<16}  result",
        "operation", "vendor id", "request valid", "static decoded", "dynamic decoded"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<width$}  {:<id_width$}  {:<13}  {:<15}  {:<16}  {}",
            r.operation,
            r.operation_id,
            format!("{}/{}", r.requests_valid, r.requests),
            format!("{}/{}", r.static_decoded, r.static_total),
            format!("{}/{}", r.dynamic_decoded, r.dynamic_total),
            match (r.passed(), r.unjudged()) {
                (true, false) => "pass",
                (true, true) => "pass, answers unjudged (vendor flaw)",
                (false, _) => "FAIL",
            },
        );
    }
    for r in rows.iter().filter(|r| !r.problems.is_empty()) {
        let _ = writeln!(out, "\n{} ({}):", r.operation, r.operation_id);
        for p in &r.problems {
            let _ = writeln!(out, "  - {p}");
        }
    }
    let notes: BTreeSet<(&str, &String)> = rows
        .iter()
        .flat_map(|r| r.notes.iter().map(move |n| (r.operation_id.as_str(), n)))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(
            out,
            "\nFlaws of the vendor documents and limits of Prism (not failures of the SDKs):"
        );
        for (id, n) in notes {
            let _ = writeln!(out, "  - {id}: {n}");
        }
    }
    let few = rows
        .iter()
        .filter(|r| r.passed() && r.dynamic_decoded < 5)
        .count();
    if few > 0 {
        let _ = writeln!(
            out,
            "\n{few} passing operations had fewer than 5 dynamic answers decoded: Prism could not give the rest for the flaws above"
        );
    }
    // One line per API, in a fixed form `cargo xtask corpus` reads back.
    let apis: BTreeSet<&str> = rows.iter().map(|r| r.api.as_str()).collect();
    let _ = writeln!(out);
    for api in apis {
        let of: Vec<&Row> = rows.iter().filter(|r| r.api == api).collect();
        let passed = of.iter().filter(|r| r.passed()).count();
        let _ = writeln!(
            out,
            "{API_LINE} {api}: {} checked, {passed} passed, {} failed",
            of.len(),
            of.len() - passed
        );
    }
    let passed = rows.iter().filter(|r| r.passed()).count();
    let unjudged = rows.iter().filter(|r| r.passed() && r.unjudged()).count();
    let _ = writeln!(
        out,
        "\n{passed} passed ({unjudged} of them with answers Prism could not give for a vendor flaw), {} failed",
        rows.len() - passed
    );
    out
}
