//! Emission: IR → files, through askama templates.
//!
//! Each view module turns part of the IR into what one template prints
//! (identifiers, doc literals, and Rust fragments built as tokens in
//! `rust` and `checks`); this module renders the templates, checks every
//! Rust file with `syn`, formats it with `prettyplease` and puts the
//! "generated, do not edit" header on top. A template that produces invalid
//! Rust is reported with the template name and the spec item it was
//! rendering.
//!
//! | module | files it renders |
//! | --- | --- |
//! | `crate_files` | `Cargo.toml`, `README.md`, `src/lib.rs` |
//! | `client` | `src/client.rs`, `src/error.rs`, the `models` and `services` index modules |
//! | `errors` | the error decoders in `src/error.rs`, one per distinct set of error bodies |
//! | `models` | one file per model, enum and alias |
//! | `unions` | one file per union |
//! | `services` | one file per service; `method_doc` and `examples` write its docs |
//! | `harness` | `src/harness.rs`: each method by operation id, JSON in and out (feature `harness`) |

mod bodies;
mod checks;
mod client;
mod crate_files;
pub mod docs;
mod errors;
mod examples;
mod features;
mod fragments;
mod harness;
mod invalid;
mod limits;
mod method_doc;
mod model_serde;
mod models;
mod pagination;
pub mod rust;
mod security;
mod services;
mod unions;
mod view;

use std::fmt;

use askama::Template;

use crate::ir::{Api, TypeDef};

/// One output file, relative to the crate directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// A template rendered something that is not valid Rust, or failed to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// Template file name.
    pub template: String,
    /// The spec item being rendered.
    pub item: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "template `templates/{}` rendering {}: {}",
            self.template, self.item, self.message
        )
    }
}

impl std::error::Error for EmitError {}

/// The version of the runtime crate (`runtime/`) generated crates depend on;
/// a test checks it against `runtime/Cargo.toml`.
pub const RUNTIME_VERSION: &str = "0.2.11";

