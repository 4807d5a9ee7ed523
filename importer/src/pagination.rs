//! Pagination inferred for an operation: what its vendor extension
//! declares (Fern, Speakeasy), else what its query parameters and success
//! answer show (page numbers, offsets, page tokens, a cursor with a
//! has-more flag, `Link` headers).
//!
//! Only what the generator can walk is written, and only when every part
//! it needs is there with a type it accepts: a guess the generator would
//! refuse would fail the whole spec. Each inference is a report line with
//! its evidence, and the method's `pagination` carries a comment saying
//! it was inferred, so a wrong guess is plain in the report and the diff.
//! A maintainer changes or turns one off by writing the method in their
//! own file (see `spec/README.md`).

mod declared;
mod names;
mod schema;

use serde_json::Value;

use crate::Importer;
use crate::doc::{self, entries, str_of};
use crate::out::Node;
use names::{
    AFTER_PARAMS, CURSOR_PARAMS, ITEM_FIELDS, ITEM_TOTALS, MORE_FIELDS, NEXT_CURSORS,
    NEXT_PAGE_HOLDERS, NEXT_URLS, OFFSET_PARAMS, PAGE_PARAMS, PAGE_TOTALS, SIZE_PARAMS,
    TOTAL_HOLDERS,
};
use schema::{Obj, Prop, can_say_more, is_bool, is_int, is_list, is_text, norm, object, resolved};

/// A query parameter as the imported method has it.
pub(crate) struct Param {
    name: String,
    ty: String,
    required: bool,
    enumerated: bool,
}

impl Param {
    fn is_int(&self) -> bool {
        matches!(
            self.ty.as_str(),
            "int32" | "int64" | "uint64" | "int128" | "integer"
        )
    }
    /// What the generator takes as a cursor: optional plain text.
    fn is_cursor(&self) -> bool {
        self.ty == "string" && !self.required && !self.enumerated
    }
}

/// One success answer's body.
pub(crate) enum Page {
    /// A JSON array: the page is its items.
    List(Value),
    /// An object, with the items in one of its fields.
    Object(Obj),
}

