//! JSON pointers (RFC 6901) in the `#/a/b~1c` form OpenAPI uses in `$ref`s
//! and the importer uses in its findings: the one place tokens are escaped.

use serde_json::Value;

/// `token` escaped for a pointer: `~` as `~0`, `/` as `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A pointer token read back: `~1` as `/`, `~0` as `~` (in that order, as
/// RFC 6901 says, so `~01` is `~1`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `base` with one more token.
pub fn child(base: &str, token: &str) -> String {
    format!("{base}/{}", escape(token))
}

/// The unescaped tokens of `pointer` (`#/a/b` or `/a/b`); `#` alone has none.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    let rest = pointer.strip_prefix('#').unwrap_or(pointer);
    rest.split('/').skip(1).map(unescape)
}

/// The last token of `pointer`, unescaped (`None` for the root).
pub fn last(pointer: &str) -> Option<String> {
    tokens(pointer).last()
}

/// The value at `pointer` (`#/components/schemas/Device`) in `root`.
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let rest = pointer.strip_prefix('#').unwrap_or(pointer);
    if rest.is_empty() {
        return Some(root);
    }
    if !rest.starts_with('/') {
        return None;
    }
    root.pointer(rest)
}

/// Follows `$ref`s from `value` (found at `at`) in the tree `root` to what
/// they name, returning it with its own pointer: the one way a reference is
/// resolved. A reference that names nothing, leaves the tree, or a chain of
/// them that loops, is `Err` saying so.
pub fn deref<'a>(
    root: &'a Value,
    at: &str,
    value: &'a Value,
) -> Result<(String, &'a Value), String> {
    let mut at = at.to_owned();
    let mut value = value;
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(target) => {
                if !target.starts_with('#') {
                    return Err(format!("`$ref: {target}` points outside the document"));
                }
                value = get(root, target)
                    .ok_or_else(|| format!("`$ref: {target}` names nothing in the document"))?;
                at = target.to_owned();
            }
            None => return Ok((at, value)),
        }
    }
    Err("`$ref`s that loop".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_escape_and_unescape_in_the_order_the_rfc_gives() {
        assert_eq!(child("#/paths", "/a/{b}~c"), "#/paths/~1a~1{b}~0c");
        assert_eq!(unescape("~01"), "~1");
        let t: Vec<String> = tokens("#/paths/~1a~1{b}~0c/get").collect();
        assert_eq!(t, ["paths", "/a/{b}~c", "get"]);
        assert_eq!(last("#/components/schemas/A~1B").as_deref(), Some("A/B"));
        assert_eq!(last("#"), None);
    }

    #[test]
    fn references_are_followed_through_chains_and_loops_are_refused() {
        let root = serde_json::json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": 1, "l": {"$ref": "#/l"}});
        assert_eq!(
            deref(&root, "#/a", &root["a"]),
            Ok(("#/c".to_owned(), &serde_json::json!(1)))
        );
        assert!(
            deref(&root, "#/l", &root["l"])
                .unwrap_err()
                .contains("loop")
        );
        assert!(
            deref(&root, "#", &serde_json::json!({"$ref": "#/x"}))
                .unwrap_err()
                .contains("names nothing")
        );
        assert!(
            deref(&root, "#", &serde_json::json!({"$ref": "x.yaml"}))
                .unwrap_err()
                .contains("outside")
        );
    }

    #[test]
    fn get_reads_objects_and_arrays_and_refuses_other_forms() {
        let v = serde_json::json!({"a/b": [1, {"c": 2}]});
        assert_eq!(get(&v, "#/a~1b/1/c"), Some(&serde_json::json!(2)));
        assert_eq!(get(&v, "#"), Some(&v));
        assert_eq!(get(&v, "#/a~1b/7"), None);
        assert_eq!(get(&v, "#a"), None);
    }
}
