//! `cargo xtask import`: an OpenAPI 3.0 or 3.1 document turned into an
//! sdkgen spec directory.
//!
//! The document is read once into a tree that keeps its key order; every
//! operation becomes a method of the service named by its first tag, and
//! every schema those methods reach becomes a model, enum, union or alias,
//! named by the generator's own naming rules. Inline schemas get names from
//! where they sit, so the same document always gives the same spec. Each
//! item carries a comment naming the document and JSON pointer it came
//! from, and whatever cannot be carried over exactly is a [`Finding`] with
//! its pointer: the import never drops anything silently.
//!
//! Items a maintainer wrote by hand in the spec directory win: an operation
//! whose `operation_id` a hand-written file already has, and a schema whose
//! type name one already defines, are not imported (see `spec/README.md`).

mod api;
mod bodies;
mod branches;
mod defs;
mod dir;
mod doc;
mod enum_values;
mod fields;
mod hand;
mod layout;
mod limits;
mod models;
mod operations;
mod out;
mod pagination;
mod query_objects;
mod rename;
mod report;
mod responses;
mod security;
mod types;
mod webhooks;
mod wide;
mod wire_forms;

use std::collections::{BTreeMap, BTreeSet};

use sdkgen::naming;
use serde_json::Value;

pub use dir::{REPORT_FILE, import_dir, stale_imports};
pub use doc::{Doc, LoadError};
pub use hand::{HandWritten, IMPORTED_SUFFIX};
pub use report::{Finding, Report};

use out::Node;
use types::Shape;

/// What to import.
#[derive(Default, Clone, Debug)]
pub struct Options {
    /// Only operations whose first tag is one of these (all when empty).
    pub tags: Vec<String>,
    /// Crate name for a new `api.yaml` (default: from the document's title).
    pub crate_name: Option<String>,
}

/// The import's result: spec files by name, and what could not be mapped.
pub struct Imported {
    /// `(file name, text)` of each imported file (`devices.imported.yaml`).
    pub files: Vec<(String, String)>,
    /// A starting `api.yaml`, for a directory that has none yet.
    pub api_yaml: String,
    /// What could not be carried over exactly.
    pub report: Report,
    /// Counts for the summary line and the report.
    pub stats: Stats,
}

/// Counts of an import.
#[derive(Default, Debug, Clone)]
pub struct Stats {
    /// Operations in the document.
    pub operations: usize,
    /// Operations written as methods.
    pub imported: usize,
    /// Operations a hand-written file already defines.
    pub hand_written: usize,
    /// Operations left out by the tag filter.
    pub filtered: usize,
    /// Types written.
    pub types: usize,
}

/// A defined type: its spec section, its entry and where it came from.
pub(crate) struct Def {
    section: &'static str,
    node: Node,
    pointer: String,
}

/// A method and where it came from.
pub(crate) struct Method {
    node: Node,
    pointer: String,
}

/// The state of one import.
pub(crate) struct Importer<'d> {
    doc: &'d Doc,
    report: Report,
    hand_types: BTreeSet<String>,
    /// Component schema key → type name, for those that become named types.
    component_names: BTreeMap<String, String>,
    /// Type name → shape, for component schemas.
    component_kinds: BTreeMap<String, Shape>,
    /// Every type name given out (UpperCamelCase) and its module name.
    taken: BTreeSet<String>,
    modules: BTreeSet<String>,
    inline_cache: BTreeMap<String, String>,
    defs: BTreeMap<String, Def>,
    queue: std::collections::VecDeque<String>,
    queued: BTreeSet<String>,
    /// The document's schemes and requirements, read once for `api.yaml` and every method.
    security: security::Security,
    /// The rate-limit groups operations name.
    rate_groups: limits::RateGroups,
    /// The `operationId`s given to methods so far (hand-written ones first).
    operation_ids: BTreeSet<String>,
}

impl Importer<'_> {
    /// Whether `expr` names a type (rather than a primitive, list or map).
    pub(crate) fn is_named_type(&self, expr: &str) -> bool {
        self.taken.contains(expr) || self.hand_types.contains(expr)
    }

    /// Whether `name` is a component schema that becomes an enum.
    pub(crate) fn component_is_enum(&self, name: &str) -> bool {
        self.component_kinds.get(name) == Some(&Shape::Enum)
    }
}