/// What was inferred: the spec's `pagination` keys and the evidence.
#[derive(Default)]
pub(crate) struct Inferred {
    style: &'static str,
    items: Option<String>,
    param: Option<(&'static str, String)>,
    next_cursor: Option<String>,
    cursor_item_field: Option<String>,
    next_url: Option<String>,
    has_more: Option<String>,
    /// `total` or `total_pages`, and the path to it.
    total: Option<(&'static str, String)>,
    evidence: Vec<String>,
}

impl Inferred {
    fn node(&self) -> Node {
        let mut n = Node::map();
        n.set("style", Node::str(self.style));
        let keys = [
            ("items", self.items.clone()),
            (
                self.param.as_ref().map_or("", |p| p.0),
                self.param.as_ref().map(|p| p.1.clone()),
            ),
            ("next_cursor", self.next_cursor.clone()),
            ("cursor_item_field", self.cursor_item_field.clone()),
            ("next_url", self.next_url.clone()),
            ("has_more", self.has_more.clone()),
            (
                self.total.as_ref().map_or("", |t| t.0),
                self.total.as_ref().map(|t| t.1.clone()),
            ),
        ];
        for (k, v) in keys {
            if let Some(v) = v {
                n.set(k, Node::Str(v));
            }
        }
        n
    }

    /// Takes the answer's integer count of pages (when `pages`) or items
    /// as where the walk ends, with its evidence; else notes a holder of
    /// totals it cannot use. Whether the answer tells any total at all.
    fn read_total(
        &mut self,
        obj: Option<&Obj>,
        doc: &crate::doc::Doc,
        skip: &dyn Fn(&Prop) -> bool,
        pages: bool,
    ) -> bool {
        let Some(obj) = obj else { return false };
        let count = |names: &[&str]| {
            find(obj, doc, skip, &|q| {
                let n = norm(&q.name);
                // A bare `count` is as often the page's own length: taken only when it says it is the total.
                let says_total = n != "count" || mentions_total(q);
                is_int(q) && names.contains(&n.as_str()) && says_total
            })
        };
        let page_total = pages.then(|| count(PAGE_TOTALS)).flatten();
        if let Some((t, _)) = page_total {
            self.evidence
                .push(format!("`{t}` counts the pages: the walk ends at the last"));
            self.total = Some(("total_pages", t));
        } else if let Some((t, _)) = count(ITEM_TOTALS) {
            self.evidence.push(format!(
                "`{t}` counts the items: the walk ends once it has them all"
            ));
            self.total = Some(("total", t));
        } else if let Some((t, _)) = find(obj, doc, skip, &|q| {
            let n = norm(&q.name);
            [PAGE_TOTALS, ITEM_TOTALS, TOTAL_HOLDERS]
                .iter()
                .any(|names| names.contains(&n.as_str()))
        }) {
            self.evidence.push(format!(
                "`{t}` tells the totals; the walk ends at an empty page"
            ));
        } else {
            return false;
        }
        true
    }
}

impl Importer<'_> {
    /// The `pagination` of the operation `op` at `pointer`, whose imported
    /// `parameters` and `responses` are given, with the comment to write
    /// above it; a report line says what was inferred from what, or why an
    /// operation with paging parameters got none.
    pub(crate) fn pagination(
        &mut self,
        pointer: &str,
        op: &Value,
        parameters: &Node,
        responses: &Node,
    ) -> Option<(Node, String)> {
        let params = query_params(parameters);
        let declared = declared::extension(op, &self.doc.root);
        let looks_paged = params.iter().any(|p| {
            let n = norm(&p.name);
            [PAGE_PARAMS, OFFSET_PARAMS, CURSOR_PARAMS, AFTER_PARAMS]
                .iter()
                .any(|l| l.contains(&n.as_str()))
        });
        if declared.is_none() && !looks_paged {
            return None;
        }
        let page = match self.page(pointer, op, responses) {
            Ok(p) => p,
            Err(why) => {
                self.report
                    .add(pointer, format!("no pagination inferred: {why}"));
                return None;
            }
        };
        let mut result = None;
        if let Some((key, ext)) = &declared {
            match declared::read(key, ext, &params, &page, self.doc) {
                Ok(found) => result = Some(found),
                Err(why) => self.report.add(
                    pointer,
                    format!("declared pagination `{key}` not followed ({why}): read from the operation's shape instead"),
                ),
            }
        }
        let result = match result {
            Some(r) => Ok(r),
            None => self.shape_of(op, &params, &page),
        };
        match result {
            Ok(found) => {
                let line = format!(
                    "pagination inferred: `style: {}`; {}",
                    found.style,
                    found.evidence.join("; ")
                );
                self.report.add(pointer, line.clone());
                let comment = format!(
                    "Inferred by the import: {}. To change or turn it off, see spec/README.md \"Pagination\".",
                    found.evidence.join("; ")
                );
                Some((found.node(), comment))
            }
            Err(why) => {
                self.report
                    .add(pointer, format!("no pagination inferred: {why}"));
                None
            }
        }
    }

    /// The one body every success answer has, or why there is none to page.
    fn page(&self, pointer: &str, op: &Value, responses: &Node) -> Result<Page, String> {
        let Node::Map(statuses) = responses else {
            return Err("no success answer".into());
        };
        let mut exprs = statuses.iter().map(|e| match &e.value {
            Node::Str(t) => Some(t.clone()),
            Node::Map(m) => m
                .iter()
                .find(|x| x.key == "type")
                .and_then(|x| match &x.value {
                    Node::Str(t) => Some(t.clone()),
                    _ => None,
                }),
            _ => None,
        });
        let first = exprs
            .next()
            .flatten()
            .ok_or("a success answer has no body")?;
        if exprs.any(|e| e.as_deref() != Some(first.as_str())) {
            return Err("the success answers differ in body".into());
        }
        if first.ends_with('?') || self.hand_types.contains(&first) {
            return Err(format!(
                "the answer `{first}` is nullable or written by hand"
            ));
        }
        let at = doc::child(pointer, "responses");
        let schema = op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|r| {
                entries(r)
                    .filter(|(s, _)| s.starts_with('2'))
                    .map(|(_, v)| self.doc.resolve(v))
                    .find_map(json_schema)
            })
            .ok_or_else(|| format!("no JSON success answer under {at}"))?;
        let s = resolved(self.doc, &schema);
        if first.starts_with("list<") && str_of(&s, "type") == Some("array") {
            return Ok(Page::List(s.get("items").cloned().unwrap_or(Value::Null)));
        }
        object(self.doc, &schema)
            .filter(|_| !first.starts_with("list<") && !first.starts_with("map<"))
            .map(Page::Object)
            .ok_or_else(|| format!("the answer `{first}` is neither an object nor a list"))
    }

