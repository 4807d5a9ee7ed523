//! Doc text from the spec, made safe for rustdoc.
//!
//! Spec descriptions are Markdown written for other tools. Rustdoc treats an
//! indented line or an unlabelled code fence as a Rust doctest and bare URLs
//! as warnings, so descriptions are normalised before they become
//! `#[doc = "..."]` attributes.

/// Turns free text into doc lines (without the leading space rustdoc strips).
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The fence that opened the code block we are in: one of ```` ``` ```` or
    // `~~~` closes only a block that it opened.
    let mut in_fence: Option<&str> = None;
    let mut list_item: Option<usize> = None;
    let mut in_quote = false;
    // Clippy refuses tabs in doc comments; four spaces read the same. Text
    // direction controls (U+202A..U+202E, U+2066..U+2069) are refused by rustc
    // in comments, which doc attributes become: they are dropped.
    let text: String = text
        .replace('\t', "    ")
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let text = join_split_links(text.trim_matches('\n').trim_end());
    let text = text.as_str();
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    for raw in text.lines() {
        let line = raw.get(common.min(indent(raw))..).unwrap_or("").trim_end();
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"]
            .into_iter()
            .find_map(|f| Some((f, trimmed.strip_prefix(f)?)));
        if let Some((marker, rest)) = fence.filter(|(f, _)| in_fence.is_none_or(|o| o == *f)) {
            // An unlabelled fence would be compiled as a doctest.
            out.push(if in_fence.is_none() && rest.trim().is_empty() {
                format!("{marker}text")
            } else {
                trimmed.to_owned()
            });
            in_fence = if in_fence.is_some() {
                None
            } else {
                Some(marker)
            };
            continue;
        }
        if in_fence.is_some() {
            out.push(line.to_owned());
            continue;
        }
        // Four spaces of indentation would start an (executable) code block;
        // up to three keep list nesting intact.
        let mut kept = indent(line).min(3);
        // `<br>` before a list marker (`<br>- item`) still starts a list item once dropped.
        let unbroken = trimmed
            .replace("<br>", "")
            .replace("<br/>", "")
            .replace("<br />", "");
        let unbroken = unbroken.trim_start();
        let mut content = escape_markup(&wrap_bare_urls(unbroken));
        if trimmed.is_empty() {
            list_item = None;
            in_quote = false;
        } else if unbroken.starts_with('>') {
            in_quote = true;
        } else if in_quote {
            // A lazy continuation of a block quote says it is one (clippy's
            // `doc_lazy_continuation`), reading the same.
            content = format!("> {content}");
        } else if let Some(marker) = list_marker(unbroken) {
            list_item = Some(kept + marker);
        } else if let Some(width) = list_item {
            // A continuation of a list item goes exactly under its text: less is a
            // lazy continuation, more an over-indented one (both clippy lints).
            kept = width;
        }
        out.push(format!("{}{content}", " ".repeat(kept)));
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// `text` with each Markdown link whose text runs onto the next line
/// (`[How to send\n](https://…)`) joined onto one: the rest of this module
/// reads a line at a time, and would take the halves for a bracketed word
/// and a bare URL. Lines inside fences are left alone.
fn join_split_links(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut open_link = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let closes = trimmed
            .find("](")
            .is_some_and(|at| !trimmed[..at].contains('['));
        match out.last_mut() {
            Some(last) if open_link && !in_fence && closes => {
                last.push(' ');
                last.push_str(trimmed);
            }
            _ => out.push(line.to_owned()),
        }
        open_link = !in_fence && unclosed_bracket(out.last().map_or("", String::as_str));
    }
    out.join("\n")
}

/// Whether `line` ends inside `[…`: a `[` outside code spans after the last `]`.
fn unclosed_bracket(line: &str) -> bool {
    // Most lines have no bracket: they are answered without the per-character pass.
    if !line.contains('[') {
        return false;
    }
    let chars: Vec<char> = line.chars().collect();
    let code = code_spans(&chars);
    let mut open = false;
    for (c, in_code) in chars.iter().zip(code) {
        match c {
            '[' if !in_code => open = true,
            ']' if !in_code => open = false,
            _ => {}
        }
    }
    open
}

