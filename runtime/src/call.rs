use serde::Serialize;

use super::encoding::{ParamValue, percent_encode};
use super::error::{ApiError, Error};
use super::query_pairs::{deep_pairs, form_pairs, joined_pairs};

/// One request being put together by a generated method.
///
/// Problems found while encoding (an empty path parameter, say) are collected
/// instead of returned one by one, so the caller gets them all in one
/// validation error and nothing is sent.
#[derive(Debug)]
pub struct Call {
    pub(crate) operation: &'static str,
    pub(crate) method: reqwest::Method,
    /// The spec's path template, for tracing: it holds no parameter values.
    pub(crate) template: &'static str,
    pub(crate) path: String,
    /// Query pairs, each already percent-encoded (so a delimiter can stay literal).
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The encoded body and its content type.
    pub(crate) body: Option<super::payload::Payload>,
    /// Read the success body as a stream instead of in full (downloads).
    pub(crate) streamed: bool,
    /// 3xx statuses the spec declares as answers (not followed).
    pub(crate) success_3xx: &'static [u16],
    /// 3xx statuses the spec declares as errors (not followed either).
    pub(crate) declared_3xx: &'static [u16],
    /// Success statuses whose answer has no body, for `Response::json_or_empty`.
    pub(crate) empty_statuses: &'static [u16],
    pub(crate) problems: Vec<String>,
    /// The alternatives of credentials the call may send (each a set of
    /// scheme names sent together); `None` for the API's default.
    pub(crate) security: Option<&'static [&'static [&'static str]]>,
    /// The rate-limit group the operation belongs to.
    pub(crate) rate_group: Option<&'static str>,
    /// Sends the OAuth client id and secret as HTTP basic (token flow methods).
    pub(crate) client_auth: bool,
    pub(crate) retry_safe: bool,
    pub(crate) options: CallOptions,
}

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Time limit of each attempt.
    pub timeout: Option<std::time::Duration>,
    /// Time limit of the whole call, across attempts, waits, redirects and
    /// token fetches; replaces the client's `deadline`.
    pub deadline: Option<std::time::Duration>,
    /// Retry policy.
    pub retry: Option<super::retry::RetryPolicy>,
    /// Headers that replace the client's defaults and the spec's for this call.
    pub headers: Vec<(String, String)>,
    /// The URL of the next page (from a `Link` header), sent instead of the
    /// method's path and query; `stream()` sets it. It must be on the origin
    /// of the client's base URL, so credentials never leave the API.
    pub next_url: Option<String>,
}

impl Call {
    /// Starts a call of `operation` (the API's operation id) with an HTTP
    /// method, to the spec's path `template` (`/devices/{deviceId}`).
    pub fn new(operation: &'static str, method: reqwest::Method, template: &'static str) -> Self {
        Call {
            operation,
            method,
            template,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            streamed: false,
            success_3xx: &[],
            declared_3xx: &[],
            empty_statuses: &[],
            problems: Vec::new(),
            security: None,
            rate_group: None,
            client_auth: false,
            retry_safe: false,
            options: CallOptions::default(),
        }
    }

    /// Lets this call be retried although its HTTP method is not idempotent.
    pub fn retry_safe(&mut self) -> &mut Self {
        self.retry_safe = true;
        self
    }

    /// Applies per-call overrides.
    pub fn options(&mut self, options: CallOptions) -> &mut Self {
        // A header that cannot be sent stops the call before anything goes out.
        for (name, value) in &options.headers {
            if let Err(problem) = header_pair(name, value) {
                self.problems.push(problem);
            }
        }
        self.options = options;
        self
    }

    /// Declares the 3xx statuses the spec lists: `success` ones are the
    /// method's answers (a 304 Not Modified), `error` ones its failures.
    /// Neither is followed as a redirect; every other 3xx with a
    /// `Location` is (up to ten in a row).
    pub fn redirect_statuses(
        &mut self,
        success: &'static [u16],
        error: &'static [u16],
    ) -> &mut Self {
        self.success_3xx = success;
        self.declared_3xx = error;
        self
    }

