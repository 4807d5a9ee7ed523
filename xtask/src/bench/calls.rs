//! The methods a user program can call, read from a generated crate's
//! source with `syn` (ours and progenitor's alike), and each call written
//! as a statement whose arguments are placeholders of the right type.
//!
//! The programs are built, never run: an argument is `any()`, a function
//! that returns any type, so a call needs no value from the API's document
//! and still makes the compiler do everything a real call makes it do.

use std::path::Path;

use quote::ToTokens;
use syn::{FnArg, ImplItem, Item, ReturnType, Type};

/// One method of an SDK: how to reach it from the client, and its arguments.
#[derive(Debug, Clone)]
pub struct Method {
    /// The cargo feature that compiles it, if any.
    pub feature: Option<String>,
    /// `client.devices()` or `client`: what the method is called on.
    pub receiver: String,
    /// The method's name.
    pub name: String,
    /// One placeholder expression per argument.
    pub args: Vec<String>,
}

impl Method {
    /// The call as one statement of an `async fn` that holds `client`.
    pub fn statement(&self) -> String {
        format!(
            "let _ = {}.{}({}).await;",
            self.receiver,
            self.name,
            self.args.join(", ")
        )
    }
}

/// A placeholder for an argument of type `ty` in a crate named `krate`:
/// `any()` for a concrete type (inferred from the parameter), a string for
/// `impl Into<String>`, and `any::<T>()` for another `impl Into<T>`, `T`
/// named through the crate's root; `None` for a parameter no placeholder fits.
fn placeholder(ty: &Type, krate: &str) -> Option<String> {
    let Type::ImplTrait(bounds) = ty else {
        return Some("any()".to_owned());
    };
    let text = bounds.bounds.to_token_stream().to_string().replace(' ', "");
    let inner = text.strip_prefix("Into<")?.strip_suffix('>')?;
    if inner == "String" {
        return Some("\"\"".to_owned());
    }
    // What the runtime exports, the SDK crate re-exports at its root.
    let named = match inner.rsplit_once("::") {
        Some(("sdkgen_runtime", name)) => format!("{krate}::{name}"),
        _ => inner.replace("crate::", &format!("{krate}::")),
    };
    Some(format!("any::<{named}>()"))
}

/// The `(feature, accessor, service type)` of every service accessor of
/// our generated client (`pub fn devices(&self) -> crate::services::DevicesService`).
fn accessors(client: &syn::File) -> Vec<(Option<String>, String, String)> {
    let mut found = Vec::new();
    for item in &client.items {
        let Item::Impl(block) = item else { continue };
        if block.self_ty.to_token_stream().to_string() != "Client" {
            continue;
        }
        for item in &block.items {
            let ImplItem::Fn(f) = item else { continue };
            let ReturnType::Type(_, ret) = &f.sig.output else {
                continue;
            };
            let ret = ret.to_token_stream().to_string().replace(' ', "");
            let Some(service) = ret.strip_prefix("crate::services::") else {
                continue;
            };
            let feature = f.attrs.iter().find_map(|a| {
                let text = a.to_token_stream().to_string().replace(' ', "");
                let rest = text.strip_prefix("#[cfg(feature=\"")?;
                Some(rest.split('"').next()?.to_owned())
            });
            found.push((feature, f.sig.ident.to_string(), service.to_owned()));
        }
    }
    found
}

/// The public methods of `impl <ty>` blocks in `file`, each with the
/// placeholders of its arguments (`self` left out); a method whose
/// arguments no placeholder fits, or with type parameters, is left out.
fn methods_of(file: &syn::File, ty: &str, krate: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for item in &file.items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || block.self_ty.to_token_stream().to_string() != ty {
            continue;
        }
        for item in &block.items {
            let ImplItem::Fn(f) = item else { continue };
            if !matches!(f.vis, syn::Visibility::Public(_))
                || f.sig.receiver().is_none()
                || f.sig.generics.type_params().next().is_some()
            {
                continue;
            }
            let args: Option<Vec<String>> = f
                .sig
                .inputs
                .iter()
                .filter_map(|a| match a {
                    FnArg::Typed(t) => Some(placeholder(&t.ty, krate)),
                    FnArg::Receiver(_) => None,
                })
                .collect();
            if let Some(args) = args {
                found.push((f.sig.ident.to_string(), args));
            }
        }
    }
    found
}

