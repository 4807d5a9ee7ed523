//! Sending a call: building the request, retries, token refresh on 401, and
//! the tracing span that ties them to the operation.

use std::time::Instant;

use tracing::Instrument;

use super::auth::Applied;
use super::bounded::{Deadline, read_limited};
use super::call::{Call, api_error};
use super::client::Client;
use super::error::{Error, RateLimitError};
use super::payload::Data;
use super::redirect::{MAX_REDIRECTS, Target};
use super::response::Response;
use super::retry::{RetryPolicy, retryable_status};

impl Client {
    fn request(&self, call: &Call, target: &Target, auth: &Applied) -> reqwest::RequestBuilder {
        let mut url = target.url.clone();
        // A redirect to another origin carries nothing of the client's.
        if target.credentials {
            auth.apply_to_url(&mut url);
        }
        let mut request = self.http().request(target.method.clone(), url);
        if target.credentials {
            request = auth.apply(request);
        }
        // Defaults first (the client's, `Accept: application/json` among
        // them), then the method's headers, then the caller's for this call:
        // each replaces a header of the same name set before it.
        // Every pair was checked when it was added (`Call::header`,
        // `Call::options`); a call with a bad one never gets here.
        let mut headers = self.default_headers().clone();
        let pairs = call.headers.iter().map(|(n, v)| (*n, v.as_str())).chain(
            call.options
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str())),
        );
        for (name, value) in pairs {
            if let Ok((n, v)) = super::call::header_pair(name, value) {
                headers.insert(n, v);
            }
        }
        if let Some(timeout) = call.options.timeout {
            request = request.timeout(timeout);
        }
        if let Some(body) = call.body.as_ref().filter(|_| target.body) {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(&body.content_type) {
                headers.insert(reqwest::header::CONTENT_TYPE, v);
            }
            request = match &body.data {
                Data::Bytes(b) => request.body(b.clone()),
                Data::Stream(chunks, length) => {
                    if let Some(length) = length {
                        headers.insert(
                            reqwest::header::CONTENT_LENGTH,
                            reqwest::header::HeaderValue::from(*length),
                        );
                    }
                    // A call is never sent twice with a stream (see `Call::may_retry`);
                    // an emptied one is reported by the body itself.
                    let stream = chunks.take().unwrap_or_else(|| {
                        Box::pin(futures_util::stream::iter([Err(std::io::Error::other(
                            "a streamed upload was already sent",
                        ))]))
                    });
                    request.body(reqwest::Body::wrap_stream(stream))
                }
            };
        }
        request.headers(headers)
    }

    /// Sends a call; a non-success status becomes an API error whose model
    /// the generated method's decoder fills in afterwards (see `Pending`).
    /// Nothing here depends on the API's types, so this state machine is
    /// compiled once, in this crate.
    ///
    /// When the API signs clients in itself and an authenticated call is
    /// answered 401, the access token is refreshed once and the call sent
    /// again; a failed refresh is an authentication error.
    ///
    /// Each call runs in a `tracing` span named `sdk_call` with the fields
    /// `operation`, `method` and `path` (the path template, never the values
    /// in it) and, once it ends, `attempts`, `status` and `duration_ms`;
    /// retries and token refreshes are events inside it.
    pub(crate) async fn execute(self, call: Call) -> Result<Response, Error<()>> {
        let span = tracing::info_span!(
            "sdk_call",
            operation = call.operation,
            method = call.method.as_str(),
            path = call.template,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        self.execute_in_span(call).instrument(span).await
    }

    async fn execute_in_span(&self, call: Call) -> Result<Response, Error<()>> {
        let started = Instant::now();
        let mut attempt = 0u32;
        let mut last_status = None;
        let deadline = call
            .options
            .deadline
            .or(self.deadline())
            .map(Deadline::after);
        let attempts = self.attempts(&call, deadline, &mut attempt, &mut last_status);
        // Everything the call does runs inside the deadline: attempts, waits,
        // redirects, token fetches and reading the answer.
        let result = match deadline {
            None => attempts.await,
            Some(d) => match tokio::time::timeout_at(d.at, attempts).await {
                Ok(result) => result,
                Err(_) => {
                    tracing::info!(deadline_ms = d.length.as_millis() as u64, "deadline passed");
                    Err(Error::Deadline {
                        operation: call.operation,
                        deadline: d.length,
                        attempts: attempt,
                        status: last_status,
                    })
                }
            },
        };
        let span = tracing::Span::current();
        span.record("attempts", attempt);
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        if let Some(status) = match &result {
            Ok(r) => Some(r.status),
            Err(e) => e.status(),
        } {
            span.record("status", status);
        }
        result
    }

    /// The URL a `Link` header named for the next page, refused unless it
    /// is on the base URL's origin: the call carries the client's credentials.
    fn next_page_url(
        &self,
        operation: &'static str,
        next: &str,
    ) -> Result<reqwest::Url, Error<()>> {
        let base =
            reqwest::Url::parse(self.base_url()).map_err(|e| Error::Config(e.to_string()))?;
        let url = base.join(next).map_err(|e| {
            Error::Config(format!(
                "{operation}: the next page link `{next}` is not a URL: {e}"
            ))
        })?;
        if url.origin() != base.origin() {
            return Err(Error::Config(format!(
                "{operation}: the next page link `{next}` leaves the API's origin `{}`; it is not followed",
                base.origin().ascii_serialization()
            )));
        }
        Ok(url)
    }

    async fn attempts(
        &self,
        call: &Call,
        deadline: Option<Deadline>,
        attempt: &mut u32,
        last_status: &mut Option<u16>,
    ) -> Result<Response, Error<()>> {
        if !call.problems.is_empty() {
            tracing::debug!(
                problems = call.problems.len(),
                "not sent: the arguments break the spec's constraints"
            );
            return Err(Error::Validation {
                operation: call.operation,
                problems: call.problems.clone(),
            });
        }
        // Built once: every attempt goes to the same URL, unless redirected.
        let url = match &call.options.next_url {
            Some(next) => self.next_page_url(call.operation, next)?,
            None => {
                match reqwest::Url::parse(&format!("{}{}", self.base_url(), call.path_and_query()))
                {
                    Ok(url) => url,
                    Err(e) => {
                        return Err(Error::Config(format!(
                            "{}: the request URL is invalid: {e}",
                            call.operation
                        )));
                    }
                }
            }
        };
        let policy = call.options.retry.unwrap_or(self.retry());
        let limit = self.max_response_bytes();
        let may_retry = call.may_retry();
        let mut refreshed = false;
        // Which credentials go: an error before sending when the client has none the call accepts.
        let chosen = self.choose(call)?;
        if chosen.token_flow {
            if let Some(stale) = self.expiring() {
                // Refreshed before it is refused: the call goes out once.
                refreshed = self.refresh(call.operation, &stale).await?;
            }
        }
        let mut target = Target::new(url, call);
        let mut redirects = 0;
        loop {
            *attempt += 1;
            // The tokens this attempt carries, to tell whether a 401 found them stale.
            // (None after a redirect to another origin, where no token went.)
            let auth = if target.credentials {
                self.authorize(call, &chosen).await?
            } else {
                Applied::default()
            };
            let retries_left = may_retry && *attempt < policy.max_attempts.max(1);
            self.inner.limiter.acquire(call.rate_group).await;
            let sent = match self.request(call, &target, &auth).build() {
                Ok(request) => self.transport().send(call.operation, request).await,
                Err(e) => Err(e),
            };
            let response = match sent {
                Ok(r) => r,
                Err(e) => {
                    tracing::debug!(attempt = *attempt, error = %e, "request failed");
                    if retries_left && e.is_connect() {
                        let wait = policy.backoff(*attempt);
                        if deadline.is_some_and(|d| d.passed_after(wait)) {
                            return Err(past_deadline(call, deadline, *attempt, *last_status));
                        }
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(e.into());
                }
            };
            let status = response.status().as_u16();
            *last_status = Some(status);
            tracing::debug!(attempt = *attempt, status, "response received");
            self.inner
                .limiter
                .observe(call.rate_group, response.headers());
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok());
            if let Some(next) = target
                .follow(call, status, location)
                .filter(|_| redirects < MAX_REDIRECTS)
            {
                // A body that streamed cannot go along again; the redirect is then the answer.
                if !next.body || call.replayable() {
                    tracing::debug!(status, to = %next.url, "following a redirect");
                    redirects += 1;
                    // A redirect is the same attempt, not another one.
                    *attempt -= 1;
                    target = next;
                    continue;
                }
            }
            if (200..300).contains(&status) || call.success_3xx.contains(&status) {
                let mut response = response;
                let headers = std::mem::take(response.headers_mut());
                let url = headers
                    .contains_key(reqwest::header::LINK)
                    .then(|| response.url().clone());
                let (body, unread) = if call.streamed {
                    (bytes::Bytes::new(), Some(response))
                } else {
                    (read_limited(call.operation, response, limit).await?, None)
                };
                return Ok(Response {
                    operation: call.operation,
                    status,
                    url,
                    headers,
                    body,
                    unread,
                    empty_statuses: call.empty_statuses,
                });
            }
            // Only failures keep their headers (for the error and Retry-After).
            let headers = response.headers().clone();
            let body = read_limited(call.operation, response, limit).await?;
            if status == 401 && !refreshed && call.replayable() {
                if let Some(stale) = &auth.sign_in_token {
                    tracing::info!("access token refused");
                    if self.refresh(call.operation, stale).await? {
                        refreshed = true;
                        continue;
                    }
                }
                if !auth.oauth.is_empty() {
                    tracing::info!("fetched access token refused; fetching another");
                    for (scheme, stale) in &auth.oauth {
                        self.forget_oauth_token(scheme, stale);
                    }
                    refreshed = true;
                    continue;
                }
            }
            if retries_left && retryable_status(status) {
                let asked = headers
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(RetryPolicy::retry_after)
                    .filter(|_| matches!(status, 429 | 503));
                let wait = match asked {
                    Some(wait) => {
                        // Waiting less than asked would only meet the same answer.
                        let allowed = deadline
                            .map_or(policy.max_backoff, |d| d.left().min(policy.max_backoff));
                        if wait > allowed {
                            tracing::info!(
                                status,
                                retry_after_ms = wait.as_millis() as u64,
                                allowed_ms = allowed.as_millis() as u64,
                                "the API asks to wait longer than the call may; not retried"
                            );
                            return Err(Error::RateLimited(Box::new(RateLimitError {
                                operation: call.operation,
                                status,
                                retry_after: wait,
                                allowed,
                                headers,
                                body: String::from_utf8_lossy(&body).into_owned(),
                            })));
                        }
                        wait
                    }
                    None => policy.backoff(*attempt),
                };
                if deadline.is_some_and(|d| d.passed_after(wait)) {
                    return Err(past_deadline(call, deadline, *attempt, Some(status)));
                }
                tracing::info!(
                    attempt = *attempt,
                    status,
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(api_error(call.operation, status, headers, &body));
        }
    }
}

/// The error of a call whose next wait would end past its deadline: it ends
/// now instead of sleeping to fail later.
fn past_deadline(
    call: &Call,
    deadline: Option<Deadline>,
    attempts: u32,
    status: Option<u16>,
) -> Error<()> {
    tracing::info!("the next wait would end past the deadline");
    Error::Deadline {
        operation: call.operation,
        deadline: deadline.map_or(std::time::Duration::ZERO, |d| d.length),
        attempts,
        status,
    }
}
