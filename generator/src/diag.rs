//! Located, human-readable errors about a spec.
//!
//! serde_yaml reports a location only for errors it finds while parsing; the
//! checks that happen later (references, duplicates, naming) know *where in
//! the document tree* the problem is, as a key path. [`locate`] turns that
//! path back into a line and column by reading the source, so every error can
//! point at the offending text the way rustc does.

use std::fmt;

/// One step of a key path: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// A position in a list.
    Index(usize),
}

/// A key path into the spec document, such as `models.Device.fields.type`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Step>);

impl KeyPath {
    /// The path extended by a key.
    pub fn key(&self, key: &str) -> KeyPath {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        KeyPath(steps)
    }

    /// The path extended by a list index.
    pub fn index(&self, index: usize) -> KeyPath {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        KeyPath(steps)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A problem found in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Spec file, as given to the generator.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Where in the document, when known.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
    /// The source line, for the snippet.
    snippet: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a known line and column.
    pub fn at(file: &str, source: &str, line: usize, column: usize, message: String) -> Self {
        Diagnostic {
            file: file.to_owned(),
            line: Some(line),
            column: Some(column),
            path: None,
            message,
            help: None,
            snippet: source
                .lines()
                .nth(line.saturating_sub(1))
                .map(str::to_owned),
        }
    }

    /// A diagnostic at a key path, located in `source` as closely as possible.
    pub fn at_path(file: &str, source: &str, path: &KeyPath, message: String) -> Self {
        let (line, column) = match locate(source, path) {
            Some((l, c)) => (Some(l), Some(c)),
            None => (None, None),
        };
        Diagnostic {
            file: file.to_owned(),
            line,
            column,
            path: Some(path.to_string()),
            message,
            help: None,
            snippet: line
                .and_then(|l| source.lines().nth(l - 1))
                .map(str::to_owned),
        }
    }

    /// A diagnostic pointing at the value of the key at `path` (`type: Nope`
    /// points at `Nope`), falling back to the key when the value is not on
    /// the same line.
    pub fn at_value(file: &str, source: &str, path: &KeyPath, message: String) -> Self {
        let mut d = Self::at_path(file, source, path, message);
        if let (Some(col), Some(text), Some(Step::Key(key))) = (d.column, &d.snippet, path.0.last())
        {
            let rest: String = text.chars().skip(col - 1).collect();
            if let Some(after) = rest
                .strip_prefix(key.as_str())
                .and_then(|r| r.strip_prefix(':'))
            {
                let value = after.trim_start();
                if !value.is_empty() && !value.starts_with('#') {
                    d.column = Some(col + key.chars().count() + 1 + (after.len() - value.len()));
                }
            }
        }
        d
    }

    /// The same diagnostic with a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => writeln!(f, "  --> {}:{l}:{c}", self.file)?,
            _ => writeln!(f, "  --> {}", self.file)?,
        }
        if let Some(path) = &self.path {
            writeln!(f, "   = at: {path}")?;
        }
        if let (Some(l), Some(c), Some(text)) = (self.line, self.column, &self.snippet) {
            let gutter = l.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{l} | {text}")?;
            let width = token_width(text, c);
            writeln!(f, "{pad} | {}{}", " ".repeat(c - 1), "^".repeat(width))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {help}")?;
        }
        Ok(())
    }
}

/// Width of the token starting at 1-based `column`, at least one.
fn token_width(line: &str, column: usize) -> usize {
    let rest: String = line.chars().skip(column - 1).collect();
    let end = rest
        .find(|c: char| {
            c.is_whitespace() || c == ':' || c == ',' || c == ']' || c == '}' || c == '<'
        })
        .unwrap_or(rest.len());
    end.max(1)
}

