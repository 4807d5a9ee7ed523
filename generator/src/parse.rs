//! Reading a spec file's YAML into the [`crate::spec`] types, with every
//! syntax and shape mistake turned into a located diagnostic.
//!
//! The spec types accept unknown keys, and `serde_ignored` reports each one
//! as it is skipped, so a file with five typos gets five diagnostics in one
//! run rather than one per run. Type errors still stop serde, so they come
//! one at a time, after the unknown keys found before them.

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, KeyPath, Step};
use crate::naming;
use crate::spec::{self, SpecFile};

/// Parses `source` (named `file` in diagnostics) into a [`SpecFile`].
pub fn spec_file(file: &str, source: &str) -> Result<SpecFile, Diagnostics> {
    parse(file, source)
}

/// Parses one file of a spec directory other than `api.yaml`.
pub fn spec_part(file: &str, source: &str) -> Result<spec::SpecPart, Diagnostics> {
    let part: spec::SpecPart = parse(file, source)?;
    if part.api.is_some() {
        let d = Diagnostic::at_path(
            file,
            source,
            &KeyPath::default().key("api"),
            "the `api` section belongs in the directory's `api.yaml`".into(),
        );
        return Err(Diagnostics(vec![d]));
    }
    Ok(part)
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, source: &str) -> Result<T, Diagnostics> {
    let mut unknown: Vec<KeyPath> = Vec::new();
    let parsed = serde_ignored::deserialize(serde_yaml::Deserializer::from_str(source), |path| {
        unknown.push(key_path(&path))
    });
    let mut diags: Vec<Diagnostic> = unknown
        .iter()
        .map(|p| unknown_key(file, source, p))
        .collect();
    match parsed {
        Ok(spec) if diags.is_empty() => Ok(spec),
        Ok(_) => Err(Diagnostics(diags)),
        Err(e) => {
            diags.push(yaml_error(file, source, &e));
            diags.sort_by_key(|d| (d.line.is_none(), d.line, d.column));
            Err(Diagnostics(diags))
        }
    }
}

