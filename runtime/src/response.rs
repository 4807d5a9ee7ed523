//! A success response and the ways a generated method reads it: JSON, none,
//! bytes, text, a stream of chunks, and declared headers.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;
use serde::de::DeserializeOwned;

use crate::decode::DecodeOwned;

use super::error::{DecodeError, Error};

/// A success response: its status, headers and body (read in full, unless
/// the method streams it).
#[derive(Debug)]
pub struct Response {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    /// Where the answer came from, for resolving relative links; kept only
    /// when the answer has a `Link` header, the one use of it.
    pub(crate) url: Option<reqwest::Url>,
    /// Moved out of the transport's response, never copied.
    pub(crate) headers: reqwest::header::HeaderMap,
    /// The body as the transport delivered it, never copied.
    pub(crate) body: Bytes,
    /// The unread response of a streamed call.
    pub(crate) unread: Option<reqwest::Response>,
    pub(crate) empty_statuses: &'static [u16],
}

impl Response {
    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    fn decode_error<E>(&self, path: String, message: String) -> Error<E> {
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            path,
            message,
            body: String::from_utf8_lossy(&self.body).into_owned(),
        }))
    }

    /// Decodes the body as `T`, reporting the JSON path of a value that does not fit.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        // The fast path is plain serde_json; the path of a failure is found
        // afterwards from the error's position, so success pays nothing for it.
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.json_failure(&e)),
        }
    }

    /// Decodes the body as `T` through `T`'s [`Decode`](crate::decode::Decode),
    /// which compiles the reading of JSON once for every type rather than
    /// once per type ([`crate::decode`]); accepts and refuses what
    /// [`Response::json`] does, and reports a failure the same way.
    pub fn decode<T: DecodeOwned, E>(self) -> Result<T, Error<E>> {
        match crate::decode::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.json_failure(&e)),
        }
    }

    /// [`Response::json_and_next_link`] through [`Response::decode`].
    pub fn decode_and_next_link<T: DecodeOwned, E>(self) -> Result<(T, Option<String>), Error<E>> {
        let next = self.next_link();
        match self.decode() {
            Ok(page) => Ok((page, next)),
            Err(e) => Err(e),
        }
    }

    /// [`Response::json_or_empty`] through [`Response::decode`].
    pub fn decode_or_empty<T: DecodeOwned, E>(self) -> Result<Option<T>, Error<E>> {
        if self.is_empty_answer() {
            return Ok(None);
        }
        match self.decode() {
            Ok(value) => Ok(Some(value)),
            Err(e) => Err(e),
        }
    }

    /// The decode error of a body serde_json refused, with the JSON path of
    /// the value it stopped at. Not a closure in [`Response::json`], which
    /// would be compiled again for each type decoded.
    fn json_failure<E>(&self, e: &serde_json::Error) -> Error<E> {
        self.decode_error(
            super::json_path::at(&self.body, e.line(), e.column()),
            without_position(e),
        )
    }

    /// Decodes the body as `T`, with the URL of the next page that the
    /// `Link` header names (`<…>; rel="next"`, RFC 8288), resolved against
    /// this response's URL.
    pub fn json_and_next_link<T: DeserializeOwned, E>(
        self,
    ) -> Result<(T, Option<String>), Error<E>> {
        let next = self.next_link();
        self.json().map(|page| (page, next))
    }

    /// The `rel="next"` target of the `Link` headers, if any.
    fn next_link(&self) -> Option<String> {
        let links = self
            .headers
            .get_all(reqwest::header::LINK)
            .into_iter()
            .filter_map(|v| v.to_str().ok());
        links
            .flat_map(link_values)
            .find(|(_, rels)| {
                rels.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
            })
            .and_then(|(target, _)| self.url.as_ref()?.join(target).ok())
            .map(String::from)
    }

    /// For operations that answer either with a body or with none (204):
    /// `None` when the status is one the call declared empty, or the body is empty.
    pub fn json_or_empty<T: DeserializeOwned, E>(self) -> Result<Option<T>, Error<E>> {
        if self.is_empty_answer() {
            Ok(None)
        } else {
            self.json().map(Some)
        }
    }

    /// Whether the status is one the call declared empty, or the body is empty.
    fn is_empty_answer(&self) -> bool {
        self.empty_statuses.contains(&self.status) || self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// For operations without a response body; whatever was sent is ignored.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// The body as it came (binary answers: audio, images, files).
    pub fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        Ok(self.body)
    }

    /// The body as text; text that is not UTF-8 is a decode error.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => {
                Err(self.decode_error(".".into(), format!("the body is not UTF-8 text: {e}")))
            }
        }
    }

    /// The body as a stream of chunks, read as they arrive (the call was
    /// marked `streamed`): a large download is never held whole.
    pub fn download<E>(mut self) -> Result<Download<E>, Error<E>> {
        let content_type = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let length = self
            .unread
            .as_ref()
            .and_then(reqwest::Response::content_length);
        let chunks: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>> =
            match self.unread.take() {
                Some(response) => {
                    Box::pin(futures_util::stream::unfold(response, |mut r| async move {
                        match r.chunk().await {
                            Ok(Some(chunk)) => Some((Ok(chunk), r)),
                            Ok(None) => None,
                            Err(e) => Some((Err(e), r)),
                        }
                    }))
                }
                // Read in full already (a fake transport, say): one chunk.
                None => Box::pin(futures_util::stream::iter(
                    (!self.body.is_empty()).then(|| Ok(self.body.clone())),
                )),
            };
        Ok(Download {
            status: self.status,
            headers: self.headers,
            content_type,
            length,
            chunks,
            done: false,
            error: PhantomData,
        })
    }

    /// A declared response header decoded as `T`: missing or malformed is a decode error.
    pub fn header<T: DeserializeOwned, E>(&self, name: &'static str) -> Result<T, Error<E>> {
        match self.header_typed(name) {
            Ok(Some(value)) => Ok(value),
            Ok(None) => {
                Err(self.decode_error(format!("header {name}"), "the header is missing".into()))
            }
            Err(why) => Err(self.decode_error(format!("header {name}"), why)),
        }
    }

    /// An optional response header decoded as `T`. Present but in a shape
    /// `T` cannot take (text where the API declares a boolean), it is
    /// `None` and a `tracing` warning says so: an optional header is no
    /// reason to fail an otherwise good answer, and its raw value stays in
    /// [`Response::headers`] (and in the method's output's `headers`).
    pub fn header_opt<T: DeserializeOwned, E>(
        &self,
        name: &'static str,
    ) -> Result<Option<T>, Error<E>> {
        Ok(self.header_typed(name).unwrap_or_else(|why| {
            tracing::warn!(
                operation = self.operation,
                header = name,
                why = %why,
                "optional response header does not parse as declared; left out"
            );
            None
        }))
    }

    /// A header decoded as `T`, `None` when absent, or why it does not decode.
    fn header_typed<T: DeserializeOwned>(&self, name: &'static str) -> Result<Option<T>, String> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let text = value
            .to_str()
            .map_err(|_| "the header is not text".to_owned())?;
        header_value(text).map(Some).map_err(|e| e.to_string())
    }
}

