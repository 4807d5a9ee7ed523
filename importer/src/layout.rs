//! Which file each imported item goes in: a file per service holding its
//! methods and the types only it uses, and `types.imported.yaml` for the
//! types several services share, so a vendor's change to one service is a
//! diff in one file.

use std::collections::{BTreeMap, BTreeSet};

use sdkgen::naming;

use crate::doc::{self, Doc};
use crate::hand::{HandWritten, IMPORTED_SUFFIX};
use crate::out::{Entry, Node, print};
use crate::{Def, Method};

/// What one file holds: the service it is named for (if any) and its types.
type FileItems<'a> = (Option<&'a str>, Vec<(&'a str, &'a Def)>);

/// Pseudo-service owning the types hand-written files use.
const HAND: &str = "";

/// The imported files, by name, in name order, and the number of types
/// they define. Types no method and no hand-written file reaches (those of
/// answers left out) are not written.
pub fn files(
    doc: &Doc,
    defs: &BTreeMap<String, Def>,
    services: &BTreeMap<String, Vec<(String, Method)>>,
    hand: &HandWritten,
) -> (Vec<(String, String)>, usize) {
    let hand_refs = &hand.references;
    // Type → the types it names; service → the types its methods name.
    let refs: BTreeMap<&str, BTreeSet<String>> = defs
        .iter()
        .map(|(n, d)| (n.as_str(), type_refs(&d.node, defs)))
        .collect();
    let mut owners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let roots = services.iter().map(|(s, methods)| {
        (
            s.as_str(),
            methods
                .iter()
                .flat_map(|(_, m)| type_refs(&m.node, defs))
                .collect::<Vec<String>>(),
        )
    });
    let hand_root = (
        HAND,
        hand_refs
            .iter()
            .filter(|t| defs.contains_key(*t))
            .cloned()
            .collect::<Vec<String>>(),
    );
    for (service, mut stack) in roots.chain(std::iter::once(hand_root)) {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(t) = stack.pop() {
            if seen.insert(t.clone()) {
                stack.extend(refs.get(t.as_str()).into_iter().flatten().cloned());
            }
        }
        for t in seen {
            if let Some((name, _)) = defs.get_key_value(&t) {
                owners.entry(name.as_str()).or_default().insert(service);
            }
        }
    }
    let mut by_file: BTreeMap<String, FileItems> = BTreeMap::new();
    let mut count = 0;
    for (name, def) in defs {
        let file = match owners
            .get(name.as_str())
            .map(|o| o.iter().collect::<Vec<_>>())
            .as_deref()
        {
            None => continue,
            Some([only]) if **only != HAND => file_name(only),
            Some(_) => format!("types{IMPORTED_SUFFIX}"),
        };
        count += 1;
        by_file.entry(file).or_default().1.push((name, def));
    }
    for service in services.keys() {
        by_file.entry(file_name(service)).or_default().0 = Some(service);
    }
    let descriptions = tag_descriptions(doc);
    let files = by_file
        .into_iter()
        .map(|(file, (service, types))| {
            let mut top = Node::map();
            if let Some(service) = service {
                let mut s = Node::map();
                // A service described in a hand-written file keeps that description.
                if let Some(d) = descriptions.get(service).filter(|_| !hand.described_services.contains(service)) {
                    s.set("description", Node::str(d.clone()));
                }
                let mut methods = Node::map();
                for (name, m) in &services[service] {
                    methods.set_commented(name, m.node.clone(), Some(provenance(doc, &m.pointer)));
                }
                s.set("methods", methods);
                let mut section = Node::map();
                section.set(service, s);
                top.set("services", section);
            }
            for section in ["models", "enums", "unions", "aliases"] {
                let mut items = Node::map();
                for (name, def) in types.iter().filter(|(_, d)| d.section == section) {
                    items.set_commented(name, def.node.clone(), Some(provenance(doc, &def.pointer)));
                }
                if items.len() > 0 {
                    top.set(section, items);
                }
            }
            let header = format!("# Imported by `cargo xtask import` from {}: edits here are lost on the next import.\n# To change an item, move it to a file whose name does not end in `{IMPORTED_SUFFIX}`; the import then leaves it alone.\n", doc.name);
            (file, header + &print(&top))
        })
        .collect();
    (files, count)
}

/// `devices.imported.yaml` for service `Devices`.
fn file_name(service: &str) -> String {
    format!(
        "{}{IMPORTED_SUFFIX}",
        naming::snake(service).trim_end_matches('_')
    )
}

/// Where an item came from, as its comment.
fn provenance(doc: &Doc, pointer: &str) -> String {
    format!("from {}", doc::located(doc, pointer))
}

/// The document's tag descriptions by service name.
fn tag_descriptions(doc: &Doc) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for tag in doc
        .root
        .get("tags")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(name), Some(d)) = (doc::str_of(tag, "name"), doc::str_of(tag, "description")) {
            let d = d.trim();
            if !d.is_empty() {
                out.insert(crate::service_name(name), d.to_owned());
            }
        }
    }
    out
}

/// The type names a spec node refers to (in `type`, `all_of`, `one_of`,
/// `additional_properties`, discriminator mappings, responses and errors).
fn type_refs(node: &Node, defs: &BTreeMap<String, Def>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    walk(node, None, defs, &mut out);
    out
}

fn walk(node: &Node, key: Option<&str>, defs: &BTreeMap<String, Def>, out: &mut BTreeSet<String>) {
    match node {
        Node::Map(entries) => {
            for Entry { key: k, value, .. } in entries {
                // Under `mapping`, `errors` and `responses` every value may name a type.
                let k = if matches!(key, Some("mapping" | "errors" | "responses")) {
                    "type"
                } else {
                    k.as_str()
                };
                walk(value, Some(k), defs, out);
            }
        }
        Node::List(items) => {
            for item in items {
                walk(
                    item,
                    if matches!(key, Some("all_of" | "one_of")) {
                        Some("type")
                    } else {
                        None
                    },
                    defs,
                    out,
                );
            }
        }
        Node::Str(s) if matches!(key, Some("type" | "additional_properties")) => {
            for word in s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
                if defs.contains_key(word) {
                    out.insert(word.to_owned());
                }
            }
        }
        _ => {}
    }
}
