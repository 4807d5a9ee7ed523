//! A string that matches a schema's `pattern`, built from the pattern
//! itself: vendors constrain ids and codes with patterns (`^AC[0-9a-fA-F]{32}$`)
//! that no fixed list of sample values meets.

use regex_syntax::hir::{Class, Hir, HirKind};

/// How many extra rounds of every repetition are tried to reach a minimum
/// length.
const MAX_EXTRA: u32 = 64;

/// A string matching `pattern` with between `min` and `max` characters, or
/// `None` when the pattern does not parse or nothing short enough is found.
pub fn matching(pattern: &str, min: usize, max: usize) -> Option<String> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let re = regex_lite::Regex::new(pattern).ok()?;
    // Every repetition at its least, then one more round of each at a
    // time, until the length fits.
    (0..=MAX_EXTRA)
        .map(|extra| {
            let mut out = String::new();
            build(&hir, extra, &mut out);
            out
        })
        .find(|s| {
            let length = s.chars().count();
            length >= min && length <= max && re.is_match(s)
        })
}

fn build(hir: &Hir, extra: u32, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            out.extend(pick(class.ranges().iter().map(|r| (r.start(), r.end()))));
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.extend(pick(
                class
                    .ranges()
                    .iter()
                    .map(|r| (char::from(r.start()), char::from(r.end()))),
            ));
        }
        HirKind::Repetition(repetition) => {
            let wanted = repetition.min.saturating_add(extra);
            let times = repetition.max.map_or(wanted, |max| wanted.min(max));
            for _ in 0..times {
                build(&repetition.sub, extra, out);
            }
        }
        HirKind::Capture(capture) => build(&capture.sub, extra, out),
        HirKind::Concat(parts) => {
            for part in parts {
                build(part, extra, out);
            }
        }
        HirKind::Alternation(branches) => {
            if let Some(first) = branches.first() {
                build(first, extra, out);
            }
        }
    }
}

/// A character of the class: a letter or digit when it has one (what a
/// reader expects in an id; `1` before `0`, so numbers have no leading
/// zero), else the first printable one.
fn pick(ranges: impl Iterator<Item = (char, char)> + Clone) -> Option<char> {
    let within = |c: char| ranges.clone().any(|(start, end)| start <= c && c <= end);
    ('a'..='z')
        .chain('A'..='Z')
        .chain('1'..='9')
        .chain(['0'])
        .find(|c| within(*c))
        .or_else(|| {
            ranges.clone().find_map(|(start, end)| {
                (start..=end)
                    .take(128)
                    .find(|c| !c.is_control() && !c.is_whitespace())
            })
        })
        .or_else(|| ranges.clone().next().map(|(start, _)| start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(pattern: &str) -> String {
        matching(pattern, 0, usize::MAX).unwrap()
    }

    #[test]
    fn ids_and_codes_of_real_documents() {
        assert_eq!(one("^AC[0-9a-fA-F]{32}$"), format!("AC{}", "a".repeat(32)));
        assert_eq!(one(r"^\d{3}-\d{4}$"), "111-1111");
        assert_eq!(one("^[A-Z]{2}$"), "AA");
        assert_eq!(one("^(GET|POST)$"), "GET");
        assert_eq!(one("^[^/]+$"), "a");
        assert_eq!(one(r"^\+?[1-9]\d{1,14}$"), "11");
    }

    #[test]
    fn repetitions_grow_to_the_minimum_length_and_stop_at_the_maximum() {
        let s = matching("^[a-z]+$", 5, 10).unwrap();
        assert_eq!(s.len(), 5);
        assert!(matching("^[a-z]{3}$", 5, 10).is_none());
        assert!(matching("^[a-z]{20,}$", 0, 10).is_none());
    }

    #[test]
    fn what_is_not_a_pattern_gives_nothing() {
        assert!(matching("^(unclosed", 0, 10).is_none());
    }
}