/// The `(target, rel)` pairs of one `Link` header value:
/// `<https://api/x?page=2>; rel="next", <…>; rel="last"`.
fn link_values(header: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = header;
    std::iter::from_fn(move || {
        loop {
            let open = rest.find('<')?;
            let close = open + rest[open..].find('>')?;
            let target = &rest[open + 1..close];
            // Parameters run to the next link (a `<` after a comma) or the end.
            let after = &rest[close + 1..];
            let end = after.find(',').map_or(after.len(), |c| {
                after[c..].find('<').map_or(after.len(), |l| c + l)
            });
            // Without the comma that separates it from the next link.
            let params = after[..end].trim_end().trim_end_matches(',');
            rest = &after[end..];
            let rel = params
                .split(';')
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("rel"))
                .map(|(_, v)| v.trim().trim_matches('"'));
            if let Some(rel) = rel {
                return Some((target, rel));
            }
        }
    })
}

/// A header's text as `T`: numbers and booleans as themselves, everything
/// else (text, enums, dates) as a string.
fn header_value<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    match serde_json::from_str::<serde_json::Value>(text) {
        // Read from the text first: a JSON value holds no integer past
        // `u64`, which an `i128` header can carry.
        Ok(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
            serde_json::from_str(text)
                .or_else(|_| serde_json::from_value(v.clone()))
                .or_else(|_| serde_json::from_value(serde_json::Value::String(text.to_owned())))
        }
        _ => serde_json::from_value(serde_json::Value::String(text.to_owned())),
    }
}

/// serde_json's message without its " at line L column C": the path says where.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) if e.line() > 0 => text[..cut].to_owned(),
        _ => text,
    }
}

/// A binary answer read as it arrives: a `Stream` of chunks, so a large
/// download is never held whole. Consume it with `futures_util::StreamExt`,
/// or write it out with [`Download::write_to`].
#[must_use = "a download does nothing until its chunks are read"]
pub struct Download<E> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    content_type: Option<String>,
    length: Option<u64>,
    chunks: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>,
    done: bool,
    error: PhantomData<fn() -> E>,
}

impl<E> std::fmt::Debug for Download<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

