//! Where a rendered file that is not valid Rust goes wrong.
//!
//! `syn` reports a parse error with the line of its token only when
//! proc-macro2 tracks source positions (its `span-locations` feature), and
//! tracking them for every token of every file cost a generator run 8% of
//! its time. A file that fails to parse is a template bug, so the search
//! happens then: the file is cut into its top-level items and the first
//! item that does not parse on its own is the one reported.

/// How many cuts an item may span and still be found to parse.
const MAX_CUTS_INSIDE: usize = 16;

/// How much of an item's first line a report quotes.
const QUOTED_CHARS: usize = 100;

/// The start of an item's first line, to name it by: a fragment of code
/// built as tokens prints a whole item on one line.
fn opening(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_owned(),
    }
}

/// The first line (1-based) and text of the first top-level item of `body`
/// that does not parse, with `syn`'s message for it; `None` when each item
/// parses alone (the fault is then between items, like an unclosed brace
/// across them).
pub(super) fn first_invalid_item(body: &str) -> Option<(usize, String, String)> {
    let lines: Vec<&str> = body.lines().collect();
    let starts = item_starts(&lines);
    let mut item = 0;
    while let Some(&start) = starts.get(item) {
        // An item that does not parse is extended over the next few cuts
        // until it does: a cut can fall inside an item (a line of a
        // multi-line string, a `where` written at column 0). One that parses
        // with none of them is at fault; a bound keeps the search linear in
        // files of thousands of items.
        let mut first_error = None;
        let mut next = item + 1;
        loop {
            let end = starts.get(next).copied().unwrap_or(lines.len());
            match syn::parse_file(&lines[start..end].join("\n")) {
                Ok(_) => break,
                Err(e) if end == lines.len() || next - item > MAX_CUTS_INSIDE => {
                    let message = first_error.unwrap_or_else(|| e.to_string());
                    return Some((start + 1, opening(lines[start]), message));
                }
                Err(e) => {
                    first_error.get_or_insert_with(|| e.to_string());
                    next += 1;
                }
            }
        }
        item = next;
    }
    None
}

/// The index of the first line of each top-level item: a line starting in
/// column 0 with neither a closing bracket nor whitespace, unless the line
/// before it at column 0 was an attribute or a comment, which belong to the
/// item they precede. (Templates write items at column 0 and their bodies
/// indented; prettyplease, which would guarantee it, runs only on valid
/// files.)
fn item_starts(lines: &[&str]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut attached = false;
    for (index, line) in lines.iter().enumerate() {
        let top = line.starts_with(|c: char| !c.is_whitespace() && !")]}".contains(c));
        if !top {
            continue;
        }
        if !attached {
            starts.push(index);
        }
        attached = line.starts_with('#') || line.starts_with("//");
    }
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::first_invalid_item;

    #[test]
    fn the_item_that_does_not_parse_is_named_by_its_first_line() {
        let body = "//! A module.\nuse std::fmt;\n/// A type.\n#[derive(Debug)]\npub struct A {\n    x: u8,\n}\nimpl A {\n    fn f(&self) -> u8 {\n        self.x +\n    }\n}\nfn g() {}\n";
        let (line, text, message) = first_invalid_item(body).unwrap();
        assert_eq!((line, text.as_str()), (8, "impl A {"));
        assert!(message.contains("expected an expression"), "{message}");
    }

    #[test]
    fn an_item_on_one_long_line_is_quoted_by_its_start() {
        let item = format!("fn f() {{ {} let x = ; }}", "let a = 1; ".repeat(20));
        let (line, text, _) = first_invalid_item(&format!("fn g() {{}}\n{item}\n")).unwrap();
        assert_eq!(line, 2);
        assert_eq!(text.chars().count(), super::QUOTED_CHARS + 1);
        assert!(text.starts_with("fn f() { let a = 1;") && text.ends_with('…'));
    }

    #[test]
    fn attributes_and_docs_stay_with_their_item() {
        let body = "/// Docs.\n#[derive(Debug)]\npub struct A;\n#[cfg(test)]\nstruct B\n";
        let (line, text, _) = first_invalid_item(body).unwrap();
        assert_eq!((line, text.as_str()), (4, "#[cfg(test)]"));
        assert_eq!(
            first_invalid_item("/// Docs.\n#[derive(Debug)]\npub struct A;\n"),
            None
        );
    }

    #[test]
    fn a_cut_inside_an_item_is_not_taken_for_the_fault() {
        let body = "const A: &str = \"one\ntwo\";\nfn f() {\n    let x = ;\n}\n";
        let (line, text, _) = first_invalid_item(body).unwrap();
        assert_eq!((line, text.as_str()), (3, "fn f() {"));
        let valid = "const A: &str = \"one\ntwo\";\nfn f() {}\n";
        assert_eq!(first_invalid_item(valid), None);
    }

    #[test]
    fn a_broken_item_is_found_among_thousands() {
        let items = "pub use a::B;\n".repeat(20_000);
        let body = format!("pub use broken::;\n{items}");
        let (line, text, _) = first_invalid_item(&body).unwrap();
        assert_eq!((line, text.as_str()), (1, "pub use broken::;"));
    }
}
