//! Content sent as a file: a raw request body (`application/octet-stream`,
//! an image, audio) or a file part of a multipart body.

use std::fmt;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

/// Chunks read from a file, a reader or a caller's stream.
pub(crate) type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

/// A stream that can be taken once: request builders are `Clone`, and a
/// clone of a streamed upload shares the one stream rather than copying it.
#[derive(Clone)]
pub(crate) struct OnceStream(Arc<Mutex<Option<ChunkStream>>>);

impl OnceStream {
    pub(crate) fn new(stream: ChunkStream) -> Self {
        OnceStream(Arc::new(Mutex::new(Some(stream))))
    }

    /// The stream, the first time; `None` once it was sent.
    pub(crate) fn take(&self) -> Option<ChunkStream> {
        self.0.lock().ok().and_then(|mut s| s.take())
    }
}

/// Where the content of an [`Upload`] comes from.
#[derive(Clone)]
pub(crate) enum Source {
    /// Held in memory: sent again as it is when a call is retried.
    Bytes(Bytes),
    /// Read while it is sent, never held whole; it can be sent only once,
    /// so a call carrying it is not retried.
    Stream {
        chunks: OnceStream,
        length: Option<u64>,
    },
}

/// Content sent as a file: a request body of a binary media type, or a file
/// part of a multipart body, with an optional file name and content type.
///
/// In memory (`Vec<u8>`, `Bytes`, `String` and `&'static` slices convert
/// into it) or streamed from a file or any async reader, so a large file is
/// never held whole. A streamed upload can be sent only once: a call
/// carrying one is not retried after a failure, nor sent again after the
/// access token was refreshed; it fails with the first answer instead.
#[derive(Clone)]
pub struct Upload {
    pub(crate) source: Source,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Upload");
        match &self.source {
            Source::Bytes(b) => d.field("bytes", &b.len()),
            Source::Stream { length, .. } => d.field("streamed", length),
        };
        d.field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Upload {
    /// Content held in memory.
    pub fn bytes(content: impl Into<Bytes>) -> Self {
        Upload {
            source: Source::Bytes(content.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// Content read from `stream` while the request is sent.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let chunks = stream.map(|chunk| chunk.map(Into::into).map_err(std::io::Error::other));
        Upload::streamed(chunks)
    }

    /// Content streamed once from `chunks`, of a length not known before.
    fn streamed(chunks: impl Stream<Item = std::io::Result<Bytes>> + Send + 'static) -> Self {
        Upload {
            source: Source::Stream {
                chunks: OnceStream::new(Box::pin(chunks)),
                length: None,
            },
            file_name: None,
            content_type: None,
        }
    }

    /// Content read from `reader` while the request is sent, 64 KiB at a time.
    pub fn reader(reader: impl tokio::io::AsyncRead + Send + Unpin + 'static) -> Self {
        let chunks = futures_util::stream::unfold(Some(reader), |reader| async move {
            use tokio::io::AsyncReadExt;
            let mut reader = reader?;
            let mut buffer = bytes::BytesMut::with_capacity(64 * 1024);
            match reader.read_buf(&mut buffer).await {
                Ok(0) => None,
                Ok(_) => Some((Ok(buffer.freeze()), Some(reader))),
                // After an error the stream ends.
                Err(e) => Some((Err(e), None)),
            }
        });
        Upload::streamed(chunks)
    }

    /// The file at `path`, streamed while the request is sent; its name is
    /// the file name and its content type follows the extension when it is a
    /// common one (else the one the method declares applies).
    pub async fn file(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await?.len();
        let mut upload = Upload::reader(file);
        if let Source::Stream { length: l, .. } = &mut upload.source {
            *l = Some(length);
        }
        upload.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        upload.content_type = content_type_of(path).map(str::to_owned);
        Ok(upload)
    }

    /// Sets the file name sent with a multipart file part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the content type, replacing the one the method declares.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Whether the content is in memory, so a failed call can send it again.
    pub fn is_replayable(&self) -> bool {
        matches!(self.source, Source::Bytes(_))
    }

    /// The content's length, when it is known before sending.
    pub fn len(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(b) => Some(b.len() as u64),
            Source::Stream { length, .. } => *length,
        }
    }

    /// Whether the content is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(content: Vec<u8>) -> Self {
        Upload::bytes(content)
    }
}

impl From<Bytes> for Upload {
    fn from(content: Bytes) -> Self {
        Upload::bytes(content)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(content: &'static [u8]) -> Self {
        Upload::bytes(content)
    }
}

impl From<String> for Upload {
    fn from(content: String) -> Self {
        Upload::bytes(content)
    }
}

impl From<&'static str> for Upload {
    fn from(content: &'static str) -> Self {
        Upload::bytes(content)
    }
}

/// The media type of a file by its extension: the common document, image,
/// audio and video types APIs take.
fn content_type_of(path: &Path) -> Option<&'static str> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    Some(match extension.as_str() {
        "pdf" => "application/pdf",
        "json" => "application/json",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn collect(upload: &Upload) -> Vec<u8> {
        match &upload.source {
            Source::Bytes(b) => b.to_vec(),
            Source::Stream { chunks, .. } => {
                let mut out = Vec::new();
                let mut stream = chunks.take().expect("not yet taken");
                while let Some(chunk) = stream.next().await {
                    out.extend_from_slice(&chunk.unwrap());
                }
                out
            }
        }
    }

    #[tokio::test]
    async fn a_file_streams_with_its_name_type_and_length() {
        let dir = std::env::temp_dir().join(format!("sdkgen-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("Fax.PDF");
        let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &content).unwrap();
        let upload = Upload::file(&path).await.unwrap();
        assert_eq!(
            (
                upload.file_name.as_deref(),
                upload.content_type.as_deref(),
                upload.len()
            ),
            (Some("Fax.PDF"), Some("application/pdf"), Some(200_000))
        );
        assert!(!upload.is_replayable());
        let clone = upload.clone();
        assert_eq!(collect(&upload).await, content);
        // Clones share the one stream: once sent, it is gone for all of them.
        assert!(matches!(&clone.source, Source::Stream { chunks, .. } if chunks.take().is_none()));
        let unknown = dir.join("data.bin");
        std::fs::write(&unknown, b"x").unwrap();
        assert_eq!(
            Upload::file(&unknown).await.unwrap().content_type,
            None,
            "the method's declared type applies"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn memory_and_caller_streams_keep_their_content() {
        let upload = Upload::from("hello")
            .file_name("a.txt")
            .content_type("text/plain");
        assert!(upload.is_replayable());
        assert_eq!(collect(&upload).await, b"hello");
        let parts = futures_util::stream::iter(vec![
            Ok::<_, std::io::Error>(Bytes::from_static(b"ab")),
            Ok(Bytes::from_static(b"cd")),
        ]);
        assert_eq!(collect(&Upload::stream(parts)).await, b"abcd");
        assert_eq!(
            format!("{:?}", Upload::from(vec![1, 2])),
            "Upload { bytes: 2, file_name: None, content_type: None }"
        );
    }
}
