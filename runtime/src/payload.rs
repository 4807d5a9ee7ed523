//! Request bodies by content type: JSON, form-urlencoded, multipart, text
//! and raw binary, encoded once when the call is put together.

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use serde::Serialize;

use super::call::Call;
use super::query_pairs::deep_pairs;
use super::upload::{ChunkStream, OnceStream, Source, Upload};

/// An encoded request body and its content type.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    pub(crate) content_type: String,
    pub(crate) data: Data,
}

/// The encoded bytes of a body: in memory, or a stream sent once.
#[derive(Clone)]
pub(crate) enum Data {
    /// Shared, so a retry sends it again without copying it.
    Bytes(Bytes),
    /// Read while sent; its length when known beforehand.
    Stream(OnceStream, Option<u64>),
}

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Data::Bytes(b) => write!(f, "Bytes({})", b.len()),
            Data::Stream(_, length) => write!(f, "Stream({length:?})"),
        }
    }
}

impl Payload {
    /// Whether the body can be sent again (a retry, a resend after a token refresh).
    pub(crate) fn replayable(&self) -> bool {
        matches!(self.data, Data::Bytes(_))
    }
}

impl Call {
    fn set_body(&mut self, content_type: impl Into<String>, data: Data) {
        self.body = Some(Payload {
            content_type: content_type.into(),
            data,
        });
    }

    /// Sets a JSON body.
    pub fn json(&mut self, body: &impl Serialize) -> &mut Self {
        self.json_bytes(serde_json::to_vec(body))
    }

    /// The rest of [`Call::json`] once the body is encoded: here, so that
    /// it is compiled once and not for each type of body.
    fn json_bytes(&mut self, encoded: serde_json::Result<Vec<u8>>) -> &mut Self {
        match encoded {
            Ok(bytes) => self.set_body("application/json", Data::Bytes(Bytes::from(bytes))),
            Err(e) => self
                .problems
                .push(format!("body cannot be encoded as JSON: {e}")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: each property of
    /// `body` a `key=value` pair (in name order), lists as repeated keys, nested objects as
    /// `key[property]`, `null` and absent properties left out.
    pub fn form(&mut self, body: &impl Serialize) -> &mut Self {
        let mut pairs = Vec::new();
        match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => {
                for (key, value) in crate::call::by_name(&map) {
                    deep_pairs(key.clone(), value, &mut pairs);
                }
            }
            Ok(_) => self.problems.push("a form body must be an object".into()),
            Err(e) => self
                .problems
                .push(format!("body cannot be encoded as a form: {e}")),
        }
        let text = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        self.set_body(
            "application/x-www-form-urlencoded",
            Data::Bytes(Bytes::from(text)),
        );
        self
    }

    /// Sets a text body of `content_type` (`text/plain`, `text/csv`, …).
    pub fn text(&mut self, body: &str, content_type: &'static str) -> &mut Self {
        self.set_body(
            content_type,
            Data::Bytes(Bytes::copy_from_slice(body.as_bytes())),
        );
        self
    }

    /// Sets a raw body: the upload's content, with its own content type or
    /// else `content_type`, the one the method declares.
    pub fn upload(&mut self, body: &Upload, content_type: &'static str) -> &mut Self {
        let ty = body
            .content_type
            .clone()
            .unwrap_or_else(|| content_type.to_owned());
        let data = match &body.source {
            Source::Bytes(b) => Data::Bytes(b.clone()),
            Source::Stream { chunks, length } => Data::Stream(chunks.clone(), *length),
        };
        self.set_body(ty, data);
        self
    }

    /// Sets a multipart body.
    pub fn multipart(&mut self, body: Multipart) -> &mut Self {
        self.problems.extend(body.problems);
        let boundary = boundary();
        let content_type = format!("multipart/{}; boundary={boundary}", body.subtype);
        let mut pieces: Vec<Source> = Vec::new();
        let mut head = BytesMut::new();
        for part in body.parts {
            head.extend_from_slice(format!("--{boundary}\r\n{}\r\n", part.headers).as_bytes());
            match part.content {
                Source::Bytes(b) => head.extend_from_slice(&b),
                stream => {
                    pieces.push(Source::Bytes(std::mem::take(&mut head).freeze()));
                    pieces.push(stream);
                }
            }
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        pieces.push(Source::Bytes(head.freeze()));
        let data = match pieces.as_slice() {
            [Source::Bytes(all)] => Data::Bytes(all.clone()),
            _ => {
                let length = pieces.iter().try_fold(0u64, |sum, p| match p {
                    Source::Bytes(b) => Some(sum + b.len() as u64),
                    Source::Stream { length, .. } => length.map(|l| sum + l),
                });
                Data::Stream(OnceStream::new(chained(pieces)), length)
            }
        };
        self.set_body(content_type, data);
        self
    }
}

/// The pieces of a multipart body one after another, streams read as they come.
fn chained(pieces: Vec<Source>) -> ChunkStream {
    let streams = pieces.into_iter().map(|piece| -> ChunkStream {
        match piece {
            Source::Bytes(b) => Box::pin(futures_util::stream::iter([Ok(b)])),
            Source::Stream { chunks, .. } => match chunks.take() {
                Some(stream) => stream,
                None => Box::pin(futures_util::stream::iter([Err(std::io::Error::other(
                    "a streamed upload was already sent",
                ))])),
            },
        }
    });
    Box::pin(futures_util::stream::iter(streams).flatten())
}

/// A boundary that no content will hold by chance: 128 random bits.
fn boundary() -> String {
    use std::hash::{BuildHasher, Hasher};
    // `RandomState` is seeded randomly per process and per instance.
    let word = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish()
    };
    format!("sdkgen-{:016x}{:016x}", word(), word())
}

/// A multipart body (`multipart/form-data`, `multipart/mixed`) being put
/// together by a generated method: the fields of its model as text and JSON
/// parts, then its files.
#[derive(Debug)]
pub struct Multipart {
    subtype: &'static str,
    parts: Vec<Part>,
    problems: Vec<String>,
}

#[derive(Debug)]
struct Part {
    /// The part's header lines, each ending in CRLF.
    headers: String,
    content: Source,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Bytes(b) => write!(f, "Bytes({})", b.len()),
            Source::Stream { length, .. } => write!(f, "Stream({length:?})"),
        }
    }
}

