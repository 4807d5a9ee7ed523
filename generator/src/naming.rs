//! Rust names derived from wire names.
//!
//! Every Rust identifier in generated code comes from here, so the rules
//! (heck's case conversion, keyword escaping, identifiers that start with a
//! digit) are applied the same way everywhere.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict, reserved and 2018+ edition keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `word` can be written as a plain (not raw) Rust identifier: an
/// XID start character or `_` followed by XID continue characters, neither
/// `_` alone nor a keyword of the list above (`syn`'s rule, with `gen` and
/// `union` reserved too), checked without tokenizing `word`: running
/// `syn`'s parser on every name cost a generator run 3% of its time.
pub fn is_rust_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || unicode_ident::is_xid_start(first))
        && chars.all(unicode_ident::is_xid_continue)
        && word != "_"
        && !is_keyword(word)
}

/// Appends `_` to keywords so they stay usable as identifiers (`type` → `type_`).
fn escape(name: String) -> String {
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// snake_case name for a field, parameter, method or module.
///
/// An empty result becomes `value`; a leading digit gets a `n` prefix so the
/// result is always an identifier (`2fa` → `n2fa`).
pub fn snake(wire: &str) -> String {
    let mut s = word_characters(wire).to_snake_case();
    if s.is_empty() {
        s = "value".to_owned();
    }
    if !s.starts_with(unicode_ident::is_xid_start) {
        s.insert(0, 'n');
    }
    escape(s)
}

/// `wire` with every character no Rust identifier may hold turned into a
/// space, which case conversion reads as a word break. heck keeps every
/// alphanumeric character, and some of those are numbers outside Unicode's
/// identifier set (`½`, `²`, `①`): `"½-½"` would become the name `½½`.
fn word_characters(wire: &str) -> std::borrow::Cow<'_, str> {
    if wire.chars().all(unicode_ident::is_xid_continue) {
        return wire.into();
    }
    wire.chars()
        .map(|c| {
            if unicode_ident::is_xid_continue(c) {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .into()
}

/// UpperCamelCase name for a type or variant.
///
/// An empty result becomes `Empty`; a leading digit gets a `V` prefix
/// (`"2 Day"` → `V2Day`).
pub fn camel(wire: &str) -> String {
    let mut s = word_characters(wire).to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".to_owned();
    }
    if !s.starts_with(unicode_ident::is_xid_start) {
        s.insert(0, 'V');
    }
    escape(s)
}

/// Words for the punctuation that case conversion drops but that tells wire
/// names apart (`DateCreated<` and `DateCreated>`, `+name` and `-name`).
const PUNCTUATION_WORDS: &[(char, &str)] = &[
    ('<', "before"),
    ('>', "after"),
    ('=', "equal"),
    ('!', "not"),
    ('-', "minus"),
    ('+', "plus"),
    ('*', "star"),
    ('.', "dot"),
    ('/', "slash"),
    ('@', "at"),
    ('#', "hash"),
    ('$', "dollar"),
    ('%', "percent"),
    ('&', "and"),
    ('|', "or"),
    ('~', "tilde"),
    ('^', "caret"),
    ('?', "query"),
];

/// `wire` with its punctuation spelled as words, for telling apart names
/// that [`snake`] or [`camel`] would make equal: `snake(&spelled("DateCreated<"))`
/// is `date_created_before`, `camel(&spelled("-name"))` is `MinusName`.
pub fn spelled(wire: &str) -> String {
    wire.chars()
        .map(|c| match PUNCTUATION_WORDS.iter().find(|(p, _)| *p == c) {
            Some((_, word)) => format!(" {word} "),
            None => c.to_string(),
        })
        .collect()
}

/// Whether `name` is a plain ASCII identifier (letters, digits and `_`, not
/// starting with a digit, not a keyword), as required of `rust_name` overrides.
pub fn is_identifier(name: &str) -> bool {
    name.is_ascii() && is_rust_identifier(name)
}

/// Whether rustc's `non_snake_case` lint accepts `name` (no capital letter,
/// no doubled `_` inside), as field, parameter and method names must.
pub fn is_snake_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    !inner.chars().any(char::is_uppercase) && !inner.contains("__")
}

/// Whether rustc's `non_camel_case_types` lint accepts `name` (not starting
/// lowercase, no `_` beside a letter, no doubled `_`), as variant names must.
pub fn is_camel_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    let chars: Vec<char> = inner.chars().collect();
    !inner.starts_with(char::is_lowercase)
        && !inner.contains("__")
        && !chars
            .windows(2)
            .any(|w| (cased(w[0]) && w[1] == '_') || (w[0] == '_' && cased(w[1])))
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidate closest to `wanted`, if it is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wanted.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_told_from_keywords_and_other_words() {
        for word in ["name", "_links", "größe", "n2fa", "Self_", "r#type"] {
            assert_eq!(
                is_rust_identifier(word),
                syn::parse_str::<syn::Ident>(word).is_ok() && !word.starts_with("r#"),
                "{word}"
            );
        }
        for word in [
            "", "_", "2fa", "type", "self", "Self", "a-b", "a b", "gen", "union",
        ] {
            assert!(!is_rust_identifier(word), "{word}");
        }
        assert!(!is_identifier("größe"), "overrides stay ASCII");
    }

    #[test]
    fn punctuation_spelled_as_words_tells_names_apart() {
        assert_eq!(snake(&spelled("DateCreated<")), "date_created_before");
        assert_eq!(snake(&spelled("DateCreated>")), "date_created_after");
        assert_eq!(camel(&spelled("-created_at")), "MinusCreatedAt");
        assert_eq!(camel(&spelled("+created_at")), "PlusCreatedAt");
        assert_eq!(snake(&spelled("plain_name")), "plain_name");
    }

    #[test]
    fn fields_and_methods_are_snake_case_with_keywords_escaped() {
        assert_eq!(snake("computerName"), "computer_name");
        assert_eq!(snake("proxyTLS"), "proxy_tls");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("ref"), "ref_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(snake(""), "value");
    }

    #[test]
    fn variants_are_valid_identifiers_for_awkward_values() {
        assert_eq!(camel("HardPhone"), "HardPhone");
        assert_eq!(camel("BLA"), "Bla");
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("2 Day"), "V2Day");
        assert_eq!(camel("Won't ship"), "WonTShip");
        assert_eq!(camel(""), "Empty");
        assert_eq!(camel("Self"), "Self_");
        // Numbers heck keeps but no identifier may hold are word breaks.
        assert_eq!(camel("½-½"), "Empty");
        assert_eq!(camel("x²"), "X");
        assert_eq!(camel("①st"), "St");
        assert_eq!(camel("Größe"), "Größe");
        assert_eq!(snake("area m²"), "area_m");
        assert_eq!(snake("²x"), "x");
        for wire in ["½", "x²y", "₂", "a\u{301}", "\u{301}a", "٣"] {
            assert!(
                is_rust_identifier(&camel(wire)),
                "{wire} -> {}",
                camel(wire)
            );
            assert!(
                is_rust_identifier(&snake(wire)),
                "{wire} -> {}",
                snake(wire)
            );
        }
    }

    #[test]
    fn identifier_check_rejects_keywords_and_punctuation() {
        assert!(is_identifier("transfer_method"));
        assert!(!is_identifier("type"));
        assert!(!is_identifier("9a"));
        assert!(!is_identifier("a-b"));
    }

    #[test]
    fn case_checks_follow_rustc_lints() {
        assert!(
            is_snake_case("door_password1")
                && is_snake_case("type_")
                && !is_snake_case("Value")
                && !is_snake_case("a__b")
        );
        assert!(
            is_camel_case("TwoDay")
                && is_camel_case("V2")
                && is_camel_case("Self_")
                && !is_camel_case("poll")
                && !is_camel_case("Two_Day")
        );
    }

    #[test]
    fn suggestions_find_near_misses_only() {
        let names = ["DeviceResource", "DeviceInfo", "ShippingInfo"];
        assert_eq!(closest("DeviceResorce", names), Some("DeviceResource"));
        assert_eq!(closest("Completely", names), None);
    }
}
