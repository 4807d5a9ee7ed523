//! Which vendor operation a recorded request went to: its path matched
//! against every path template of the document, the most specific first.
//!
//! OpenAPI says a concrete path is matched before a templated one
//! (`/pets/mine` before `/pets/{petId}`); documents also write templates
//! with a literal part beside a parameter in one segment
//! (`/keys/{id}:rotate`), and a few pin a query literal in the template
//! (`/responses?beta=true`). Two templates that differ only in their
//! parameters' names are forbidden, yet some documents declare them; the
//! parameters' schemas tell them apart where they can (a UUID and a file
//! name), and the operation the call meant breaks the remaining ties.

use serde_json::Value;

use crate::recorder::Exchange;

use super::Document;

/// The operation a request matched.
pub struct Matched<'a> {
    /// Its path template, as the document writes it.
    pub template: &'a str,
    /// The operation object.
    pub op: &'a Value,
    /// The operation with its path item, for the parameters that apply.
    pub operation: sdkgen_openapi::operations::Operation<'a>,
    /// The other templates that fit the request just as well (a flaw of the
    /// document: OpenAPI forbids templates that no path tells apart).
    pub tied_with: Vec<&'a str>,
}

/// How specifically a template fits a path, compared field by field:
/// segments matched literally, then literal characters in templated
/// segments, then the template's own query literals the request carries.
type Score = (usize, usize, usize);

impl Document {
    /// The operation `exchange` went to: the best-fitting template with
    /// the request's method (see the module's documentation).
    pub fn operation_of(&self, exchange: &Exchange) -> Option<Matched<'_>> {
        let method = exchange.method.to_ascii_lowercase();
        let query = exchange.query_pairs();
        let mut best: Vec<(
            Score,
            Vec<String>,
            sdkgen_openapi::operations::Operation<'_>,
        )> = Vec::new();
        for op in sdkgen_openapi::operations::operations(self.root()) {
            if op.method != method {
                continue;
            }
            let Some((score, values)) = fit(op.path, exchange.path(), &query) else {
                continue;
            };
            match best.first().map(|(s, _, _)| score.cmp(s)) {
                Some(std::cmp::Ordering::Less) => continue,
                Some(std::cmp::Ordering::Greater) => best.clear(),
                _ => {}
            }
            best.push((score, values, op));
        }
        // Of templates that fit alike, those whose parameters' schemas
        // accept the values sent.
        if best.len() > 1 {
            let fitting: Vec<bool> = best
                .iter()
                .map(|(_, values, op)| self.values_fit(op, values))
                .collect();
            if fitting.iter().any(|f| *f) {
                let mut keep = fitting.iter();
                best.retain(|_| keep.next() == Some(&true));
            }
        }
        let meant = exchange.meant.as_deref();
        let chosen = best
            .iter()
            .position(|(_, _, op)| meant.is_some() && op.id() == meant)
            .unwrap_or(0);
        let operation = best.get(chosen)?.2;
        Some(Matched {
            template: operation.path,
            op: operation.op,
            operation,
            tied_with: best
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != chosen)
                .map(|(_, (_, _, o))| o.path)
                .collect(),
        })
    }

    /// Whether every path parameter value matched for `op` fits its schema.
    fn values_fit(
        &self,
        op: &sdkgen_openapi::operations::Operation<'_>,
        values: &[String],
    ) -> bool {
        let names = parameter_names(op.path);
        let params = op.parameters(self.root());
        names.iter().zip(values).all(|(name, value)| {
            params
                .iter()
                .find(|p| p["in"] == "path" && p["name"] == name.as_str())
                .is_none_or(|p| text_fits(self.resolve(&p["schema"]), value))
        })
    }
}

impl Exchange {
    /// The query's `name=value` pairs, percent-decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some((_, query)) = self.target.split_once('?') else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (
                    crate::request_body::percent_decode(k),
                    crate::request_body::percent_decode(v),
                )
            })
            .collect()
    }
}

/// The query literals a template pins (`beta` of `/responses?beta=true`).
pub fn template_query_names(template: &str) -> Vec<&str> {
    template
        .split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .map(|p| p.split('=').next().unwrap_or(p))
                .collect()
        })
        .unwrap_or_default()
}

/// How specifically `template` fits `path` with `query`, and the values
/// of its parameters in order; `None` when it does not fit.
fn fit(template: &str, path: &str, query: &[(String, String)]) -> Option<(Score, Vec<String>)> {
    let (template_path, template_query) = template.split_once('?').unwrap_or((template, ""));
    let parts: Vec<&str> = template_path.trim_start_matches('/').split('/').collect();
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(crate::request_body::percent_decode)
        .collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut score = (0, 0, 0);
    let mut values = Vec::new();
    for (part, segment) in parts.iter().zip(&segments) {
        if !part.contains('{') {
            if part != segment {
                return None;
            }
            score.0 += 1;
            continue;
        }
        let (pattern, literal) = segment_pattern(part);
        let captures = regex_lite::Regex::new(&pattern).ok()?.captures(segment)?;
        values.extend(
            captures
                .iter()
                .skip(1)
                .map(|c| c.map_or(String::new(), |c| c.as_str().to_owned())),
        );
        score.1 += literal;
    }
    for pair in template_query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if !query
            .iter()
            .any(|(qk, qv)| qk == k && (v.is_empty() || qv == v))
        {
            return None;
        }
        score.2 += 1;
    }
    Some((score, values))
}

