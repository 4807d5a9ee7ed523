//! The token flow: methods of the API that sign a client in and refresh its
//! access token (`auth.token_flow`).
//!
//! The references are read before any method is lowered, so each method is
//! built knowing whether its response carries tokens; the refresh call the
//! client makes on a 401 is checked once every service exists.

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{Kind, Method, RefreshBodyField, Returns, Service, TokenFields, TokenRefresh, Type};
use crate::spec;

/// `auth.token_flow` with its two `Service.method` references split.
pub(super) struct TokenFlowPlan<'s> {
    spec: &'s spec::TokenFlowSpec,
    sign_in: (String, String),
    refresh: (String, String),
    path: KeyPath,
}

impl TokenFlowPlan<'_> {
    /// The token flow and the reference naming `service.method`, when that method signs in or refreshes.
    pub(super) fn role(&self, service: &str, method: &str) -> Option<(&spec::TokenFlowSpec, KeyPath)> {
        let is = |(s, m): &(String, String)| s == service && m == method;
        let key = if is(&self.sign_in) {
            "sign_in"
        } else if is(&self.refresh) {
            "refresh"
        } else {
            return None;
        };
        Some((self.spec, self.path.key(key)))
    }
}

impl Lowerer<'_> {
    pub(super) fn token_flow_plan<'s>(&mut self, auth: Option<&'s spec::AuthSpec>, path: &KeyPath) -> Option<TokenFlowPlan<'s>> {
        let tf = auth.filter(|a| a.kind == spec::AuthKind::Bearer)?.token_flow.as_ref()?;
        let mut split = |reference: &str, key: &str| {
            let parts = reference.split_once('.').map(|(s, m)| (s.to_owned(), m.to_owned()));
            if parts.is_none() {
                self.value_error(&path.key(key), format!("no method `{reference}`"), Some("write it as `Service.method`, with the service key and method key of this spec".into()));
            }
            parts
        };
        let sign_in = split(&tf.sign_in, "sign_in");
        let refresh = split(&tf.refresh, "refresh");
        Some(TokenFlowPlan { spec: tf, sign_in: sign_in?, refresh: refresh?, path: path.clone() })
    }

    /// Where the token response of `method` keeps its tokens.
    /// `path` is the `token_flow` entry naming the method.
    pub(super) fn token_fields(&mut self, method: &str, returns: &Returns, tf: &spec::TokenFlowSpec, path: &KeyPath) -> Option<TokenFields> {
        let Some(r) = (match returns {
            Returns::Body { ty } => ty.named_of(Kind::Model),
            _ => None,
        }) else {
            self.error(path, format!("method `{method}` must return a model holding the tokens"));
            return None;
        };
        let model = self.model(r)?;
        let field = |wire: &str| model.field(wire).filter(|f| f.ty.is_text()).map(|f| f.access());
        let access = field(&tf.access_token_field);
        let refresh = field(&tf.refresh_token_field);
        let Some(access) = access else {
            let flow = KeyPath(path.0[..path.0.len().saturating_sub(1)].to_vec());
            self.error(&flow.key("access_token_field"), format!("model `{}` has no string field `{}`", r.name, tf.access_token_field));
            return None;
        };
        Some(TokenFields { access, refresh })
    }

    /// Checks that both methods exist and the refresh method can be called
    /// with nothing but the refresh token, and describes that call.
    pub(super) fn token_refresh(&mut self, plan: &TokenFlowPlan, services: &[Service]) -> Option<TokenRefresh> {
        let find = |(service, method): &(String, String)| -> Option<(&Service, &Method)> {
            let s = services.iter().find(|s| &s.name == service)?;
            s.methods.iter().find(|m| &m.rust_name == method).map(|m| (s, m))
        };
        let missing = |this: &mut Self, reference: &str, key: &str| {
            this.value_error(&plan.path.key(key), format!("no method `{reference}`"), Some("write it as `Service.method`, with the service key and method key of this spec".into()));
        };
        let sign_in = find(&plan.sign_in);
        if sign_in.is_none() {
            missing(self, &plan.spec.sign_in, "sign_in");
        }
        let Some((service, refresh)) = find(&plan.refresh) else {
            missing(self, &plan.spec.refresh, "refresh");
            return None;
        };
        // A method that cannot hold tokens was reported while it was lowered.
        sign_in?.1.stores_tokens.as_ref()?;
        refresh.stores_tokens.as_ref()?;
        let path = plan.path.key("refresh");
        if refresh.params.iter().any(|p| p.required) || refresh.body.as_ref().is_none_or(|b| !b.required) {
            self.error(&path, format!("refresh method `{}` must take only a required body", plan.spec.refresh));
            return None;
        }
        let Some(Type::Named(body)) = refresh.body.as_ref().and_then(|b| b.ty.as_ref()).filter(|t| t.named_of(Kind::Model).is_some()) else {
            self.error(&path, "the refresh method's body must be a model".into());
            return None;
        };
        let model = self.model(body)?;
        let mut body_fields = Vec::new();
        let mut other_required = Vec::new();
        for f in &model.fields {
            let carries_token = f.wire_name == plan.spec.refresh_body_field;
            if !carries_token && f.required {
                other_required.push(f.wire_name.clone());
            }
            body_fields.push(RefreshBodyField { field: f.access(), carries_token });
        }
        let field_path = plan.path.key("refresh_body_field");
        for wire in other_required {
            self.error(&field_path, format!("the refresh body `{}` has another required field, `{wire}`", body.name));
        }
        if !body_fields.iter().any(|f| f.carries_token) {
            self.error(&field_path, format!("model `{}` has no field `{}`", body.name, plan.spec.refresh_body_field));
            return None;
        }
        Some(TokenRefresh { service: service.rust_name.clone(), method: refresh.rust_name.clone(), body: body.clone(), body_fields })
    }
}