/// Imports `doc` into spec files, leaving out what `hand` already defines.
pub fn import(
    doc: &Doc,
    hand: &HandWritten,
    options: &Options,
    mut progress: impl FnMut(usize, usize),
) -> Imported {
    let mut report = Report::default();
    let security = security::Security::read(doc, &mut report);
    let mut im = Importer {
        doc,
        report,
        hand_types: hand.types.clone(),
        component_names: BTreeMap::new(),
        component_kinds: BTreeMap::new(),
        taken: BTreeSet::new(),
        modules: BTreeSet::new(),
        inline_cache: BTreeMap::new(),
        defs: BTreeMap::new(),
        queue: Default::default(),
        queued: BTreeSet::new(),
        security,
        rate_groups: limits::RateGroups::default(),
        operation_ids: hand.operation_ids.clone(),
    };
    for t in &hand.types {
        im.modules.insert(naming::snake(t));
    }
    im.register_components();
    let schemas = doc.components("schemas").clone();
    for (key, name) in &im.component_names {
        if let Some(s) = schemas.get(key.as_str()) {
            im.component_kinds.insert(name.clone(), im.kind(s));
        }
    }
    // Types the hand-written files use but do not define come from the document.
    let wanted: Vec<String> = im
        .component_names
        .iter()
        .filter(|(_, n)| hand.references.contains(*n))
        .map(|(k, _)| doc::child("#/components/schemas", k))
        .collect();
    for pointer in wanted {
        im.named_component(&pointer);
    }
    let mut stats = Stats::default();
    let mut services: BTreeMap<String, Vec<(String, Method)>> = BTreeMap::new();
    let paths: Vec<(String, Value)> = doc::entries(
        doc.root
            .get("paths")
            .and_then(Value::as_object)
            .expect("checked when parsed"),
    )
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect();
    let total: usize = paths
        .iter()
        .map(|(_, item)| {
            sdkgen_openapi::operations::METHODS
                .iter()
                .filter(|v| item.get(**v).is_some())
                .count()
        })
        .sum();
    for (path, item) in &paths {
        let item_at = doc::child("#/paths", path);
        let item = match doc.deref(&item_at, item) {
            Ok((_, i)) => i.clone(),
            Err(e) => {
                im.report.add(&item_at, format!("{e}: path left out"));
                continue;
            }
        };
        for verb in sdkgen_openapi::operations::METHODS {
            let Some(op) = item.get(verb) else { continue };
            stats.operations += 1;
            progress(stats.operations, total);
            let at = doc::child(&item_at, verb);
            let tag = op
                .get("tags")
                .and_then(Value::as_array)
                .and_then(|t| t.first())
                .and_then(Value::as_str)
                .unwrap_or("Default");
            if !options.tags.is_empty() && !options.tags.iter().any(|t| t == tag) {
                stats.filtered += 1;
                continue;
            }
            let id = doc::str_of(op, "operationId");
            if id.is_some_and(|id| hand.operation_ids.contains(id)) {
                stats.hand_written += 1;
                continue;
            }
            let service = service_name(tag);
            let taken: BTreeSet<String> = services
                .get(&service)
                .map(|m| m.iter().map(|(n, _)| n.clone()).collect())
                .unwrap_or_default();
            let wanted = naming::snake(id.unwrap_or(&format!("{verb}_{path}")));
            let mut name = wanted.clone();
            let mut n = 2;
            while taken.contains(&name) || hand.methods.contains(&(service.clone(), name.clone())) {
                name = format!("{wanted}_{n}");
                n += 1;
            }
            if name != wanted {
                im.report.add(
                    &at,
                    format!("method named `{name}`: `{wanted}` is taken in service `{service}`"),
                );
            }
            let method = im.method(&at, path, verb, &item, op, &name);
            webhooks::report_callbacks(doc, &at, op, &mut im.report);
            services.entry(service).or_default().push((name, method));
            stats.imported += 1;
        }
    }
    webhooks::report_webhooks(doc, &mut im.report);
    while let Some(key) = im.queue.pop_front() {
        im.define_component(&key);
    }
    let files = layout::files(doc, &im.defs, &services, hand);
    stats.types = files.1;
    let files = files.0;
    im.security.report_scopes(&mut im.report);
    let api_yaml = api::api_yaml(
        doc,
        options,
        services.len(),
        im.security
            .api_auth(&doc.name, doc.root.get("security").is_some()),
        im.rate_groups.api_node(),
        &mut im.report,
    );
    for notice in doc.notices() {
        im.report.add(&notice.at, notice.message.clone());
    }
    if doc.is_multi_file() {
        im.report.relocate(|p| doc::located(doc, p));
    }
    Imported {
        files,
        api_yaml,
        report: im.report,
        stats,
    }
}

/// The service a tag becomes.
fn service_name(tag: &str) -> String {
    let name = naming::camel(tag);
    name.trim_end_matches('_').to_owned()
}
