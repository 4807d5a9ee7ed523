//! Named and inline enums. Every enum is open: values the spec does not list
//! decode into `UnknownValue`, so that variant name is reserved.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use super::types::InlineEnum;
use crate::diag::KeyPath;
use crate::ir::{Enum, TypeDef, Variant};
use crate::naming;
use crate::spec::{EnumValueSpec, SpecFile};

/// The variant holding values the spec does not list.
const UNKNOWN_VARIANT: &str = "UnknownValue";

impl Lowerer<'_> {
    pub(super) fn enums(&mut self, file: &SpecFile, inline: &[InlineEnum]) {
        for (name, e) in &file.enums {
            let path = KeyPath::default().key("enums").key(name);
            let def = self.enumeration(name, e.description.clone(), &e.values, None, &path);
            let r = self.types.get(name).cloned();
            self.define(r.as_ref(), TypeDef::Enum(def));
        }
        for ie in inline {
            let def = self.enumeration(
                &ie.name,
                ie.doc.clone(),
                ie.values,
                Some(ie.owner.clone()),
                &ie.path,
            );
            let r = self.types.get(&ie.name).cloned();
            self.define(r.as_ref(), TypeDef::Enum(def));
        }
    }

    fn enumeration(
        &mut self,
        name: &str,
        doc: Option<String>,
        values: &[EnumValueSpec],
        inline_in: Option<String>,
        path: &KeyPath,
    ) -> Enum {
        let values_path = if inline_in.is_some() {
            path.clone()
        } else {
            path.key("values")
        };
        if values.is_empty() {
            self.error(&values_path, format!("enum `{name}` has no values"));
        }
        let mut variants: Vec<Variant> = Vec::new();
        let mut by_wire = BTreeSet::new();
        let mut by_rust: BTreeMap<String, String> = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            let p = values_path.index(i);
            let (wire, doc, rust_override) = match v {
                EnumValueSpec::Plain(s) => (s.as_text(), None, None),
                EnumValueSpec::Detailed(d) => (
                    d.value.as_text(),
                    d.description.clone(),
                    d.rust_name.clone(),
                ),
            };
            if !by_wire.insert(wire.clone()) {
                self.error(&p, format!("enum `{name}` lists the value `{wire}` twice"));
                continue;
            }
            let rust_name = match rust_override {
                Some(r) => {
                    if !naming::is_identifier(&r) {
                        self.error(
                            &p.key("rust_name"),
                            format!("`{r}` is not a valid Rust identifier"),
                        );
                    } else if !naming::is_camel_case(&r) {
                        self.error_help(
                            &p.key("rust_name"),
                            format!("`{r}` is not UpperCamelCase, which variant names must be"),
                            format!("use `{}`", naming::camel(&r)),
                        );
                    }
                    r
                }
                None => naming::camel(&wire),
            };
            if rust_name == UNKNOWN_VARIANT {
                self.error_help(&p, format!("value `{wire}` becomes `{UNKNOWN_VARIANT}`, the variant that holds values the spec does not list"), "set `rust_name` for this value".into());
            }
            if let Some(other) = by_rust.insert(rust_name.clone(), wire.clone()) {
                self.error_help(
                    &p,
                    format!("values `{other}` and `{wire}` both become the variant `{rust_name}`"),
                    "set `rust_name` on one of them".into(),
                );
            }
            variants.push(Variant {
                wire,
                rust_name,
                doc,
            });
        }
        let rust = naming::camel(name);
        Enum {
            module: naming::snake(&rust),
            name: rust,
            doc,
            inline_in,
            variants,
        }
    }
}
