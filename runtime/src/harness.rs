//! Calling a generated SDK's methods by operation id, with inputs and
//! answers as JSON (the crate's `harness` feature).
//!
//! A contract test drives every operation of a whole API from the vendor's
//! document: it cannot name a thousand typed methods by hand, so each
//! generated crate's `harness::call` maps an operation id to its method,
//! builds the typed arguments from an [`Inputs`] and hands back the answer
//! serialized as JSON. Inputs go through the SDK's own types, so a value the
//! SDK cannot carry is refused here, and one it would change is refused too
//! ([`Inputs::body`] checks the model sends it back unchanged).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{Bytes, Upload};

/// The key under which [`bytes()`] puts a binary answer's content, in hex.
pub const BINARY: &str = "$binary";

/// A started call: its answer as JSON, or the SDK's error.
pub type Outcome<E> = Pin<Box<dyn Future<Output = Result<Value, E>>>>;

/// A started call, or the reason the inputs do not fit the method.
pub type Started<E> = Result<Outcome<E>, String>;

/// One service of a generated harness: starts its method with the given
/// operation id on a client with the given inputs; `Ok(None)` when it has
/// no method by that id.
pub type Service<C, E> = fn(&C, &str, &Inputs) -> Result<Option<Outcome<E>>, String>;

/// Starts the method with operation id `operation_id` of the first of
/// `services` that has it; `None` when none does.
pub fn dispatch<C, E>(
    services: &[Service<C, E>],
    client: &C,
    operation_id: &str,
    inputs: &Inputs,
) -> Option<Started<E>> {
    services
        .iter()
        .find_map(|service| service(client, operation_id, inputs).transpose())
}

/// Where an input goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
}