/// A templated segment as an anchored regex (each parameter a group of
/// one or more characters) and its count of literal characters.
fn segment_pattern(part: &str) -> (String, usize) {
    let mut pattern = String::from("^");
    let mut literal = 0;
    let mut rest = part;
    while let Some(open) = rest.find('{') {
        let text = &rest[..open];
        pattern.push_str(&regex_lite::escape(text));
        literal += text.chars().count();
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        pattern.push_str("(.+)");
        rest = &rest[close..];
    }
    pattern.push_str(&regex_lite::escape(rest));
    literal += rest.chars().count();
    pattern.push('$');
    (pattern, literal)
}

/// The parameter names of a template, in order.
fn parameter_names(template: &str) -> Vec<String> {
    let path = template.split('?').next().unwrap_or(template);
    path.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Whether a path value written as `text` fits a parameter schema, for
/// what tells templates apart: type, `uuid` format, enum and pattern.
fn text_fits(schema: &Value, text: &str) -> bool {
    let type_ok = match schema["type"].as_str() {
        Some("integer") => text.parse::<i64>().is_ok(),
        Some("number") => text.parse::<f64>().is_ok(),
        Some("boolean") => text == "true" || text == "false",
        _ => true,
    };
    let format_ok = schema["format"] != "uuid" || is_uuid(text);
    let enum_ok = schema["enum"].as_array().is_none_or(|values| {
        values.iter().any(|v| {
            v.as_str() == Some(text) || serde_json::from_str::<Value>(text).ok().as_ref() == Some(v)
        })
    });
    let pattern_ok = schema["pattern"]
        .as_str()
        .and_then(|p| regex_lite::Regex::new(p).ok())
        .is_none_or(|re| re.is_match(text));
    type_ok && format_ok && enum_ok && pattern_ok
}

/// Whether `text` is a UUID (`8-4-4-4-12` hex digits, either case).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn exchange(method: &str, target: &str, meant: Option<&str>) -> Exchange {
        Exchange {
            meant: meant.map(str::to_owned),
            method: method.into(),
            target: target.into(),
            request_body: Vec::new(),
            status: 200,
            violations: None,
            response_body: Vec::new(),
        }
    }

    fn reached(doc: &Document, e: &Exchange) -> Option<String> {
        doc.operation_of(e)
            .and_then(|m| m.op["operationId"].as_str().map(str::to_owned))
    }

    #[test]
    fn the_most_specific_template_wins() {
        let doc = Document::from_value(json!({"paths": {
            "/keys/{id}": {"post": {"operationId": "update"}},
            "/keys/{id}:rotate": {"post": {"operationId": "rotate"}},
            "/keys/{id}:revoke": {"post": {"operationId": "revoke"}},
            "/keys/bulk": {"post": {"operationId": "bulk"}},
            "/responses": {"post": {"operationId": "create"}},
            "/responses?beta=true": {"post": {"operationId": "beta_create"}},
            "/<upload_url>": {"put": {"operationId": "upload"}}
        }}));
        let to = |m, t| reached(&doc, &exchange(m, t, None));
        assert_eq!(to("POST", "/keys/k1:rotate").as_deref(), Some("rotate"));
        assert_eq!(to("POST", "/keys/k1:revoke").as_deref(), Some("revoke"));
        assert_eq!(to("POST", "/keys/k1").as_deref(), Some("update"));
        assert_eq!(to("POST", "/keys/bulk").as_deref(), Some("bulk"));
        assert_eq!(
            to("POST", "/responses?beta=true").as_deref(),
            Some("beta_create")
        );
        assert_eq!(to("POST", "/responses?x=1").as_deref(), Some("create"));
        assert_eq!(to("PUT", "/%3Cupload_url%3E").as_deref(), Some("upload"));
        assert_eq!(to("GET", "/keys/k1"), None);
    }

    #[test]
    fn templates_alike_but_for_names_are_told_apart_by_schema_then_by_the_call() {
        let doc = Document::from_value(json!({"paths": {
            "/a/{AttachmentID}": {"get": {"operationId": "byId", "parameters": [
                {"name": "AttachmentID", "in": "path", "schema": {"type": "string", "format": "uuid"}}]}},
            "/a/{FileName}": {"get": {"operationId": "byName", "parameters": [
                {"name": "FileName", "in": "path", "schema": {"type": "string"}}]}},
            "/j/{JournalID}": {"get": {"operationId": "journal", "parameters": [
                {"name": "JournalID", "in": "path", "schema": {"type": "string", "format": "uuid"}}]}},
            "/j/{JournalNumber}": {"get": {"operationId": "byNumber", "parameters": [
                {"name": "JournalNumber", "in": "path", "schema": {"type": "integer"}}]}}
        }}));
        let uuid = "/a/0A0B0C0D-0000-0000-0000-000000000000";
        assert_eq!(
            reached(&doc, &exchange("GET", "/a/x.jpg", None)).as_deref(),
            Some("byName")
        );
        assert_eq!(
            reached(&doc, &exchange("GET", "/j/1000", None)).as_deref(),
            Some("byNumber")
        );
        assert_eq!(
            reached(&doc, &exchange("GET", uuid, None)).as_deref(),
            Some("byId")
        );
        let meant = exchange("GET", uuid, Some("byName"));
        let matched = doc.operation_of(&meant).unwrap();
        assert_eq!(matched.op["operationId"], "byName");
        assert_eq!(matched.tied_with, ["/a/{AttachmentID}"]);
        // A call meaning an operation that does not fit is not taken there.
        let wrong = exchange("GET", "/j/1000", Some("journal"));
        assert_eq!(reached(&doc, &wrong).as_deref(), Some("byNumber"));
    }

    #[test]
    fn uuids_are_read_in_either_case() {
        assert!(is_uuid("3fa85f64-5717-4562-B3FC-2c963f66afa6"));
        assert!(!is_uuid("3fa85f64-5717-4562-b3fc"));
        assert!(!is_uuid("3fa85f64-5717-4562-b3fc-2c963f66afaz"));
    }
}
