//! Which declared query parameter a sent query key belongs to.
//!
//! A key is a parameter of its own; or a key of a deep-object parameter
//! (`metadata[key]`); or a property of an object parameter in OpenAPI's
//! default style (`style: form`, `explode: true`), which puts each of its
//! properties on the query as a key of its own (`effective_at: {gt: 1}` is
//! sent as `gt=1`).

use serde_json::Value;

use super::Document;

/// The query parameters an operation declares.
pub(super) struct QueryNames<'a> {
    /// Every parameter's name (the operation's, then its path's, then the
    /// query literals its template pins).
    pub names: Vec<&'a str>,
    /// The object parameters sent exploded in form style, with their
    /// object schema.
    pub exploded: Vec<(&'a str, &'a Value)>,
}

impl<'a> QueryNames<'a> {
    /// The names, and the exploded objects among `parameters`.
    pub fn new(document: &'a Document, parameters: &[&'a Value], names: Vec<&'a str>) -> Self {
        let exploded = parameters
            .iter()
            .filter(|p| p["in"] == "query")
            .filter(|p| {
                let style = p["style"].as_str().unwrap_or("form");
                style == "form" && p["explode"].as_bool().unwrap_or(true)
            })
            .filter_map(|p| Some((p["name"].as_str()?, document.object_schema(&p["schema"])?)))
            .collect();
        QueryNames { names, exploded }
    }

    /// The declared parameter `sent` belongs to, or `sent` itself when none
    /// declares it.
    pub fn owner(&self, document: &Document, sent: String) -> String {
        let name = declared_name(sent, &self.names);
        if self.names.contains(&name.as_str()) {
            return name;
        }
        // A key the object declares, or one it says any key may be: an
        // object that says nothing of other keys does not take a
        // misspelt parameter name for one of its own.
        let takes = |schema: &Value| {
            document
                .flat_properties(schema)
                .0
                .iter()
                .any(|(p, _)| *p == name)
                || schema
                    .get("additionalProperties")
                    .is_some_and(|extra| *extra != Value::Bool(false))
        };
        self.exploded
            .iter()
            .find(|(_, schema)| takes(schema))
            .map_or(name, |(parameter, _)| (*parameter).to_owned())
    }
}

impl Document {
    /// The object `schema` describes, itself or its one object branch
    /// beside `null` (a nullable map); `None` for other values.
    fn object_schema<'a>(&'a self, schema: &'a Value) -> Option<&'a Value> {
        let schema = self.resolve(schema);
        let is_object = |s: &Value| {
            s["type"] == "object"
                || s.get("properties").is_some()
                || s.get("additionalProperties").is_some()
        };
        if is_object(schema) {
            return Some(schema);
        }
        ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| schema[*k].as_array())
            .flatten()
            .map(|b| self.resolve(b))
            .find(|b| is_object(b))
    }
}

/// The parameter a sent query name belongs to: itself, or the base of a
/// deep-object key (`metadata[key]` to `metadata`) when that is declared.
pub(super) fn declared_name(sent: String, declared: &[&str]) -> String {
    if declared.contains(&sent.as_str()) {
        return sent;
    }
    match sent.split_once('[') {
        Some((base, _)) if declared.contains(&base) => base.to_owned(),
        _ => sent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_deep_object_key_belongs_to_its_parameter() {
        let declared = ["metadata", "include[]", "page"];
        assert_eq!(declared_name("metadata[key]".into(), &declared), "metadata");
        assert_eq!(declared_name("include[]".into(), &declared), "include[]");
        assert_eq!(declared_name("page".into(), &declared), "page");
        assert_eq!(declared_name("other[x]".into(), &declared), "other[x]");
    }

    #[test]
    fn a_key_of_an_object_exploded_in_form_style_belongs_to_its_parameter() {
        let d = Document::from_value(json!({}));
        let parameters = [
            json!({"name": "effective_at", "in": "query", "schema": {"type": "object", "properties": {"gt": {}, "lt": {}}}}),
            json!({"name": "metadata", "in": "query", "schema": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"type": "null"}]}}),
            json!({"name": "deep", "in": "query", "style": "deepObject", "schema": {"type": "object", "additionalProperties": true}}),
            json!({"name": "page", "in": "query", "schema": {"type": "integer"}}),
        ];
        let refs: Vec<&Value> = parameters.iter().collect();
        let names = vec!["effective_at", "metadata", "deep", "page"];
        let query = QueryNames::new(&d, &refs, names);
        assert_eq!(query.owner(&d, "gt".into()), "effective_at");
        assert_eq!(query.owner(&d, "anything".into()), "metadata");
        assert_eq!(query.owner(&d, "page".into()), "page");
        assert_eq!(query.owner(&d, "deep[x]".into()), "deep");
        let closed = QueryNames::new(&d, &refs[..1], vec!["effective_at"]);
        assert_eq!(
            closed.owner(&d, "pgae".into()),
            "pgae",
            "a misspelt name is not a key"
        );
    }
}
