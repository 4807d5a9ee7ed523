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
    fn get_reads_objects_and_arrays_and_refuses_other_forms() {
        let v = serde_json::json!({"a/b": [1, {"c": 2}]});
        assert_eq!(get(&v, "#/a~1b/1/c"), Some(&serde_json::json!(2)));
        assert_eq!(get(&v, "#"), Some(&v));
        assert_eq!(get(&v, "#/a~1b/7"), None);
        assert_eq!(get(&v, "#a"), None);
    }
}