impl<E> Download<E> {
    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The `Content-Type` the API sent (`audio/mpeg`, `application/pdf`, …).
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The length the API announced, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.length
    }

    /// Writes every remaining chunk to `out` and returns the number of bytes written.
    pub async fn write_to(
        mut self,
        out: &mut (impl tokio::io::AsyncWrite + Unpin),
    ) -> Result<u64, Error<E>> {
        use futures_util::StreamExt;
        use tokio::io::AsyncWriteExt;
        let mut written = 0;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            out.write_all(&chunk)
                .await
                .map_err(|e| Error::Config(format!("writing the download failed: {e}")))?;
            written += chunk.len() as u64;
        }
        out.flush()
            .await
            .map_err(|e| Error::Config(format!("writing the download failed: {e}")))?;
        Ok(written)
    }

    /// Reads every remaining chunk into memory.
    pub async fn bytes(mut self) -> Result<Bytes, Error<E>> {
        use futures_util::StreamExt;
        let mut all = bytes::BytesMut::new();
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }
}

impl<E> Stream for Download<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Err(e))) => {
                // A broken body ends the stream after the error.
                self.done = true;
                Poll::Ready(Some(Err(e.into())))
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            other => other.map(|c| c.map(|c| c.map_err(Into::into))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: &'static str, headers: &[(&'static str, &'static str)]) -> Response {
        let mut map = reqwest::header::HeaderMap::new();
        for (n, v) in headers {
            map.insert(*n, reqwest::header::HeaderValue::from_static(v));
        }
        Response {
            operation: "op",
            status: 200,
            url: reqwest::Url::parse("https://api.example.com/v1/items?page=1").ok(),
            headers: map,
            body: Bytes::from_static(body.as_bytes()),
            unread: None,
            empty_statuses: &[],
        }
    }

    #[test]
    fn the_next_link_is_found_among_others_and_resolved_against_the_response() {
        let r = response(
            "[1]",
            &[(
                "link",
                "</v1/items?page=2&a=b,c>; rel=\"next prefetch\", <https://api.example.com/v1/items?page=3>; rel=\"last\"",
            )],
        );
        let (page, next) = r.json_and_next_link::<Vec<i32>, ()>().unwrap();
        assert_eq!(
            (page, next.as_deref()),
            (
                vec![1],
                Some("https://api.example.com/v1/items?page=2&a=b,c")
            )
        );
        let last_only = response(
            "[]",
            &[(
                "link",
                "<https://api.example.com/v1/items?page=3>; rel=last",
            )],
        );
        assert_eq!(last_only.next_link(), None);
        assert_eq!(response("[]", &[]).next_link(), None);
    }

    #[test]
    fn declared_headers_decode_as_their_types_and_say_which_is_wrong() {
        let r = response(
            "",
            &[
                ("location", "/users/7"),
                ("x-rate-limit-remaining", "41"),
                ("x-flag", "true"),
                ("x-id", "0012"),
                ("x-lag", "-170141183460469231731687303715884105728"),
            ],
        );
        assert_eq!(r.header::<String, ()>("Location").unwrap(), "/users/7");
        assert_eq!(r.header::<i64, ()>("X-Rate-Limit-Remaining").unwrap(), 41);
        assert!(r.header::<bool, ()>("x-flag").unwrap());
        assert_eq!(r.header::<i128, ()>("x-lag").unwrap(), i128::MIN);
        // Text that happens to look like a number stays text.
        assert_eq!(r.header::<String, ()>("x-id").unwrap(), "0012");
        assert_eq!(r.header_opt::<String, ()>("x-missing").unwrap(), None);
        let Err(Error::Decode(e)) = r.header::<i64, ()>("Location") else {
            panic!("a decode error")
        };
        assert_eq!(e.path, "header Location");
        let Err(Error::Decode(e)) = r.header::<String, ()>("X-Missing") else {
            panic!("a decode error")
        };
        assert_eq!(e.message, "the header is missing");
        // Optional and malformed: left out, the raw value still there.
        assert_eq!(r.header_opt::<bool, ()>("Location").unwrap(), None);
        assert_eq!(r.headers()["location"], "/users/7");
    }

    #[tokio::test]
    async fn bytes_text_and_a_download_of_a_body_read_in_full() {
        use futures_util::StreamExt;
        assert_eq!(response("abc", &[]).bytes::<()>().unwrap(), "abc");
        assert_eq!(response("héllo", &[]).text::<()>().unwrap(), "héllo");
        let mut d = response("%PDF", &[("content-type", "application/pdf")])
            .download::<()>()
            .unwrap();
        assert_eq!(d.content_type(), Some("application/pdf"));
        assert_eq!(d.next().await.unwrap().unwrap(), "%PDF");
        assert!(d.next().await.is_none());
    }
}
