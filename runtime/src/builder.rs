//! What every request builder has, whatever the operation: per-call
//! overrides and `.await`. Generated services invoke this macro once per
//! builder instead of repeating the same code for each.

/// Adds `timeout`, `retry_policy`, `header` and `IntoFuture` to a request builder type
/// that has an `options: CallOptions` field and a
/// `fn send(self) -> Pending<$output, $model>`, where `$model` is the API's
/// error model.
#[macro_export]
macro_rules! request_builder {
    ($builder:ident, $output:ty, $model:ty) => {
        impl $builder {
            /// Limits each attempt of this call, overriding the client's timeout.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
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
            type Output = Result<$output, $crate::Error<$model>>;
            type IntoFuture = $crate::Pending<$output, $model>;

            // Inline, like `send`: nothing of the call is compiled into the
            // SDK crate until a caller awaits it.
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