    /// Pagination read from the parameters and the answer, without an extension.
    fn shape_of(&self, op: &Value, params: &[Param], page: &Page) -> Result<Inferred, String> {
        let named = |names: &[&str], ok: &dyn Fn(&Param) -> bool| {
            params
                .iter()
                .find(|p| names.contains(&norm(&p.name).as_str()) && ok(p))
        };
        // Any type: a size is evidence, not something the walk sets (`perPage` may also take `max`).
        let size = named(SIZE_PARAMS, &|_| true);
        let (items, item) = items_of(page, self.doc)?;
        let mut found = Inferred {
            items: items.clone(),
            ..Inferred::default()
        };
        found.evidence.push(match &items {
            Some(f) => format!("items in `{f}`"),
            None => "each page is a JSON array".into(),
        });
        let obj = match page {
            Page::Object(o) => Some(o),
            Page::List(_) => None,
        };
        let skip = |p: &Prop| Some(&p.name) == items.as_ref();
        if link_header(op, self.doc) {
            found.style = "link";
            found
                .evidence
                .push("the answer declares a `Link` header".into());
            return Ok(found);
        }
        // A token in, the next token out.
        for p in params.iter().filter(|p| p.is_cursor()) {
            let wanted = format!("next{}", norm(&p.name));
            let pick = |q: &Prop| {
                let n = norm(&q.name);
                is_text(q)
                    && (n == wanted
                        || CURSOR_PARAMS.contains(&norm(&p.name).as_str())
                            && NEXT_CURSORS.contains(&n.as_str()))
            };
            let next = obj.and_then(|o| {
                find(o, self.doc, &skip, &pick)
                    .map(|(path, _)| path)
                    .or_else(|| in_next_page(o, self.doc, &skip, &p.name))
            });
            if let Some(path) = next {
                found.style = "cursor";
                found.param = Some(("cursor_param", p.name.clone()));
                found.evidence.push(format!(
                    "query `{}` sends the cursor, `{path}` brings the next",
                    p.name
                ));
                found.next_cursor = Some(path);
                return Ok(found);
            }
        }
        let more = obj.and_then(|o| {
            find(o, self.doc, &skip, &|q| {
                MORE_FIELDS.contains(&norm(&q.name).as_str()) && can_say_more(q)
            })
        });
        // The next page starts after the last item, while a flag says more follow.
        if let Some(p) = named(AFTER_PARAMS, &|p| p.is_cursor()) {
            let id = item
                .as_ref()
                .and_then(|i| object(self.doc, i))
                .and_then(|o| o.get("id").filter(|f| is_text(f) || is_int(f)).map(|_| ()));
            if let (Some((m, _)), Some(())) = (&more, id) {
                found.style = "cursor";
                found.param = Some(("cursor_param", p.name.clone()));
                found.cursor_item_field = Some("id".into());
                found.evidence.push(format!(
                    "query `{}` takes the last item's `id`, `{m}` says more follow",
                    p.name
                ));
                found.has_more = Some(m.clone());
                return Ok(found);
            }
        }
        // The API's own link to the next page wins over counting pages.
        let url = obj.and_then(|o| {
            find(o, self.doc, &skip, &|q| {
                is_text(q) && NEXT_URLS.contains(&norm(&q.name).as_str())
            })
        });
        if let Some((url, _)) = url {
            found.style = "next_url";
            found
                .evidence
                .push(format!("`{url}` holds the next page's URL"));
            found.next_url = Some(url);
            return Ok(found);
        }
        if let Some(p) = named(PAGE_PARAMS, &|p| p.is_int()).filter(|_| size.is_some()) {
            found.style = "page";
            found.param = Some(("page_param", p.name.clone()));
            found.evidence.push(format!(
                "query `{}` and `{}` number and size the pages",
                p.name,
                size.map_or("", |s| &s.name)
            ));
            if let Some((m, _)) = &more {
                found.evidence.push(format!("`{m}` says more follow"));
                found.has_more = Some(m.clone());
                return Ok(found);
            }
            if obj.is_some() && !found.read_total(obj, self.doc, &skip, true) {
                return Err(format!(
                    "query `{}` numbers pages, but the answer has no next-page indicator or totals",
                    p.name
                ));
            }
            if obj.is_none() {
                found.evidence.push("the walk ends at an empty page".into());
            }
            return Ok(found);
        }
        if let Some(p) = named(OFFSET_PARAMS, &|p| p.is_int()).filter(|_| size.is_some()) {
            found.style = "offset";
            found.param = Some(("offset_param", p.name.clone()));
            found.evidence.push(format!(
                "query `{}` and `{}` skip and size the pages",
                p.name,
                size.map_or("", |s| &s.name)
            ));
            match &more {
                Some((m, q)) if is_bool(q) => {
                    found.evidence.push(format!("`{m}` says more follow"));
                    found.has_more = Some(m.clone());
                }
                _ => {
                    if !found.read_total(obj, self.doc, &skip, false) {
                        found.evidence.push("the walk ends at an empty page".into());
                    }
                }
            }
            return Ok(found);
        }
        for p in params.iter().filter(|p| !p.is_cursor()) {
            let wanted = format!("next{}", norm(&p.name));
            if let Some((path, _)) =
                obj.and_then(|o| find(o, self.doc, &skip, &|q| norm(&q.name) == wanted))
            {
                return Err(format!(
                    "query `{}` takes the cursor `{path}` brings back, but the generator's cursors are optional text parameters and this one is `{}`",
                    p.name, p.ty
                ));
            }
        }
        Err("the parameters look like paging, but no next page, size or end could be read from the parameters and the answer".into())
    }
}

