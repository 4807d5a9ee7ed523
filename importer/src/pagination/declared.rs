//! Pagination an operation declares through a vendor extension, read as
//! the spec's `pagination`, and checked against the parameters and the
//! answer the same way as an inferred one.
//!
//! - Fern, `x-fern-pagination`: `{cursor: $request.<param>, next_cursor:
//!   $response.<path>, results: $response.<field>}`, or `{offset:
//!   $request.<param>, results: …, step?: $request.<size>, has-next-page?:
//!   $response.<path>}`: an offset with no `step` counts pages by one (a
//!   page number). `true` on an operation means the document's own
//!   top-level `x-fern-pagination`.
//! - Speakeasy, `x-speakeasy-pagination`: `{type: offsetLimit | cursor |
//!   url, inputs: [{name, in: parameters, type: page | offset | limit |
//!   cursor}], outputs: {results: $.<field>, nextCursor: $.<path>}}`; a
//!   `nextCursor` of the last item's field (`$.data[-1].id`) starts the next
//!   page after it; `url` with `outputs.nextUrl` follows the URL.
//!
//! Others (APIMatic's `x-pagination`, Stainless style `x-stainless-pagination`)
//! are named in the report as not read, and the shape rules apply.

use serde_json::Value;

use super::schema::{Obj, Prop, can_say_more, is_text, object};
use super::{Inferred, Page, Param, items_of};
use crate::doc::{Doc, str_of};

/// Extensions read, and those only recognised.
const READ: &[&str] = &["x-fern-pagination", "x-speakeasy-pagination"];
const NOT_READ: &[&str] = &[
    "x-pagination",
    "x-stainless-pagination",
    "x-apimatic-pagination",
];

/// The pagination extension `op` carries, with its key.
pub fn extension(op: &Value, root: &Value) -> Option<(&'static str, Value)> {
    let key = READ
        .iter()
        .chain(NOT_READ)
        .find(|k| op.get(**k).is_some())?;
    let v = op.get(*key)?.clone();
    // Fern: `true` means the document-wide setting.
    if v == Value::Bool(true) {
        return root.get(*key).cloned().map(|r| (*key, r));
    }
    Some((*key, v))
}

/// The pagination `ext` (under `key`) declares, checked against the
/// operation, or why it cannot be followed.
pub fn read(
    key: &str,
    ext: &Value,
    params: &[Param],
    page: &Page,
    doc: &Doc,
) -> Result<Inferred, String> {
    let mut found = match key {
        "x-fern-pagination" => fern(ext)?,
        "x-speakeasy-pagination" => speakeasy(ext)?,
        other => return Err(format!("`{other}` is not read by the importer")),
    };
    found.evidence.insert(0, format!("declared by `{key}`"));
    check(&found, params, page, doc)?;
    Ok(found)
}

/// `$request.page` → `page`; `$response.a.b` and `$.a.b` → `a.b`.
fn path(v: Option<&Value>, prefixes: &[&str]) -> Option<String> {
    let s = v?.as_str()?;
    prefixes
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .map(str::to_owned)
}

fn fern(ext: &Value) -> Result<Inferred, String> {
    let results = path(ext.get("results"), &["$response."]);
    let mut found = Inferred {
        items: results,
        ..Inferred::default()
    };
    if let Some(cursor) = path(ext.get("cursor"), &["$request."]) {
        found.style = "cursor";
        found.param = Some(("cursor_param", cursor));
        found.next_cursor = Some(
            path(ext.get("next_cursor"), &["$response."])
                .ok_or("no `next_cursor` in the response")?,
        );
    } else if let Some(offset) = path(ext.get("offset"), &["$request."]) {
        // Without a step, the offset counts pages.
        let (style, key) = if ext.get("step").is_some() {
            ("offset", "offset_param")
        } else {
            ("page", "page_param")
        };
        found.style = style;
        found.param = Some((key, offset));
        found.has_more = path(ext.get("has-next-page"), &["$response."]);
    } else {
        return Err("neither `cursor` nor `offset` is a `$request.` parameter".into());
    }
    found.evidence.push(describe(&found));
    Ok(found)
}