fn parse(path: &Path) -> Result<syn::File, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every method of every service of our generated crate in `dir`, whose
/// library is called `krate` in Rust, in the order of the client's accessors.
pub fn ours(dir: &Path, krate: &str) -> Result<Vec<Method>, String> {
    let client = parse(&dir.join("src/client.rs"))?;
    let mut methods = Vec::new();
    for (feature, accessor, service) in accessors(&client) {
        // The service's module is its accessor's name.
        let file = parse(&dir.join("src/services").join(format!("{accessor}.rs")))?;
        for (name, args) in methods_of(&file, &service, krate) {
            methods.push(Method {
                feature: feature.clone(),
                receiver: format!("client.{accessor}()"),
                name,
                args,
            });
        }
    }
    Ok(methods)
}

/// Every async method of progenitor's `Client` in the crate at `dir`
/// (positional style: the arguments are the method's own).
pub fn progenitor(dir: &Path, krate: &str) -> Result<Vec<Method>, String> {
    let lib = parse(&dir.join("src/lib.rs"))?;
    Ok(methods_of(&lib, "Client", krate)
        .into_iter()
        .map(|(name, args)| Method {
            feature: None,
            receiver: "client".to_owned(),
            name,
            args,
        })
        .collect())
}

/// `n` of `methods`, spread evenly over them (all when there are fewer),
/// so a sample reaches many services, not the first one's methods.
pub fn spread(methods: &[Method], n: usize) -> Vec<Method> {
    if methods.len() <= n {
        return methods.to_vec();
    }
    (0..n)
        .map(|i| methods[i * methods.len() / n].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        syn::parse_str(text).unwrap()
    }

    #[test]
    fn placeholders_follow_the_parameter_type() {
        assert_eq!(placeholder(&ty("i64"), "k").unwrap(), "any()");
        assert_eq!(placeholder(&ty("impl Into<String>"), "k").unwrap(), "\"\"");
        assert_eq!(
            placeholder(&ty("impl Into<sdkgen_runtime::Upload>"), "k").unwrap(),
            "any::<k::Upload>()"
        );
        assert_eq!(
            placeholder(&ty("impl Into<crate::models::Body>"), "k").unwrap(),
            "any::<k::models::Body>()"
        );
        assert!(placeholder(&ty("impl AsRef<str>"), "k").is_none());
    }

    #[test]
    fn services_and_their_methods_are_read_from_the_source() {
        let client: syn::File = syn::parse_str(
            r#"impl Client {
                #[cfg(feature = "devices")]
                pub fn devices(&self) -> crate::services::DevicesService { todo!() }
                pub fn base_url(&self) -> &str { todo!() }
            }"#,
        )
        .unwrap();
        assert_eq!(
            accessors(&client),
            [(
                Some("devices".to_owned()),
                "devices".to_owned(),
                "DevicesService".to_owned()
            )]
        );
        let service: syn::File = syn::parse_str(
            r#"impl DevicesService {
                pub fn read(&self, id: impl Into<String>, n: i64) -> ReadBuilder { todo!() }
                fn private(&self) {}
                pub fn generic<T>(&self, t: T) {}
            }"#,
        )
        .unwrap();
        assert_eq!(
            methods_of(&service, "DevicesService", "k"),
            [(
                "read".to_owned(),
                vec!["\"\"".to_owned(), "any()".to_owned()]
            )]
        );
    }

    #[test]
    fn a_sample_is_spread_over_the_list() {
        let methods: Vec<Method> = (0..10)
            .map(|i| Method {
                feature: None,
                receiver: "client".into(),
                name: format!("m{i}"),
                args: Vec::new(),
            })
            .collect();
        let names: Vec<String> = spread(&methods, 3).into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["m0", "m3", "m6"]);
        assert_eq!(spread(&methods, 20).len(), 10);
    }
}
