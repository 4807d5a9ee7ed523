//! A document split over files, joined into one tree.
//!
//! A relative `$ref` to another file (or to a part of one) is followed and
//! its target brought into the root document, so everything downstream
//! sees one tree with `#/…` references only:
//! - a schema (a `$ref` below a `schema` or `schemas` key) becomes a named
//!   component, `#/components/schemas/<name>`, once however often it is
//!   referred to, so it stays one type (and recursion across files works);
//!   the name is the fragment's last token, or the file's stem, numbered
//!   when another target already took it;
//! - anything else (a path item, an operation, a parameter, a response, a
//!   description) is written in place of the `$ref`, as if it had been
//!   written there.
//!
//! Every item brought in is remembered with the file and pointer it came
//! from ([`Origin`]), so a finding can name where it really is. A remote
//! (`https://…`) reference, or one outside the document's folder, is an
//! error naming the reference. A `$ref` inside a specification extension
//! (an `x-` key) is the vendor's, and left as written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::load::{self, LoadError, Notice};
use crate::pointer;

/// Where an item of the joined tree came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Its pointer in the joined tree.
    pub at: String,
    /// The file, relative to the root document's folder.
    pub file: String,
    /// Its pointer in that file.
    pub pointer: String,
}

/// What joining produced besides the tree.
#[derive(Default)]
pub(crate) struct Joined {
    pub origins: Vec<Origin>,
    pub notices: Vec<(String, Notice)>,
}

/// Files read so far, by path relative to the root folder.
struct Bundler<'a> {
    folder: &'a Path,
    root_file: String,
    files: BTreeMap<String, Value>,
    /// (file, fragment) of a schema → its component name.
    named: BTreeMap<(String, String), String>,
    taken: BTreeSet<String>,
    schemas: Vec<(String, Value)>,
    /// Schemas whose body has been read (and queued in `schemas`).
    defined: BTreeSet<(String, String)>,
    /// Targets being written in place, to refuse a loop of them.
    inlining: Vec<(String, String)>,
    joined: Joined,
}

/// Joins the files `root` (read from `folder/root_file`) refers to into it.
pub(crate) fn join(
    folder: &Path,
    root_file: &str,
    root: &mut Value,
    notices: Vec<Notice>,
) -> Result<Joined, LoadError> {
    let mut b = Bundler {
        folder,
        root_file: root_file.to_owned(),
        files: BTreeMap::new(),
        named: BTreeMap::new(),
        taken: BTreeSet::new(),
        schemas: Vec::new(),
        defined: BTreeSet::new(),
        inlining: Vec::new(),
        joined: Joined::default(),
    };
    b.joined
        .notices
        .extend(notices.into_iter().map(|n| (root_file.to_owned(), n)));
    if let Some(schemas) = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        b.taken.extend(schemas.keys().cloned());
        // A component that is a whole-file reference keeps its component name.
        for (key, schema) in schemas {
            if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
                if let Ok(Some(t)) = b.target(root_file, target, "#/components/schemas") {
                    b.named.entry(t).or_insert_with(|| key.clone());
                }
            }
        }
    }
    let file = root_file.to_owned();
    b.walk(root, &file, "#", "#", false)?;
    if !b.schemas.is_empty() {
        let obj = root.as_object_mut().expect("a document is an object");
        let components = obj
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(components) = components.as_object_mut() else {
            return Err(b.error(
                &file,
                "#/components",
                "`components` is not an object".into(),
            ));
        };
        let schemas = components
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(schemas) = schemas.as_object_mut() else {
            return Err(b.error(
                &file,
                "#/components/schemas",
                "`components/schemas` is not an object".into(),
            ));
        };
        for (name, schema) in std::mem::take(&mut b.schemas) {
            schemas.insert(name, schema);
        }
    }
    Ok(b.joined)
}

