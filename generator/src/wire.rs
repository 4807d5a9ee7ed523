//! Facts about what goes on the wire that the generator, the importer and
//! the contract run must agree on: how a media type is read, which one an
//! SDK prefers to send, and which headers the SDK writes itself. Each is
//! written here once.

/// Headers every SDK writes itself, with what sets each: a spec or a
/// document cannot make them parameters.
pub const SDK_HEADERS: &[(&str, &str)] = &[
    ("authorization", "`api.auth`"),
    ("content-type", "the request body"),
    ("content-length", "the request body"),
    ("user-agent", "the client builder's `user_agent`"),
];

/// What sets `header` (any case) when the SDK writes it itself.
pub fn sdk_header(header: &str) -> Option<&'static str> {
    SDK_HEADERS
        .iter()
        .find(|(name, _)| header.eq_ignore_ascii_case(name))
        .map(|(_, owner)| *owner)
}

/// Statuses whose answers never carry content (RFC 9110, 15.3.5, 15.3.6
/// and 15.4.5): a body declared for one cannot arrive, so a method that
/// expected it would fail on every answer. The generator refuses a type on
/// them; the importer reads them as bodiless.
pub const NO_CONTENT_STATUSES: &[u16] = &[204, 205, 304];

/// The names an API gives the header that carries an idempotency key
/// (Stripe's and the IETF draft's `Idempotency-Key`, and the variants
/// vendors use), in lower case. A header parameter of one of these names is
/// the key: the SDK sends one (the caller's, else one it makes) on every
/// attempt of a call, and so may retry even a POST.
pub const IDEMPOTENCY_HEADERS: &[&str] = &[
    "idempotency-key",
    "x-idempotency-key",
    "idempotency-token",
    "x-idempotency-token",
    "idempotencykey",
    "x-request-idempotency-key",
];

/// Whether a header (any case) carries an idempotency key.
pub fn is_idempotency_key(header: &str) -> bool {
    IDEMPOTENCY_HEADERS
        .iter()
        .any(|name| header.eq_ignore_ascii_case(name))
}

/// A media type without its parameters, in lower case.
pub fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type holds JSON (`application/json`, `application/vnd.x+json`).
pub fn is_json(media: &str) -> bool {
    let e = essence(media);
    e == "application/json" || e.ends_with("+json")
}

/// Whether content declared with this media type is read and sent as JSON
/// by an imported SDK: JSON itself, or `*/*` (any type, which a document
/// uses for "whatever the schema says", and a schema is JSON).
pub fn reads_as_json(media: &str) -> bool {
    is_json(media) || essence(media) == "*/*"
}

/// Whether a media type is text (`text/plain`, `text/csv`).
pub fn is_text(media: &str) -> bool {
    essence(media).starts_with("text/")
}

/// What a request body's media type is, in the order an SDK prefers to
/// send them when a document offers several (best first): the importer
/// offers the first one, so it is the one the SDK sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MediaKind {
    /// `application/json`.
    Json,
    /// Another JSON type (`application/merge-patch+json`, `*/*`).
    JsonLike,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Another multipart type (`multipart/mixed`).
    OtherMultipart,
    /// `text/*`.
    Text,
    /// Anything else: raw bytes.
    Other,
}

impl MediaKind {
    /// The kind of `media`.
    pub fn of(media: &str) -> MediaKind {
        let e = essence(media);
        match e.as_str() {
            "application/json" => MediaKind::Json,
            _ if reads_as_json(&e) => MediaKind::JsonLike,
            "application/x-www-form-urlencoded" => MediaKind::Form,
            "multipart/form-data" => MediaKind::Multipart,
            _ if e.starts_with("multipart/") => MediaKind::OtherMultipart,
            _ if e.starts_with("text/") => MediaKind::Text,
            _ => MediaKind::Other,
        }
    }

    /// Whether the body is sent as JSON.
    pub fn is_json(self) -> bool {
        matches!(self, MediaKind::Json | MediaKind::JsonLike)
    }

    /// Whether the body is multipart.
    pub fn is_multipart(self) -> bool {
        matches!(self, MediaKind::Multipart | MediaKind::OtherMultipart)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_read_by_their_essence() {
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/vnd.api+json"));
        assert!(!is_json("*/*") && reads_as_json("*/*"));
        assert!(is_text("text/csv"));
        let mut offered = [
            "text/plain",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "application/merge-patch+json",
            "application/json",
        ];
        offered.sort_by_key(|m| MediaKind::of(m));
        assert_eq!(
            offered,
            [
                "application/json",
                "application/merge-patch+json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "text/plain"
            ]
        );
    }

    #[test]
    fn the_sdk_owns_its_headers_in_any_case() {
        assert_eq!(
            sdk_header("User-Agent"),
            Some("the client builder's `user_agent`")
        );
        assert_eq!(sdk_header("X-Request-Id"), None);
    }
}
