//! The future a generated method returns: the runtime's one, non-generic
//! execution of the call, followed by the method's decoding.
//!
//! Generated methods are plain functions that fill in a [`Call`] and return a
//! [`Pending`]; none of them is an `async fn`. The state machine that sends,
//! retries and refreshes tokens is compiled once, in this crate, instead of
//! once per operation in every SDK, and all that each method adds is the
//! choice of two function pointers: how to read a success body, and which
//! error models a failure body may hold.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::call::Call;
use super::client::Client;
use super::error::{ApiError, Error};
use super::response::Response;

/// The runtime's execution of one call, before the method's decoding.
pub(crate) type Execution = Pin<Box<dyn Future<Output = Result<Response, Error<()>>> + Send>>;

/// Parses a failure body into the API's error model, given the status.
pub type ErrorDecoder<E> = fn(u16, &[u8]) -> Option<E>;

/// Reads a success response into the method's return type.
pub type BodyDecoder<T, E> = fn(Response) -> Result<T, Error<E>>;

/// Runs on the decoded value of a success, with the client.
pub type SuccessHook<T> = fn(&Client, &T);

/// The error decoder of a method that declares no error bodies.
pub fn no_error_model<E>(_status: u16, _body: &[u8]) -> Option<E> {
    None
}

/// A call in flight; `.await` it for the decoded answer.
///
/// Nothing is sent until it is first polled.
#[must_use = "a request does nothing until it is awaited"]
pub struct Pending<T, E> {
    execution: Execution,
    errors: ErrorDecoder<E>,
    decode: BodyDecoder<T, E>,
    /// Run on the decoded value of a success, with the client (sign-in
    /// methods keep the tokens they received).
    on_success: Option<(Client, SuccessHook<T>)>,
}

impl<T, E> fmt::Debug for Pending<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl Client {
    /// Starts `call`: the returned future sends it (with retries and token
    /// refresh), reads a success with `decode` and parses a failure body
    /// with `errors`.
    pub fn start<T, E>(
        &self,
        call: Call,
        errors: ErrorDecoder<E>,
        decode: BodyDecoder<T, E>,
    ) -> Pending<T, E> {
        Pending {
            execution: self.execution(call),
            errors,
            decode,
            on_success: None,
        }
    }

    /// The execution of `call`, boxed here rather than in the generic
    /// [`Client::start`], so that the boxing is compiled once and not for
    /// every return type of every method.
    fn execution(&self, call: Call) -> Execution {
        Box::pin(self.clone().execute(call))
    }
}

impl<T, E> Pending<T, E> {
    /// Runs `hook` with the client on the decoded value of a success, before
    /// the caller gets it.
    pub fn on_success(mut self, client: &Client, hook: SuccessHook<T>) -> Self {
        self.on_success = Some((client.clone(), hook));
        self
    }
}

impl<T, E> Future for Pending<T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = match self.execution.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        Poll::Ready(match outcome {
            Ok(response) => {
                let value = (self.decode)(response);
                if let (Ok(value), Some((client, hook))) = (&value, &self.on_success) {
                    hook(client, value);
                }
                value
            }
            Err(failure) => Err(with_model(failure, self.errors)),
        })
    }
}

/// Gives a failure of the non-generic execution the API's error type,
/// parsing an API error's body into its model.
fn with_model<E>(failure: Error<()>, errors: ErrorDecoder<E>) -> Error<E> {
    match failure {
        Error::Api(e) => {
            let ApiError {
                operation,
                status,
                headers,
                body,
                model: _,
            } = *e;
            let model = errors(status, body.as_bytes());
            Error::Api(Box::new(ApiError {
                operation,
                status,
                headers,
                body,
                model,
            }))
        }
        Error::Validation {
            operation,
            problems,
        } => Error::Validation {
            operation,
            problems,
        },
        Error::Config(why) => Error::Config(why),
        Error::Transport(e) => Error::Transport(e),
        Error::Timeout(e) => Error::Timeout(e),
        Error::Auth {
            operation,
            status,
            message,
        } => Error::Auth {
            operation,
            status,
            message,
        },
        Error::Credentials { operation, needed } => Error::Credentials { operation, needed },
        Error::Decode(e) => Error::Decode(e),
        Error::Deadline {
            operation,
            deadline,
            attempts,
            status,
        } => Error::Deadline {
            operation,
            deadline,
            attempts,
            status,
        },
        Error::RateLimited(e) => Error::RateLimited(e),
        Error::TooLarge {
            operation,
            status,
            limit,
            size,
        } => Error::TooLarge {
            operation,
            status,
            limit,
            size,
        },
    }
}