/// Renders every file of the crate for `api`, sorted by path.
///
/// A file per model, enum, union and service is rendered, checked by `syn`
/// and formatted by `prettyplease` on its own, so those files are spread
/// over the machine's cores; the output does not depend on how.
pub fn emit(api: &Api) -> Result<Vec<GeneratedFile>, EmitError> {
    let out = Emitter { api };
    let decoders = errors::Decoders::of(api);
    let mut files = vec![
        out.text("Cargo.toml", &crate_files::cargo_toml(api), "#")?,
        out.text("README.md", &crate_files::readme(api), "")?,
        out.rust("src/lib.rs", crate_files::lib_rs, "the crate root")?,
        out.rust(
            "src/error.rs",
            || client::error_rs(api, &decoders),
            "the error models",
        )?,
        out.rust(
            "src/client.rs",
            || client::client_rs(api),
            "servers and authentication",
        )?,
        out.rust(
            "src/models/mod.rs",
            || client::types_mod(api),
            "the models index",
        )?,
        out.rust(
            "src/services/mod.rs",
            || client::services_mod(api),
            "the services index",
        )?,
        out.rust("src/harness.rs", || harness::harness_rs(api), "the harness")?,
    ];
    let types: Vec<(&TypeDef, &crate::ir::Usage)> = api.types.iter().zip(&api.usage).collect();
    let type_files = crate::parallel::map(&types, |(t, usage)| {
        let path = format!("src/models/{}.rs", t.module());
        match t {
            TypeDef::Model(m) => out.rust(
                &path,
                || models::model(api, **usage, m),
                &format!("model `{}`", m.spec_name),
            ),
            TypeDef::Enum(e) => out.rust(
                &path,
                || models::enumeration(e),
                &format!("enum `{}`", e.name),
            ),
            TypeDef::Union(u) => out.rust(
                &path,
                || unions::union(api, **usage, u),
                &format!("union `{}`", u.name),
            ),
            TypeDef::Alias(a) => {
                out.rust(&path, || models::alias(a), &format!("alias `{}`", a.name))
            }
        }
    });
    let service_files = crate::parallel::map(&api.services, |s| {
        out.rust(
            &format!("src/services/{}.rs", s.module),
            || services::service(api, &decoders.paths, s),
            &format!("service `{}`", s.name),
        )
    });
    for file in type_files.into_iter().chain(service_files) {
        files.push(file?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

struct Emitter<'a> {
    api: &'a Api,
}

impl Emitter<'_> {
    fn header(&self, comment: &str) -> String {
        let text = format!(
            "@generated by sdkgen from {}. Do not edit: change the spec and run `cargo xtask regen`.",
            self.api.source
        );
        if comment.is_empty() {
            format!("<!-- {text} -->\n\n")
        } else {
            format!("{comment} {text}\n\n")
        }
    }

    fn text(
        &self,
        path: &str,
        template: &dyn DynTemplate,
        comment: &str,
    ) -> Result<GeneratedFile, EmitError> {
        let body = template.render_dyn().map_err(|e| EmitError {
            template: template.name().into(),
            item: path.into(),
            message: e.to_string(),
        })?;
        let contents = self.header(comment) + body.trim_start();
        Ok(GeneratedFile {
            path: path.into(),
            contents: ensure_newline(contents),
        })
    }

    /// The Rust file `path` of the view `view` builds: rendered, parsed
    /// (with the view's fragments put in place, see [`fragments`]) and
    /// formatted, or taken formatted from the format cache. `view` is
    /// called again only to report a file that is not valid Rust, whose
    /// fragments went into the parse.
    fn rust<V: DynTemplate>(
        &self,
        path: &str,
        view: impl Fn() -> V,
        item: &str,
    ) -> Result<GeneratedFile, EmitError> {
        let mut template = view();
        let name = template.name();
        let err = |message: String| EmitError {
            template: name.into(),
            item: item.into(),
            message,
        };
        let body = template.render_dyn().map_err(|e| err(e.to_string()))?;
        let mut fragments = template.take_fragments();
        // Keyed only when a cache is in use: the key prints every fragment.
        let key = crate::format_cache::key(&body, &fragments);
        let formatted = match key.as_ref().and_then(crate::format_cache::get) {
            Some(formatted) => formatted,
            None => {
                let file = body
                    .parse()
                    .map_err(syn::Error::from)
                    .and_then(|skeleton| syn::parse2(fragments::splice(skeleton, &mut fragments)))
                    .map_err(|e| err(invalid(view(), e)))?;
                let formatted = prettyplease::unparse(&file);
                if let Some(key) = key {
                    crate::format_cache::put(key, &formatted);
                }
                formatted
            }
        };
        Ok(GeneratedFile {
            path: path.into(),
            contents: self.header("//") + &formatted,
        })
    }
}

/// What is wrong with a rendered file that did not parse (`error`), at the
/// line of the first item that does not parse alone in the whole file as
/// `template` renders it.
fn invalid(mut template: impl DynTemplate, error: syn::Error) -> String {
    let body = template.render_dyn().unwrap_or_default();
    let body = fragments::printed(&body, &template.take_fragments());
    match invalid::first_invalid_item(&body) {
        Some((line, text, message)) => format!(
            "generated code is not valid Rust: {message} (in the item at rendered line {line}: `{text}`)"
        ),
        None => format!("generated code is not valid Rust: {error}"),
    }
}

fn ensure_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// An askama template that also knows its own file name, for error messages.
trait DynTemplate {
    fn render_dyn(&self) -> askama::Result<String>;
    fn name(&self) -> &'static str;
    fn take_fragments(&mut self) -> Vec<proc_macro2::TokenStream>;
}

impl<T: Template + view::Named> DynTemplate for T {
    fn render_dyn(&self) -> askama::Result<String> {
        self.render()
    }
    fn name(&self) -> &'static str {
        T::TEMPLATE
    }
    fn take_fragments(&mut self) -> Vec<proc_macro2::TokenStream> {
        view::Named::take_fragments(self)
    }
}