/// The method's query parameters, read back from the imported node.
fn query_params(parameters: &Node) -> Vec<Param> {
    let Node::List(list) = parameters else {
        return Vec::new();
    };
    let text = |m: &[crate::out::Entry], k: &str| {
        m.iter().find(|e| e.key == k).and_then(|e| match &e.value {
            Node::Str(s) | Node::Raw(s) => Some(s.clone()),
            _ => None,
        })
    };
    list.iter()
        .filter_map(|n| match n {
            Node::Map(m) if text(m, "in").as_deref() == Some("query") => Some(Param {
                name: text(m, "name")?,
                ty: text(m, "type")?,
                required: text(m, "required").as_deref() == Some("true"),
                enumerated: m.iter().any(|e| e.key == "enum"),
            }),
            _ => None,
        })
        .collect()
}

/// The JSON schema of an answer, if it has a JSON body.
fn json_schema(response: &Value) -> Option<Value> {
    response
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| entries(c).find(|(t, _)| sdkgen::wire::reads_as_json(t)))
        .and_then(|(_, m)| m.get("schema").cloned())
}

/// Whether a property's description calls it a total.
fn mentions_total(p: &Prop) -> bool {
    [&p.raw, &p.schema]
        .iter()
        .any(|v| str_of(v, "description").is_some_and(|d| d.to_ascii_lowercase().contains("total")))
}