    /// Declares the success statuses that answer without a body (204, say):
    /// `Response::json_or_empty` reads them as `None`.
    pub fn empty_statuses(&mut self, statuses: &'static [u16]) -> &mut Self {
        self.empty_statuses = statuses;
        self
    }

    /// Whether repeating this call cannot do harm, and its body can be sent again.
    pub(crate) fn may_retry(&self) -> bool {
        self.replayable() && self.may_repeat()
    }

    /// Whether the body, if any, can be sent more than once.
    pub(crate) fn replayable(&self) -> bool {
        self.body.as_ref().is_none_or(|b| b.replayable())
    }

    fn may_repeat(&self) -> bool {
        self.retry_safe
            || matches!(
                self.method,
                reqwest::Method::GET
                    | reqwest::Method::HEAD
                    | reqwest::Method::OPTIONS
                    | reqwest::Method::PUT
                    | reqwest::Method::DELETE
            )
    }

    /// Sends this call without credentials (sign-in and token refresh).
    pub fn without_auth(&mut self) -> &mut Self {
        self.security = Some(&[]);
        self
    }

    /// Sends the credentials of the first alternative of `requirement` the
    /// client has every credential of, instead of the API's default
    /// requirement. Each alternative is a set of scheme names sent
    /// together; an empty alternative lets the call go without credentials;
    /// an empty `requirement` is [`Call::without_auth`].
    pub fn security(&mut self, requirement: &'static [&'static [&'static str]]) -> &mut Self {
        self.security = Some(requirement);
        self
    }

    /// Puts the call in the API's rate-limit group `group`.
    pub fn rate_group(&mut self, group: &'static str) -> &mut Self {
        self.rate_group = Some(group);
        self
    }

    /// The requirement the call states, if not the API's default.
    pub(crate) fn requirement(&self) -> Option<&'static [&'static [&'static str]]> {
        self.security
    }

    /// Whether the call sends credentials at all.
    pub(crate) fn authenticated(&self) -> bool {
        self.security.is_none_or(|r| !r.is_empty())
    }

    /// Sends the OAuth client id and secret, when the client has them, as
    /// HTTP basic authentication (token endpoints of confidential clients).
    pub fn client_auth(&mut self) -> &mut Self {
        self.client_auth = true;
        self
    }

    /// Appends literal path text from the spec.
    pub fn path(&mut self, literal: &str) -> &mut Self {
        self.path.push_str(literal);
        self
    }

    /// Appends a path parameter as one percent-encoded segment. A list's
    /// items are joined by commas (OpenAPI's `simple` style: `/devices/1,2`);
    /// each item is percent-encoded, so a comma inside one stays apart.
    pub fn path_param(&mut self, name: &str, value: &(impl ParamValue + ?Sized)) -> &mut Self {
        let mut wire = Vec::new();
        value.push_wire(&mut wire);
        match wire.as_slice() {
            [] => self
                .problems
                .push(format!("path parameter `{name}` needs at least one value")),
            [one] if one.is_empty() => self
                .problems
                .push(format!("path parameter `{name}` is empty")),
            // `.` and `..` would be resolved away by URL normalisation, changing the path.
            [one] if one == "." || one == ".." => self
                .problems
                .push(format!("path parameter `{name}` cannot be `{one}`")),
            items if items.iter().any(String::is_empty) => self
                .problems
                .push(format!("path parameter `{name}` has an empty item")),
            items => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.path.push(',');
                    }
                    percent_encode(item, &mut self.path);
                }
            }
        }
        self
    }

    /// Adds a query parameter; lists repeat the key and `None` adds nothing
    /// (OpenAPI's `style: form` with `explode: true`, the default).
    pub fn query(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) -> &mut Self {
        let mut wire = Vec::new();
        value.push_wire(&mut wire);
        let key = encoded(name);
        self.query
            .extend(wire.iter().map(|v| (key.clone(), encoded(v))));
        self
    }

    /// Adds a query parameter whose list items are joined by `delimiter`
    /// under one key (`explode: false`: `?type=A,B`); `None` and an empty
    /// list add nothing. Items are percent-encoded, the delimiter is not,
    /// so a comma inside an item stays apart from the ones between items.
    pub fn query_joined(
        &mut self,
        name: &'static str,
        value: &(impl ParamValue + ?Sized),
        delimiter: Delimiter,
    ) -> &mut Self {
        let mut wire = Vec::new();
        value.push_wire(&mut wire);
        if !wire.is_empty() {
            let joined: Vec<String> = wire.iter().map(|v| encoded(v)).collect();
            self.query
                .push((encoded(name), joined.join(delimiter.wire())));
        }
        self
    }

    /// Adds an object as `name[key]=value` pairs (`style: deepObject`),
    /// nested objects as `name[a][b]=…` and lists as repeated keys; `null`
    /// values and an absent object add nothing.
    pub fn query_deep(&mut self, name: &'static str, value: &impl Serialize) -> &mut Self {
        match serde_json::to_value(value) {
            Ok(v) => deep_pairs(name.to_owned(), &v, &mut self.query),
            Err(e) => self
                .problems
                .push(format!("query parameter `{name}` cannot be encoded: {e}")),
        }
        self
    }

    /// Adds an object as one `property=value` pair per property or map
    /// entry, without a key of its own (`style: form`, `explode: true`, the
    /// default for an object), lists as repeated keys; `null` values and an
    /// absent object add nothing. OpenAPI defines no form for an object
    /// inside the object, so one stops the call, naming the property.
    pub fn query_form(&mut self, name: &'static str, value: &impl Serialize) -> &mut Self {
        for (key, v) in self.query_object(name, value).iter().flat_map(by_name) {
            if form_pairs(key, v, &mut self.query).is_err() {
                self.problems.push(format!(
                    "query parameter `{name}`: property `{key}` holds an object, which the `form` style cannot send"
                ));
            }
        }
        self
    }

    /// The object a query parameter's `value` encodes to; `None` for an
    /// absent value, and for one that is no object, with a problem saying so.
    fn query_object(
        &mut self,
        name: &str,
        value: &impl Serialize,
    ) -> Option<serde_json::Map<String, serde_json::Value>> {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => None,
            Ok(serde_json::Value::Object(map)) => Some(map),
            Ok(_) => {
                self.problems
                    .push(format!("query parameter `{name}` is not an object"));
                None
            }
            Err(e) => {
                self.problems
                    .push(format!("query parameter `{name}` cannot be encoded: {e}"));
                None
            }
        }
    }

    /// Adds an object as one pair whose value is the object's property names
    /// and values, alternating and joined by commas (`name=k1,v1,k2,v2`:
    /// `style: form`, `explode: false`), in name order. Names and values are
    /// percent-encoded and the commas between them are not, so a comma inside
    /// one stays apart. `null` properties and an absent or empty object add
    /// nothing; a property holding a list or an object (which this form
    /// cannot send) stops the call, naming it.
    pub fn query_form_joined(&mut self, name: &'static str, value: &impl Serialize) -> &mut Self {
        let Some(map) = self.query_object(name, value) else {
            return self;
        };
        match joined_pairs(&map) {
            Ok(Some(joined)) => self.query.push((encoded(name), joined)),
            Ok(None) => {}
            Err(key) => self.problems.push(format!(
                "query parameter `{name}`: property `{key}` holds a list or an object, which `explode: false` cannot send"
            )),
        }
        self
    }

    /// Adds a header; lists are joined with commas and `None` adds nothing.
    /// A value a header cannot carry (a line break, say) stops the call
    /// before anything is sent.
    pub fn header(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) -> &mut Self {
        let mut wire = Vec::new();
        value.push_wire(&mut wire);
        if !wire.is_empty() {
            let value = wire.join(",");
            match header_pair(name, &value) {
                Ok(_) => self.headers.push((name, value)),
                Err(problem) => self.problems.push(problem),
            }
        }
        self
    }

    /// Adds a header, or its spec `default` when the caller set none: the
    /// default is what the API expects (a version, a media type), so it is
    /// sent rather than only documented.
    pub fn header_or(
        &mut self,
        name: &'static str,
        value: &(impl ParamValue + ?Sized),
        default: &'static str,
    ) -> &mut Self {
        let before = self.headers.len();
        self.header(name, value);
        if self.headers.len() == before {
            self.headers.push((name, default.to_owned()));
        }
        self
    }

    /// Leaves the success body unread, for `Response::download` to stream.
    pub fn streamed(&mut self) -> &mut Self {
        self.streamed = true;
        self
    }

    /// Where generated validation records broken constraints; a call with
    /// any problem is not sent.
    pub fn problems(&mut self) -> &mut Vec<String> {
        &mut self.problems
    }

    /// The path and query as they will be sent, after the base URL.
    pub(crate) fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
        out
    }
}

