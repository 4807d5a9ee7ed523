//! Compiling usage examples for method docs.
//!
//! Each method's doc ends with a `no_run` example that builds every required
//! argument from the spec's examples (or, lacking one, a plausible value of
//! the right type), so `cargo test --doc` proves the documented call compiles.

use serde_json::Value;

use crate::ir::{
    Api, BodyEncoding, Field, Method, Param, Presence, Primitive, Returns, Service, Type, TypeDef,
    TypeRef,
};

/// How many models deep an example value may nest before it stops.
const MAX_DEPTH: usize = 8;

/// The example's lines, fenced, ready to append to a method's doc.
pub fn method_example(api: &Api, service: &Service, m: &Method) -> Vec<String> {
    let krate = api.crate_name.replace('-', "_");
    let mut lines = vec![
        String::new(),
        "# Example".into(),
        String::new(),
        "```no_run".into(),
        format!("# async fn example() -> Result<(), {krate}::Error> {{"),
    ];
    lines.extend(call_lines(api, service, m));
    lines.extend([
        "# let _ = result;".into(),
        "# Ok(())".into(),
        "# }".into(),
        "```".into(),
    ]);
    lines
}

/// Statements that build a client and call `m`, binding `result`.
pub fn call_lines(api: &Api, service: &Service, m: &Method) -> Vec<String> {
    lines_ending(api, service, m, "let result", ".await?")
}

/// Statements that build a client and collect every item of every page of
/// the paginated `m` into `items` (with `futures_util::TryStreamExt` in scope).
pub fn stream_lines(api: &Api, service: &Service, m: &Method) -> Vec<String> {
    lines_ending(
        api,
        service,
        m,
        "let items: Vec<_>",
        ".stream().try_collect().await?",
    )
}

/// Statements that build a client and the request of `m`, then `binding = <request><tail>;`.
fn lines_ending(
    api: &Api,
    service: &Service,
    m: &Method,
    binding: &str,
    tail: &str,
) -> Vec<String> {
    let krate = api.crate_name.replace('-', "_");
    let client = format!("{}?", super::security::example_client(api, m));
    let ex = Examples { api, krate: &krate };
    let mut args: Vec<String> = m
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| ex.param(p))
        .collect();
    let mut setup = Vec::new();
    if let Some(b) = m.body.as_ref().filter(|b| b.required) {
        let value = match (&b.ty, b.encoding) {
            (_, BodyEncoding::Binary) => "b\"file content\".to_vec()".to_owned(),
            (Some(ty), _) => ex.value(ty, None, "body", 0),
            (None, _) => String::new(),
        };
        if !value.is_empty() {
            setup.push(format!("let body = {value};"));
            args.push("body".into());
        }
    }
    for f in m.body.iter().flat_map(|b| &b.files).filter(|f| f.required) {
        let one = format!(
            "{krate}::Upload::from(b\"file content\".as_slice()).file_name(\"{}.pdf\")",
            f.wire_name
        );
        args.push(if f.multiple {
            format!("vec![{one}]")
        } else {
            one
        });
    }
    let setters: String = m
        .params
        .iter()
        .filter(|p| !p.required && (p.example.is_some() || p.default.is_some()))
        .map(|p| format!(".{}({})", p.rust_name, ex.param(p)))
        .collect();
    let mut lines = vec![format!("let client = {client};")];
    lines.extend(setup);
    lines.push(format!(
        "{binding} = client.{}().{}({}){setters}{tail};",
        service.accessor,
        m.rust_name,
        args.join(", ")
    ));
    formatted(&krate, lines)
}

