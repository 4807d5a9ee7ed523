//! Pagination: where a page's items are, how the next page is asked for
//! (page number, offset, cursor or `Link` header), and what says more follow
//! or where the pages end.

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{
    FieldAccess, Kind, Model, MoreWhen, NextCursor, PageParam, PageStyle, Pagination, Param,
    ParamLocation, Primitive, Returns, Total, Type,
};
use crate::spec::{self, PageStyleSpec};

/// The keys each style reads, for refusing the ones it does not.
fn keys_of(style: PageStyleSpec) -> &'static [&'static str] {
    match style {
        PageStyleSpec::Page => &["page_param"],
        PageStyleSpec::Offset => &["offset_param"],
        PageStyleSpec::Cursor => &["cursor_param", "next_cursor", "cursor_item_field"],
        PageStyleSpec::Link => &[],
        PageStyleSpec::NextUrl => &["next_url"],
    }
}

fn style_name(style: PageStyleSpec) -> &'static str {
    match style {
        PageStyleSpec::Page => "page",
        PageStyleSpec::Offset => "offset",
        PageStyleSpec::Cursor => "cursor",
        PageStyleSpec::Link => "link",
        PageStyleSpec::NextUrl => "next_url",
    }
}

impl Lowerer<'_> {
    pub(super) fn pagination(
        &mut self,
        p: &spec::PaginationSpec,
        method: &str,
        params: &[Param],
        returns: &Returns,
        path: &KeyPath,
    ) -> Option<Pagination> {
        let style = p.style.unwrap_or(PageStyleSpec::Page);
        let set = [
            ("page_param", p.page_param.is_some()),
            ("offset_param", p.offset_param.is_some()),
            ("cursor_param", p.cursor_param.is_some()),
            ("next_cursor", p.next_cursor.is_some()),
            ("cursor_item_field", p.cursor_item_field.is_some()),
            ("next_url", p.next_url.is_some()),
        ];
        for (key, _) in set
            .iter()
            .filter(|(k, on)| *on && !keys_of(style).contains(k))
        {
            self.error_help(
                &path.key(key),
                format!(
                    "`{key}` does not apply to `style: {}` pagination",
                    style_name(style)
                ),
                format!(
                    "use it with the style it belongs to, or remove it (`{}` reads: {})",
                    style_name(style),
                    keys_of(style).join(", ")
                ),
            );
        }
        let Returns::Body { ty } = returns else {
            self.error(
                path,
                "a paginated method must return a body on every success status".into(),
            );
            return None;
        };
        let (item, items, model) = self.page_items(p, ty, path)?;
        let has_more = match &p.has_more {
            Some(h) => {
                let Some(model) = &model else {
                    self.value_error(
                        &path.key("has_more"),
                        "a page that is a plain list has no field to say more pages follow".into(),
                        Some("leave `has_more` out: the walk ends at an empty page".into()),
                    );
                    return None;
                };
                Some(self.more_when(h, model, &path.key("has_more"))?)
            }
            // Without it, the walk ends at an empty page, whatever the style.
            None => None,
        };
        let int_param = |this: &mut Self, wire: Option<&String>, key: &str| -> Option<PageParam> {
            let Some(wire) = wire else {
                this.error(
                    path,
                    format!("`style: {}` pagination needs `{key}`", style_name(style)),
                );
                return None;
            };
            let int_of = |t: &Type| match t {
                Type::Primitive(p) if p.is_integer() => Some(*p),
                _ => None,
            };
            let Some((found, int)) = params.iter().find_map(|x| {
                let int = int_of(&x.ty)?;
                (&x.wire_name == wire && x.location == ParamLocation::Query).then_some((x, int))
            }) else {
                this.value_error(
                    &path.key(key),
                    format!("method `{method}` has no integer query parameter `{wire}`"),
                    None,
                );
                return None;
            };
            Some(PageParam {
                rust_name: found.rust_name.clone(),
                int,
            })
        };
        let total = self.total(p, style, model.as_ref(), path)?;
        let style = match style {
            PageStyleSpec::Page => PageStyle::Page {
                param: int_param(self, p.page_param.as_ref(), "page_param")?,
            },
            PageStyleSpec::Offset => PageStyle::Offset {
                param: int_param(self, p.offset_param.as_ref(), "offset_param")?,
            },
            PageStyleSpec::Link => PageStyle::Link,
            PageStyleSpec::NextUrl => self.next_url(p, model.as_ref(), path)?,
            PageStyleSpec::Cursor => self.cursor(p, method, params, &item, model.as_ref(), path)?,
        };
        Some(Pagination {
            item,
            items,
            style,
            has_more,
            total,
        })
    }

    /// The item type, the fields leading to the items (none for a page
    /// that is a list), and the page's model, if it is one.
    fn page_items(
        &mut self,
        p: &spec::PaginationSpec,
        ty: &Type,
        path: &KeyPath,
    ) -> Option<(Type, Vec<FieldAccess>, Option<Model>)> {
        let Some(items_wire) = &p.items else {
            return match ty {
                Type::List(item) => Some(((**item).clone(), Vec::new(), None)),
                _ => {
                    self.error_help(path, "the response is not a list, so `items` must name the field holding a page's items".into(), "add `items: <field>`".into());
                    None
                }
            };
        };
        let Some(response) = ty.named_of(Kind::Model) else {
            let what = if matches!(ty, Type::List(_)) {
                "a plain list"
            } else {
                "not a model"
            };
            self.value_error(
                &path.key("items"),
                format!("the response is {what}, so it has no field `{items_wire}`"),
                Some("leave `items` out when each page is a plain list".into()),
            );
            return None;
        };
        // A copy, so diagnostics can be recorded while it is read.
        let model = self.model(response)?.clone();
        let at = path.key("items");
        let (fields, ty) = self.walk(items_wire, &model, &at)?;
        let Type::List(item) = &ty else {
            self.value_error(
                &at,
                format!(
                    "`{items_wire}` of `{}` is `{ty}`, not a list",
                    model.spec_name
                ),
                None,
            );
            return None;
        };
        Some(((**item).clone(), fields, Some(model)))
    }

    /// The fields a dotted path leads through, from `model`: each step but
    /// the last must be an object, so its next step is one of its fields.
    /// A name with dots of its own (`@odata.count`) is one step: the
    /// longest run of segments naming a field is taken first.
    fn walk(
        &mut self,
        dotted: &str,
        model: &Model,
        path: &KeyPath,
    ) -> Option<(Vec<FieldAccess>, Type)> {
        let segments: Vec<&str> = dotted.split('.').collect();
        let mut out = Vec::new();
        let mut current = Some(model.clone());
        let mut last: Option<(String, Type)> = None;
        let mut at = 0;
        while at < segments.len() {
            let Some(m) = &current else {
                // Only a step after the first can miss its object: the response is a model.
                let (prev, ty) = last?;
                self.value_error(
                    path,
                    format!("`{dotted}` does not lead through the response: `{prev}` is `{ty}`, not an object with a field `{}`", segments[at]),
                    None,
                );
                return None;
            };
            let Some((end, field)) = (at + 1..=segments.len())
                .rev()
                .find_map(|end| Some((end, m.field(&segments[at..end].join("."))?.clone())))
            else {
                self.value_error(
                    path,
                    format!(
                        "`{dotted}` does not lead through the response: `{}` has no field `{}`",
                        m.spec_name, segments[at]
                    ),
                    None,
                );
                return None;
            };
            out.push(field.access());
            current = field
                .ty
                .named_of(Kind::Model)
                .and_then(|r| self.model(r))
                .cloned();
            last = Some((segments[at..end].join("."), field.ty));
            at = end;
        }
        Some((out, last?.1))
    }

    /// The count of all items (or pages) the walk stops at.
    fn total(
        &mut self,
        p: &spec::PaginationSpec,
        style: PageStyleSpec,
        model: Option<&Model>,
        path: &KeyPath,
    ) -> Option<Option<Total>> {
        let (key, dotted, pages) = match (&p.total, &p.total_pages) {
            (None, None) => return Some(None),
            (Some(d), None) => ("total", d, false),
            (None, Some(d)) => ("total_pages", d, true),
            (Some(_), Some(_)) => {
                self.error_help(
                    path,
                    "`total` and `total_pages` say the same thing twice".into(),
                    "keep one: `total` counts items, `total_pages` pages".into(),
                );
                return None;
            }
        };
        let at = path.key(key);
        let fits = if pages {
            style == PageStyleSpec::Page
        } else {
            matches!(style, PageStyleSpec::Page | PageStyleSpec::Offset)
        };
        if !fits {
            let styles = if pages {
                "`page`"
            } else {
                "`page` and `offset`"
            };
            self.value_error(
                &at,
                format!(
                    "`{key}` applies to {styles} pagination, not `style: {}`",
                    style_name(style)
                ),
                None,
            );
            return None;
        }
        let Some(model) = model else {
            self.value_error(
                &at,
                "a page that is a plain list has no field for a total".into(),
                None,
            );
            return None;
        };
        let (fields, ty) = self.walk(dotted, model, &at)?;
        let int = match ty {
            Type::Primitive(p) if p.is_integer() => p,
            ty => {
                self.value_error(
                    &at,
                    format!("the total `{dotted}` is `{ty}`, not an integer"),
                    None,
                );
                return None;
            }
        };
        Some(Some(Total {
            path: fields,
            pages,
            int,
        }))
    }

    fn more_when(&mut self, dotted: &str, model: &Model, path: &KeyPath) -> Option<MoreWhen> {
        let (fields, ty) = self.walk(dotted, model, path)?;
        let boolean = ty == Type::Primitive(Primitive::Boolean);
        if !boolean && !fields.last().is_some_and(|f| f.presence.optional()) {
            self.value_error(path, format!("`{dotted}` is always present and not a boolean, so it cannot say whether more pages follow"), None);
            return None;
        }
        Some(MoreWhen {
            path: fields,
            boolean,
        })
    }

    /// The response fields leading to the next page's URL.
    fn next_url(
        &mut self,
        p: &spec::PaginationSpec,
        model: Option<&Model>,
        path: &KeyPath,
    ) -> Option<PageStyle> {
        let Some(dotted) = &p.next_url else {
            self.error(path, "`style: next_url` pagination needs `next_url`".into());
            return None;
        };
        let at = path.key("next_url");
        let Some(model) = model else {
            self.value_error(
                &at,
                "a page that is a plain list has no field for the next URL".into(),
                Some("use `style: link` when the URL is in a `Link` header".into()),
            );
            return None;
        };
        let (fields, ty) = self.walk(dotted, model, &at)?;
        if !ty.is_text() {
            self.value_error(&at, format!("the next URL `{dotted}` is not text"), None);
            return None;
        }
        Some(PageStyle::NextUrl { path: fields })
    }

    fn cursor(
        &mut self,
        p: &spec::PaginationSpec,
        method: &str,
        params: &[Param],
        item: &Type,
        model: Option<&Model>,
        path: &KeyPath,
    ) -> Option<PageStyle> {
        let Some(wire) = &p.cursor_param else {
            self.error(
                path,
                "`style: cursor` pagination needs `cursor_param`".into(),
            );
            return None;
        };
        let Some(param) = params.iter().find(|x| {
            &x.wire_name == wire
                && x.location == ParamLocation::Query
                && !x.required
                && x.ty.is_text()
        }) else {
            self.value_error(
                &path.key("cursor_param"),
                format!("method `{method}` has no optional text query parameter `{wire}`"),
                None,
            );
            return None;
        };
        let next = match (&p.next_cursor, &p.cursor_item_field) {
            (Some(dotted), None) => {
                let at = path.key("next_cursor");
                let Some(model) = model else {
                    self.value_error(
                        &at,
                        "a page that is a plain list has no field for the next cursor".into(),
                        Some("use `cursor_item_field`, a field of the last item".into()),
                    );
                    return None;
                };
                let (fields, ty) = self.walk(dotted, model, &at)?;
                if !ty.is_text() {
                    self.value_error(&at, format!("the next cursor `{dotted}` is not text"), None);
                    return None;
                }
                NextCursor::Response(fields)
            }
            (None, Some(field)) => {
                let at = path.key("cursor_item_field");
                let Some(f) = item
                    .named_of(Kind::Model)
                    .and_then(|r| self.model(r))
                    .and_then(|m| m.field(field))
                    .cloned()
                else {
                    self.value_error(
                        &at,
                        format!("the items (`{item}`) have no field `{field}`"),
                        None,
                    );
                    return None;
                };
                if !(f.ty.is_text() || matches!(f.ty, Type::Primitive(p) if p.is_integer())) {
                    self.value_error(
                        &at,
                        format!("the item field `{field}` is neither text nor an integer"),
                        None,
                    );
                    return None;
                }
                NextCursor::LastItem(f.access())
            }
            _ => {
                self.error_help(path, "`style: cursor` pagination needs exactly one of `next_cursor` and `cursor_item_field`".into(), "`next_cursor` names the response value holding the next cursor; `cursor_item_field` the field of the last item that is (`starting_after=<id>`)".into());
                return None;
            }
        };
        Some(PageStyle::Cursor {
            param: param.rust_name.clone(),
            next,
        })
    }
}
