//! Request bodies and success answers by media type: what each content type
//! can carry, checked with a located diagnostic for each misuse.

use std::collections::BTreeMap;

use super::{Lowerer, valid_header_name};
use crate::diag::KeyPath;
use crate::ir::{
    Body, BodyEncoding, Content, FilePart, Kind, Param, Primitive, Response, ResponseHeader, Type,
};
use crate::wire::{NO_CONTENT_STATUSES, essence, is_json, is_text};
use crate::{names, spec};

/// The spelling of raw content in a body or response `type`.
const BINARY: &str = "binary";

impl Lowerer<'_> {
    /// A media type as written, checked to be `type/subtype` and sendable in a header.
    fn media_type(&mut self, text: &str, path: &KeyPath) -> bool {
        let e = essence(text);
        let ok = e
            .split_once('/')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
            && text.chars().all(|c| c.is_ascii() && !c.is_ascii_control());
        if !ok {
            self.value_error(
                path,
                format!("`{text}` is not a media type"),
                Some(
                    "write `type/subtype`, such as `application/json` or `multipart/form-data`"
                        .into(),
                ),
            );
        }
        ok
    }

    /// The request body of a method, with `params` the method's parameters
    /// (whose Rust names its file parts must not take).
    pub(super) fn body(
        &mut self,
        b: &spec::BodySpec,
        params: &[Param],
        path: &KeyPath,
    ) -> Option<Body> {
        let content_type = b
            .content_type
            .clone()
            .unwrap_or_else(|| "application/json".into());
        if !self.media_type(&content_type, &path.key("content_type")) {
            return None;
        }
        let e = essence(&content_type);
        let encoding = match e.as_str() {
            _ if is_json(&e) => BodyEncoding::Json,
            "application/x-www-form-urlencoded" => BodyEncoding::Form,
            _ if e.starts_with("multipart/") => BodyEncoding::Multipart,
            _ if is_text(&e) => BodyEncoding::Text,
            _ => BodyEncoding::Binary,
        };
        let tp = path.key("type");
        let written = b.ty.as_deref().map(str::trim);
        let ty = match (encoding, written) {
            (BodyEncoding::Binary, None | Some(BINARY)) => None,
            (BodyEncoding::Binary, Some(other)) => {
                self.value_error(
                    &tp,
                    format!("a body sent as `{content_type}` is raw content, not `{other}`"),
                    Some(
                        "write `type: binary`, or set `content_type: application/json` for JSON"
                            .into(),
                    ),
                );
                return None;
            }
            (_, Some(BINARY)) => {
                self.value_error(&tp, format!("`binary` cannot be sent as `{content_type}`"), Some("raw content needs a binary media type, such as `content_type: application/octet-stream`; files in a multipart body go under `files`".into()));
                return None;
            }
            (BodyEncoding::Multipart, None) => None,
            (_, None) => {
                self.error(
                    path,
                    format!("a body sent as `{content_type}` needs a `type`"),
                );
                return None;
            }
            (_, Some(expr)) => Some(self.top_ty(expr, &tp)?.0),
        };
        match (encoding, &ty) {
            (BodyEncoding::Text, Some(t)) if *t != Type::Primitive(Primitive::String) => {
                self.value_error(
                    &tp,
                    format!(
                        "a body sent as `{content_type}` is text, not `{}`",
                        written.unwrap_or_default()
                    ),
                    Some("write `type: string`".into()),
                );
            }
            (BodyEncoding::Form | BodyEncoding::Multipart, Some(t))
                if t.named_of(Kind::Model).is_none()
                    && t.named_of(Kind::Union).is_none()
                    && !matches!(t, Type::Map(_)) =>
            {
                self.value_error(
                    &tp,
                    format!(
                        "the fields of a body sent as `{content_type}` must be an object, not `{}`",
                        written.unwrap_or_default()
                    ),
                    Some("give it a model (or `map<T>`) type".into()),
                );
            }
            _ => {}
        }
        let files = self.files(b, encoding, &content_type, params, &path.key("files"));
        if encoding == BodyEncoding::Multipart && ty.is_none() && files.is_empty() {
            self.error(
                path,
                "a multipart body needs a `type` for its fields, `files`, or both".into(),
            );
        }
        Some(Body {
            ty,
            encoding,
            content_type,
            files,
            required: b.required,
            doc: b.description.clone(),
        })
    }

    fn files(
        &mut self,
        b: &spec::BodySpec,
        encoding: BodyEncoding,
        content_type: &str,
        params: &[Param],
        path: &KeyPath,
    ) -> Vec<FilePart> {
        if encoding != BodyEncoding::Multipart {
            if !b.files.is_empty() {
                self.error_help(path, format!("`files` are parts of a multipart body, and this body is `{content_type}`"), "set `content_type: multipart/form-data`; a single raw upload is `type: binary`".into());
            }
            return Vec::new();
        }
        let mut taken: BTreeMap<String, String> = params
            .iter()
            .map(|p| (p.rust_name.clone(), format!("parameter `{}`", p.wire_name)))
            .collect();
        taken.insert("body".into(), "the body".into());
        let mut out = Vec::new();
        for (i, f) in b.files.iter().enumerate() {
            let fp = path.index(i);
            let rust = self.rust_name(&f.name, f.rust_name.as_deref(), &fp);
            let rust = if f.rust_name.is_some() {
                rust
            } else {
                names::avoid(rust, names::REQUEST_BUILDER, names::PARAM_SUFFIX)
            };
            if names::REQUEST_BUILDER.contains(&rust.as_str()) {
                self.error(
                    &fp.key("rust_name"),
                    format!("`{rust}` is a name the request type uses itself"),
                );
            }
            if let Some(other) = taken.insert(rust.clone(), format!("file `{}`", f.name)) {
                self.error_help(
                    &fp.key("name"),
                    format!("file `{}` and {other} both become `{rust}`", f.name),
                    "set `rust_name` on the file".into(),
                );
            }
            let content_type = f
                .content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into());
            self.media_type(&content_type, &fp.key("content_type"));
            out.push(FilePart {
                wire_name: f.name.clone(),
                rust_name: rust,
                required: f.required,
                multiple: f.multiple,
                content_type,
                doc: f.description.clone(),
            });
        }
        out
    }

    /// One success response of status `status`.
    pub(super) fn response(
        &mut self,
        status: Option<u16>,
        r: Option<&spec::ResponseSpec>,
        path: &KeyPath,
    ) -> Response {
        let Some(r) = r else {
            return Response {
                status,
                ty: None,
                content: Content::Json,
                content_types: Vec::new(),
                headers: Vec::new(),
            };
        };
        let ct_path = path.key("content_type");
        let content_types: Vec<String> = r
            .content_type
            .iter()
            .filter(|t| self.media_type(t, &ct_path))
            .cloned()
            .collect();
        let written = r.ty.as_deref().map(str::trim);
        let tp = if r.content_type.is_empty() && r.headers.is_empty() && r.description.is_none() {
            path.clone()
        } else {
            path.key("type")
        };
        let (ty, content) = match written {
            Some(BINARY) => (None, Content::Binary),
            Some(expr) if !content_types.is_empty() && content_types.iter().all(|t| is_text(t)) => {
                let ty = self.top_ty(expr, &tp).map(|t| t.0);
                if ty
                    .as_ref()
                    .is_some_and(|t| *t != Type::Primitive(Primitive::String))
                {
                    self.value_error(
                        &tp,
                        format!("a text answer is a `string`, not `{expr}`"),
                        None,
                    );
                }
                (None, Content::Text)
            }
            Some(expr) if status.is_some_and(|s| NO_CONTENT_STATUSES.contains(&s)) => {
                let code = status.unwrap_or_default();
                self.value_error(
                    &tp,
                    format!("a {code} answer has no content in HTTP, so it cannot be `{expr}`"),
                    Some(format!("write `\"{code}\": ~`")),
                );
                (None, Content::Json)
            }
            Some(expr) => {
                if let Some(other) = content_types.iter().find(|t| !is_json(t)) {
                    self.value_error(&ct_path, format!("`{other}` is not JSON, so the answer cannot be decoded as `{expr}`"), Some("write `type: binary` for raw content, or `type: string` with a `text/*` media type".into()));
                }
                (self.ty(expr, &tp), Content::Json)
            }
            None => (None, Content::Json),
        };
        let headers = self.response_headers(r, &path.key("headers"));
        Response {
            status,
            ty,
            content,
            content_types,
            headers,
        }
    }

    fn response_headers(&mut self, r: &spec::ResponseSpec, path: &KeyPath) -> Vec<ResponseHeader> {
        let mut out: Vec<ResponseHeader> = Vec::new();
        for (name, h) in &r.headers {
            let hp = path.key(name);
            if !valid_header_name(name) {
                self.error(&hp, format!("`{name}` is not a valid header name"));
                continue;
            }
            let Some((ty, _)) = self.top_ty(&h.ty, &hp.key("type")) else {
                continue;
            };
            let scalar = matches!(&ty, Type::Primitive(p) if *p != Primitive::Any)
                || ty.named_of(Kind::Enum).is_some()
                || ty.named_of(Kind::Alias).is_some();
            if !scalar {
                self.value_error(
                    &hp.key("type"),
                    format!(
                        "header `{name}` must be a primitive or an enum, not `{}`",
                        h.ty
                    ),
                    None,
                );
                continue;
            }
            let rust = self.rust_name(name, h.rust_name.as_deref(), &hp);
            // The output's own fields are `body` and `headers` (the raw ones).
            let own = |r: &str| ["body", "headers"].contains(&r);
            let rust = if own(&rust) && h.rust_name.is_none() {
                format!("{rust}_header")
            } else {
                rust
            };
            if own(&rust) {
                self.error(
                    &hp.key("rust_name"),
                    format!("`{rust}` is the output's own field for the response {rust}"),
                );
            }
            if out
                .iter()
                .any(|o| o.rust_name == rust || o.wire_name.eq_ignore_ascii_case(name))
            {
                self.error_help(
                    &hp,
                    format!("header `{name}` is declared twice or becomes `{rust}` like another"),
                    "header names are case-insensitive; set `rust_name` to tell two apart".into(),
                );
                continue;
            }
            out.push(ResponseHeader {
                wire_name: name.clone(),
                rust_name: rust,
                ty,
                required: h.required,
                doc: h.description.clone(),
            });
        }
        out
    }
}