/// A header name and value checked for what HTTP allows, or why not.
pub(crate) fn header_pair(
    name: &str,
    value: &str,
) -> Result<(reqwest::header::HeaderName, reqwest::header::HeaderValue), String> {
    let n = reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    let v = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        format!("the value of header `{name}` holds characters a header cannot carry")
    })?;
    Ok((n, v))
}

/// What joins the items of a list sent under one query key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `,` (`style: form`, `explode: false`).
    Comma,
    /// `|` (`style: pipeDelimited`).
    Pipe,
    /// A space (`style: spaceDelimited`).
    Space,
}

impl Delimiter {
    /// The delimiter as it appears in the URL.
    fn wire(self) -> &'static str {
        match self {
            Delimiter::Comma => ",",
            Delimiter::Pipe => "%7C",
            Delimiter::Space => "%20",
        }
    }
}

pub(crate) fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode(text, &mut out);
    out
}

/// The entries of an object in name order. serde_json's map iterates in
/// name order or in insertion order depending on its `preserve_order`
/// feature, which any other crate of a program may turn on; what goes on
/// the wire must not depend on that.
pub(crate) fn by_name(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Vec<(&String, &serde_json::Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// The API error for a non-success response; the generated method's
/// error decoder fills in the model afterwards (see `Pending`).
pub(crate) fn api_error(
    operation: &'static str,
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: &[u8],
) -> Error<()> {
    Error::Api(Box::new(ApiError {
        operation,
        status,
        headers,
        body: String::from_utf8_lossy(body).into_owned(),
        model: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> Call {
        let mut call = Call::new("op", reqwest::Method::GET, "/x");
        call.path("/x");
        call
    }

    #[test]
    fn query_styles_put_lists_on_the_wire_as_openapi_says() {
        let mut c = call();
        c.query("type", &vec!["A", "B"])
            .query_joined("tags", &vec!["a,b", "c"], Delimiter::Comma);
        c.query_joined("ids", &vec![1, 2], Delimiter::Pipe)
            .query_joined("words", &vec!["x", "y"], Delimiter::Space);
        c.query_joined("none", &None::<Vec<String>>, Delimiter::Comma)
            .query_joined("empty", &Vec::<String>::new(), Delimiter::Comma);
        assert_eq!(
            c.path_and_query(),
            "/x?type=A&type=B&tags=a%2Cb,c&ids=1%7C2&words=x%20y"
        );
    }

    #[test]
    fn a_list_path_parameter_is_one_segment_of_comma_joined_encoded_items() {
        let mut c = call();
        c.path("/")
            .path_param("ids", &vec!["1", "a,b", "c/d"])
            .path("/")
            .path_param("one", &vec![7]);
        assert_eq!(c.path_and_query(), "/x/1,a%2Cb,c%2Fd/7");
        assert!(c.problems.is_empty());
        let mut c = call();
        c.path("/")
            .path_param("none", &Vec::<String>::new())
            .path_param("hole", &vec!["a", ""])
            .path_param("dot", &vec![".."]);
        assert_eq!(
            c.problems,
            [
                "path parameter `none` needs at least one value",
                "path parameter `hole` has an empty item",
                "path parameter `dot` cannot be `..`"
            ]
        );
    }

    #[test]
    fn a_header_value_that_cannot_be_sent_is_a_problem_not_a_silent_drop() {
        let mut c = call();
        c.header("X-Ok", "fine")
            .header("X-Bad", "two\nlines")
            .header_or("X-Default", &None::<String>, "d");
        assert_eq!(
            c.headers,
            [("X-Ok", "fine".to_owned()), ("X-Default", "d".to_owned())]
        );
        assert_eq!(
            c.problems,
            ["the value of header `X-Bad` holds characters a header cannot carry"]
        );
    }

    #[test]
    fn form_objects_send_a_pair_per_property_under_its_own_key() {
        let mut c = call();
        let meta = serde_json::json!({"team": "core & ops", "n": 2, "tags": ["a", "b"], "gone": null, "ok": true});
        c.query("before", "1")
            .query_form("meta", &meta)
            .query_form("absent", &None::<serde_json::Value>);
        assert_eq!(
            c.path_and_query(),
            "/x?before=1&n=2&ok=true&tags=a&tags=b&team=core%20%26%20ops"
        );
        assert!(c.problems.is_empty());
        let mut c = call();
        c.query_form("meta", &serde_json::json!({"inner": {"a": 1}}))
            .query_form("list", &serde_json::json!([1]));
        assert_eq!(c.path_and_query(), "/x");
        assert_eq!(
            c.problems,
            [
                "query parameter `meta`: property `inner` holds an object, which the `form` style cannot send",
                "query parameter `list` is not an object"
            ]
        );
    }

    #[test]
    fn joined_form_objects_alternate_names_and_values_under_one_key() {
        let mut c = call();
        let meta = serde_json::json!({"team": "core, ops", "n": 2, "gone": null, "ok": true});
        c.query_form_joined("meta", &meta)
            .query_form_joined("empty", &serde_json::json!({"gone": null}))
            .query_form_joined("absent", &None::<serde_json::Value>);
        // A comma inside a value is escaped; the ones between items are not.
        assert_eq!(c.path_and_query(), "/x?meta=n,2,ok,true,team,core%2C%20ops");
        assert!(c.problems.is_empty());
        let mut c = call();
        c.query_form_joined("meta", &serde_json::json!({"tags": ["a"]}))
            .query_form_joined("list", &serde_json::json!([1]));
        assert_eq!(c.path_and_query(), "/x");
        assert_eq!(
            c.problems,
            [
                "query parameter `meta`: property `tags` holds a list or an object, which `explode: false` cannot send",
                "query parameter `list` is not an object"
            ]
        );
    }

    #[test]
    fn deep_objects_become_bracketed_keys() {
        let mut c = call();
        let filter = serde_json::json!({"status": "open", "size": {"min": 1}, "tag": ["a", "b"], "gone": null, "ok": true});
        c.query_deep("filter", &filter)
            .query_deep("absent", &None::<serde_json::Value>);
        assert_eq!(
            c.path_and_query(),
            "/x?filter%5Bok%5D=true&filter%5Bsize%5D%5Bmin%5D=1&filter%5Bstatus%5D=open&filter%5Btag%5D=a&filter%5Btag%5D=b"
        );
    }
}
