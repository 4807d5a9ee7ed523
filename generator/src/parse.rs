//! Reading a spec file's YAML into the [`crate::spec`] types, with every
//! syntax and shape mistake turned into a located diagnostic.

use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::naming;
use crate::spec::SpecFile;

/// Parses `source` (named `file` in diagnostics) into a [`SpecFile`].
pub fn spec_file(file: &str, source: &str) -> Result<SpecFile, Diagnostics> {
    serde_yaml::from_str(source).map_err(|e| Diagnostics(vec![yaml_error(file, source, &e)]))
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
        Some(loc) => Diagnostic::at(file, source, loc.line(), loc.column(), message),
        None => Diagnostic::at_path(file, source, &KeyPath::default(), message),
    };
    if let Some(field) = unknown_field(&text) {
        let expected = expected_fields(&text);
        if let Some(best) = naming::closest(&field, expected.iter().map(String::as_str)) {
            d = d.with_help(format!("did you mean `{best}`?"));
        }
    }
    d
}

fn unknown_field(text: &str) -> Option<String> {
    let rest = &text[text.find("unknown field `")? + "unknown field `".len()..];
    Some(rest[..rest.find('`')?].to_owned())
}

fn expected_fields(text: &str) -> Vec<String> {
    let Some(i) = text.find("expected ") else { return Vec::new() };
    text[i..].split('`').skip(1).step_by(2).map(str::to_owned).collect()
}