/// `serde_ignored`'s path as ours: mapping keys and list indexes.
fn key_path(path: &serde_ignored::Path) -> KeyPath {
    fn walk(path: &serde_ignored::Path, out: &mut Vec<Step>) {
        match path {
            serde_ignored::Path::Root => {}
            serde_ignored::Path::Seq { parent, index } => {
                walk(parent, out);
                out.push(Step::Index(*index));
            }
            serde_ignored::Path::Map { parent, key } => {
                walk(parent, out);
                out.push(Step::Key(key.clone()));
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => walk(parent, out),
        }
    }
    let mut steps = Vec::new();
    walk(path, &mut steps);
    KeyPath(steps)
}

/// A key no spec type has, at the line and column of the key.
fn unknown_key(file: &str, source: &str, path: &KeyPath) -> Diagnostic {
    let Some((Step::Key(key), parent)) = path.0.split_last() else {
        return Diagnostic::at_path(file, source, path, "unexpected value".into());
    };
    let allowed = allowed_keys(parent);
    let d = Diagnostic::at_path(file, source, path, format!("unknown key `{key}`"));
    match naming::closest(key, allowed.iter().copied()) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None if allowed.is_empty() => d,
        None => d.with_help(format!(
            "allowed here: {}",
            allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The keys the spec type at `parent` accepts, read from the type's own
/// serde field list so this can never disagree with what is parsed.
fn allowed_keys(parent: &[Step]) -> &'static [&'static str] {
    use Step::{Index as I, Key as K};
    let is = |k: &Step, name: &str| matches!(k, K(x) if x == name);
    match parent {
        [] => fields_of::<SpecFile>(),
        [a] if is(a, "api") => fields_of::<spec::ApiSection>(),
        [a, s, I(_)] if is(a, "api") && is(s, "servers") => fields_of::<spec::ServerSpec>(),
        [a, s, I(_), v, _] if is(a, "api") && is(s, "servers") && is(v, "variables") => {
            fields_of::<spec::ServerVariableSpec>()
        }
        [a, b] if is(a, "api") && is(b, "auth") => fields_of::<spec::AuthSpec>(),
        [a, h, I(_)] if is(a, "api") && is(h, "headers") => fields_of::<spec::ApiHeaderSpec>(),
        [a, f] if is(a, "api") && is(f, "features") => fields_of::<spec::FeaturesSpec>(),
        [a, b, t] if is(a, "api") && is(b, "auth") && is(t, "token_flow") => {
            fields_of::<spec::TokenFlowSpec>()
        }
        [m, _] if is(m, "models") => fields_of::<spec::ModelSpec>(),
        [m, _, f, _] if is(m, "models") && is(f, "fields") => fields_of::<spec::ValueSpec>(),
        [e, _] if is(e, "enums") => fields_of::<spec::EnumSpec>(),
        [u, _] if is(u, "unions") => fields_of::<spec::UnionSpec>(),
        [u, _, d] if is(u, "unions") && is(d, "discriminator") => {
            fields_of::<spec::DiscriminatorSpec>()
        }
        [a, _] if is(a, "aliases") => fields_of::<spec::ValueSpec>(),
        [s, _] if is(s, "services") => fields_of::<spec::ServiceSpec>(),
        [s, _, m, _] if is(s, "services") && is(m, "methods") => fields_of::<spec::MethodSpec>(),
        [s, _, m, _, p, I(_)] if is(s, "services") && is(m, "methods") && is(p, "parameters") => {
            fields_of::<spec::ValueSpec>()
        }
        [s, _, m, _, b] if is(s, "services") && is(m, "methods") && is(b, "body") => {
            fields_of::<spec::BodySpec>()
        }
        [s, _, m, _, p] if is(s, "services") && is(m, "methods") && is(p, "pagination") => {
            fields_of::<spec::PaginationSpec>()
        }
        [s, _, m, _, b, f, I(_)]
            if is(s, "services") && is(m, "methods") && is(b, "body") && is(f, "files") =>
        {
            fields_of::<spec::FileSpec>()
        }
        [s, _, m, _, r, _] if is(s, "services") && is(m, "methods") && is(r, "responses") => {
            fields_of::<spec::ResponseLong>()
        }
        [s, _, m, _, r, _, h, _]
            if is(s, "services") && is(m, "methods") && is(r, "responses") && is(h, "headers") =>
        {
            fields_of::<spec::ResponseHeaderSpec>()
        }
        // Detailed enum values: under `enums.X.values` or a field's or parameter's `enum`.
        [.., e, I(_)] if is(e, "values") || is(e, "enum") => fields_of::<spec::EnumValueDetail>(),
        _ => &[],
    }
}

/// The field names serde's derive gave `T`, captured by asking `T` to
/// deserialize itself from a deserializer that only records them.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct Recorder(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("recorded")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> serde::Deserializer<'de> for &mut Recorder {
        type Error = Stop;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit unit_struct
            newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut recorder = Recorder(None);
    let _ = T::deserialize(&mut recorder);
    recorder.0.unwrap_or(&[])
}

/// Turns a serde_yaml error into a located diagnostic.
fn yaml_error(file: &str, source: &str, e: &serde_yaml::Error) -> Diagnostic {
    let text = e.to_string();
    // serde_yaml says "<problem> at line L column C[, while <context>]"; the
    // location is rendered separately, the context is kept.
    let message = match text.find(" at line ") {
        Some(i) => {
            let rest = &text[i + " at line ".len()..];
            let context = rest.find(", ").map(|j| &rest[j..]).unwrap_or("");
            format!("{}{context}", &text[..i])
        }
        None => text.clone(),
    };
    let mut d = match e.location() {
        Some(loc) => Diagnostic::at(file, source, loc.line(), loc.column(), message.clone()),
        None => Diagnostic::at_path(file, source, &KeyPath::default(), message.clone()),
    };
    // serde_yaml places a duplicate at the start of its mapping; point at the
    // second occurrence instead, and say where the first one is.
    if let (Some(key), Some(loc)) = (duplicate_key(&text), e.location()) {
        if let Some((first, (line, column))) =
            find_duplicate(source, loc.line(), loc.column(), &key)
        {
            d = Diagnostic::at(file, source, line, column, message).with_help(format!(
                "`{key}` is first written at line {first}; keep one of them"
            ));
        }
    }
    if let Some(word) = unknown_word(&text) {
        let expected = expected_words(&text);
        if let Some(best) = naming::closest(&word, expected.iter().map(String::as_str)) {
            d = d.with_help(format!("did you mean `{best}`?"));
        }
    }
    d
}

/// The key of a "duplicate key" (our ordered maps) or "duplicate field" (serde's derive) error.
fn duplicate_key(text: &str) -> Option<String> {
    let start = ["duplicate key `", "duplicate field `"]
        .iter()
        .find_map(|p| text.find(p).map(|i| i + p.len()))?;
    let rest = &text[start..];
    Some(rest[..rest.find('`')?].to_owned())
}

/// In the mapping whose first key is at `line`:`column` (1-based), the line
/// of the first occurrence of `key` and the position of the second.
fn find_duplicate(
    source: &str,
    line: usize,
    column: usize,
    key: &str,
) -> Option<(usize, (usize, usize))> {
    let spellings = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let lines: Vec<&str> = source.lines().collect();
    let first_line = *lines.get(line.checked_sub(1)?)?;
    let mut found = Vec::new();
    if first_line.get(column.saturating_sub(1)..)?.starts_with('{') {
        // A flow mapping on one line: occurrences after the brace.
        let mut from = column - 1;
        while let Some(i) = spellings
            .iter()
            .filter_map(|s| first_line[from..].find(s.as_str()))
            .min()
        {
            let at = from + i;
            let boundary = first_line[..at].trim_end().ends_with([',', '{']);
            if boundary {
                found.push((line, first_line[..at].chars().count() + 1));
            }
            // Past the whole first character, which may take several bytes.
            from = at + first_line[at..].chars().next().map_or(1, char::len_utf8);
        }
    } else {
        // A block mapping: its keys stand at `column` until a line is indented less.
        for (n, text) in lines.iter().enumerate().skip(line - 1) {
            let indent = text.len() - text.trim_start().len();
            let content = text.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if n + 1 > line && indent < column.saturating_sub(1) {
                break;
            }
            if indent == column.saturating_sub(1)
                && spellings.iter().any(|s| content.starts_with(s.as_str()))
            {
                found.push((n + 1, column));
            }
        }
    }
    match found.as_slice() {
        [first, second, ..] => Some((first.0, *second)),
        _ => None,
    }
}

/// The word of an "unknown field" or "unknown variant" error.
fn unknown_word(text: &str) -> Option<String> {
    let start = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|p| text.find(p).map(|i| i + p.len()))?;
    let rest = &text[start..];
    Some(rest[..rest.find('`')?].to_owned())
}

/// The words serde lists after "expected".
fn expected_words(text: &str) -> Vec<String> {
    let Some(i) = text.find("expected ") else {
        return Vec::new();
    };
    text[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_found_in_block_and_flow_mappings_whatever_the_characters() {
        let block = "a:\n  é: 1\n  b: 2\n  é: 3\n";
        assert_eq!(find_duplicate(block, 2, 3, "é"), Some((2, (4, 3))));
        let flow = "x: { é: 1, ü: 2, é: 3 }\n";
        assert_eq!(find_duplicate(flow, 1, 4, "é"), Some((1, (1, 18))));
        assert_eq!(find_duplicate(flow, 1, 0, "é"), None);
    }
}
