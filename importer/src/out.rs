//! The spec text the importer writes: a small YAML tree and its printer.
//!
//! Written by hand rather than through a serializer because the output is a
//! document people review: comments (where each item came from), short
//! mappings on one line, descriptions as literal blocks, and quoting only
//! where YAML needs it. The printer's output is read back by the generator's
//! own parser in the tests, so it cannot drift into YAML that means
//! something else.

use serde_json::Value;

/// A YAML node.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `~`
    Null,
    /// A number or boolean, written as it is.
    Raw(String),
    /// A string, quoted when YAML needs it.
    Str(String),
    /// A block list.
    List(Vec<Node>),
    /// A mapping in key order; each entry may carry a comment line above it.
    Map(Vec<Entry>),
}

/// One key of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Its value.
    pub value: Node,
    /// A comment written on the line above the key.
    pub comment: Option<String>,
}

impl Node {
    /// An empty mapping.
    pub fn map() -> Node {
        Node::Map(Vec::new())
    }

    /// A string node.
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// Adds `key: value` to a mapping (no-op on other nodes).
    pub fn set(&mut self, key: &str, value: Node) {
        self.set_commented(key, value, None);
    }

    /// Adds `key: value` with a comment line above it.
    pub fn set_commented(&mut self, key: &str, value: Node, comment: Option<String>) {
        if let Node::Map(entries) = self {
            entries.push(Entry {
                key: key.to_owned(),
                value,
                comment,
            });
        }
    }

    /// Whether a mapping has `key`.
    pub fn has(&self, key: &str) -> bool {
        matches!(self, Node::Map(e) if e.iter().any(|x| x.key == key))
    }

    /// The number of entries of a mapping or items of a list.
    pub fn len(&self) -> usize {
        match self {
            Node::Map(e) => e.len(),
            Node::List(l) => l.len(),
            _ => 0,
        }
    }

    /// A JSON/YAML value from the document (an example or a default) as a node.
    pub fn from_value(v: &Value) -> Node {
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Raw(b.to_string()),
            Value::Number(n) => Node::Raw(n.to_string()),
            Value::String(s) => Node::Str(s.clone()),
            Value::Array(s) => Node::List(s.iter().map(Node::from_value).collect()),
            Value::Object(m) => Node::Map(
                m.iter()
                    .map(|(k, v)| Entry {
                        key: k.clone(),
                        value: Node::from_value(v),
                        comment: None,
                    })
                    .collect(),
            ),
        }
    }
}

/// Prints a document: `top` is a mapping.
pub fn print(top: &Node) -> String {
    let mut out = String::new();
    block(&mut out, top, 0);
    out
}

/// Widest flow mapping or list kept on one line.
const FLOW_WIDTH: usize = 110;

