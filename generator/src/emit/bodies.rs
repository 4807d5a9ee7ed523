//! The code a method's request body and answer kind add to its request
//! type: the statements that encode the body by media type, the file parts
//! of a multipart body, and the output struct of answers with headers.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust::{self, ident, lit};
use crate::ir::{Body, BodyEncoding, FilePart, Method, Output, Returns};

/// How a request type holds a body: the stored type, the argument or
/// setter type, and the conversion from one to the other.
pub struct Holding {
    /// Field type.
    pub stored: TokenStream,
    /// Argument or setter type.
    pub taken: TokenStream,
    /// Appended to the value taken (`.into()`), or empty.
    pub convert: TokenStream,
}

/// How the body value is held; `None` for a multipart body of files only.
pub fn body_holding(b: &Body) -> Option<Holding> {
    match (&b.ty, b.encoding) {
        (_, BodyEncoding::Binary) => Some(Holding {
            stored: quote!(sdkgen_runtime::Upload),
            taken: quote!(impl Into<sdkgen_runtime::Upload>),
            convert: quote!(.into()),
        }),
        (Some(ty), _) => {
            let ty = rust::ty(ty);
            Some(Holding {
                stored: ty.clone(),
                taken: ty,
                convert: TokenStream::new(),
            })
        }
        (None, _) => None,
    }
}

/// How a file part is held.
pub fn file_holding(f: &FilePart) -> Holding {
    if f.multiple {
        Holding {
            stored: quote!(Vec<sdkgen_runtime::Upload>),
            taken: quote!(Vec<sdkgen_runtime::Upload>),
            convert: TokenStream::new(),
        }
    } else {
        Holding {
            stored: quote!(sdkgen_runtime::Upload),
            taken: quote!(impl Into<sdkgen_runtime::Upload>),
            convert: quote!(.into()),
        }
    }
}

/// The statements putting the body on the call.
pub fn body_statements(b: &Body) -> TokenStream {
    let ct = lit(&b.content_type);
    // `put` writes the statement for a reference to the value: the field
    // itself, or what an optional one holds.
    let wrap = |put: &dyn Fn(TokenStream) -> TokenStream| {
        if b.required {
            put(quote!(&self.body))
        } else {
            let inner = put(quote!(body));
            quote!(if let Some(body) = &self.body { #inner })
        }
    };
    match b.encoding {
        BodyEncoding::Json => wrap(&|body| quote!(call.json(#body);)),
        BodyEncoding::Form => wrap(&|body| quote!(call.form(#body);)),
        BodyEncoding::Text => wrap(&|body| quote!(call.text(#body, #ct);)),
        BodyEncoding::Binary => wrap(&|body| quote!(call.upload(#body, #ct);)),
        BodyEncoding::Multipart => {
            let subtype = lit(b.multipart_subtype());
            let fields =
                b.ty.as_ref()
                    .map(|_| wrap(&|body| quote!(form.fields(#body);)));
            let files = b.files.iter().map(|f| {
                let (wire, field, ct) =
                    (lit(&f.wire_name), ident(&f.rust_name), lit(&f.content_type));
                quote!(form.files(#wire, &self.#field, #ct);)
            });
            quote!({
                let mut form = sdkgen_runtime::Multipart::new(#subtype);
                #fields
                #(#files)*
                call.multipart(form);
            })
        }
    }
}

/// The return type of a method, and the `Response` method (or generated
/// function) that reads it.
pub fn returns(m: &Method) -> (TokenStream, TokenStream) {
    let rt = quote!(sdkgen_runtime);
    let body = match &m.returns {
        Returns::Unit => (quote!(()), quote!(#rt::Response::empty)),
        Returns::Body { ty } => (rust::ty(ty), quote!(#rt::Response::decode)),
        Returns::OptionalBody { ty, .. } => {
            let ty = rust::ty(ty);
            (quote!(Option<#ty>), quote!(#rt::Response::decode_or_empty))
        }
        Returns::Bytes => (quote!(#rt::Bytes), quote!(#rt::Response::bytes)),
        Returns::Text => (quote!(String), quote!(#rt::Response::text)),
    };
    match &m.output {
        None => body,
        Some(o) => {
            let name = ident(&o.name);
            let decode = ident(&format!("decode_{}", m.rust_name));
            (quote!(#name), quote!(#decode))
        }
    }
}

/// The output struct of a method whose answers declare headers, and the
/// function that reads a response into it.
pub fn output(m: &Method, o: &Output) -> TokenStream {
    let rt = quote!(sdkgen_runtime);
    let name = ident(&o.name);
    let decode = ident(&format!("decode_{}", m.rust_name));
    let (body_ty, read_body) = {
        let plain = Method {
            output: None,
            ..m.clone()
        };
        returns(&plain)
    };
    let doc = lit(&format!(
        " What [`{}`] answers: the body and the headers the API declares.",
        m.builder_name
    ));
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for h in &o.headers {
        let field = ident(&h.rust_name);
        let wire = lit(&h.wire_name);
        let ty = rust::ty(&h.ty);
        let text = h
            .doc
            .as_deref()
            .map(docs::lines)
            .unwrap_or_default()
            .join(" ");
        let text = if text.is_empty() {
            format!(" The `{}` header.", h.wire_name)
        } else {
            format!(
                " {} (the `{}` header).",
                text.trim_end_matches('.'),
                h.wire_name
            )
        };
        let doc = lit(&text);
        if h.required {
            fields.push(quote!(#[doc = #doc] pub #field: #ty,));
            reads.push(quote!(let #field = response.header(#wire)?;));
        } else {
            fields.push(quote!(#[doc = #doc] pub #field: Option<#ty>,));
            reads.push(quote!(let #field = response.header_opt(#wire)?;));
        }
    }
    let names = o.headers.iter().map(|h| ident(&h.rust_name));
    // The raw headers stay with the typed ones: an optional header that did
    // not parse as declared is `None` above, and still readable here.
    fields.push(quote!(
        #[doc = " Every header of the answer, as sent (the declared ones above are typed)."]
        pub headers: #rt::reqwest::header::HeaderMap,
    ));
    // An answer without a body has only its headers.
    let (body_field, body_read, body_init) = if m.returns == Returns::Unit {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    } else {
        (
            quote!(#[doc = " The response body."] pub body: #body_ty,),
            quote!(let body = #read_body(response)?;),
            quote!(body,),
        )
    };
    let doc = if m.returns == Returns::Unit {
        lit(&format!(
            " What [`{}`] answers: the headers the API declares.",
            m.builder_name
        ))
    } else {
        doc
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #name {
            #body_field
            #(#fields)*
        }

        // Compiled with the `send` that names it, in the SDK.
        fn #decode(response: #rt::Response) -> Result<#name, crate::Error> {
            // Headers first: reading the body consumes the response.
            #(#reads)*
            let headers = response.headers().clone();
            #body_read
            Ok(#name { #body_init #(#names,)* headers })
        }
    }
}
