//! The one list that names the APIs: each SDK crate the run links, by the
//! name its entry in `contract/apis.yaml` has. Everything else about an API
//! (its document, canary, input facts) is data in that file.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use sdkgen_runtime::harness::Inputs;

use crate::call::{Decoded, Failure};

/// Credentials by security scheme name.
pub type Credentials = BTreeMap<String, sdkgen_runtime::Credentials>;

/// A started call, its answer reduced to a [`Decoded`].
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

/// An [`Sdk`] for the crate `$krate`: a client with retries off (one
/// request per call) and the given credentials, then its `harness::call`.
macro_rules! sdk {
    ($krate:ident) => {
        Sdk {
            name: stringify!($krate),
            start: |base_url, credentials, operation_id, inputs| {
                let mut builder = $krate::Client::builder()
                    .base_url(base_url)
                    .retry_policy($krate::RetryPolicy::none())
                    .timeout(Duration::from_secs(30));
                for (scheme, value) in credentials {
                    builder = builder.credential(scheme.as_str(), value.clone());
                }
                let client = match builder.build() {
                    Ok(client) => client,
                    Err(e) => return Some(Err(format!("the client cannot be built: {e}"))),
                };
                let started = $krate::harness::call(&client, operation_id, inputs)?;
                Some(started.map(|call| {
                    Box::pin(async move { call.await.map_err(Failure::from) }) as Started
                }))
            },
        }
    };
}

/// Every SDK the run checks.
pub const SDKS: [Sdk; 2] = [sdk!(ringcentral), sdk!(portsip)];
