//! What every view shares: template names for error messages, doc blocks.

use super::docs;

/// Templates name themselves so render errors can say which one failed.
pub trait Named {
    /// The template's file name under `templates/`.
    const TEMPLATE: &'static str;
}

/// Implements [`Named`] for a template struct.
macro_rules! named {
    ($t:ident, $file:literal) => {
        impl $crate::emit::view::Named for $t {
            const TEMPLATE: &'static str = $file;
        }
    };
}
pub(crate) use named;

/// Doc literals for `text`, or for `fallback` when the spec gave none.
pub fn doc_block(text: Option<&str>, fallback: &str) -> Vec<String> {
    let lines = text
        .map(docs::lines)
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| vec![fallback.to_owned()]);
    docs::literals(&lines)
}

/// The first line of a description, made safe for rustdoc like every doc
/// line, and for a Markdown table cell.
pub fn first_sentence(text: &str) -> String {
    let line = docs::lines(text)
        .into_iter()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    line.trim().replace('|', "\\|")
}

/// A description as doc text, for places that print it as Markdown (README).
pub fn doc_text(text: &str) -> String {
    docs::lines(text).join("\n")
}