/// Width of a Markdown list marker at the start of `text` (`- `, `1. `), if any.
fn list_marker(text: &str) -> Option<usize> {
    if text.starts_with("- ") || text.starts_with("* ") || text.starts_with("+ ") {
        return Some(2);
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && (text[digits..].starts_with(". ") || text[digits..].starts_with(") ")))
        .then_some(digits + 2)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Wraps `http(s)://…` not already in a Markdown link or angle brackets in `<…>`.
fn wrap_bare_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("http") {
        let (before, at) = rest.split_at(i);
        out.push_str(before);
        let is_url = at.starts_with("http://") || at.starts_with("https://");
        let prev = before.chars().last();
        // A URL in quotes is no attribute once its tag is escaped: it is
        // wrapped like any other; one in parentheses is a link's target
        // only right after the link's text (`[text](url)`).
        let target = prev == Some('(') && before.ends_with("](");
        if !is_url || target || matches!(prev, Some('<') | Some('`')) {
            out.push_str(&at[..4]);
            rest = &at[4..];
            continue;
        }
        let end = at
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"' || c == '`')
            .unwrap_or(at.len());
        let mut url = &at[..end];
        // Sentence punctuation after a URL is not part of it.
        while url.ends_with(['.', ',', ';', ':']) {
            url = &url[..url.len() - 1];
        }
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &at[url.len()..];
    }
    out.push_str(rest);
    out
}

/// Escapes, outside code spans, what rustdoc would read as markup the spec
/// did not mean: `<` that opens an HTML tag (`Vec<String>` would be an
/// unclosed `<String>` tag) and `[` of a bracketed word that is not a
/// Markdown link (`[guide]` would be an unresolved intra-doc link).
/// Autolinks (`<https://…>`) and `[text](url)` links are kept.
fn escape_markup(line: &str) -> String {
    // Only these characters are ever escaped; most lines have none.
    if !line.contains(['<', '[', ']']) {
        return line.to_owned();
    }
    let chars: Vec<char> = line.chars().collect();
    let code = code_spans(&chars);
    let mut out = String::with_capacity(line.len());
    for (j, &c) in chars.iter().enumerate() {
        let escape = !code[j]
            && match c {
                '<' => {
                    let next = chars.get(j + 1).copied().unwrap_or(' ');
                    let autolink = chars[j + 1..].starts_with(&['h', 't', 't', 'p']);
                    // `<!` opens an HTML comment, which rustdoc wants closed.
                    (next.is_ascii_alphabetic() || next == '/' || next == '!') && !autolink
                }
                '[' | ']' => !is_link_bracket(&chars, &code, j),
                _ => false,
            };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which characters of a line are inside a code span (its backticks
/// included). With an odd number of backticks the last one opens none.
fn code_spans(chars: &[char]) -> Vec<bool> {
    let ticks: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '`').collect();
    let mut code = vec![false; chars.len()];
    for pair in ticks.chunks_exact(2) {
        code[pair[0]..=pair[1]].iter_mut().for_each(|c| *c = true);
    }
    code
}

/// Whether the bracket at `at` belongs to a Markdown link `[text](url)`;
/// the text may hold code spans (`` [`name`](url) ``), whose brackets do not count.
fn is_link_bracket(chars: &[char], code: &[bool], at: usize) -> bool {
    let close = if chars[at] == '[' {
        (at + 1..chars.len()).find(|&i| chars[i] == ']' && !code[i])
    } else {
        Some(at)
    };
    close.is_some_and(|c| chars.get(c + 1) == Some(&'('))
}

/// Doc lines as Rust string literals for `#[doc = ...]`, each with the
/// customary leading space.
pub fn literals(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            literal(&if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            })
        })
        .collect()
}