impl Multipart {
    /// Starts a body of `multipart/<subtype>` (`form-data`, `mixed`).
    pub fn new(subtype: &'static str) -> Self {
        Multipart {
            subtype,
            parts: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Adds a part per property of `fields`, in order: text, numbers and
    /// booleans as text parts, lists of those as one part per item, objects
    /// and lists of objects as `application/json` parts; `null` and absent
    /// properties add nothing.
    pub fn fields(&mut self, fields: &impl Serialize) -> &mut Self {
        use serde_json::Value;
        let map = match serde_json::to_value(fields) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                self.problems
                    .push("the fields of a multipart body must be an object".into());
                return self;
            }
            Err(e) => {
                self.problems
                    .push(format!("multipart fields cannot be encoded: {e}"));
                return self;
            }
        };
        // Parts in name order, whatever order serde_json's map keeps (see `call::by_name`).
        let mut entries: Vec<(String, Value)> = map.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, value) in entries {
            let scalar = |v: &Value| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            match &value {
                Value::Null => {}
                Value::Array(items) if items.iter().all(|i| scalar(i).is_some()) => {
                    for item in items {
                        self.text_part(&name, scalar(item).unwrap_or_default());
                    }
                }
                v => match scalar(v) {
                    Some(text) => self.text_part(&name, text),
                    None => {
                        let headers = format!(
                            "{}Content-Type: application/json\r\n",
                            disposition(&name, None)
                        );
                        self.parts.push(Part {
                            headers,
                            content: Source::Bytes(Bytes::from(v.to_string())),
                        });
                    }
                },
            }
        }
        self
    }

    fn text_part(&mut self, name: &str, text: String) {
        self.parts.push(Part {
            headers: disposition(name, None),
            content: Source::Bytes(Bytes::from(text)),
        });
    }

    /// Adds a file part named `name` per upload in `files` (one, an
    /// `Option` or a `Vec`), with its file name and its content type, else
    /// `content_type`, the one the spec declares.
    pub fn files(
        &mut self,
        name: &str,
        files: &impl FileParts,
        content_type: &'static str,
    ) -> &mut Self {
        files.each(&mut |upload| {
            let ty = upload.content_type.as_deref().unwrap_or(content_type);
            // A file part without a file name is taken for a text field by many servers.
            let file_name = upload.file_name.as_deref().unwrap_or(name);
            let headers = format!(
                "{}Content-Type: {}\r\n",
                disposition(name, Some(file_name)),
                header_safe(ty)
            );
            self.parts.push(Part {
                headers,
                content: upload.source.clone(),
            });
        });
        self
    }
}