/// Whether a success answer declares a `Link` header.
fn link_header(op: &Value, doc: &crate::doc::Doc) -> bool {
    op.get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(entries)
        .filter(|(s, _)| s.starts_with('2'))
        .any(|(_, r)| {
            doc.resolve(r)
                .get("headers")
                .and_then(Value::as_object)
                .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("link")))
        })
}

/// Where a page's items are (`None`: the page is the list), and their schema.
pub(crate) fn items_of(
    page: &Page,
    doc: &crate::doc::Doc,
) -> Result<(Option<String>, Option<Value>), String> {
    let obj = match page {
        Page::List(item) => return Ok((None, Some(item.clone()))),
        Page::Object(o) => o,
    };
    let pick = |o: &Obj| -> Result<Prop, usize> {
        let lists: Vec<&Prop> = o.props.iter().filter(|p| is_list(p)).collect();
        match lists.as_slice() {
            [one] => Some(*one),
            _ => ITEM_FIELDS
                .iter()
                .find_map(|n| lists.iter().find(|p| p.name == *n).copied()),
        }
        .cloned()
        .ok_or(lists.len())
    };
    let (path, p) = match pick(obj) {
        Ok(p) => (p.name.clone(), p),
        // None at the top: the items may be one object down (`data.records`),
        // in the one object field that has them.
        Err(count) => {
            let nested: Vec<(String, Prop)> = obj
                .props
                .iter()
                .filter_map(|outer| {
                    let inner = pick(&object(doc, &outer.raw)?).ok()?;
                    Some((format!("{}.{}", outer.name, inner.name), inner))
                })
                .collect();
            match <[_; 1]>::try_from(nested) {
                Ok([one]) => one,
                Err(nested) => {
                    return Err(format!(
                        "the answer has {count} list fields and none is named {}, and {} of its object fields hold one",
                        ITEM_FIELDS.join(", "),
                        nested.len()
                    ));
                }
            }
        }
    };
    let item = p.schema.get("items").map(|i| resolved(doc, i));
    Ok((Some(path), item))
}

/// The text field named `param` (as [`norm`] reads names) of an answer
/// object named for the next page, as a dotted path.
fn in_next_page(
    obj: &Obj,
    doc: &crate::doc::Doc,
    skip: &dyn Fn(&Prop) -> bool,
    param: &str,
) -> Option<String> {
    obj.props
        .iter()
        .filter(|p| !skip(p) && NEXT_PAGE_HOLDERS.contains(&norm(&p.name).as_str()))
        .find_map(|holder| {
            let inner = object(doc, &holder.raw)?;
            let p = inner
                .props
                .iter()
                .find(|p| is_text(p) && norm(&p.name) == norm(param))?;
            Some(format!("{}.{}", holder.name, p.name))
        })
}

/// The first field `pick` accepts, at the top of the answer or one object
/// down (`paging.nextPageToken`), as a dotted path; never in the items.
fn find(
    obj: &Obj,
    doc: &crate::doc::Doc,
    skip: &dyn Fn(&Prop) -> bool,
    pick: &dyn Fn(&Prop) -> bool,
) -> Option<(String, Prop)> {
    if let Some(p) = obj.props.iter().find(|p| !skip(p) && pick(p)) {
        return Some((p.name.clone(), p.clone()));
    }
    obj.props
        .iter()
        .filter(|p| !skip(p) && p.raw.get("type").and_then(Value::as_str) != Some("array"))
        .find_map(|outer| {
            let inner = object(doc, &outer.raw)?;
            let p = inner.props.iter().find(|p| pick(p))?;
            Some((format!("{}.{}", outer.name, p.name), p.clone()))
        })
}