/// Whether a reference names another document by URL rather than a file.
fn is_remote(target: &str) -> bool {
    target.starts_with("//")
        || target.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// `base`'s folder joined with `relative`, normalised, or `None` when it
/// climbs above the root folder.
fn relative_to(base: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<String> = Path::new(base)
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| c.as_os_str().to_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for c in Path::new(relative).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(p) => parts.push(p.to_str()?.to_owned()),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

impl Bundler<'_> {
    fn error(&self, file: &str, at: &str, message: String) -> LoadError {
        LoadError {
            file: file.to_owned(),
            at: None,
            message: format!("{at}: {message}"),
        }
    }

    /// The (file, fragment) a `$ref` in `file` names, `None` for a
    /// reference into the root document itself.
    fn target(
        &self,
        file: &str,
        reference: &str,
        at: &str,
    ) -> Result<Option<(String, String)>, LoadError> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = format!("#{fragment}");
        if is_remote(path) {
            return Err(self.error(file, at, format!("`$ref: {reference}` names a remote document; only files beside the document are followed")));
        }
        let target_file = if path.is_empty() {
            file.to_owned()
        } else {
            relative_to(file, path).ok_or_else(|| {
                self.error(
                    file,
                    at,
                    format!("`$ref: {reference}` leaves the document's folder"),
                )
            })?
        };
        if target_file == self.root_file {
            return Ok(None);
        }
        Ok(Some((target_file, fragment)))
    }

    fn read(&mut self, file: &str, at: &str, reference: &str) -> Result<(), LoadError> {
        if self.files.contains_key(file) {
            return Ok(());
        }
        let path: PathBuf = self.folder.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            self.error(
                file,
                at,
                format!("`$ref: {reference}`: cannot read {}: {e}", path.display()),
            )
        })?;
        let (value, notices) = load::parse(file, &text)?;
        self.joined
            .notices
            .extend(notices.into_iter().map(|n| (file.to_owned(), n)));
        self.files.insert(file.to_owned(), value);
        Ok(())
    }

    /// The value a target names, read from its file.
    fn fetch(
        &mut self,
        target: &(String, String),
        from: &str,
        at: &str,
        reference: &str,
    ) -> Result<Value, LoadError> {
        self.read(&target.0, at, reference)?;
        pointer::get(&self.files[&target.0], &target.1)
            .cloned()
            .ok_or_else(|| {
                self.error(
                    from,
                    at,
                    format!(
                        "`$ref: {reference}` names nothing: {} has no `{}`",
                        target.0, target.1
                    ),
                )
            })
    }

    fn name_for(&mut self, target: &(String, String)) -> String {
        let stem = pointer::last(&target.1).unwrap_or_else(|| {
            let file = Path::new(&target.0);
            file.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("schema")
                .to_owned()
        });
        let mut name = stem.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{stem}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// The component pointer of the schema `target` (named and read the
    /// first time it is met).
    fn schema_component(
        &mut self,
        target: &(String, String),
        file: &str,
        at: &str,
        reference: &str,
    ) -> Result<String, LoadError> {
        let name = match self.named.get(target) {
            Some(name) => name.clone(),
            None => {
                let name = self.name_for(target);
                self.named.insert(target.clone(), name.clone());
                name
            }
        };
        let component_at = pointer::child("#/components/schemas", &name);
        if self.defined.insert(target.clone()) {
            let mut body = self.fetch(target, file, at, reference)?;
            self.joined.origins.push(Origin {
                at: component_at.clone(),
                file: target.0.clone(),
                pointer: target.1.clone(),
            });
            self.walk(
                &mut body,
                &target.0.clone(),
                &component_at,
                &target.1.clone(),
                true,
            )?;
            self.schemas.push((name, body));
        }
        Ok(component_at)
    }

    /// Whether a discriminator mapping value is a reference rather than a
    /// schema name: it has a `/` or `#`, or names a file beside `file`
    /// (`dog.yml` could also be a schema's name; the file decides).
    fn is_reference(&self, file: &str, value: &str) -> bool {
        value.contains('/')
            || value.contains('#')
            || relative_to(file, value).is_some_and(|f| self.folder.join(f).is_file())
    }

    /// A discriminator's `mapping` values are references too (a schema name
    /// stays): those naming other files become the components their schemas are.
    fn mapping(
        &mut self,
        discriminator: &mut Value,
        file: &str,
        at: &str,
    ) -> Result<(), LoadError> {
        let Some(mapping) = discriminator
            .get_mut("mapping")
            .and_then(Value::as_object_mut)
        else {
            return Ok(());
        };
        for (tag, target) in mapping.iter_mut() {
            let Some(reference) = target
                .as_str()
                .filter(|r| self.is_reference(file, r))
                .map(str::to_owned)
            else {
                continue;
            };
            let at = pointer::child(&pointer::child(at, "mapping"), tag);
            let rewritten = match self.target(file, &reference, &at)? {
                None if file == self.root_file => continue,
                None => format!("#{}", reference.split_once('#').map_or("", |(_, f)| f)),
                Some(t) => self.schema_component(&t, file, &at, &reference)?,
            };
            *target = Value::String(rewritten);
        }
        Ok(())
    }

    /// Follows the external references of `value`, which sits at `at` in the
    /// joined tree and at `file_at` in `file`.
    fn walk(
        &mut self,
        value: &mut Value,
        file: &str,
        at: &str,
        file_at: &str,
        schema: bool,
    ) -> Result<(), LoadError> {
        if let Some(reference) = value.get("$ref").and_then(Value::as_str).map(str::to_owned) {
            let in_root = file == self.root_file;
            let target = match self.target(file, &reference, at)? {
                None if in_root => return Ok(()),
                None => {
                    // A reference from another file back into the root document.
                    let fragment = reference.split_once('#').map_or("", |(_, f)| f);
                    value["$ref"] = Value::String(format!("#{fragment}"));
                    return Ok(());
                }
                Some(t) => t,
            };
            if schema {
                let component_at = self.schema_component(&target, file, at, &reference)?;
                // The component entry itself is replaced by the body when the files are joined.
                if at != component_at {
                    value["$ref"] = Value::String(component_at);
                }
                return Ok(());
            }
            if self.inlining.contains(&target) {
                return Err(self.error(
                    file,
                    at,
                    format!("`$ref: {reference}` refers back to itself through other files"),
                ));
            }
            let mut body = self.fetch(&target, file, at, &reference)?;
            self.inlining.push(target.clone());
            self.joined.origins.push(Origin {
                at: at.to_owned(),
                file: target.0.clone(),
                pointer: target.1.clone(),
            });
            self.walk(&mut body, &target.0.clone(), at, &target.1.clone(), false)?;
            self.inlining.pop();
            // Keys written beside the `$ref` (3.1 allows `summary`, `description`) win.
            if let (Value::Object(siblings), Value::Object(target_map)) = (&*value, &mut body) {
                for (k, v) in siblings.iter().filter(|(k, _)| *k != "$ref") {
                    target_map.insert(k.clone(), v.clone());
                }
            }
            *value = body;
            return Ok(());
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    // An extension's value means what its vendor says, not
                    // what OpenAPI does: a `$ref` in it (Spotify's
                    // `x-spotify-policy` names a file outside the folder)
                    // is not a reference of the document's.
                    if key.starts_with("x-") {
                        continue;
                    }
                    let child_at = pointer::child(at, key);
                    if schema && key == "discriminator" {
                        self.mapping(child, file, &child_at)?;
                        continue;
                    }
                    let child_schema = schema || key == "schema" || key == "schemas";
                    self.walk(
                        child,
                        file,
                        &child_at,
                        &pointer::child(file_at, key),
                        child_schema,
                    )?;
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.walk(
                        child,
                        file,
                        &format!("{at}/{i}"),
                        &format!("{file_at}/{i}"),
                        schema,
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_references_are_told_from_files() {
        assert!(is_remote("https://example.com/a.yaml"));
        assert!(is_remote("//example.com/a.yaml"));
        assert!(!is_remote("models/a.yaml"));
        assert!(!is_remote("../a.yaml"));
        assert!(!is_remote(""));
    }

    #[test]
    fn relative_paths_stay_inside_the_folder() {
        assert_eq!(
            relative_to("resources/d/op.yml", "../../shared/r.yml").as_deref(),
            Some("shared/r.yml")
        );
        assert_eq!(
            relative_to("root.yaml", "./a/b.yml").as_deref(),
            Some("a/b.yml")
        );
        assert_eq!(relative_to("root.yaml", "../outside.yml"), None);
        assert_eq!(relative_to("root.yaml", "/etc/passwd"), None);
    }
}
