//! Rust built as tokens that a template places without printing it.
//!
//! Most of a model's file is code built with `quote` (its `Serialize` and
//! `Deserialize`, its constructor and setters). Printed into the template's
//! text, that code was lexed back into tokens by `syn` before it could be
//! parsed, the largest single cost of generating after parsing itself. A
//! view instead keeps such code in [`Fragments`] and gives the template a
//! [`Fragment`], which renders as a placeholder identifier; the emitter
//! lexes the template's own text, puts each fragment's tokens where its
//! placeholder is ([`splice`]), and parses the result. The tokens are the
//! same either way, so the formatted file is too.

use std::fmt;

use proc_macro2::{Group, TokenStream, TokenTree};

/// The identifier of a fragment's placeholder, which is followed by the
/// fragment's number: comparing each identifier with one fixed name needs
/// no copy of it. Lowering gives no name of the spec a leading `_`, so no
/// identifier of generated code is this one.
const PLACEHOLDER: &str = "__sdkgen_fragment";

/// The fragments of one view, in the order they were added.
#[derive(Default)]
pub struct Fragments(Vec<TokenStream>);

impl Fragments {
    /// Keeps `tokens` and returns what the template renders in their place.
    pub fn add(&mut self, tokens: TokenStream) -> Fragment {
        self.0.push(tokens);
        Fragment(self.0.len() - 1)
    }

    /// The fragments, by the number of their placeholder, taken out of the
    /// view once it is rendered: spliced, a token stream still shared with
    /// the view would be copied token by token.
    pub fn take(&mut self) -> Vec<TokenStream> {
        std::mem::take(&mut self.0)
    }
}

/// A fragment as its template sees it: `{{ fragment }}` renders its
/// placeholder.
pub struct Fragment(usize);

impl fmt::Display for Fragment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PLACEHOLDER} {}", self.0)
    }
}

/// `skeleton` (a template's text, lexed) with each placeholder replaced by
/// its fragment's tokens, which are moved, not copied.
pub fn splice(skeleton: TokenStream, fragments: &mut [TokenStream]) -> TokenStream {
    // Rebuilding a group copies the tokens in it: a file without fragments
    // is left as it is.
    if fragments.is_empty() {
        return skeleton;
    }
    let mut out = TokenStream::new();
    let mut trees = skeleton.into_iter();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), splice(group.stream(), fragments));
                inner.set_span(group.span());
                out.extend([TokenTree::Group(inner)]);
            }
            TokenTree::Ident(ident) if ident == PLACEHOLDER => {
                let number = trees.next();
                let fragment = number
                    .as_ref()
                    .and_then(|n| n.to_string().parse::<usize>().ok())
                    .and_then(|n| fragments.get_mut(n));
                match fragment {
                    Some(tokens) => out.extend(std::mem::take(tokens)),
                    // Not a placeholder this module wrote: left as it is,
                    // for the parser to refuse.
                    None => out.extend([TokenTree::Ident(ident)].into_iter().chain(number)),
                }
            }
            other => out.extend([other]),
        }
    }
    out
}

/// `skeleton` as text with each placeholder replaced by its fragment's
/// printed tokens: the whole file as it would have been rendered, for
/// reporting where generated code is not valid Rust.
pub fn printed(skeleton: &str, fragments: &[TokenStream]) -> String {
    let mut out = String::with_capacity(skeleton.len());
    let mut rest = skeleton;
    let marker = format!("{PLACEHOLDER} ");
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at]);
        let after = &rest[at + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| fragments.get(n))
        {
            Some(tokens) => out.push_str(&tokens.to_string()),
            None => out.push_str(&rest[at..at + marker.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn fragments() -> Fragments {
        let mut f = Fragments::default();
        f.add(quote!(
            fn a() -> u8 {
                1
            }
        ));
        f.add(quote!(let x = [1, 2];));
        f
    }

    #[test]
    fn placeholders_become_their_fragments_at_any_depth() {
        let mut f = fragments();
        let skeleton: TokenStream =
            "impl T { __sdkgen_fragment 0 } fn b() { __sdkgen_fragment 1 x }"
                .parse()
                .unwrap();
        assert_eq!(
            splice(skeleton, &mut f.take()).to_string(),
            quote!(impl T { fn a() -> u8 { 1 } } fn b() { let x = [1, 2]; x }).to_string()
        );
    }

    #[test]
    fn printed_text_has_the_fragments_in_place() {
        let f = fragments().take();
        let text = printed("impl T {\n    __sdkgen_fragment 0\n}\n", &f);
        assert_eq!(
            text,
            format!(
                "impl T {{\n    {}\n}}\n",
                quote!(
                    fn a() -> u8 {
                        1
                    }
                )
            )
        );
        // A placeholder of no fragment is left as it is.
        assert_eq!(
            printed("__sdkgen_fragment 9 y", &f),
            "__sdkgen_fragment 9 y"
        );
    }

    #[test]
    fn a_fragment_renders_as_its_placeholder() {
        let mut f = Fragments::default();
        f.add(quote!(a));
        assert_eq!(f.add(quote!(b)).to_string(), "__sdkgen_fragment 1");
    }
}
