//! Distinct Rust names within one scope (a method's parameters, a model's
//! fields, an enum's values), chosen by one rule so that no two wire names
//! the generator would give one Rust name reach it.
//!
//! A wire name keeps the name the generator gives it by itself when that is
//! free. Otherwise it gets, in order, the first free one of: the wire name
//! with its punctuation spelled as words (`DateCreated<` becomes
//! `date_created_before`), the caller's own fallbacks (a parameter's
//! location, `_file` for a file part), then the plain name numbered from 2.
//! Every renaming is reported with the name it avoided.

use std::collections::BTreeSet;

use sdkgen::naming;

use crate::report::Report;

/// How names of a scope are written.
#[derive(Clone, Copy)]
pub(crate) enum Case {
    /// `snake_case`, numbered `name_2`.
    Snake,
    /// `UpperCamelCase`, numbered `Name2`.
    Camel,
}

impl Case {
    fn of(self, wire: &str) -> String {
        match self {
            Case::Snake => naming::snake(wire),
            Case::Camel => naming::camel(wire),
        }
    }

    fn numbered(self, plain: &str, n: usize) -> String {
        match self {
            Case::Snake => format!("{plain}_{n}"),
            Case::Camel => format!("{plain}{n}"),
        }
    }
}

/// The Rust name of `wire` in a scope whose names so far are `taken`, given
/// that the generator would call it `plain`; recorded in `taken`. `free`
/// says whether a name may be used at all (beyond not being taken);
/// `fallbacks` are tried after the spelled-out name.
pub(crate) fn pick(
    taken: &mut BTreeSet<String>,
    wire: &str,
    plain: String,
    case: Case,
    fallbacks: &[String],
    free: impl Fn(&str) -> bool,
) -> String {
    let ok = |name: &str, taken: &BTreeSet<String>| !taken.contains(name) && free(name);
    let chosen = if ok(&plain, taken) {
        plain
    } else {
        let spelled = case.of(&naming::spelled(wire));
        std::iter::once(spelled)
            .chain(fallbacks.iter().cloned())
            .find(|n| ok(n, taken))
            .unwrap_or_else(|| {
                (2..)
                    .map(|n| case.numbered(&plain, n))
                    .find(|n| ok(n, taken))
                    .expect("some number is free")
            })
    };
    taken.insert(chosen.clone());
    chosen
}

/// Reports that `wire` at `pointer` is called `chosen` in Rust because the
/// name the generator would give it, `plain`, is taken in `scope`.
pub(crate) fn report(
    report: &mut Report,
    pointer: &str,
    wire: &str,
    plain: &str,
    chosen: &str,
    scope: &str,
) {
    if plain != chosen {
        report.add(
            pointer,
            format!(
                "`{wire}` is `{chosen}` in Rust: `{plain}` is taken by another name of {scope}"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashing_names_are_spelled_then_fall_back_then_numbered() {
        let mut taken = BTreeSet::new();
        let mut name = |wire: &str, fallbacks: &[String]| {
            let plain = naming::snake(wire);
            pick(&mut taken, wire, plain, Case::Snake, fallbacks, |_| true)
        };
        assert_eq!(name("DateCreated", &[]), "date_created");
        assert_eq!(name("DateCreated<", &[]), "date_created_before");
        assert_eq!(name("DateCreated>", &[]), "date_created_after");
        assert_eq!(
            name("date_created", &["date_created_query".into()]),
            "date_created_query"
        );
        assert_eq!(name("dateCreated", &[]), "date_created_2");
        let mut taken = BTreeSet::new();
        let v = pick(
            &mut taken,
            "x",
            "UnknownValue".into(),
            Case::Camel,
            &[],
            |n| n != "UnknownValue",
        );
        assert_eq!(v, "X");
    }
}