impl Location {
    fn key(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// The inputs of one call, by wire name:
///
/// ```json
/// {"path": {"accountId": "~"}, "query": {"page": 2}, "header": {},
///  "body": {"name": "x"},
///  "files": {"attachment": [{"content": "%PDF", "file_name": "a.pdf", "content_type": "application/pdf"}]}}
/// ```
///
/// `body` is the JSON of the body model (also for form and multipart
/// bodies: their fields), a string for a text or binary body. Every input
/// given must be taken by the call: [`Inputs::finish`] names any the
/// method has no place for.
#[derive(Debug, Default)]
pub struct Inputs {
    given: Map<String, Value>,
    taken: RefCell<BTreeSet<String>>,
}

impl Inputs {
    /// Inputs from their JSON form (an object; see the type's docs).
    pub fn new(given: Value) -> Result<Self, String> {
        match given {
            Value::Object(given) => Ok(Inputs {
                given,
                taken: RefCell::default(),
            }),
            Value::Null => Ok(Inputs::default()),
            other => Err(format!("inputs must be a JSON object, not {other}")),
        }
    }

    fn lookup(&self, location: &str, name: &str) -> Option<&Value> {
        let value = self.given.get(location)?.get(name)?;
        self.taken.borrow_mut().insert(format!("{location}.{name}"));
        Some(value)
    }

    /// A required parameter.
    pub fn required<T: DeserializeOwned>(
        &self,
        location: Location,
        name: &str,
    ) -> Result<T, String> {
        self.optional(location, name)?.ok_or_else(|| {
            format!(
                "the required {} parameter `{name}` is not given",
                location.key()
            )
        })
    }

    /// An optional parameter, `None` when not given.
    pub fn optional<T: DeserializeOwned>(
        &self,
        location: Location,
        name: &str,
    ) -> Result<Option<T>, String> {
        let what = format!("{} parameter `{name}`", location.key());
        match self.lookup(location.key(), name) {
            None => Ok(None),
            // Parameters are text on the wire: a number or boolean given for
            // a text parameter (a `oneOf` of an integer and a string the SDK
            // takes as a string) is taken as its text.
            Some(value @ (Value::Number(_) | Value::Bool(_))) => match typed(value, &what) {
                Ok(v) => Ok(Some(v)),
                Err(e) => typed(&Value::String(value.to_string()), &what)
                    .map(Some)
                    .map_err(|_| e),
            },
            Some(value) => typed(value, &what).map(Some),
        }
    }

    /// The body, `None` when not given; refused unless the model serializes
    /// back to exactly the JSON given (a key it does not know would vanish).
    pub fn body<T: DeserializeOwned + Serialize>(&self) -> Result<Option<T>, String> {
        let Some(value) = self.lookup_root("body") else {
            return Ok(None);
        };
        let body: T = typed(value, "body")?;
        let back =
            serde_json::to_value(&body).map_err(|e| format!("the body does not serialize: {e}"))?;
        let mut changes = Vec::new();
        diff(value, &back, "", &mut changes);
        if changes.is_empty() {
            Ok(Some(body))
        } else {
            Err(format!(
                "the SDK's body model does not keep the input as given: {}",
                changes.join(", ")
            ))
        }
    }

    /// A required body.
    pub fn required_body<T: DeserializeOwned + Serialize>(&self) -> Result<T, String> {
        self.body()?
            .ok_or_else(|| "the required body is not given".to_owned())
    }

    /// A binary or text body's content (a string), `None` when not given.
    pub fn raw_body(&self) -> Result<Option<Upload>, String> {
        match self.lookup_root("body") {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(Upload::from(text.clone()))),
            Some(other) => Err(format!("a binary body is given as a string, not {other}")),
        }
    }

    /// A required binary body.
    pub fn required_raw_body(&self) -> Result<Upload, String> {
        self.raw_body()?
            .ok_or_else(|| "the required body is not given".to_owned())
    }

    fn lookup_root(&self, key: &str) -> Option<&Value> {
        let value = self.given.get(key)?;
        self.taken.borrow_mut().insert(key.into());
        Some(value)
    }

    /// The files of multipart part `name` (none when not given).
    pub fn uploads(&self, name: &str) -> Result<Vec<Upload>, String> {
        let Some(files) = self.lookup("files", name) else {
            return Ok(Vec::new());
        };
        let list = match files {
            Value::Array(list) => list.as_slice(),
            one => std::slice::from_ref(one),
        };
        list.iter().map(|f| upload(f, name)).collect()
    }

    /// The one file of part `name`, `None` when not given.
    pub fn upload(&self, name: &str) -> Result<Option<Upload>, String> {
        let mut files = self.uploads(name)?;
        match files.len() {
            0 | 1 => Ok(files.pop()),
            n => Err(format!("the file part `{name}` takes one file, not {n}")),
        }
    }

    /// The file of a required part.
    pub fn required_upload(&self, name: &str) -> Result<Upload, String> {
        self.upload(name)?
            .ok_or_else(|| format!("the required file part `{name}` is not given"))
    }

    /// Fails naming every input the call did not take: the method has no
    /// parameter, body or file part for it.
    pub fn finish(&self) -> Result<(), String> {
        let taken = self.taken.borrow();
        let mut unused = Vec::new();
        for (key, value) in &self.given {
            match value {
                Value::Object(names) if key != "body" => {
                    unused.extend(
                        names
                            .keys()
                            .map(|n| format!("{key}.{n}"))
                            .filter(|k| !taken.contains(k)),
                    );
                }
                _ if taken.contains(key) => {}
                _ => unused.push(key.clone()),
            }
        }
        if unused.is_empty() {
            Ok(())
        } else {
            Err(format!("the method takes no input {}", unused.join(", ")))
        }
    }
}

fn typed<T: DeserializeOwned>(value: &Value, what: &str) -> Result<T, String> {
    T::deserialize(value).map_err(|e| format!("the {what} does not fit the SDK's type: {e}"))
}

fn upload(file: &Value, name: &str) -> Result<Upload, String> {
    let text = |key: &str| file.get(key).and_then(Value::as_str).map(str::to_owned);
    let content = text("content")
        .ok_or_else(|| format!("file part `{name}`: `content` (a string) is missing"))?;
    let mut upload = Upload::from(content);
    if let Some(file_name) = text("file_name") {
        upload = upload.file_name(file_name);
    }
    if let Some(content_type) = text("content_type") {
        upload = upload.content_type(content_type);
    }
    Ok(upload)
}

/// Starts `request` once every input is taken ([`Inputs::finish`]),
/// its answer turned into JSON by `answer` (such as [`json`] or [`unit()`]).
pub fn start<R, T, E>(
    inputs: &Inputs,
    request: R,
    answer: impl FnOnce(T) -> Value + 'static,
) -> Started<E>
where
    R: IntoFuture<Output = Result<T, E>> + 'static,
    R::IntoFuture: 'static,
{
    inputs.finish()?;
    Ok(Box::pin(async move { request.await.map(answer) }))
}

/// The answer of a call that returns nothing (only headers, if anything):
/// `null`.
pub fn unit<T>(_: T) -> Value {
    Value::Null
}

/// The answer of a call that returns text: a JSON string.
pub fn text(value: String) -> Value {
    Value::String(value)
}

/// A decoded answer as JSON.
pub fn json<T: Serialize>(value: &T) -> Value {
    // Every generated model serializes; a failure would be a map with
    // non-string keys, which the generator never emits.
    serde_json::to_value(value)
        .unwrap_or_else(|e| Value::String(format!("unserializable answer: {e}")))
}

/// A binary answer as JSON: its bytes in lower-case hex under [`BINARY`].
pub fn bytes(content: &Bytes) -> Value {
    let hex: String = content.iter().map(|b| format!("{b:02x}")).collect();
    let mut map = Map::new();
    map.insert(BINARY.into(), Value::String(hex));
    Value::Object(map)
}

/// Where `after` differs from `before`, by JSON path.
fn diff(before: &Value, after: &Value, path: &str, out: &mut Vec<String>) {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (key, value) in b {
                match a.get(key) {
                    Some(other) => diff(value, other, &at(key), out),
                    None => out.push(format!("`{}` dropped", at(key))),
                }
            }
            out.extend(
                a.keys()
                    .filter(|k| !b.contains_key(*k))
                    .map(|k| format!("`{}` added", at(k))),
            );
        }
        (Value::Array(b), Value::Array(a)) if a.len() == b.len() => {
            for (i, (x, y)) in b.iter().zip(a).enumerate() {
                diff(x, y, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(b), Value::Number(a)) if a.as_f64() == b.as_f64() => {}
        (b, a) if a == b => {}
        (b, a) => out.push(format!(
            "`{}` {b} became {a}",
            if path.is_empty() { "." } else { path }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, serde::Deserialize, Serialize)]
    struct Model {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<u32>,
    }

    #[test]
    fn parameters_are_typed_and_every_input_must_be_taken() {
        let inputs =
            Inputs::new(json!({"path": {"id": "7"}, "query": {"page": 2, "extra": true}})).unwrap();
        assert_eq!(
            inputs.required::<String>(Location::Path, "id").unwrap(),
            "7"
        );
        assert_eq!(
            inputs.optional::<u32>(Location::Query, "page").unwrap(),
            Some(2)
        );
        assert_eq!(
            inputs.optional::<u32>(Location::Query, "size").unwrap(),
            None
        );
        assert!(
            inputs
                .required::<u32>(Location::Header, "x")
                .unwrap_err()
                .contains("`x` is not given")
        );
        assert_eq!(
            inputs.finish().unwrap_err(),
            "the method takes no input query.extra"
        );
        assert!(
            inputs
                .optional::<u32>(Location::Query, "extra")
                .unwrap_err()
                .contains("does not fit")
        );
        // A number given for a text parameter is its text, as on the wire.
        let text = Inputs::new(json!({"query": {"perPage": 100}})).unwrap();
        assert_eq!(
            text.optional::<String>(Location::Query, "perPage")
                .unwrap()
                .as_deref(),
            Some("100")
        );
        inputs.finish().unwrap();
    }

    #[test]
    fn a_u64_parameter_takes_values_past_i64() {
        let inputs = Inputs::new(json!({"path": {"offset": 9223372036854775808_u64},
            "query": {"after": u64::MAX}}))
        .unwrap();
        assert_eq!(
            inputs.required::<u64>(Location::Path, "offset").unwrap(),
            9_223_372_036_854_775_808
        );
        assert_eq!(
            inputs.optional::<u64>(Location::Query, "after").unwrap(),
            Some(u64::MAX)
        );
        inputs.finish().unwrap();
    }

    #[test]
    fn an_i128_parameter_takes_values_past_i64_and_below_zero() {
        // A JSON value holds integers from `i64::MIN` to `u64::MAX`: the
        // part of an `int128`'s range the harness's inputs can state.
        let inputs = Inputs::new(json!({"path": {"offset": 9223372036854775808_u64},
            "query": {"after": -5}, "body": {"lag": 9223372036854775808_u64, "lead": -5}}))
        .unwrap();
        assert_eq!(
            inputs.required::<i128>(Location::Path, "offset").unwrap(),
            9_223_372_036_854_775_808
        );
        assert_eq!(
            inputs.optional::<i128>(Location::Query, "after").unwrap(),
            Some(-5)
        );
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Lags {
            lag: i128,
            lead: i128,
        }
        // Taken only if it serializes back to the same JSON: an `i128` does.
        let body = inputs.required_body::<Lags>().unwrap();
        assert_eq!((body.lag, body.lead), (9_223_372_036_854_775_808, -5));
        inputs.finish().unwrap();
    }

    #[test]
    fn a_body_the_model_would_change_is_refused() {
        let kept = Inputs::new(json!({"body": {"name": "a", "size": 3}})).unwrap();
        assert_eq!(kept.required_body::<Model>().unwrap().size, Some(3));
        let dropped = Inputs::new(json!({"body": {"name": "a", "colour": "red"}})).unwrap();
        assert!(
            dropped
                .required_body::<Model>()
                .unwrap_err()
                .contains("`colour` dropped")
        );
        assert!(
            Inputs::new(json!({}))
                .unwrap()
                .required_body::<Model>()
                .is_err()
        );
    }

    #[test]
    fn files_and_raw_bodies_come_from_strings() {
        let inputs = Inputs::new(json!({
            "body": "raw",
            "files": {"one": {"content": "a"}, "many": [{"content": "b", "file_name": "b.txt"}, {"content": "c"}]}
        }))
        .unwrap();
        assert_eq!(inputs.required_raw_body().unwrap().len(), Some(3));
        assert!(inputs.required_upload("one").is_ok());
        assert_eq!(inputs.uploads("many").unwrap().len(), 2);
        assert!(inputs.upload("many").unwrap_err().contains("not 2"));
        assert!(inputs.upload("none").unwrap().is_none());
        inputs.finish().unwrap();
    }

    #[test]
    fn a_call_starts_only_when_every_input_is_taken() {
        fn service(
            _: &(),
            operation_id: &str,
            inputs: &Inputs,
        ) -> Result<Option<Outcome<String>>, String> {
            if operation_id != "list" {
                return Ok(None);
            }
            let page: Option<u32> = inputs.optional(Location::Query, "page")?;
            start(inputs, async move { Ok(page) }, |page| json(&page)).map(Some)
        }
        let inputs = Inputs::new(json!({"query": {"page": 2, "extra": 1}})).unwrap();
        assert!(dispatch(&[service], &(), "other", &inputs).is_none());
        let refused = dispatch(&[service], &(), "list", &inputs).unwrap().err();
        assert_eq!(refused.unwrap(), "the method takes no input query.extra");
        let inputs = Inputs::new(json!({"query": {"page": 2}})).unwrap();
        assert!(dispatch(&[service], &(), "list", &inputs).unwrap().is_ok());
    }

    #[test]
    fn binary_answers_are_hex() {
        assert_eq!(
            bytes(&Bytes::from_static(b"\x01\xff")),
            json!({"$binary": "01ff"})
        );
    }
}
