//! The public API of a generated crate as a set of item names, read from its
//! sources with `syn`, so `cargo xtask semver` can tell a minor change (items
//! added) from a patch (none): cargo-semver-checks reports what breaks, not
//! what is new.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use syn::{Fields, ImplItem, Item, Visibility};

/// The public items of `crate_dir`'s `src/` at git revision `rev`, or in the
/// work tree when `rev` is `None`.
pub fn at(root: &Path, crate_dir: &str, rev: Option<&str>) -> Result<BTreeSet<String>, String> {
    let src = format!("generated/{crate_dir}/src");
    let files: Vec<(String, String)> = match rev {
        None => walk(&root.join(&src))?
            .into_iter()
            .map(|p| {
                Ok((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?,
                ))
            })
            .collect::<Result<_, String>>()?,
        Some(rev) => {
            let listed = git(root, &["ls-tree", "-r", "--name-only", rev, &src])?;
            listed
                .lines()
                .filter(|l| l.ends_with(".rs"))
                .map(|l| Ok((l.to_owned(), git(root, &["show", &format!("{rev}:{l}")])?)))
                .collect::<Result<_, String>>()?
        }
    };
    let mut out = BTreeSet::new();
    for (name, text) in files {
        let file = syn::parse_file(&text).map_err(|e| format!("{name}: {e}"))?;
        items(&file.items, &mut out);
    }
    Ok(out)
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn walk(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            out.extend(walk(&path)?);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    Ok(out)
}

fn public(v: &Visibility) -> bool {
    matches!(v, Visibility::Public(_))
}

/// Derived traits, including those behind `cfg_attr` (named with the feature).
fn derives(attrs: &[syn::Attribute], owner: &str, out: &mut BTreeSet<String>) {
    for a in attrs {
        let text = quote::ToTokens::to_token_stream(a)
            .to_string()
            .replace(' ', "");
        let Some((_, rest)) = text.split_once("derive(") else {
            continue;
        };
        let list = rest.split(')').next().unwrap_or_default();
        let feature = text
            .split("feature=\"")
            .nth(1)
            .and_then(|f| f.split('"').next())
            .map(|f| format!(" (feature {f})"))
            .unwrap_or_default();
        for t in list.split(',').filter(|t| !t.is_empty()) {
            out.insert(format!("impl {t} for {owner}{feature}"));
        }
    }
}

fn items(list: &[Item], out: &mut BTreeSet<String>) {
    for item in list {
        match item {
            Item::Struct(s) if public(&s.vis) => {
                let name = s.ident.to_string();
                out.insert(format!("struct {name}"));
                derives(&s.attrs, &name, out);
                if let Fields::Named(f) = &s.fields {
                    for field in f.named.iter().filter(|f| public(&f.vis)) {
                        let ty = quote::ToTokens::to_token_stream(&field.ty).to_string();
                        out.insert(format!(
                            "field {name}.{}: {ty}",
                            field
                                .ident
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default()
                        ));
                    }
                }
            }
            Item::Enum(e) if public(&e.vis) => {
                let name = e.ident.to_string();
                out.insert(format!("enum {name}"));
                derives(&e.attrs, &name, out);
                for v in &e.variants {
                    out.insert(format!("variant {name}::{}", v.ident));
                }
            }
            Item::Fn(f) if public(&f.vis) => {
                out.insert(format!("fn {}", f.sig.ident));
            }
            Item::Type(t) if public(&t.vis) => {
                out.insert(format!("type {}", t.ident));
            }
            Item::Use(u) if public(&u.vis) => {
                out.insert(format!(
                    "use {}",
                    quote::ToTokens::to_token_stream(&u.tree)
                        .to_string()
                        .replace(' ', "")
                ));
            }
            Item::Mod(m) if public(&m.vis) => {
                out.insert(format!("mod {}", m.ident));
                if let Some((_, inner)) = &m.content {
                    items(inner, out);
                }
            }
            Item::Impl(i) => {
                let ty = quote::ToTokens::to_token_stream(&i.self_ty)
                    .to_string()
                    .replace(' ', "");
                match &i.trait_ {
                    Some((_, path, _)) => {
                        let t = quote::ToTokens::to_token_stream(path)
                            .to_string()
                            .replace(' ', "");
                        out.insert(format!("impl {t} for {ty}"));
                    }
                    None => {
                        for m in &i.items {
                            if let ImplItem::Fn(f) = m {
                                if public(&f.vis) {
                                    out.insert(format!("fn {ty}::{}", f.sig.ident));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn items_fields_variants_methods_and_derives_are_named() {
        let file: syn::File = syn::parse_str(
            r#"
            #[derive(Debug, serde::Serialize)]
            #[cfg_attr(feature = "deserialize", derive(serde::Deserialize))]
            #[non_exhaustive]
            pub struct A { pub x: Option<String>, y: u8 }
            impl A { pub fn new() -> Self { todo!() } fn private() {} }
            pub enum E { One, Two(u8) }
            struct Hidden;
            "#,
        )
        .unwrap();
        let mut out = std::collections::BTreeSet::new();
        super::items(&file.items, &mut out);
        let got: Vec<&str> = out.iter().map(String::as_str).collect();
        assert_eq!(
            got,
            [
                "enum E",
                "field A.x: Option < String >",
                "fn A::new",
                "impl Debug for A",
                "impl serde::Deserialize for A (feature deserialize)",
                "impl serde::Serialize for A",
                "struct A",
                "variant E::One",
                "variant E::Two",
            ]
        );
    }
}
