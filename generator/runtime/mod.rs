//! The part of every SDK that does not depend on the API: HTTP execution,
//! authentication, parameter encoding and errors.
//!
//! sdkgen copies this folder verbatim into each generated crate; the
//! generated modules add only what varies with the spec.

mod auth;
mod builder;
mod call;
mod client;
mod encoding;
mod error;
mod paginate;
mod retry;
pub mod union;
mod validate;

pub use auth::Credentials;
pub(crate) use builder::request_builder;
pub use call::{Call, CallOptions};
pub use client::{Client, ClientBuilder, RefreshFailure};
pub use encoding::ParamValue;
pub use error::{ApiError, DecodeError, Error};
pub use paginate::paginate;
pub use retry::RetryPolicy;
pub use validate::{check_items, check_length, check_pattern, check_range, nested, Validate};
