//! What a call gives the checks: the two input sets, and a call's result
//! reduced to something they can compare.

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

/// A call's decoded result as the SDK's harness gives it: the answer
/// serialized back to JSON, so it can be compared with the body that was
/// received (`Null` for operations without a body; a binary answer's bytes
/// in hex under [`BINARY`]).
pub type Decoded = Result<Value, Failure>;

pub use sdkgen_runtime::harness::BINARY;

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every SDK's `Error` is the runtime's error over that SDK's error models,
/// so one conversion serves them all.
impl<E: std::fmt::Debug> From<sdkgen_runtime::Error<E>> for Failure {
    fn from(e: sdkgen_runtime::Error<E>) -> Self {
        match e {
            sdkgen_runtime::Error::Api(api) => Failure::Api {
                status: api.status,
                violations: api
                    .headers
                    .get("sl-violations")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                model_decoded: api.model.is_some(),
                body: api.body,
            },
            sdkgen_runtime::Error::Decode(d) => Failure::Decode {
                path: d.path,
                message: d.message,
            },
            other => Failure::Other(other.to_string()),
        }
    }
}
