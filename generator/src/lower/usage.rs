//! What generated code does with each named type, worked out over the whole
//! API so every type gets only the code it needs: `Serialize` where a value
//! is sent, `Deserialize` where one is read, and a `Validate` impl only
//! where a constraint can be broken in a request.
//!
//! Each derive that is never used still costs macro expansion, type
//! checking and borrow checking of the impl it writes (serde's `Deserialize`
//! is the largest), on every clean build of the SDK.

use crate::ir::{ErrorModel, Returns, Service, TokenRefresh, Type, TypeDef, TypeRef, Usage};

/// The usage of every entry of `types`, by `TypeId`.
pub fn usage(
    types: &[TypeDef],
    services: &[Service],
    error_models: &[ErrorModel],
    token_refresh: Option<&TokenRefresh>,
) -> Vec<Usage> {
    let mut sent: Vec<usize> = Vec::new();
    let mut read: Vec<usize> = Vec::new();
    for m in services.iter().flat_map(|s| &s.methods) {
        sent.extend(m.body.iter().filter_map(|b| b.ty.as_ref()).flat_map(ids));
        // A `deepObject` query parameter is encoded through `Serialize` too.
        sent.extend(m.params.iter().flat_map(|p| ids(&p.ty)));
        match &m.returns {
            Returns::Unit | Returns::Bytes | Returns::Text => {}
            Returns::Body { ty } | Returns::OptionalBody { ty, .. } => read.extend(ids(ty)),
        }
        read.extend(
            m.output
                .iter()
                .flat_map(|o| &o.headers)
                .flat_map(|h| ids(&h.ty)),
        );
        for r in &m.responses {
            read.extend(r.ty.iter().flat_map(ids));
        }
        for e in &m.errors {
            read.extend(e.ty.iter().flat_map(ids));
        }
    }
    read.extend(error_models.iter().map(|e| e.ty.id.0));
    sent.extend(token_refresh.map(|t| t.body.id.0));

    // A type no method uses keeps both derives, as an SDK user may still
    // build and encode it, or read it from elsewhere; so do the types it holds.
    let reached = closure(types, read.iter().chain(&sent).copied().collect());
    let unused: Vec<usize> = (0..types.len()).filter(|id| !reached[*id]).collect();
    read.extend(&unused);
    sent.extend(&unused);

    let deserialized = closure(types, read);
    // Unions without a discriminator pick the member that keeps the most of
    // a value by encoding candidates back to JSON, so members of such a
    // union that is read are encoded too.
    for (id, t) in types.iter().enumerate() {
        if let (
            true,
            TypeDef::Union(
                u @ crate::ir::Union {
                    discriminator: None,
                    ..
                },
            ),
        ) = (deserialized[id], t)
        {
            sent.extend(u.members.iter().flat_map(|m| ids(&m.ty)));
        }
    }
    let serialized = closure(types, sent);
    let validated = constrained(types);
    (0..types.len())
        .map(|id| Usage {
            serialized: serialized[id],
            deserialized: deserialized[id],
            validated: validated[id] && serialized[id],
        })
        .collect()
}

/// The ids of the types a method names directly (parameters, body, answers,
/// response headers, errors).
pub(super) fn method_ids(m: &crate::ir::Method) -> Vec<usize> {
    let mut out: Vec<usize> = m
        .body
        .iter()
        .filter_map(|b| b.ty.as_ref())
        .flat_map(ids)
        .collect();
    out.extend(m.params.iter().flat_map(|p| ids(&p.ty)));
    if let Returns::Body { ty } | Returns::OptionalBody { ty, .. } = &m.returns {
        out.extend(ids(ty));
    }
    out.extend(
        m.output
            .iter()
            .flat_map(|o| &o.headers)
            .flat_map(|h| ids(&h.ty)),
    );
    out.extend(m.responses.iter().flat_map(|r| r.ty.iter().flat_map(ids)));
    out.extend(m.errors.iter().flat_map(|e| e.ty.iter().flat_map(ids)));
    out
}

/// The ids a type expression names.
pub(super) fn ids(ty: &Type) -> Vec<usize> {
    ty.refs().into_iter().map(|r: &TypeRef| r.id.0).collect()
}

/// The ids a type holds directly.
fn children(t: &TypeDef) -> Vec<usize> {
    match t {
        TypeDef::Model(m) => m
            .fields
            .iter()
            .flat_map(|f| ids(&f.ty))
            .chain(m.additional_properties.iter().flat_map(ids))
            .collect(),
        TypeDef::Union(u) => u.members.iter().flat_map(|m| ids(&m.ty)).collect(),
        TypeDef::Alias(a) => ids(&a.ty),
        TypeDef::Enum(_) => Vec::new(),
    }
}

/// Every type reachable from `roots`.
pub(super) fn closure(types: &[TypeDef], mut stack: Vec<usize>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    while let Some(id) = stack.pop() {
        if id < types.len() && !seen[id] {
            seen[id] = true;
            stack.extend(children(&types[id]));
        }
    }
    seen
}

/// Types whose values can break a constraint: a model with a constrained
/// field that requests set (read-only fields are never checked), or one
/// holding such a type. Cycles are settled by iterating to a fixed point.
fn constrained(types: &[TypeDef]) -> Vec<bool> {
    let own: Vec<bool> = types
        .iter()
        .map(|t| match t {
            TypeDef::Model(m) => m
                .fields
                .iter()
                .any(|f| !f.read_only && !f.constraints.is_empty()),
            _ => false,
        })
        .collect();
    let mut result = own.clone();
    loop {
        let mut changed = false;
        for (id, t) in types.iter().enumerate() {
            if result[id] {
                continue;
            }
            let nested = match t {
                TypeDef::Model(m) => m
                    .fields
                    .iter()
                    .filter(|f| !f.read_only)
                    .flat_map(|f| ids(&f.ty))
                    .any(|c| result[c]),
                TypeDef::Union(u) => u.members.iter().flat_map(|m| ids(&m.ty)).any(|c| result[c]),
                _ => false,
            };
            if nested {
                result[id] = true;
                changed = true;
            }
        }
        if !changed {
            return result;
        }
    }
}
