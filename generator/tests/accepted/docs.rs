//! Descriptions and summaries as real documents write them: Markdown and
//! HTML of every kind, put on every item that carries doc text.

use serde_yaml::Value;

use super::yaml::{key, keys, map_at};
use crate::common::Rng;

/// Doc texts that trouble rustdoc or clippy if passed through raw.
pub const DESCRIPTIONS: &[&str] = &[
    "Returns a Vec<String> of <T> values.",
    "Line one<br>line two<br/>",
    "See https://example.com/docs, or [the guide] and [x](https://a.b).",
    "Unbalanced `backtick here",
    "    indented like code\n    more code",
    "# A heading\n\nText with *stars* and _underscores_.",
    "```\nlet x = 1;\n```",
    "A list:\n- one\nlazy continuation\n- two",
    "Tabs\tand \"quotes\" and \\ backslashes",
    "<script>alert(1)</script> & <b>bold</b>",
    "Ends with a URL http://example.com",
    "Text direction \u{202E}reversed\u{202C} and \u{2066}isolated\u{2069}",
    "| Name | Value |\n|------|-------|\n| `a` | 1 |\n| b | <T> |",
    "```json\n{\"id\": 1, \"tags\": [\"a\"]}\n```",
    "```rust\nlet x: Vec<u8> = vec![];\n```",
    "```sh\ncurl -X POST https://api.example.com/v1/things\n```",
    "~~~\nfenced with tildes\n~~~",
    "```\nnever closed fence",
    "Use <a href=\"https://example.com/x?a=1&b=2\">the docs</a>.",
    "<b>bold<i>unclosed italics</b>",
    "<p>Paragraph<p>another <div>block",
    "<ul><li>one</li><li>two</ul>",
    "See [the reference][ref] and [another][].\n\n[ref]: https://example.com/ref",
    "Bare www.example.com and mailto:someone@example.com and <https://a.b/c>",
    "## Second-level heading\n### Third\nbody",
    "#hashtag at line start\n#42 is an issue number",
    "1. first\n2. second\n   continued\n10. tenth",
    "* star item\n+ plus item\n  - nested item",
    "    fn main() {}\n\nfour spaces then text",
    "Before\n\n    an indented block that is not Rust\n\nAfter",
    "\tTab-indented line",
    "Checkboxes: [x] done, [ ] todo, [X] also done",
    "Links that look intra-doc: [Self], [crate::Client], [Vec<T>], [`Option`]",
    "Array index a[0] and map[key] and [0, 1] and [a-z]+",
    "Generics List<Map<String, T>> and Option<T> unclosed <T",
    "Comparison a < b > c and -> arrows => and <- and <=",
    "HTML entities &amp; &lt;tag&gt; &nbsp; &#169; &bogus;",
    "Emoji 🚀✅ and 👩‍💻 and flags 🇯🇵",
    "Non-ASCII: café, naïve, Ελληνικά, 日本語, עברית, Ω≈ç√",
    "Double backtick ``code with ` inside`` and ```triple``` inline",
    "Trailing backslash \\",
    "Underscores __init__ and snake_case_name and *emphasis",
    "Footnote[^1].\n\n[^1]: The note.",
    "> A quote\n> continued\n\n>> nested",
    "---\n\n***\n\nhorizontal rules",
    "<!-- an HTML comment --> visible <!-- unclosed comment",
    "Line with trailing spaces  \nhard break",
    "Braces {id} and {{double}} and %s and $var and ${expr}",
    "*/ closes a block comment /* opens one",
    "Ends with a backslash-n literal \\n and \\t",
    "Setext heading\n===\n\nAnother\n---",
    "",
    "   ",
    "<T>",
    "\n\nLeading blank lines",
    "Wide table:\n\n| a | b | c | d | e | f | g | h | i | j | k | l | m | n | o | p |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 |",
    "A very long line that goes on and on: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa https://example.com/a/very/long/path/that/clippy/might/call/a/bare/url",
];

