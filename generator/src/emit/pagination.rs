//! The `stream()` of a paginated method: the state that names the next
//! page (a page number, an offset, a cursor or a `Link` URL), how a request
//! takes it, and how a page yields its items and the next state.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{self, ident};
use crate::ir::{FieldAccess, MoreWhen, NextCursor, PageParam, PageStyle, Pagination};

/// The pieces of `templates/service.rs.askama`'s `stream()`.
pub struct StreamView {
    /// Item type.
    pub item: String,
    /// The first state.
    pub first: String,
    /// Statements putting `state` on `request`.
    pub apply: String,
    /// Statements sending `request` and binding `page` (and `link`).
    pub fetch: String,
    /// Statements ending in `Ok((items, next_state))`.
    pub finish: String,
}

/// A value reached from `page` down a path of fields: the place itself
/// while every field on the way is required, an `Option<&T>` after the
/// first optional one.
enum Reach {
    Place(TokenStream),
    Optional(TokenStream),
}

fn reach(path: &[FieldAccess]) -> Reach {
    let mut at = Reach::Place(quote!(page));
    for f in path {
        let name = ident(&f.rust_name);
        at = match (at, f.presence.optional()) {
            (Reach::Place(e), false) => Reach::Place(quote!(#e.#name)),
            (Reach::Place(e), true) => {
                Reach::Optional(rust::field_get(f.presence, quote!(#e.#name)))
            }
            (Reach::Optional(o), false) => Reach::Optional(quote!(#o.map(|v| &v.#name))),
            (Reach::Optional(o), true) => {
                let get = rust::field_get(f.presence, quote!(v.#name));
                Reach::Optional(quote!(#o.and_then(|v| #get)))
            }
        };
    }
    at
}

/// Whether more pages follow: the value is present (or `true`).
fn more(m: &MoreWhen) -> TokenStream {
    match (reach(&m.path), m.boolean) {
        (Reach::Place(e), true) => quote!(#e),
        (Reach::Optional(o), true) => quote!(#o.is_some_and(|more| *more)),
        (Reach::Optional(o), false) => quote!(#o.is_some()),
        // Lowering refuses a required value that is not a boolean.
        (Reach::Place(_), false) => quote!(true),
    }
}

/// A page or offset parameter as `i64` (its first value) and back.
fn int_param(p: &PageParam, default: i64) -> (TokenStream, TokenStream) {
    let field = ident(&p.rust_name);
    let default = proc_macro2::Literal::i64_unsuffixed(default);
    if p.is_i32 {
        (
            quote!(self.#field.map_or(#default, i64::from)),
            quote!(request.#field = Some(i32::try_from(state).unwrap_or(i32::MAX));),
        )
    } else {
        (
            quote!(self.#field.unwrap_or(#default)),
            quote!(request.#field = Some(state);),
        )
    }
}

/// The `stream()` of a method paginated by `p`, whose errors are parsed by
/// `errors` and whose page is a `page_ty`, inside an output struct with the
/// answer's headers when `with_output`.
pub fn stream_view(
    p: &Pagination,
    errors: &TokenStream,
    page_ty: &TokenStream,
    with_output: bool,
) -> StreamView {
    let items = match &p.items {
        None => quote!(page),
        Some(f) if f.presence.optional() => {
            let field = ident(&f.rust_name);
            let taken = rust::field_take(f.presence, quote!(page.#field));
            quote!(#taken.unwrap_or_default())
        }
        Some(f) => {
            let field = ident(&f.rust_name);
            quote!(page.#field)
        }
    };
    // Whether more pages follow; without a `has_more`, an empty page ends the walk (in the runtime).
    let more = p.has_more.as_ref().map_or(quote!(true), more);
    // Without a `has_more` the next page is always asked for: `Some(next)`
    // says so without a `let more = true` to test.
    let then_some = |next: TokenStream| match p.has_more {
        Some(_) => {
            quote!(let more = #more; let items = #items; let next = #next; Ok((items, more.then_some(next))))
        }
        None => quote!(let items = #items; let next = #next; Ok((items, Some(next)))),
    };
    // A method whose answer declares headers returns them beside the body: the walk reads the body.
    let send = if with_output {
        quote!(let page = request.send().await?.body;)
    } else {
        quote!(let page = request.send().await?;)
    };
    let (first, apply, fetch, finish) = match &p.style {
        PageStyle::Page { param } => {
            let (first, apply) = int_param(param, 1);
            (first, apply, send, then_some(quote!(state + 1)))
        }
        PageStyle::Offset { param } => {
            let (first, apply) = int_param(param, 0);
            let next = quote!(state + i64::try_from(items.len()).unwrap_or(i64::MAX));
            (first, apply, send, then_some(next))
        }
        PageStyle::Cursor { param, next } => {
            let field = ident(param);
            let first = quote!(self.#field.clone());
            let apply = quote!(request.#field = state;);
            let finish = match next {
                NextCursor::Response(path) => {
                    let next = match reach(path) {
                        Reach::Place(e) => quote!((!#e.is_empty()).then(|| #e.clone())),
                        Reach::Optional(o) => quote!(#o.filter(|c| !c.is_empty()).cloned()),
                    };
                    quote!(let more = #more; let next = #next; let items = #items; Ok((items, next.filter(|_| more).map(Some))))
                }
                NextCursor::LastItem(f) => {
                    let name = ident(&f.rust_name);
                    let value = if f.presence.optional() {
                        let get = rust::field_get(f.presence, quote!(last.#name));
                        quote!(items.last().and_then(|last| #get))
                    } else {
                        quote!(items.last().map(|last| &last.#name))
                    };
                    quote!(let more = #more; let items = #items; let next = #value.map(|v| v.to_string()); Ok((items, next.filter(|_| more).map(Some))))
                }
            };
            (first, apply, send, finish)
        }
        PageStyle::NextUrl { path } => {
            // Followed by the runtime like a `Link`: resolved against the base URL, same origin only.
            let next = match reach(path) {
                Reach::Place(e) => quote!((!#e.is_empty()).then(|| #e.to_string())),
                Reach::Optional(o) => quote!(#o.map(|u| u.to_string()).filter(|u| !u.is_empty())),
            };
            (
                quote!(None::<String>),
                quote!(request.options.next_url = state;),
                send,
                quote!(let more = #more; let next = #next; let items = #items; Ok((items, next.filter(|_| more).map(Some)))),
            )
        }
        PageStyle::Link => {
            let fetch = quote! {
                let (client, call) = request.into_call();
                // Typed here: a page read only through its items field does not name its type.
                let (page, link): (#page_ty, Option<String>) = client.start(call, #errors, sdkgen_runtime::Response::json_and_next_link).await?;
            };
            (
                quote!(None::<String>),
                quote!(request.options.next_url = state;),
                fetch,
                quote!(let items = #items; Ok((items, link.map(Some)))),
            )
        }
    };
    StreamView {
        item: rust::ty(&p.item).to_string(),
        first: first.to_string(),
        apply: apply.to_string(),
        fetch: fetch.to_string(),
        finish: finish.to_string(),
    }
}