/// The `Content-Disposition` line of a part; quotes and line breaks in
/// names are percent-encoded, as browsers do.
fn disposition(name: &str, file_name: Option<&str>) -> String {
    let quoted = |s: &str| {
        s.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    match file_name {
        Some(f) => format!(
            "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n",
            quoted(name),
            quoted(f)
        ),
        None => format!(
            "Content-Disposition: form-data; name=\"{}\"\r\n",
            quoted(name)
        ),
    }
}

fn header_safe(text: &str) -> String {
    text.chars().filter(|c| *c != '\r' && *c != '\n').collect()
}

/// One upload, an optional one or several: what a file field of a multipart body holds.
pub trait FileParts {
    /// Calls `f` with each upload.
    fn each(&self, f: &mut dyn FnMut(&Upload));
}

impl FileParts for Upload {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        f(self)
    }
}

impl<T: FileParts> FileParts for Option<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        if let Some(v) = self {
            v.each(f)
        }
    }
}

impl<T: FileParts> FileParts for Vec<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        for v in self {
            v.each(f)
        }
    }
}

/// Reads a whole payload, for tests.
#[cfg(test)]
pub(crate) async fn collect(data: &Data) -> Vec<u8> {
    match data {
        Data::Bytes(b) => b.to_vec(),
        Data::Stream(s, _) => {
            let mut out = Vec::new();
            let mut stream = s.take().expect("a stream not yet sent");
            while let Some(chunk) = stream.next().await {
                out.extend_from_slice(&chunk.expect("a chunk"));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> Call {
        Call::new("op", reqwest::Method::POST, "/x")
    }

    #[test]
    fn a_form_sends_pairs_lists_repeated_and_nulls_left_out() {
        let mut c = call();
        c.form(&serde_json::json!({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "a b&c", "scope": ["x", "y"], "gone": null}));
        let body = c.body.unwrap();
        assert_eq!(body.content_type, "application/x-www-form-urlencoded");
        let Data::Bytes(b) = body.data else {
            panic!("in memory")
        };
        assert_eq!(
            std::str::from_utf8(&b).unwrap(),
            "assertion=a%20b%26c&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&scope=x&scope=y"
        );
    }

    #[tokio::test]
    async fn multipart_parts_are_text_json_and_files_in_order() {
        let mut form = Multipart::new("form-data");
        form.fields(&serde_json::json!({"to": [{"phoneNumber": "+1"}], "coverIndex": 2, "tags": ["a", "b"], "none": null}));
        form.files(
            "attachment",
            &vec![
                Upload::from("%PDF").file_name("a \"b\".pdf"),
                Upload::from("x"),
            ],
            "application/octet-stream",
        );
        let mut c = call();
        c.multipart(form);
        let body = c.body.unwrap();
        let boundary = body
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        assert!(body.replayable());
        let text = String::from_utf8(collect(&body.data).await)
            .unwrap()
            .replace(&boundary, "B");
        assert_eq!(
            text,
            "--B\r\nContent-Disposition: form-data; name=\"coverIndex\"\r\n\r\n2\r\n\
             --B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
             --B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
             --B\r\nContent-Disposition: form-data; name=\"to\"\r\nContent-Type: application/json\r\n\r\n[{\"phoneNumber\":\"+1\"}]\r\n\
             --B\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a %22b%22.pdf\"\r\nContent-Type: application/octet-stream\r\n\r\n%PDF\r\n\
             --B\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"attachment\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n\
             --B--\r\n"
        );
    }

    #[tokio::test]
    async fn a_streamed_file_part_makes_a_body_sent_once_with_its_length() {
        let chunks = futures_util::stream::iter(vec![
            Ok::<_, std::io::Error>(Bytes::from_static(b"12")),
            Ok(Bytes::from_static(b"34")),
        ]);
        let mut form = Multipart::new("mixed");
        form.files(
            "f",
            &Upload::stream(chunks).content_type("text/plain"),
            "application/octet-stream",
        );
        let mut c = call();
        c.multipart(form);
        let body = c.body.unwrap();
        assert!(
            body.content_type
                .starts_with("multipart/mixed; boundary=sdkgen-")
        );
        assert!(!body.replayable());
        let Data::Stream(_, length) = &body.data else {
            panic!("streamed")
        };
        assert_eq!(*length, None, "a caller's stream has no known length");
        let text = String::from_utf8(collect(&body.data).await).unwrap();
        assert!(
            text.contains("Content-Type: text/plain\r\n\r\n1234\r\n--sdkgen-"),
            "{text}"
        );
    }
}
