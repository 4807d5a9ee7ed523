//! The token flow: methods of the API that sign a client in and refresh its
//! access token (`auth.token_flow`).
//!
//! The references are read before any method is lowered, so each method is
//! built knowing whether its response carries tokens; the refresh call the
//! client makes on a 401 is checked once every service exists.

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{
    Kind, Method, RefreshBodyField, Returns, Service, TokenFields, TokenRefresh, Type, TypeDef,
    TypeRef,
};
use crate::spec;

/// `auth.token_flow` with its `Service.method` references split.
pub(super) struct TokenFlowPlan<'s> {
    spec: &'s spec::TokenFlowSpec,
    sign_in: (String, String),
    refresh: (String, String),
    sign_out: Option<(String, String)>,
    path: KeyPath,
}

/// What a method does in the token flow.
pub(super) struct FlowRole<'s> {
    /// The flow.
    pub spec: &'s spec::TokenFlowSpec,
    /// The entry naming the method, when its response carries tokens.
    pub stores_tokens: Option<KeyPath>,
    /// It revokes the tokens.
    pub signs_out: bool,
}

impl TokenFlowPlan<'_> {
    /// The part `service.method` plays in the token flow, if any.
    pub(super) fn role(&self, service: &str, method: &str) -> Option<FlowRole<'_>> {
        let is = |(s, m): &(String, String)| s == service && m == method;
        let stores_tokens = if is(&self.sign_in) {
            Some(self.path.key("sign_in"))
        } else if is(&self.refresh) {
            Some(self.path.key("refresh"))
        } else {
            None
        };
        let signs_out = self.sign_out.as_ref().is_some_and(is);
        (stores_tokens.is_some() || signs_out).then_some(FlowRole {
            spec: self.spec,
            stores_tokens,
            signs_out,
        })
    }
}

