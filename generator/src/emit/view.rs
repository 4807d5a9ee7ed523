//! What every view shares: template names for error messages, doc blocks.

use super::docs;

/// Templates name themselves so render errors can say which one failed.
pub trait Named {
    /// The template's file name under `templates/`.
    const TEMPLATE: &'static str;

    /// The code built as tokens that the template places (see
    /// [`super::fragments`]), taken out of the view once it is rendered;
    /// none unless the view keeps some.
    fn take_fragments(&mut self) -> Vec<proc_macro2::TokenStream> {
        Vec::new()
    }
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

/// The first sentence of a description, for a one-line summary (a setter's
/// doc, a README table cell): its first paragraph's lines joined, up to the
/// first `.`, `!` or `?` that ends a sentence, made safe for rustdoc like
/// every doc line, and for a Markdown table cell. Descriptions are often
/// wrapped mid-sentence, so the first line alone can stop mid-phrase.
pub fn first_sentence(text: &str) -> String {
    summary(&docs::lines(text))
}

/// [`first_sentence`] of a description already made into doc lines (by
/// [`docs::lines`]), for a caller that also shows the lines themselves.
pub fn summary(lines: &[String]) -> String {
    let mut paragraph: Vec<&str> = Vec::new();
    for line in lines.iter().map(|l| l.trim()).skip_while(|l| l.is_empty()) {
        if line.is_empty() || (!paragraph.is_empty() && starts_block(line)) {
            break;
        }
        paragraph.push(line);
        // A line ending in a colon introduces what follows (a list, a
        // table, a block), which is no part of a one-line summary.
        if line.ends_with(':') {
            break;
        }
    }
    let joined = paragraph.join(" ");
    let sentence = sentence_end(&joined).map_or(joined.as_str(), |end| &joined[..end]);
    sentence.trim_end_matches(':').replace('|', "\\|")
}

/// Whether a line starts a list item, heading, quote, table or code block,
/// none of which continues the sentence of the line before.
fn starts_block(line: &str) -> bool {
    let numbered = line.split_once(['.', ')']).is_some_and(|(n, rest)| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
    });
    numbered
        || ["- ", "* ", "+ ", "#", "> ", "|", "```", "~~~"]
            .iter()
            .any(|m| line.starts_with(m))
}

/// Where the first sentence of `text` ends (after its `.`, `!` or `?`): a
/// mark followed by the end, or by a space and then anything but a
/// lower-case letter or a digit ("e.g. an id", "No. 5" go on), and for `.`
/// not closing a dotted abbreviation ("e.g.", "i.e.").
fn sentence_end(text: &str) -> Option<usize> {
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = i + c.len_utf8();
        let rest = &text[end..];
        let next_word = rest.trim_start();
        let ends = rest.is_empty()
            || (rest.starts_with(' ')
                && next_word
                    .chars()
                    .next()
                    .is_none_or(|n| !n.is_lowercase() && !n.is_ascii_digit()));
        let word = text[..i].rsplit(' ').next().unwrap_or("");
        if ends && !(c == '.' && word.contains('.')) {
            return Some(end);
        }
    }
    None
}

/// A description as doc text, for places that print it as Markdown (README).
pub fn doc_text(text: &str) -> String {
    docs::lines(text).join("\n")
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_summary_is_the_first_sentence_even_when_wrapped() {
        assert_eq!(
            first_sentence(
                "When a call comes through the trunk,\nits caller ID is rewritten. Then more."
            ),
            "When a call comes through the trunk, its caller ID is rewritten."
        );
        assert_eq!(first_sentence("Error message"), "Error message");
        assert_eq!(
            first_sentence("\n\nLeading blank lines.\n"),
            "Leading blank lines."
        );
    }

    #[test]
    fn abbreviations_numbers_and_urls_do_not_end_a_sentence() {
        assert_eq!(
            first_sentence("An id, e.g. `abc`. Next."),
            "An id, e.g. `abc`."
        );
        assert_eq!(
            first_sentence("Version no. 5 of it. Next"),
            "Version no. 5 of it."
        );
        assert_eq!(
            first_sentence("See <https://www.iso.org/codes.html> for codes"),
            "See <https://www.iso.org/codes.html> for codes"
        );
        assert_eq!(first_sentence("Really? Yes."), "Really?");
    }

    #[test]
    fn a_list_or_a_blank_line_ends_the_paragraph() {
        assert_eq!(first_sentence("Modes:\n- one\n- two"), "Modes");
        assert_eq!(
            first_sentence("How it signs in:\nCan be either:\n- basic"),
            "How it signs in"
        );
        assert_eq!(first_sentence("Steps\n1. first\n2. second"), "Steps");
        assert_eq!(first_sentence("Title line\n\nBody text."), "Title line");
        assert_eq!(first_sentence("a | b"), "a \\| b");
    }
}
