//! What every request builder has, whatever the operation: per-call
//! overrides and `.await`. Generated services invoke this macro once per
//! builder instead of repeating the same code for each.

/// What awaiting a request builder answers: the method's success type and
/// its API's error model. Each generated builder implements it, as plain
/// Rust its reader (and rustdoc) sees, and [`request_builder!`](crate::request_builder) reads it.
pub trait Request {
    /// What a successful call gives.
    type Output;
    /// The API's error model, in [`crate::Error::Api`].
    type ErrorModel;
}

/// Adds `timeout`, `deadline`, `retry_policy`, `header` and `IntoFuture` to a request
/// builder type that implements [`Request`], has an `options: CallOptions`
/// field and a `fn send(self) -> Pending<Output, ErrorModel>`.
///
/// The three-argument form, `request_builder!(Builder, Output, ErrorModel)`,
/// is what SDKs generated before [`Request`] existed call; it implements
/// [`Request`] itself.
#[macro_export]
macro_rules! request_builder {
    ($builder:ident, $output:ty, $model:ty) => {
        impl $crate::Request for $builder {
            type Output = $output;
            type ErrorModel = $model;
        }
        $crate::request_builder!($builder);
    };
    ($builder:ident) => {
        impl $builder {
            /// Limits each attempt of this call, overriding the client's timeout.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Limits this call as a whole (every attempt, the waits between
            /// them, redirects and token fetches), overriding the client's
            /// deadline; when it passes, the call ends with
            /// [`Error::Deadline`](crate::Error::Deadline).
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.options.deadline = Some(deadline);
                self
            }

            /// Retries this call by `policy` instead of the client's policy.
            pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }

            /// Sends `name: value` with this call, replacing the client's and
            /// the spec's value of that header.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options.headers.push((name.into(), value.into()));
                self
            }
        }

        impl std::future::IntoFuture for $builder {
            type Output = Result<
                <$builder as $crate::Request>::Output,
                $crate::Error<<$builder as $crate::Request>::ErrorModel>,
            >;
            type IntoFuture = $crate::Pending<
                <$builder as $crate::Request>::Output,
                <$builder as $crate::Request>::ErrorModel,
            >;

            // Inline, like `send`: nothing of the call is compiled into the
            // SDK crate until a caller awaits it.
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
