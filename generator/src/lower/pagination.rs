//! Page-number pagination: which response field holds the items, which
//! query parameter the page number, and which value says more pages follow.

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{FieldAccess, Kind, PageParam, Pagination, Param, ParamLocation, Primitive, Returns, Type};
use crate::spec;

impl Lowerer<'_> {
    pub(super) fn pagination(&mut self, p: &spec::PaginationSpec, method: &str, params: &[Param], returns: &Returns, path: &KeyPath) -> Option<Pagination> {
        let Some(response) = (match returns {
            Returns::Body { ty } => ty.named_of(Kind::Model),
            _ => None,
        }) else {
            self.error(path, "a paginated method must return a model".into());
            return None;
        };
        let name = response.name.clone();
        let model = self.model(response)?;
        let Some(items) = model.field(&p.items) else {
            self.value_error(&path.key("items"), format!("model `{name}` has no field `{}`", p.items), None);
            return None;
        };
        let Type::List(item) = &items.ty else {
            self.value_error(&path.key("items"), format!("field `{}` of `{name}` is not a list", p.items), None);
            return None;
        };
        let (item, items) = ((**item).clone(), items.access());
        let is_int = |t: &Type| matches!(t, Type::Primitive(Primitive::Int32 | Primitive::Int64));
        let Some(page) = params.iter().find(|x| x.wire_name == p.page_param && x.location == ParamLocation::Query && is_int(&x.ty)) else {
            self.value_error(&path.key("page_param"), format!("method `{method}` has no integer query parameter `{}`", p.page_param), None);
            return None;
        };
        let page_param = PageParam { rust_name: page.rust_name.clone(), is_i32: page.ty == Type::Primitive(Primitive::Int32) };
        let mut has_more: Vec<FieldAccess> = Vec::new();
        let mut current = Some(model);
        for step in p.has_more.split('.') {
            let Some(field) = current.and_then(|m| m.field(step)) else {
                self.value_error(&path.key("has_more"), format!("`{}` does not lead through the response: no field `{step}`", p.has_more), None);
                return None;
            };
            has_more.push(field.access());
            current = field.ty.named_of(Kind::Model).and_then(|r| self.model(r));
        }
        if !has_more.last().is_some_and(|f| f.presence.optional()) {
            self.value_error(&path.key("has_more"), format!("`{}` is always present, so it cannot say whether more pages follow", p.has_more), None);
            return None;
        }
        Some(Pagination { item, items, page_param, has_more })
    }
}