/// A Rust string literal holding `text`.
pub fn literal(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_and_unlabelled_fences_cannot_become_doctests() {
        let l = lines("Intro\n    - indented item\n```\nx = 1\n```");
        assert_eq!(
            l,
            ["Intro", "   - indented item", "```text", "x = 1", "```"]
        );
        assert_eq!(lines("  - a\n    b"), ["- a", "  b"]);
        assert_eq!(lines("- a\nlazy\n\nafter"), ["- a", "  lazy", "", "after"]);
    }

    #[test]
    fn tilde_fences_and_fences_of_the_other_kind_inside() {
        assert_eq!(
            lines("~~~\n```\nx\n~~~\nafter"),
            ["~~~text", "```", "x", "~~~", "after"]
        );
    }

    #[test]
    fn html_comments_and_quoted_urls_read_as_text() {
        assert_eq!(lines("a <!-- b"), ["a \\<!-- b"]);
        assert_eq!(
            lines("<a href=\"https://a.b/c?d=1\">x</a>"),
            ["\\<a href=\"<https://a.b/c?d=1>\">x\\</a>"]
        );
    }

    #[test]
    fn lazy_continuations_of_block_quotes_are_quoted() {
        assert_eq!(
            lines("It says:\n> one\ntwo\n\nafter"),
            ["It says:", "> one", "> two", "", "after"]
        );
    }

    #[test]
    fn lazy_continuations_of_list_items_are_indented_under_them() {
        let text = "Kinds:\n1) `Instant` - used once.\nThen deleted.\n2) `PMI` - kept\n<br>- `Default` - defaults;\n|a|b|\n|-|-|";
        assert_eq!(
            lines(text),
            [
                "Kinds:",
                "1) `Instant` - used once.",
                "   Then deleted.",
                "2) `PMI` - kept",
                "- `Default` - defaults;",
                "  |a|b|",
                "  |-|-|"
            ]
        );
        assert_eq!(
            lines("- `A`: one,\n   two.\n  - nested\n      deep"),
            ["- `A`: one,", "  two.", "  - nested", "    deep"]
        );
    }

    #[test]
    fn tabs_become_spaces_and_text_direction_controls_are_dropped() {
        assert_eq!(lines("a\tb"), ["a    b"]);
        assert_eq!(
            lines("x \u{202E}rev\u{202C} \u{2066}iso\u{2069}"),
            ["x rev iso"]
        );
    }

    #[test]
    fn tags_and_brackets_are_escaped_outside_code_only() {
        assert_eq!(
            escape_markup("a Vec<String> of <T>"),
            "a Vec\\<String> of \\<T>"
        );
        assert_eq!(escape_markup("`Vec<String>` stays"), "`Vec<String>` stays");
        assert_eq!(
            escape_markup("see [guide] and [x](https://a.b)"),
            "see \\[guide\\] and [x](https://a.b)"
        );
        assert_eq!(
            escape_markup("<https://a.b> and a < b"),
            "<https://a.b> and a < b"
        );
        assert_eq!(escape_markup("odd `tick <b>"), "odd `tick \\<b>");
        // Code in a link's text keeps the link; a bracket in code is no link's.
        assert_eq!(
            escape_markup("the [`id`](https://a.b/#/x) and `[y]` [z]"),
            "the [`id`](https://a.b/#/x) and `[y]` \\[z\\]"
        );
    }

    #[test]
    fn a_link_whose_text_runs_onto_the_next_line_stays_a_link() {
        assert_eq!(
            lines("* [How to send\n  ](https://a.b/c)\n* [x](https://d.e)"),
            ["* [How to send ](https://a.b/c)", "* [x](https://d.e)"]
        );
        assert_eq!(lines("[a\nb"), ["\\[a", "b"]);
    }

    #[test]
    fn bare_urls_are_wrapped_but_links_are_kept() {
        assert_eq!(wrap_bare_urls("see https://a.b/c."), "see <https://a.b/c>.");
        assert_eq!(wrap_bare_urls("[x](https://a.b)"), "[x](https://a.b)");
        assert_eq!(
            wrap_bare_urls("Enumeration (https://a.b/#c)"),
            "Enumeration (<https://a.b/#c>)"
        );
        assert_eq!(wrap_bare_urls("<https://a.b>"), "<https://a.b>");
        assert_eq!(wrap_bare_urls("httpx and http"), "httpx and http");
    }
}
