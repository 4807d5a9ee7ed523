//! What the per-SDK operation tables share: the two input sets, the way a
//! call's result is reduced to something the checks can compare, and typed
//! bodies built from JSON that is checked to survive the model unchanged.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Which inputs a call fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inputs {
    /// Only what the operation requires, recursively: optional parameters
    /// are not set and optional body fields are left out.
    Required,
    /// Every optional parameter and every optional body field too.
    Full,
}

/// Why a call did not give a decoded value.
#[derive(Debug)]
pub enum Failure {
    /// A non-success status; Prism's verdict, if any, is in `sl-violations`.
    Api {
        /// HTTP status.
        status: u16,
        /// The `sl-violations` header the SDK error carries.
        violations: Option<String>,
        /// Response body.
        body: String,
        /// Whether the body parsed as the error model declared for the status.
        model_decoded: bool,
    },
    /// A success body the SDK could not decode.
    Decode {
        /// JSON path of the value that did not fit.
        path: String,
        /// What serde reported.
        message: String,
    },
    /// Anything else (the SDK refused the inputs, transport failure, ...).
    Other(String),
}

/// A call's decoded result, serialized back to JSON so it can be compared
/// with the body that was received (`Null` for operations without a body).
pub type Decoded = Result<Value, Failure>;

/// Turns an SDK's result into a [`Decoded`].
pub fn decoded<T: Serialize, E: Into<Failure>>(result: Result<T, E>) -> Decoded {
    let value = result.map_err(Into::into)?;
    serde_json::to_value(value).map_err(|e| Failure::Other(format!("the decoded value does not serialize: {e}")))
}

/// The key of the value [`binary`] makes of a binary answer.
pub const BINARY: &str = "$binary";

/// Turns a binary answer into a [`Decoded`]: its bytes in hex, under
/// [`BINARY`], for the checks to compare with the body received.
pub fn binary<E: Into<Failure>>(result: Result<sdkgen_runtime::Bytes, E>) -> Decoded {
    let bytes = result.map_err(Into::into)?;
    Ok(serde_json::json!({ BINARY: hex(&bytes) }))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Turns an answer without a body (headers only) into a [`Decoded`]: the
/// declared headers decoded, or the failure.
pub fn no_body<T, E: Into<Failure>>(result: Result<T, E>) -> Decoded {
    result.map(|_| Value::Null).map_err(Into::into)
}

/// Every SDK's `Error` is the runtime's error over that SDK's error models,
/// so one conversion serves them all.
impl<E: std::fmt::Debug> From<sdkgen_runtime::Error<E>> for Failure {
    fn from(e: sdkgen_runtime::Error<E>) -> Self {
        match e {
            sdkgen_runtime::Error::Api(api) => Failure::Api {
                status: api.status,
                violations: api.headers.get("sl-violations").and_then(|v| v.to_str().ok()).map(str::to_owned),
                model_decoded: api.model.is_some(),
                body: api.body,
            },
            sdkgen_runtime::Error::Decode(d) => Failure::Decode { path: d.path, message: d.message },
            other => Failure::Other(other.to_string()),
        }
    }
}

/// A typed request body from JSON, refusing JSON the model would not send
/// back unchanged (a key it does not know would silently vanish).
pub fn body<T: DeserializeOwned + Serialize>(json: Value) -> Result<T, Failure> {
    let typed: T = serde_json::from_value(json.clone()).map_err(|e| Failure::Other(format!("test input does not fit the SDK model: {e}")))?;
    let back = serde_json::to_value(&typed).map_err(|e| Failure::Other(e.to_string()))?;
    let mut changes = Vec::new();
    diff(&json, &back, "", &mut changes);
    if !changes.is_empty() {
        return Err(Failure::Other(format!("the SDK model does not keep the test input as given: {}", changes.join(", "))));
    }
    Ok(typed)
}

/// Where `after` differs from `before`, by JSON path.
fn diff(before: &Value, after: &Value, path: &str, out: &mut Vec<String>) {
    let at = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (key, value) in b {
                match a.get(key) {
                    Some(other) => diff(value, other, &at(key), out),
                    None => out.push(format!("`{}` dropped", at(key))),
                }
            }
            out.extend(a.keys().filter(|k| !b.contains_key(*k)).map(|k| format!("`{}` added", at(k))));
        }
        (Value::Array(b), Value::Array(a)) if a.len() == b.len() => {
            for (i, (x, y)) in b.iter().zip(a).enumerate() {
                diff(x, y, &format!("{path}[{i}]"), out);
            }
        }
        (b, a) if a == b => {}
        (b, a) => out.push(format!("`{}` {b} became {a}", if path.is_empty() { "." } else { path })),
    }
}

/// Shorthand: `full` for [`Inputs::Full`], `required` otherwise.
pub fn pick<T>(inputs: Inputs, required: T, full: T) -> T {
    match inputs {
        Inputs::Required => required,
        Inputs::Full => full,
    }
}