fn block(out: &mut String, node: &Node, indent: usize) {
    let pad = " ".repeat(indent);
    match node {
        Node::Map(entries) => {
            for e in entries {
                if let Some(c) = &e.comment {
                    for line in c.lines() {
                        out.push_str(&format!("{pad}# {line}\n"));
                    }
                }
                out.push_str(&pad);
                out.push_str(&key(&e.key));
                out.push(':');
                value_after_key(out, &e.value, indent);
            }
        }
        Node::List(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    Node::Map(entries)
                        if !entries.is_empty()
                            && flow(item).is_none_or(|f| f.len() + indent > FLOW_WIDTH) =>
                    {
                        // The first key goes on the dash's line, the rest under it.
                        let mut text = String::new();
                        block(&mut text, item, indent + 2);
                        out.push(' ');
                        out.push_str(&text[indent + 2..]);
                    }
                    _ => value_after_key(out, item, indent),
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

/// Writes a value after `key:` (or `-`): inline when short, else on the lines below.
fn value_after_key(out: &mut String, value: &Node, indent: usize) {
    match value {
        Node::Map(e) if e.is_empty() => out.push_str(" {}\n"),
        Node::List(l) if l.is_empty() => out.push_str(" []\n"),
        Node::Map(_) | Node::List(_) => match flow(value) {
            Some(f) if f.len() + indent + 4 <= FLOW_WIDTH => {
                out.push(' ');
                out.push_str(&f);
                out.push('\n');
            }
            _ => {
                out.push('\n');
                block(out, value, indent + 2);
            }
        },
        Node::Str(s) if s.contains('\n') && literal_ok(s) => {
            out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
            for line in s.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

/// The one-line flow form of a node whose leaves are all short scalars.
fn flow(node: &Node) -> Option<String> {
    match node {
        Node::Map(entries) => {
            if entries.iter().any(|e| e.comment.is_some()) {
                return None;
            }
            let parts: Option<Vec<String>> = entries
                .iter()
                .map(|e| Some(format!("{}: {}", flow_key(&e.key), flow(&e.value)?)))
                .collect();
            Some(format!("{{ {} }}", parts?.join(", ")))
                .map(|s| if entries.is_empty() { "{}".into() } else { s })
        }
        Node::List(items) => {
            let parts: Option<Vec<String>> = items.iter().map(flow).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Node::Str(s) if s.contains('\n') => None,
        Node::Str(s) if plain(s) && !s.contains([',', '[', ']', '{', '}']) => Some(s.clone()),
        Node::Str(s) => Some(quoted(s)),
        other => Some(scalar(other)),
    }
}

fn key(k: &str) -> String {
    if plain(k) { k.to_owned() } else { quoted(k) }
}

fn flow_key(k: &str) -> String {
    if plain(k) && !k.contains([',', '[', ']', '{', '}']) {
        k.to_owned()
    } else {
        quoted(k)
    }
}

fn scalar(node: &Node) -> String {
    match node {
        Node::Null => "~".into(),
        Node::Raw(r) => r.clone(),
        Node::Str(s) if plain(s) => s.clone(),
        Node::Str(s) => quoted(s),
        Node::Map(_) | Node::List(_) => flow(node).unwrap_or_default(),
    }
}

/// A double-quoted scalar. JSON's string escapes are all YAML escapes too.
fn quoted(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if (c as u32) < 0x20
                || c == '\u{7f}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || c == '\u{feff}' =>
            {
                q.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Whether `s` reads back as the same string when written without quotes.
fn plain(s: &str) -> bool {
    const WORDS: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_' || first == '/')
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " _./()+-,[]{}*".contains(c))
        && !s.contains("  ")
        && !WORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// Whether `s` can be a literal block (`|`) and read back unchanged.
fn literal_ok(s: &str) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    !body.ends_with('\n')
        && !body.starts_with([' ', '\t'])
        && body
            .split('\n')
            .all(|l| !l.ends_with([' ', '\t']) && (l.is_empty() || !l.trim().is_empty()))
        && !s.chars().any(|c| {
            (c as u32) < 0x20 && c != '\n'
                || c == '\u{feff}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}'
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prints `node` under a key and reads it back.
    fn round_trip(node: Node) -> Value {
        let mut top = Node::map();
        top.set("k", node);
        let text = print(&top);
        let v: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        v.get("k").cloned().unwrap()
    }

    #[test]
    fn strings_read_back_as_written() {
        for s in [
            "plain",
            "true",
            "No",
            "123",
            "1.5",
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "- x",
            "x\ny",
            "x\n",
            "x\n\n",
            "  indented\nnext",
            "tab\tin",
            "quote\"s",
            "back\\slash",
            "{brace}",
            "[x]",
            "a, b",
            "~",
            "@at",
            "`tick`",
            "%p",
            "x\n  y\n",
            "\u{7f}del",
            "caf\u{e9}",
            "*star",
            "&amp",
            "!bang",
            "|pipe",
            ">gt",
            "'single'",
            "line\r\nwin",
        ] {
            assert_eq!(round_trip(Node::str(s)), Value::String(s.into()), "{s:?}");
            assert_eq!(
                round_trip(Node::List(vec![Node::str(s)])),
                Value::Array(vec![Value::String(s.into())]),
                "in a list: {s:?}"
            );
        }
    }

    #[test]
    fn nested_mappings_and_lists_read_back() {
        let source = "a: [1, {b: \"x, y\", c: [true, ~]}]\nd: {}\ne: []\nf:\n  - {g: h}\n  - long: \"a description long enough that the mapping does not fit on one line at all, really\"\n    other: 2\n";
        let value: Value = serde_yaml::from_str(source).unwrap();
        let printed = print(&Node::from_value(&value));
        assert_eq!(
            serde_yaml::from_str::<Value>(&printed).unwrap(),
            value,
            "{printed}"
        );
    }

    #[test]
    fn comments_go_above_their_key() {
        let mut top = Node::map();
        top.set_commented("item", Node::str("x"), Some("from doc.yaml#/a".into()));
        assert_eq!(print(&top), "# from doc.yaml#/a\nitem: x\n");
    }
}