impl Lowerer<'_> {
    pub(super) fn token_flow_plan<'s>(
        &mut self,
        tf: &'s spec::TokenFlowSpec,
        path: &KeyPath,
    ) -> Option<TokenFlowPlan<'s>> {
        let mut split = |reference: &str, key: &str| {
            let parts = reference
                .split_once('.')
                .map(|(s, m)| (s.to_owned(), m.to_owned()));
            if parts.is_none() {
                self.value_error(&path.key(key), format!("no method `{reference}`"), Some("write it as `Service.method`, with the service key and method key of this spec".into()));
            }
            parts
        };
        let sign_in = split(&tf.sign_in, "sign_in");
        let refresh = split(&tf.refresh, "refresh");
        let sign_out = match &tf.sign_out {
            Some(r) => Some(split(r, "sign_out")?),
            None => None,
        };
        Some(TokenFlowPlan {
            spec: tf,
            sign_in: sign_in?,
            refresh: refresh?,
            sign_out,
            path: path.clone(),
        })
    }

    /// Where the token response of `method` keeps its tokens.
    /// `path` is the `token_flow` entry naming the method.
    pub(super) fn token_fields(
        &mut self,
        method: &str,
        returns: &Returns,
        tf: &spec::TokenFlowSpec,
        path: &KeyPath,
    ) -> Option<TokenFields> {
        let Some(r) = (match returns {
            Returns::Body { ty } => ty.named_of(Kind::Model),
            _ => None,
        }) else {
            self.error(
                path,
                format!("method `{method}` must return a model holding the tokens"),
            );
            return None;
        };
        let model = self.model(r)?;
        let field = |wire: &str| {
            model
                .field(wire)
                .filter(|f| f.ty.is_text())
                .map(|f| f.access())
        };
        let access = field(&tf.access_token_field);
        let refresh = field(&tf.refresh_token_field);
        let flow = KeyPath(path.0[..path.0.len().saturating_sub(1)].to_vec());
        let Some(access) = access else {
            self.error(
                &flow.key("access_token_field"),
                format!(
                    "model `{}` has no string field `{}`",
                    r.name, tf.access_token_field
                ),
            );
            return None;
        };
        let expires_in = match &tf.expires_in_field {
            Some(wire) => {
                // The lifetime is read as `u64` seconds, which every integer converts to.
                let integer = |t: &Type| matches!(t, Type::Primitive(p) if p.is_integer());
                let Some(f) = model.field(wire).filter(|f| integer(&f.ty)) else {
                    self.error(
                        &flow.key("expires_in_field"),
                        format!("model `{}` has no integer field `{wire}`", r.name),
                    );
                    return None;
                };
                Some(f.access())
            }
            None => None,
        };
        Some(TokenFields {
            access,
            refresh,
            expires_in,
        })
    }

    /// Checks that both methods exist and the refresh method can be called
    /// with nothing but the refresh token, and describes that call.
    pub(super) fn token_refresh(
        &mut self,
        plan: &TokenFlowPlan,
        services: &[Service],
    ) -> Option<TokenRefresh> {
        let find = |(service, method): &(String, String)| -> Option<(&Service, &Method)> {
            let s = services.iter().find(|s| &s.name == service)?;
            s.methods
                .iter()
                .find(|m| &m.rust_name == method)
                .map(|m| (s, m))
        };
        let missing = |this: &mut Self, reference: &str, key: &str| {
            this.value_error(&plan.path.key(key), format!("no method `{reference}`"), Some("write it as `Service.method`, with the service key and method key of this spec".into()));
        };
        if let Some((s, m)) = &plan.sign_out {
            if !services
                .iter()
                .any(|x| &x.name == s && x.methods.iter().any(|y| &y.rust_name == m))
            {
                missing(
                    self,
                    plan.spec.sign_out.as_deref().unwrap_or_default(),
                    "sign_out",
                );
            }
        }
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
        if refresh.params.iter().any(|p| p.required)
            || refresh.body.as_ref().is_none_or(|b| !b.required)
        {
            self.error(
                &path,
                format!(
                    "refresh method `{}` must take only a required body",
                    plan.spec.refresh
                ),
            );
            return None;
        }
        let Some(Type::Named(declared)) = refresh.body.as_ref().and_then(|b| b.ty.as_ref()) else {
            self.error(
                &path,
                "the refresh method's body must be a model, or a discriminated union of models"
                    .into(),
            );
            return None;
        };
        let (body, union) = match self.refresh_member(declared, &plan.spec.refresh_body_field) {
            Ok(found) => found,
            Err(why) => {
                self.error(&path, why);
                return None;
            }
        };
        let body = &body;
        let model = self.model(body)?;
        let mut body_fields = Vec::new();
        let mut other_required = Vec::new();
        for f in &model.fields {
            let carries_token = f.wire_name == plan.spec.refresh_body_field;
            if !carries_token && f.required {
                other_required.push(f.wire_name.clone());
            }
            body_fields.push(RefreshBodyField {
                field: f.access(),
                carries_token,
            });
        }
        let field_path = plan.path.key("refresh_body_field");
        for wire in other_required {
            self.error(
                &field_path,
                format!(
                    "the refresh body `{}` has another required field, `{wire}`",
                    body.name
                ),
            );
        }
        if !body_fields.iter().any(|f| f.carries_token) {
            self.error(
                &field_path,
                format!(
                    "model `{}` has no field `{}`",
                    body.name, plan.spec.refresh_body_field
                ),
            );
            return None;
        }
        Some(TokenRefresh {
            service: service.rust_name.clone(),
            method: refresh.rust_name.clone(),
            body: body.clone(),
            union,
            body_fields,
        })
    }

    /// The model the refresh call sends: the body itself, or, for a
    /// discriminated union, the member that holds `field` (with the
    /// union and the variant to wrap it in).
    fn refresh_member(
        &self,
        declared: &TypeRef,
        field: &str,
    ) -> Result<(TypeRef, Option<(TypeRef, String)>), String> {
        if self.model(declared).is_some() {
            return Ok((declared.clone(), None));
        }
        let Some(TypeDef::Union(u)) = self.defs.get(declared.id.0).and_then(Option::as_ref) else {
            return Err(
                "the refresh method's body must be a model, or a discriminated union of models"
                    .into(),
            );
        };
        if u.discriminator.is_none() {
            return Err(format!(
                "the refresh body `{}` is a union without a discriminator, so the refresh grant cannot be told apart",
                u.name
            ));
        }
        let holders: Vec<_> = u
            .members
            .iter()
            .filter_map(|m| Some((m, m.ty.named_of(Kind::Model)?)))
            .filter(|(_, r)| {
                self.model(r)
                    .is_some_and(|model| model.field(field).is_some())
            })
            .collect();
        match holders.as_slice() {
            [(member, r)] => Ok((
                (*r).clone(),
                Some((declared.clone(), member.rust_name.clone())),
            )),
            [] => Err(format!(
                "no member of the refresh body `{}` has a field `{field}`",
                u.name
            )),
            _ => Err(format!(
                "several members of the refresh body `{}` have a field `{field}`, so the refresh grant is ambiguous",
                u.name
            )),
        }
    }
}
