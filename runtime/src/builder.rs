//! What every request builder has, whatever the operation: per-call
//! overrides and `.await`. Generated services invoke this macro once per
//! builder instead of repeating the same code for each.

/// Adds `timeout`, `retry_policy` and `IntoFuture` to a request builder type
/// that has an `options: CallOptions` field and an
/// `async fn send(self) -> Result<$output, $error>`.
#[macro_export]
macro_rules! request_builder {
    ($builder:ident, $output:ty, $error:ty) => {
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
        }

        impl std::future::IntoFuture for $builder {
            type Output = Result<$output, $error>;
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}

