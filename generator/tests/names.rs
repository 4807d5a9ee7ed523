//! The names `generator/src/names.rs` reserves must be exactly the names the
//! generated code and the runtime's macros define, so the list cannot go
//! stale: a new builder method in the runtime or a template fails this test
//! until it is listed, and a listed name nothing defines fails it too.
//!
//! Items are read with `syn` from the runtime's macro bodies and from the
//! crates generated for every fixture; names that come from the spec
//! (parameters, server variables, services) are taken out using the IR.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use sdkgen::{lower, names, write::generate};

/// Fields and inherent methods of each type, by type name, repeated as often
/// as they are defined (a setter and a method of one name count twice).
type Items = BTreeMap<String, Vec<String>>;

fn collect(file: &syn::File, items: &mut Items) {
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                let entry = items.entry(s.ident.to_string()).or_default();
                entry.extend(
                    s.fields
                        .iter()
                        .filter_map(|f| f.ident.as_ref())
                        .map(|i| i.to_string()),
                );
            }
            // Trait methods never clash with inherent ones, so only inherent impls count.
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let name = i.self_ty.to_token_stream().to_string();
                let entry = items.entry(name).or_default();
                entry.extend(i.items.iter().filter_map(|it| match it {
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    _ => None,
                }));
            }
            _ => {}
        }
    }
}

/// The items a `macro_rules!` of the runtime defines, read by parsing its
/// (only) rule's body with metavariables replaced by plain names.
fn macro_items(source_file: &str, macro_name: &str) -> Items {
    let source =
        std::fs::read_to_string(common::root().join("runtime/src").join(source_file)).unwrap();
    let file = syn::parse_file(&source).unwrap();
    let mac = file
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Macro(m) if m.ident.as_ref().is_some_and(|n| n == macro_name) => Some(m),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no macro `{macro_name}` in runtime/src/{source_file}"));
    let body = mac
        .mac
        .tokens
        .clone()
        .into_iter()
        .filter_map(|t| match t {
            proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                Some(g.stream())
            }
            _ => None,
        })
        .last()
        .unwrap();
    let text = body
        .to_string()
        .replace("$ crate", "sdkgen_runtime")
        .replace("$ builder", "Builder")
        .replace("$ output", "Output")
        .replace("$ error", "Error")
        .replace("$ model", "Model");
    let mut items = Items::new();
    collect(
        &syn::parse_file(&text).unwrap_or_else(|e| panic!("{macro_name}: {e}\n{text}")),
        &mut items,
    );
    items
}

/// `defined` with each name of `from_spec` taken out once.
fn without(defined: &[String], from_spec: &[String]) -> Vec<String> {
    let mut left = defined.to_vec();
    for name in from_spec {
        if let Some(i) = left.iter().position(|d| d == name) {
            left.remove(i);
        }
    }
    left
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn reserved_names_are_exactly_what_generated_code_defines() {
    let mut builder_items: BTreeSet<String> = macro_items("builder.rs", "request_builder")
        .into_values()
        .flatten()
        .collect();
    let client_macro = macro_items("sdk_client.rs", "define_client");
    let mut client_builder_items: BTreeSet<String> =
        client_macro["ClientBuilder"].iter().cloned().collect();
    let mut client_items: BTreeSet<String> = client_macro["Client"].iter().cloned().collect();

    for (name, source) in common::fixtures() {
        let display = format!("generator/tests/fixtures/{name}.yaml");
        let api = lower::load(&display, &source).unwrap_or_else(|e| panic!("{e}"));
        let krate = generate(&display, &source).unwrap();
        let mut items = Items::new();
        for f in krate
            .files
            .iter()
            .filter(|f| f.path.starts_with("src/services/") || f.path == "src/client.rs")
        {
            collect(&syn::parse_file(&f.contents).unwrap(), &mut items);
        }
        for (service, method) in api.methods() {
            // Each parameter is one field, and an optional one also a setter.
            let mut from_spec: Vec<String> =
                method.params.iter().map(|p| p.rust_name.clone()).collect();
            from_spec.extend(
                method
                    .params
                    .iter()
                    .filter(|p| !p.required)
                    .map(|p| p.rust_name.clone()),
            );
            // So is each file part of a multipart body.
            let files = method.body.iter().flat_map(|b| &b.files);
            from_spec.extend(files.clone().map(|f| f.rust_name.clone()));
            from_spec.extend(files.filter(|f| !f.required).map(|f| f.rust_name.clone()));
            let defined = items
                .get(&method.builder_name)
                .unwrap_or_else(|| panic!("{name}: no {}", method.builder_name));
            builder_items.extend(without(defined, &from_spec));
            let methods: Vec<String> = service
                .methods
                .iter()
                .map(|m| m.rust_name.clone())
                .collect();
            // A service holds its client and the spec's methods, nothing else.
            assert_eq!(
                without(&items[&service.rust_name], &methods),
                ["client"],
                "{name}: {}",
                service.rust_name
            );
        }
        // Server variables and security schemes add setters of their own.
        let variables: Vec<String> = api
            .servers
            .first()
            .into_iter()
            .flat_map(|s| &s.variables)
            .map(|v| v.rust_name.clone())
            .chain(api.security.setters())
            .collect();
        client_builder_items.extend(without(&items["ClientBuilder"], &variables));
        let accessors: Vec<String> = api.services.iter().map(|s| s.accessor.clone()).collect();
        client_items.extend(without(&items["Client"], &accessors));
    }
    assert_eq!(
        builder_items,
        set(names::REQUEST_BUILDER),
        "request builders: generated items vs names::REQUEST_BUILDER"
    );
    assert_eq!(
        client_builder_items,
        set(names::CLIENT_BUILDER),
        "client builder: generated items vs names::CLIENT_BUILDER"
    );
    assert_eq!(
        client_items,
        set(names::CLIENT),
        "client: generated items vs names::CLIENT"
    );
}