/// Every diagnostic of one run; generation stops only after collecting them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// Finds the 1-based line and column of the value or key at `path` in a
/// block-style YAML document.
///
/// This follows indentation rather than re-parsing: each key step looks for
/// `key:` deeper than its parent, each index step for the n-th `- ` item. Flow
/// collections (`[a, b]`) are searched for the item text on their line. When a
/// step cannot be found, the deepest step found is returned, which still
/// points at the right neighbourhood.
pub fn locate(source: &str, path: &KeyPath) -> Option<(usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    // (line index, column index of the node's content, indent of its parent)
    let mut pos: Option<(usize, usize)> = None;
    let mut start = 0usize;
    let mut parent_indent: isize = -1;
    for step in &path.0 {
        let found = match step {
            Step::Key(key) => find_key(&lines, start, parent_indent, key),
            Step::Index(n) => find_item(&lines, start, parent_indent, *n),
        };
        match found {
            Some((line, col)) => {
                pos = Some((line, col));
                // Keys of a list item sit at the item's content column, so they
                // count as its children; keys of a mapping are indented deeper.
                parent_indent = match step {
                    Step::Index(_) => col as isize - 1,
                    Step::Key(_) => col as isize,
                };
                // A key's value may sit on the same line (`key: value`), so the
                // next search starts on this very line, right of the key.
                start = line;
            }
            None => break,
        }
    }
    pos.map(|(l, c)| (l + 1, c + 1))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

/// Column where the content of a line starts, skipping `- ` list markers.
fn key_column(line: &str, from: usize) -> usize {
    let mut col = from;
    let bytes = line.as_bytes();
    while col < bytes.len() && (bytes[col] == b' ' || bytes[col] == b'-') {
        if bytes[col] == b'-' && bytes.get(col + 1).is_some_and(|b| *b != b' ') {
            break;
        }
        col += 1;
    }
    col
}

fn key_matches(text: &str, key: &str) -> bool {
    [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ]
    .iter()
    .any(|p| text.starts_with(p.as_str()))
}

fn find_key(lines: &[&str], start: usize, parent: isize, key: &str) -> Option<(usize, usize)> {
    // Same line first: `- name: x` puts the first key of an item on the item's line.
    if let Some(line) = lines.get(start) {
        if parent >= 0 {
            let col = key_column(line, parent as usize);
            if col > parent as usize && key_matches(&line[col..], key) {
                return Some((start, col));
            }
            // Flow mapping or list on the same line: `type: { a: 1 }`, `[a, b]`.
            if let Some(i) = line[parent as usize..].find(&format!("{key}:")) {
                let col = parent as usize + i;
                if col > parent as usize && line[..col].contains(['{', ',']) {
                    return Some((start, col));
                }
            }
        }
    }
    // At the root nothing has been matched yet, so the first line is a candidate too.
    let first = if parent < 0 { start } else { start + 1 };
    for (i, line) in lines.iter().enumerate().skip(first) {
        if !is_content(line) {
            continue;
        }
        let indent = indent_of(line) as isize;
        if indent <= parent && !(line.trim_start().starts_with("- ") && indent == parent) {
            return None;
        }
        let col = key_column(line, indent as usize);
        if key_matches(&line[col..], key) {
            return Some((i, col));
        }
    }
    None
}

fn find_item(lines: &[&str], start: usize, parent: isize, n: usize) -> Option<(usize, usize)> {
    // Flow list on the key's own line: `one_of: [A, B]`.
    if let Some(line) = lines.get(start) {
        if let Some(open) = line.find('[') {
            if (open as isize) > parent {
                let inner = &line[open + 1..];
                let mut offset = open + 1;
                for (k, part) in inner.split(',').enumerate() {
                    if k == n {
                        let lead = part.len() - part.trim_start().len();
                        return Some((start, offset + lead));
                    }
                    offset += part.len() + 1;
                }
                return None;
            }
        }
    }
    let mut count = 0;
    let mut item_indent: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if !is_content(line) {
            continue;
        }
        let indent = indent_of(line);
        if (indent as isize) < parent
            || ((indent as isize) == parent && !line.trim_start().starts_with('-'))
        {
            return None;
        }
        if line.trim_start().starts_with('-') {
            let expected = *item_indent.get_or_insert(indent);
            if indent == expected {
                if count == n {
                    return Some((i, key_column(line, indent)));
                }
                count += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
api:
  name: X
models:
  Device:
    fields:
      id:
        type: string
      kind: { type: Missing }
services:
  Devices:
    methods:
      read:
        parameters:
          - name: accountId
            in: path
          - name: other
            type: strin
unions:
  U:
    one_of: [A, B]
";

    fn path(steps: &[&str]) -> KeyPath {
        KeyPath(
            steps
                .iter()
                .map(|s| match s.parse() {
                    Ok(n) => Step::Index(n),
                    Err(_) => Step::Key((*s).to_owned()),
                })
                .collect(),
        )
    }

    #[test]
    fn finds_a_key_on_the_first_line() {
        assert_eq!(locate(DOC, &path(&["api", "name"])), Some((2, 3)));
        assert_eq!(locate(DOC, &path(&["api"])), Some((1, 1)));
    }

    #[test]
    fn finds_nested_keys() {
        assert_eq!(
            locate(DOC, &path(&["models", "Device", "fields", "id", "type"])),
            Some((7, 9))
        );
    }

    #[test]
    fn finds_keys_in_flow_mappings() {
        assert_eq!(
            locate(DOC, &path(&["models", "Device", "fields", "kind", "type"])),
            Some((8, 15))
        );
    }

    #[test]
    fn finds_list_items_and_their_keys() {
        let p = path(&[
            "services",
            "Devices",
            "methods",
            "read",
            "parameters",
            "1",
            "type",
        ]);
        assert_eq!(locate(DOC, &p), Some((17, 13)));
        let p = path(&[
            "services",
            "Devices",
            "methods",
            "read",
            "parameters",
            "0",
            "name",
        ]);
        assert_eq!(locate(DOC, &p), Some((14, 13)));
    }

    #[test]
    fn finds_flow_list_items() {
        assert_eq!(
            locate(DOC, &path(&["unions", "U", "one_of", "1"])),
            Some((20, 17))
        );
    }

    #[test]
    fn missing_steps_fall_back_to_the_deepest_found() {
        assert_eq!(
            locate(DOC, &path(&["models", "Device", "nope"])),
            Some((4, 3))
        );
    }
}
