//! The operations of a document, in the order it lists them.

use serde_json::Value;

use crate::pointer;

/// The HTTP methods a path item may hold, in the order they are read.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

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
}
