//! How the run calls an SDK it links: by operation id, through the crate's
//! `harness`. The binary that links the SDKs names them with [`sdk!`], each
//! by the name of its entry in the facts file (`contract/apis.yaml` for the
//! vendor SDKs); everything else about an API (its document, canary, input
//! facts) is data in that file.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use sdkgen_runtime::harness::Inputs;

use crate::call::Decoded;

/// Credentials by security scheme name.
pub type Credentials = BTreeMap<String, sdkgen_runtime::Credentials>;

/// A started call, its answer reduced to JSON (or why it could not be).
pub type Started = Pin<Box<dyn Future<Output = Decoded>>>;

/// Starts a call: base URL, credentials, operation id, inputs.
pub type Start = fn(&str, &Credentials, &str, &Inputs) -> Option<Result<Started, String>>;

/// A generated SDK, callable by operation id.
pub struct Sdk {
    /// Its name, the key of its entry in `contract/apis.yaml`.
    pub name: &'static str,
    /// Starts the call of an operation against a base URL, with the
    /// credentials of `contract/apis.yaml` by scheme name; `None` when the
    /// SDK has no method for it, the reason when it refuses the inputs.
    pub start: Start,
}

/// An [`Sdk`] for the crate `$krate` (built with its `harness` feature): a
/// client with retries off (one request per call) and the given
/// credentials, then its `harness::call`. Its name is the crate's, or the
/// one given after `as` when the API's entry is named otherwise.
#[macro_export]
macro_rules! sdk {
    ($krate:ident) => {
        $crate::sdk!($krate as stringify!($krate))
    };
    ($krate:ident as $name:expr) => {
        $crate::Sdk {
            name: $name,
            start: |base_url, credentials, operation_id, inputs| {
                let mut builder = $krate::Client::builder()
                    .base_url(base_url)
                    .retry_policy($krate::RetryPolicy::none())
                    .timeout(::std::time::Duration::from_secs(30));
                for (scheme, value) in credentials {
                    builder = builder.credential(scheme.as_str(), value.clone());
                }
                let client = match builder.build() {
                    Ok(client) => client,
                    Err(e) => return Some(Err(format!("the client cannot be built: {e}"))),
                };
                let started = $krate::harness::call(&client, operation_id, inputs)?;
                Some(started.map(|call| {
                    Box::pin(async move { call.await.map_err($crate::Failure::from) })
                        as $crate::Started
                }))
            },
        }
    };
}
