//! The `stream()` of a paginated method: the state that names the next
//! page (a page number, an offset, a cursor or a `Link` URL), how a request
//! takes it, and how a page yields its items and the next state.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{self, ident};
use crate::ir::{
    FieldAccess, MoreWhen, NextCursor, PageParam, PageStyle, Pagination, Primitive, Total,
};

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

/// The items, moved out of `page` down a path of fields: a missing
/// optional field on the way is an empty page.
fn take_items(path: &[FieldAccess]) -> TokenStream {
    let mut at = Reach::Place(quote!(page));
    for f in path {
        let name = ident(&f.rust_name);
        at = match (at, f.presence.optional()) {
            (Reach::Place(e), false) => Reach::Place(quote!(#e.#name)),
            (Reach::Place(e), true) => {
                Reach::Optional(rust::field_take(f.presence, quote!(#e.#name)))
            }
            (Reach::Optional(o), false) => Reach::Optional(quote!(#o.map(|v| v.#name))),
            (Reach::Optional(o), true) => {
                let take = rust::field_take(f.presence, quote!(v.#name));
                Reach::Optional(quote!(#o.and_then(|v| #take)))
            }
        };
    }
    match at {
        Reach::Place(e) => e,
        Reach::Optional(o) => quote!(#o.unwrap_or_default()),
    }
}

/// The response's total as an `Option<i64>`: `None` when it is absent. A
/// `u64` or `i128` total past `i64` saturates: no walk gets that far.
fn total_of(t: &Total) -> TokenStream {
    match (reach(&t.path), t.int) {
        (Reach::Place(e), Primitive::Int32) => quote!(Some(i64::from(#e))),
        (Reach::Place(e), Primitive::UInt64) => {
            quote!(Some(i64::try_from(#e).unwrap_or(i64::MAX)))
        }
        (Reach::Place(e), Primitive::Int128) => {
            quote!(Some(#e.clamp(i64::MIN.into(), i64::MAX.into()) as i64))
        }
        (Reach::Place(e), _) => quote!(Some(#e)),
        (Reach::Optional(o), Primitive::Int32) => quote!(#o.map(|t| i64::from(*t))),
        (Reach::Optional(o), Primitive::UInt64) => {
            quote!(#o.map(|t| i64::try_from(*t).unwrap_or(i64::MAX)))
        }
        (Reach::Optional(o), Primitive::Int128) => {
            quote!(#o.map(|t| (*t).clamp(i64::MIN.into(), i64::MAX.into()) as i64))
        }
        (Reach::Optional(o), _) => quote!(#o.copied()),
    }
}

/// Whether more pages follow: the value is present (or `true`); `None`
/// when the page always says so (a required value that is not a boolean).
fn more(m: &MoreWhen) -> Option<TokenStream> {
    match (reach(&m.path), m.boolean) {
        (Reach::Place(e), true) => Some(quote!(#e)),
        (Reach::Optional(o), true) => Some(quote!(#o.is_some_and(|more| *more))),
        (Reach::Optional(o), false) => Some(quote!(#o.is_some())),
        // Lowering refuses a required value that is not a boolean.
        (Reach::Place(_), false) => None,
    }
}

/// A page or offset parameter as `i64` (its first value) and back; the
/// walk never counts below 0, so a `u64` parameter takes every state, and
/// an `i128` one takes every `i64`.
fn int_param(p: &PageParam, default: i64) -> (TokenStream, TokenStream) {
    let field = ident(&p.rust_name);
    let default = proc_macro2::Literal::i64_unsuffixed(default);
    match p.int {
        Primitive::Int32 => (
            quote!(self.#field.map_or(#default, i64::from)),
            quote!(request.#field = Some(i32::try_from(state).unwrap_or(i32::MAX));),
        ),
        Primitive::UInt64 => (
            quote!(self
                .#field
                .map_or(#default, |v| i64::try_from(v).unwrap_or(i64::MAX))),
            quote!(request.#field = Some(u64::try_from(state).unwrap_or_default());),
        ),
        Primitive::Int128 => (
            quote!(self
                .#field
                .map_or(#default, |v| v.clamp(i64::MIN.into(), i64::MAX.into()) as i64)),
            quote!(request.#field = Some(i128::from(state));),
        ),
        _ => (
            quote!(self.#field.unwrap_or(#default)),
            quote!(request.#field = Some(state);),
        ),
    }
}

/// How a walk knows whether another page follows: what it reads from the
/// page before the items are moved out of it, and the test over those
/// readings. A page that says nothing has no test: an empty page ends the
/// walk (in the runtime), so the generated code carries no `let more = true`.
struct Ending {
    /// `let has_more = …;` and `let total: Option<i64> = …;`, as declared.
    read: TokenStream,
    /// `has_more`, `total.is_none_or(|t| count < t)`, both, or nothing.
    test: Option<TokenStream>,
}

impl Ending {
    /// The ending of `p`, where `count` is what is compared with the total
    /// (the last page number, the items seen or the next offset); `None`
    /// for a walk that does not stop at a total.
    fn of(p: &Pagination, count: Option<TokenStream>) -> Self {
        let has_more = p.has_more.as_ref().and_then(more);
        let total = count.and_then(|c| p.total.as_ref().map(|t| (total_of(t), c)));
        let mut read = TokenStream::new();
        if let Some(m) = &has_more {
            read.extend(quote!(let has_more = #m;));
        }
        let below = total.map(|(t, count)| {
            read.extend(quote!(let total: Option<i64> = #t;));
            quote!(total.is_none_or(|t| #count < t))
        });
        let test = match (has_more.map(|_| quote!(has_more)), below) {
            // In parentheses: the test is the receiver of `then_some`.
            (Some(m), Some(b)) => Some(quote!((#m && #b))),
            (m, b) => m.or(b),
        };
        Ending { read, test }
    }

    /// `Some(next)`, or `None` once the test says the walk is over.
    fn next(&self, next: TokenStream) -> TokenStream {
        match &self.test {
            Some(test) => quote!(#test.then_some(#next)),
            None => quote!(Some(#next)),
        }
    }

    /// A cursor or URL read from the page, dropped once the test says the
    /// walk is over.
    fn next_of_option(&self, next: TokenStream) -> TokenStream {
        match &self.test {
            Some(test) => quote!(#next.filter(|_| #test).map(Some)),
            None => quote!(#next.map(Some)),
        }
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
    let items = take_items(&p.items);
    // A method whose answer declares headers returns them beside the body: the walk reads the body.
    let send = if with_output {
        quote!(let page = request.send().await?.body;)
    } else {
        quote!(let page = request.send().await?;)
    };
    let (first, apply, fetch, finish) = match &p.style {
        PageStyle::Page { param } => {
            let (first, apply) = int_param(param, 1);
            let len = quote!(i64::try_from(items.len()).unwrap_or(i64::MAX));
            match &p.total {
                // The items seen so far ride along with the page number.
                Some(t) if !t.pages => {
                    let end = Ending::of(p, Some(quote!(seen)));
                    let (read, next) = (&end.read, end.next(quote!((state + 1, seen))));
                    (
                        quote!((#first, 0_i64)),
                        quote!(let (state, seen) = state; #apply),
                        send,
                        quote!(#read let items = #items; let seen = seen.saturating_add(#len); Ok((items, #next))),
                    )
                }
                _ => {
                    let end = Ending::of(p, Some(quote!(state)));
                    let (read, next) = (&end.read, end.next(quote!(state + 1)));
                    (
                        first,
                        apply,
                        send,
                        quote!(#read let items = #items; Ok((items, #next))),
                    )
                }
            }
        }
        PageStyle::Offset { param } => {
            let (first, apply) = int_param(param, 0);
            let end = Ending::of(p, Some(quote!(next)));
            let (read, more) = (&end.read, end.next(quote!(next)));
            let next = quote!(state.saturating_add(i64::try_from(items.len()).unwrap_or(i64::MAX)));
            (
                first,
                apply,
                send,
                quote!(#read let items = #items; let next = #next; Ok((items, #more))),
            )
        }
        PageStyle::Cursor { param, next } => {
            let field = ident(param);
            let first = quote!(self.#field.clone());
            let apply = quote!(request.#field = state;);
            let end = Ending::of(p, None);
            let read = &end.read;
            let finish = match next {
                NextCursor::Response(path) => {
                    let next = match reach(path) {
                        Reach::Place(e) => quote!((!#e.is_empty()).then(|| #e.clone())),
                        Reach::Optional(o) => quote!(#o.filter(|c| !c.is_empty()).cloned()),
                    };
                    let next_state = end.next_of_option(quote!(next));
                    quote!(#read let next = #next; let items = #items; Ok((items, #next_state)))
                }
                NextCursor::LastItem(f) => {
                    let name = ident(&f.rust_name);
                    let value = if f.presence.optional() {
                        let get = rust::field_get(f.presence, quote!(last.#name));
                        quote!(items.last().and_then(|last| #get))
                    } else {
                        quote!(items.last().map(|last| &last.#name))
                    };
                    let next_state = end.next_of_option(quote!(next));
                    quote!(#read let items = #items; let next = #value.map(|v| v.to_string()); Ok((items, #next_state)))
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
            let end = Ending::of(p, None);
            let (read, next_state) = (&end.read, end.next_of_option(quote!(next)));
            (
                quote!(None::<String>),
                quote!(request.options.next_url = state;),
                send,
                quote!(#read let next = #next; let items = #items; Ok((items, #next_state))),
            )
        }
        PageStyle::Link => {
            let fetch = quote! {
                let (client, call) = request.into_call();
                // Typed here: a page read only through its items field does not name its type.
                let (page, link): (#page_ty, Option<String>) = client.start(call, #errors, sdkgen_runtime::Response::decode_and_next_link).await?;
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
