//! Where in a JSON document a decoding error happened, as a path
//! (`records[1].status`), found from the error's line and column.
//!
//! Bodies are decoded at full speed with `serde_json`; only when that fails
//! is the path worked out, by scanning the text up to the error. The scan
//! knows nothing of the target type, so unlike a path-tracking deserializer
//! it costs no second copy of every model's `Deserialize` code.

/// The path of the value that `serde_json` was reading when it failed at
/// `line` and `column` (its 1-based line and the byte count into it), in
/// the form `a.b[2].c`; `.` for the document itself.
pub fn at(body: &[u8], line: usize, column: usize) -> String {
    let end = offset(body, line, column);
    let last = body[..end].iter().rposition(|b| !b.is_ascii_whitespace());
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => frames.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => frames.push(Frame::Array { index: 0 }),
            // serde_json places an error raised after an array item was read
            // whole (a union refusing the value, say) past the `,` or `]`
            // that follows it: the error is about that item, not the next
            // one or the array. No model holds a fixed-length array, the
            // one error about an array as a whole.
            b']' | b','
                if Some(i) == last && matches!(frames.last(), Some(Frame::Array { .. })) => {}
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = frames.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let close = string_end(body, i);
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = frames.last_mut()
                {
                    let raw = &body[i..close.min(end)];
                    *key = Some(
                        serde_json::from_slice::<String>(&body[i..close]).unwrap_or_else(|_| {
                            String::from_utf8_lossy(raw.get(1..).unwrap_or_default()).into_owned()
                        }),
                    );
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    render(&frames)
}

/// One container the scan is inside.
enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The byte offset just past the character at `line`, `column`.
fn offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match body[start..].iter().position(|&b| b == b'\n') {
            Some(n) => start += n + 1,
            None => return body.len(),
        }
    }
    (start + column).min(body.len())
}

/// The offset just past the closing quote of the string opening at `open`
/// (the end of the body when it is unterminated).
fn string_end(body: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    body.len()
}

fn render(frames: &[Frame]) -> String {
    let mut path = String::new();
    for frame in frames {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: i32,
        name: Option<String>,
        tags: Option<Vec<u8>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        records: Vec<Item>,
        total: u8,
        #[serde(rename = "next page")]
        next: Option<Box<Page>>,
    }

    /// The path the scan finds, beside the one a path-tracking
    /// deserializer reports for the same failure.
    fn both(body: &str) -> (String, String) {
        let error = serde_json::from_str::<Page>(body).expect_err("the body must not decode");
        let ours = super::at(body.as_bytes(), error.line(), error.column());
        let mut de = serde_json::Deserializer::from_str(body);
        let tracked = serde_path_to_error::deserialize::<_, Page>(&mut de)
            .expect_err("the body must not decode");
        (ours, tracked.path().to_string())
    }

    #[test]
    fn type_errors_point_at_the_value() {
        for body in [
            r#"{"records":[{"id":1},{"id":"x"}],"total":1}"#,
            r#"{"records":[],"total":300}"#,
            "{\"records\":[\n{\"id\":1}],\n \"total\":true}",
            r#"{"records":[{"id":1, "name": 5}],"total":1}"#,
            r#"{"records":[{"id":1,"tags":[1,2,"three"]}],"total":1}"#,
            r#"{"total":1,"records":[{"id":1}],"next page":{"records":[{"id":[]}],"total":1}}"#,
            r#"{"records":[{"id":1,"name":"a \"quoted\" [name]"},{"id":{}}],"total":1}"#,
            r#"{"records":[{"na\u006de":"x","id":1.5}],"total":1}"#,
        ] {
            let (ours, tracked) = both(body);
            assert_eq!(ours, tracked, "{body}");
        }
    }

    #[test]
    fn a_missing_field_points_at_its_object() {
        let (ours, tracked) = both(r#"{"records":[{"id":1},{"name":"a"}],"total":1}"#);
        assert_eq!(
            (ours.as_str(), tracked.as_str()),
            ("records[1]", "records[1]")
        );
        let (ours, _) = both(r#"{"records":[]}"#);
        assert_eq!(ours, ".");
    }

    /// Refuses a value after reading it whole, as union decoders do.
    #[derive(Debug)]
    struct Picky;

    impl<'de> Deserialize<'de> for Picky {
        fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            serde_json::Value::deserialize(de)?;
            Err(serde::de::Error::custom("no member claims it"))
        }
    }

    #[test]
    fn a_value_refused_after_it_was_read_is_named_by_its_index() {
        for (body, path) in [
            (r#"{"p":[{"a":1}]}"#, "p[0]"),
            (r#"{"p":[1,{"a":[2]}]}"#, "p[0]"),
            (r#"{"p":[{"a":1}, 2]}"#, "p[0]"),
        ] {
            #[derive(Debug, Deserialize)]
            #[allow(dead_code)]
            struct Holder {
                p: Vec<Picky>,
            }
            let error = serde_json::from_str::<Holder>(body).expect_err("refused");
            let mut de = serde_json::Deserializer::from_str(body);
            let tracked =
                serde_path_to_error::deserialize::<_, Holder>(&mut de).expect_err("refused");
            assert_eq!(
                (
                    super::at(body.as_bytes(), error.line(), error.column()),
                    tracked.path().to_string()
                ),
                (path.to_owned(), path.to_owned())
            );
        }
    }

    #[test]
    fn syntax_errors_point_where_the_text_broke() {
        assert_eq!(both(r#"{"records":[{"id":1,}]}"#).0, "records[0]");
        // A body cut short names the last value read before its end.
        assert_eq!(both(r#"{"records":[{"id":1}]"#).0, "records[0]");
        assert_eq!(both("").0, ".");
    }
}