/// One to three doc texts joined, as real descriptions mix constructs.
pub fn text(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    let parts: Vec<&str> = (0..n).map(|_| rng.pick(DESCRIPTIONS)).collect();
    let sep = if rng.below(2) == 0 { "\n" } else { "\n\n" };
    parts.join(sep)
}

/// Puts a doc text on one item of `spec` that carries doc text; the
/// description of what was done, or `None` when no such item was found.
pub fn describe_something(rng: &mut Rng, spec: &mut Value) -> Option<String> {
    let text = text(rng);
    describe_with(rng, spec, &text)
}

/// Puts every doc text of the list, alone, on some item of `spec`, so each
/// reaches the compiler whatever the seed.
pub fn describe_with_each(rng: &mut Rng, spec: &mut Value) -> usize {
    DESCRIPTIONS
        .iter()
        .filter(|text| describe_with(rng, spec, text).is_some())
        .count()
}

/// Puts `text` on one item of `spec` chosen by `rng`.
fn describe_with(rng: &mut Rng, spec: &mut Value, text: &str) -> Option<String> {
    let services = keys(spec, &["services"]);
    let models = keys(spec, &["models"]);
    let enums = keys(spec, &["enums"]);
    let (where_, target, field) = match rng.below(9) {
        0 if !models.is_empty() => {
            let m = &models[rng.below(models.len())];
            (
                format!("model {m}"),
                map_at(spec, &["models", m]),
                "description",
            )
        }
        1 if !models.is_empty() => {
            let m = &models[rng.below(models.len())];
            let fields = keys(spec, &["models", m, "fields"]);
            let f = fields.get(rng.below(fields.len().max(1)))?.clone();
            (
                format!("field {m}.{f}"),
                map_at(spec, &["models", m, "fields", &f]),
                "description",
            )
        }
        2 if !enums.is_empty() => {
            // A plain value becomes `{ value, description }`.
            let e = &enums[rng.below(enums.len())];
            let en = map_at(spec, &["enums", e])?;
            let values = en.get_mut(key("values"))?.as_sequence_mut()?;
            if values.is_empty() {
                return None;
            }
            let i = rng.below(values.len());
            if let Some(v) = values[i].as_str().map(str::to_owned) {
                let mut m = serde_yaml::Mapping::new();
                m.insert(key("value"), key(&v));
                values[i] = Value::Mapping(m);
            }
            let variant = values[i].as_mapping_mut()?;
            variant.insert(key("description"), key(text));
            return Some(format!("description on a value of enum {e}: {text:?}"));
        }
        3 if !enums.is_empty() => {
            let e = &enums[rng.below(enums.len())];
            (
                format!("enum {e}"),
                map_at(spec, &["enums", e]),
                "description",
            )
        }
        4..=6 if !services.is_empty() => {
            let s = &services[rng.below(services.len())];
            let methods = keys(spec, &["services", s, "methods"]);
            let m = methods.get(rng.below(methods.len().max(1)))?.clone();
            let method = map_at(spec, &["services", s, "methods", &m])?;
            match rng.below(3) {
                0 => (format!("method {s}.{m}"), Some(method), "summary"),
                1 => (format!("method {s}.{m}"), Some(method), "description"),
                _ => {
                    let params = method.get_mut(key("parameters"))?.as_sequence_mut()?;
                    if params.is_empty() {
                        return None;
                    }
                    let i = rng.below(params.len());
                    let p = params[i].as_mapping_mut()?;
                    p.insert(key("description"), key(text));
                    return Some(format!("description on parameter {i} of {s}.{m}: {text:?}"));
                }
            }
        }
        7 if !services.is_empty() => {
            let s = &services[rng.below(services.len())];
            (
                format!("service {s}"),
                map_at(spec, &["services", s]),
                "description",
            )
        }
        _ => ("the API".to_owned(), map_at(spec, &["api"]), "description"),
    };
    target?.insert(key(field), key(text));
    Some(format!("{field} on {where_}: {text:?}"))
}