fn speakeasy(ext: &Value) -> Result<Inferred, String> {
    let kind = str_of(ext, "type").unwrap_or_default();
    let input = |t: &str| {
        ext.get("inputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|i| str_of(i, "type") == Some(t) && str_of(i, "in") != Some("requestBody"))
            .and_then(|i| str_of(i, "name"))
            .map(str::to_owned)
    };
    let outputs = ext.get("outputs").cloned().unwrap_or(Value::Null);
    let mut found = Inferred {
        items: path(outputs.get("results"), &["$."]),
        ..Inferred::default()
    };
    match kind {
        "offsetLimit" => {
            if let Some(p) = input("page") {
                (found.style, found.param) = ("page", Some(("page_param", p)));
            } else if let Some(p) = input("offset") {
                (found.style, found.param) = ("offset", Some(("offset_param", p)));
            } else {
                return Err("no `page` or `offset` input in the query".into());
            }
        }
        "cursor" => {
            let p = input("cursor").ok_or("no `cursor` input in the query")?;
            let next = path(outputs.get("nextCursor"), &["$."]).ok_or("no `nextCursor` output")?;
            (found.style, found.param) = ("cursor", Some(("cursor_param", p)));
            // `data[-1].id`, `data[(@.length-1)].id`: a field of the last item.
            match next.split_once("].") {
                Some((_, field)) if next.contains('[') => {
                    found.cursor_item_field = Some(field.to_owned())
                }
                _ => found.next_cursor = Some(next),
            }
        }
        "url" => {
            found.style = "next_url";
            found.next_url =
                Some(path(outputs.get("nextUrl"), &["$."]).ok_or("no `nextUrl` output")?);
        }
        other => return Err(format!("type `{other}` is not one the importer knows")),
    }
    found.evidence.push(describe(&found));
    Ok(found)
}

fn describe(found: &Inferred) -> String {
    let mut s = found
        .param
        .as_ref()
        .map(|(k, p)| format!("{k} `{p}`"))
        .unwrap_or_default();
    for (k, v) in [
        ("items", &found.items),
        ("next cursor", &found.next_cursor),
        ("last item's", &found.cursor_item_field),
        ("next URL", &found.next_url),
        ("more while", &found.has_more),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(", {k} `{v}`"));
        }
    }
    s.trim_start_matches(", ").to_owned()
}

/// The property at a dotted path from `obj`.
fn walk(obj: &Obj, dotted: &str, doc: &Doc) -> Option<Prop> {
    let mut steps = dotted.split('.');
    let mut p = obj.get(steps.next()?)?.clone();
    for step in steps {
        p = object(doc, &p.raw)?.get(step)?.clone();
    }
    Some(p)
}

/// Whether the generator will accept `found` for these parameters and this answer.
fn check(found: &Inferred, params: &[Param], page: &Page, doc: &Doc) -> Result<(), String> {
    if let Some((key, name)) = &found.param {
        let p = params
            .iter()
            .find(|p| &p.name == name)
            .ok_or_else(|| format!("no query parameter `{name}`"))?;
        let ok = if *key == "cursor_param" {
            p.is_cursor()
        } else {
            p.is_int()
        };
        if !ok {
            return Err(format!("query `{name}` has a type `{key}` cannot take"));
        }
    } else if found.next_url.is_none() {
        return Err("no parameter".into());
    }
    let (items, item) = items_of(page, doc)?;
    if found.items != items {
        return Err(format!(
            "the items are not where it says (`{}`): the answer's list is `{}`",
            found.items.as_deref().unwrap_or("the page"),
            items.as_deref().unwrap_or("the page")
        ));
    }
    let obj = match page {
        Page::Object(o) => Some(o),
        Page::List(_) => None,
    };
    let at = |dotted: &str| obj.and_then(|o| walk(o, dotted, doc));
    for n in found.next_cursor.iter().chain(&found.next_url) {
        at(n)
            .filter(is_text)
            .ok_or_else(|| format!("`{n}` is not a text field of the answer"))?;
    }
    if let Some(m) = &found.has_more {
        at(m)
            .filter(can_say_more)
            .ok_or_else(|| format!("`{m}` cannot say whether more follow"))?;
    }
    if let Some(f) = &found.cursor_item_field {
        item.as_ref()
            .and_then(|i| object(doc, i))
            .and_then(|o| o.get(f).cloned())
            .ok_or_else(|| format!("the items have no field `{f}`"))?;
    }
    Ok(())
}
