//! The operations of a document, in the order it lists them.

use serde_json::Value;

use crate::pointer;

/// The HTTP methods a path item may hold, in the order they are read.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The top-level keys holding webhooks, requests the API sends rather than
/// receives: OpenAPI 3.1's `webhooks`, and the `x-webhooks` extension 3.0
/// documents use for the same.
pub const WEBHOOK_KEYS: [&str; 2] = ["webhooks", "x-webhooks"];

/// One operation of a document.
#[derive(Debug, Clone, Copy)]
pub struct Operation<'a> {
    /// Its path template, as the document writes it.
    pub path: &'a str,
    /// Its HTTP method, lower case.
    pub method: &'static str,
    /// The operation object.
    pub op: &'a Value,
    /// Its path item, followed through a `$ref` (for path-level parameters).
    pub item: &'a Value,
}

impl<'a> Operation<'a> {
    /// Its `operationId`, when it has one.
    pub fn id(&self) -> Option<&'a str> {
        self.op.get("operationId").and_then(Value::as_str)
    }

    /// The parameters that apply to it, each followed through its `$ref`s
    /// within the document whose root is `root`: its own, then those of its
    /// path item that it does not override. OpenAPI identifies a parameter
    /// by name and location, so an operation's `id` in the query replaces
    /// the path item's `id` in the query but not a header `id`. One without
    /// a name or location, or whose reference names nothing, is left out
    /// (the importer reports it).
    pub fn parameters(&self, root: &'a Value) -> Vec<&'a Value> {
        let resolve = |p: &'a Value| pointer::deref(root, "#", p).ok().map(|(_, v)| v);
        let own: Vec<&'a Value> = list(self.op).filter_map(resolve).collect();
        let key = |p: &Value| {
            (
                p.get("name").and_then(Value::as_str).map(str::to_owned),
                p.get("in").and_then(Value::as_str).map(str::to_owned),
            )
        };
        let mut out: Vec<&'a Value> = Vec::new();
        for p in own.iter().copied().chain(
            list(self.item)
                .filter_map(resolve)
                .filter(|p| !own.iter().any(|o| key(o) == key(p))),
        ) {
            let (Some(_), Some(_)) = key(p) else { continue };
            // A list naming one parameter twice keeps the first.
            if !out.iter().any(|o| key(o) == key(p)) {
                out.push(p);
            }
        }
        out
    }
}

/// The `parameters` list of an operation or path item.
fn list(holder: &Value) -> impl Iterator<Item = &Value> {
    holder
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Every operation of the document whose root is `root`: paths in the
/// document's order, each path item's methods in [`METHODS`] order. A path
/// item given by a `$ref` within the document is followed; one whose
/// reference names nothing has no operations (the importer reports it).
pub fn operations(root: &Value) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let at = pointer::child("#/paths", path);
        let Ok((_, item)) = pointer::deref(root, &at, item) else {
            continue;
        };
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push(Operation {
                    path,
                    method,
                    op,
                    item,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn in_document_order_through_path_item_references() {
        let root = json!({
            "paths": {
                "/b": {"post": {"operationId": "make"}, "get": {"operationId": "list"}},
                "/a/{id}": {"$ref": "#/components/pathItems/one"}
            },
            "components": {"pathItems": {"one": {"delete": {"operationId": "drop"}}}}
        });
        let all = operations(&root);
        let found: Vec<(&str, &str, Option<&str>)> =
            all.iter().map(|o| (o.path, o.method, o.id())).collect();
        assert_eq!(
            found,
            [
                ("/b", "get", Some("list")),
                ("/b", "post", Some("make")),
                ("/a/{id}", "delete", Some("drop")),
            ]
        );
    }

    #[test]
    fn parameters_of_the_operation_override_the_path_items_by_name_and_location() {
        let root = json!({
            "paths": {"/a/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "description": "item"},
                    {"name": "v", "in": "query", "description": "item"},
                    {"name": "v", "in": "header", "description": "item"}
                ],
                "get": {"operationId": "a", "parameters": [
                    {"$ref": "#/components/parameters/V"},
                    {"name": "limit", "in": "query"},
                    {"$ref": "#/components/parameters/Missing"},
                    {"name": "limit", "in": "query", "description": "again"}
                ]}
            }},
            "components": {"parameters": {"V": {"name": "v", "in": "query", "description": "op"}}}
        });
        let all = operations(&root);
        let params = all[0].parameters(&root);
        let seen: Vec<(&str, &str, &str)> = params
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap(),
                    p["in"].as_str().unwrap(),
                    p["description"].as_str().unwrap_or("-"),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("v", "query", "op"),
                ("limit", "query", "-"),
                ("id", "path", "item"),
                ("v", "header", "item"),
            ]
        );
    }
}