/// `text` with every `open` (which ends in `[`) written `new_open`, and
/// the `close` that ends it (starting with the `]` at the same depth,
/// outside string literals) written `new_close`.
fn rebracket(text: &str, open: &str, new_open: &str, close: &str, new_close: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    // For each `[` open: whether it began a rewritten `open`.
    let mut brackets: Vec<bool> = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let width = c.len_utf8();
        if in_string {
            out.push(c);
            i += width;
            if c == '\\' {
                if let Some(next) = text[i..].chars().next() {
                    out.push(next);
                    i += next.len_utf8();
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if text[i..].starts_with(open) {
            out.push_str(new_open);
            brackets.push(true);
            i += open.len();
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' => brackets.push(false),
            ']' if brackets.pop() == Some(true) && text[i..].starts_with(close) => {
                out.push_str(new_close);
                i += close.len();
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += width;
    }
    out
}

/// Statements as written by hand: the models they name imported by one
/// `use` (`BulkAddDevicesItem::new(..)`, not `crate_name::models::…` each
/// time), laid out as rustfmt would (prettyplease's rules: lines of at most
/// 100 columns, long calls one argument a line); the statements as they
/// are if they do not parse.
fn formatted(krate: &str, statements: Vec<String>) -> Vec<String> {
    let prefix = format!("{krate}::models::");
    let mut models: Vec<String> = Vec::new();
    let mut body = statements.join("\n");
    let mut rest = body.as_str();
    while let Some(at) = rest.find(&prefix) {
        let name: String = rest[at + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && !models.contains(&name) {
            models.push(name);
        }
        rest = &rest[at + prefix.len()..];
    }
    if !models.is_empty() {
        models.sort();
        body = format!(
            "use {krate}::models::{{{}}};\n{}",
            models.join(", "),
            body.replace(&prefix, "")
        );
    }
    // prettyplease lays out a macro's tokens as they come; `vec![..]` goes
    // through as a call on an array, which it formats, and comes back after.
    let source = format!(
        "async fn example() {{\n{}\n}}\n",
        rebracket(&body, "vec![", "__vec__([", "]", "])")
    );
    let Ok(file) = syn::parse_file(&source) else {
        return statements;
    };
    let text = rebracket(
        &prettyplease::unparse(&file),
        "__vec__([",
        "vec![",
        "])",
        "]",
    );
    let lines = chains_as_rustfmt(text.lines().map(str::to_owned).collect());
    // Between the `fn` line and its closing brace, one indent less.
    match lines.as_slice() {
        [_, body @ .., _] => body
            .iter()
            .map(|l| l.strip_prefix("    ").unwrap_or(l).to_owned())
            .collect(),
        _ => statements,
    }
}

/// prettyplease indents the arguments of a call two levels deeper than the
/// call when a method chain follows it (`X::new(` / `        a,` / `    )` /
/// `    .with_b(..)`); rustfmt, which examples are read against, keeps them
/// one level in and the `)` and the chain level with the call. Such a
/// block moves back one level.
fn chains_as_rustfmt(mut lines: Vec<String>) -> Vec<String> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    for i in 0..lines.len().saturating_sub(1) {
        let base = indent(&lines[i]);
        if !lines[i].ends_with('(') || indent(&lines[i + 1]) != base + 8 {
            continue;
        }
        let Some(close) = (i + 1..lines.len()).find(|&j| indent(&lines[j]) <= base + 4) else {
            continue;
        };
        if indent(&lines[close]) != base + 4 || !lines[close].trim_start().starts_with(')') {
            continue;
        }
        let mut end = close + 1;
        while end < lines.len()
            && (indent(&lines[end]) > base + 4
                || (indent(&lines[end]) == base + 4 && lines[end].trim_start().starts_with('.')))
        {
            end += 1;
        }
        for line in &mut lines[i + 1..end] {
            line.drain(..4);
        }
    }
    lines
}

/// A user's unit test of code that calls `m`, against the runtime's fake API:
/// the fake answers with an example of the method's result, the call runs
/// through the whole pipeline, and the test looks at what was sent.
pub fn fake_test_lines(api: &Api, service: &Service, m: &Method) -> Vec<String> {
    let krate = api.crate_name.replace('-', "_");
    let ex = Examples { api, krate: &krate };
    let reply = match m.returns.body() {
        _ if matches!(m.returns, Returns::Bytes | Returns::Text) => format!(
            "Reply::raw({}, \"content\")",
            m.responses.first().and_then(|r| r.status).unwrap_or(200)
        ),
        Some(ty) => format!(
            "Reply::json({}, &{})",
            m.responses
                .iter()
                .find(|r| r.ty.is_some())
                .and_then(|r| r.status)
                .unwrap_or(200),
            ex.value(ty, None, "value", 0)
        ),
        None => format!(
            "Reply::empty({})",
            m.responses.first().and_then(|r| r.status).unwrap_or(204)
        ),
    };
    let credentials = super::security::builder_calls(api, m);
    let mut lines = vec![
        format!("use {krate}::test_util::{{FakeApi, Reply}};"),
        String::new(),
        "let fake = FakeApi::new();".into(),
        format!("fake.on_operation({:?}, {reply});", m.operation_id),
        format!(
            "let client = {krate}::Client::builder().transport(fake.clone()){credentials}.build()?;"
        ),
        String::new(),
        "// The code under test would make this call.".into(),
    ];
    let call = call_lines(api, service, m);
    lines.extend(call.into_iter().filter(|l| !l.starts_with("let client = ")));
    lines.push("let _ = result;".into());
    lines.push(String::new());
    lines.push(format!(
        "let sent = fake.requests_of({:?});",
        m.operation_id
    ));
    lines.push("assert_eq!(sent.len(), 1);".into());
    lines.push(format!(
        "assert_eq!(sent[0].method.as_str(), {:?});",
        m.http_method.as_str()
    ));
    lines
}

struct Examples<'a> {
    api: &'a Api,
    krate: &'a str,
}

impl Examples<'_> {
    /// The value a call passes for `p`.
    fn param(&self, p: &Param) -> String {
        let example = p.example.as_ref().or(p.default.as_ref());
        if p.ty.is_text() {
            // Text parameters take `impl Into<String>`: a literal reads best.
            return format!(
                "{:?}",
                text(example).unwrap_or_else(|| placeholder(&p.rust_name))
            );
        }
        self.value(&p.ty, example, &p.rust_name, 0)
    }

    fn path(&self, name: &str) -> String {
        format!("{}::models::{name}", self.krate)
    }

    /// A Rust expression of type `ty`, for a value called `name` (what a
    /// text without an example stands for).
    fn value(&self, ty: &Type, example: Option<&Value>, name: &str, depth: usize) -> String {
        match ty {
            Type::Primitive(p) => primitive(*p, example, name, self.krate),
            Type::Map(_) => "Default::default()".into(),
            Type::List(t) if depth < MAX_DEPTH => format!(
                "vec![{}]",
                self.value(
                    t,
                    example.and_then(|e| e.as_array()).and_then(|a| a.first()),
                    name,
                    depth + 1
                )
            ),
            Type::List(_) => "Vec::new()".into(),
            Type::Named(r) => self.named(r, example, name, depth),
            Type::Nullable(t) => match example {
                Some(Value::Null) => "None".into(),
                _ => format!("Some({})", self.value(t, example, name, depth)),
            },
        }
    }

    fn named(
        &self,
        r: &TypeRef,
        example: Option<&Value>,
        value_name: &str,
        depth: usize,
    ) -> String {
        let name = r.name.as_str();
        let model = match self.api.def(r) {
            TypeDef::Enum(e) => {
                let wanted = text(example);
                let v = e
                    .variants
                    .iter()
                    .find(|v| Some(&v.wire) == wanted.as_ref())
                    .or(e.variants.first());
                return match v {
                    Some(v) => format!("{}::{}", self.path(name), v.rust_name),
                    None => format!("{}::UnknownValue(String::new())", self.path(name)),
                };
            }
            TypeDef::Alias(a) => {
                return self.value(&a.ty, example.or(a.example.as_ref()), value_name, depth);
            }
            TypeDef::Union(u) => {
                // Lowering refuses unions with fewer than two members.
                let Some(m) = u.members.first() else {
                    return "Default::default()".into();
                };
                let inner = self.value(&m.ty, example, value_name, depth + 1);
                let inner = if m.boxed {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                return format!("{}::{}({inner})", self.path(name), m.rust_name);
            }
            TypeDef::Model(m) => m,
        };
        // `new` takes the required fields; the optional ones the spec has an
        // example for are set with their `with_` setters, the rest stay absent.
        let deep = depth >= MAX_DEPTH;
        let args: Vec<String> = model
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| match f.presence() {
                Presence::OrNull if deep || f.example.is_none() => "None".into(),
                Presence::OrNull => {
                    format!(
                        "Some({})",
                        self.value(&f.ty, f.example.as_ref(), &f.rust_name, depth + 1)
                    )
                }
                _ => self.argument(f, depth),
            })
            .collect();
        let setters: String = model
            .fields
            .iter()
            .filter(|f| !f.required && f.example.is_some() && !f.read_only && !deep)
            .map(|f| {
                format!(
                    ".{}({})",
                    super::models::setter_name(&f.rust_name),
                    self.argument(f, depth)
                )
            })
            .collect();
        format!("{}::new({}){setters}", self.path(name), args.join(", "))
    }

    /// A value for field `f` as a constructor or setter argument: text as
    /// a literal (they take `impl Into<String>`), anything else as a value.
    fn argument(&self, f: &Field, depth: usize) -> String {
        let example = f.example.as_ref();
        if self.api.is_text(&f.ty) {
            return format!(
                "{:?}",
                text(example).unwrap_or_else(|| placeholder(&f.rust_name))
            );
        }
        self.value(&f.ty, example, &f.rust_name, depth + 1)
    }
}

/// What an example writes for a text called `name` that the document gives
/// no example of: the name in capitals, as the credentials' placeholders
/// are (`"CLIENT_ID"`), so it reads as "put yours here".
fn placeholder(name: &str) -> String {
    let name = name.trim_start_matches("r#").trim_matches('_');
    if name.is_empty() {
        "VALUE".into()
    } else {
        heck::ToShoutySnakeCase::to_shouty_snake_case(name)
    }
}

/// A literal of a primitive type called `name`, from the example when it fits.
fn primitive(p: Primitive, example: Option<&Value>, name: &str, krate: &str) -> String {
    match p {
        Primitive::String => format!(
            "{:?}.to_owned()",
            text(example).unwrap_or_else(|| placeholder(name))
        ),
        Primitive::Uri => format!(
            "{:?}.to_owned()",
            text(example).unwrap_or_else(|| "https://example.com/".into())
        ),
        Primitive::Email => format!(
            "{:?}.to_owned()",
            text(example).unwrap_or_else(|| "user@example.com".into())
        ),
        Primitive::Int32 | Primitive::Int64 => {
            example.and_then(Value::as_i64).unwrap_or(1).to_string()
        }
        Primitive::UInt64 => example.and_then(Value::as_u64).unwrap_or(1).to_string(),
        // A JSON example holds an integer from `i64::MIN` to `u64::MAX`,
        // all of which an `i128` literal takes.
        Primitive::Int128 => example
            .and_then(|v| v.as_i64().map(i128::from).or(v.as_u64().map(i128::from)))
            .unwrap_or(1)
            .to_string(),
        Primitive::Float => format!(
            "{:?}_f32",
            example.and_then(Value::as_f64).unwrap_or(1.0) as f32
        ),
        Primitive::Double => format!("{:?}", example.and_then(Value::as_f64).unwrap_or(1.0)),
        Primitive::Boolean => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
        Primitive::DateTime => format!(
            "{:?}.parse().unwrap()",
            text(example).unwrap_or_else(|| "2024-01-01T00:00:00Z".into())
        ),
        Primitive::Date => format!(
            "{:?}.parse().unwrap()",
            text(example).unwrap_or_else(|| "2024-01-01".into())
        ),
        Primitive::Time => format!(
            "{:?}.parse().unwrap()",
            text(example).unwrap_or_else(|| "09:30:00".into())
        ),
        Primitive::Uuid => format!(
            "{:?}.parse().unwrap()",
            text(example).unwrap_or_else(|| "8f0e4d1c-2b7a-4c55-9d3e-6a1f2b3c4d5e".into())
        ),
        Primitive::Decimal => format!(
            "{:?}.parse().unwrap()",
            text(example).unwrap_or_else(|| "1.50".into())
        ),
        Primitive::Byte => match text(example) {
            Some(t) => format!("{krate}::Base64::decode({t:?}).unwrap()"),
            None => format!("{krate}::Base64::from(b\"bytes\".to_vec())"),
        },
        Primitive::Any => "Default::default()".into(),
    }
}

/// A JSON scalar as the text it stands for (a string without its quotes);
/// `None` for `null` or no value.
pub(super) fn text(example: Option<&Value>) -> Option<String> {
    match example? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::chains_as_rustfmt;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_chain_after_a_broken_call_is_laid_out_as_rustfmt_does() {
        let prettyplease = "    let body = Request::new(\n            \"NAME\",\n            vec![Item::new()],\n        )\n        .with_id(\"1\");\n    let next = 1;";
        let rustfmt = "    let body = Request::new(\n        \"NAME\",\n        vec![Item::new()],\n    )\n    .with_id(\"1\");\n    let next = 1;";
        assert_eq!(chains_as_rustfmt(lines(prettyplease)), lines(rustfmt));
    }

    #[test]
    fn nested_chains_and_plain_calls() {
        // Inside a `vec!`, with a chained argument of its own.
        let prettyplease = "    vec![\n        Item::new(\n                Kind::A,\n                Contact::new()\n                    .with_name(\"J\"),\n            )\n            .with_number(\"205\"),\n    ],";
        let rustfmt = "    vec![\n        Item::new(\n            Kind::A,\n            Contact::new()\n                .with_name(\"J\"),\n        )\n        .with_number(\"205\"),\n    ],";
        assert_eq!(chains_as_rustfmt(lines(prettyplease)), lines(rustfmt));
        // A broken call with no chain is already as rustfmt writes it.
        let plain = "    let body = Request::new(\n        \"NAME\",\n        1,\n    );";
        assert_eq!(chains_as_rustfmt(lines(plain)), lines(plain));
    }
}
