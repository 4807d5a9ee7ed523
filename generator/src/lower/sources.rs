//! The files a spec is read from: one `spec/<api>.yaml`, or a directory
//! `spec/<api>/` of an `api.yaml` and a file per service or group of types,
//! merged into one spec. Each diagnostic names the file its item came from.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, KeyPath, Step};
use crate::spec::{Ordered, SpecFile, SpecPart};

/// The files of one spec, and which file each top-level item came from.
pub struct Sources<'a> {
    /// Display path and text of each file; the first holds the `api` section.
    files: Vec<(&'a str, &'a str)>,
    /// `(section, name)` of each item read from a file other than the first.
    origin: BTreeMap<(String, String), usize>,
}

impl<'a> Sources<'a> {
    /// A spec in one file.
    pub fn single(display: &'a str, source: &'a str) -> Self {
        Sources { files: vec![(display, source)], origin: BTreeMap::new() }
    }

    /// The display path and text of the file that holds the item at `path`.
    pub fn of(&self, path: &KeyPath) -> (&'a str, &'a str) {
        if let [Step::Key(section), Step::Key(name), ..] = path.0.as_slice() {
            if let Some(&i) = self.origin.get(&(section.clone(), name.clone())) {
                return self.files[i];
            }
        }
        self.files[0]
    }
}

/// Parses `api` (the directory's `api.yaml`) and `parts` (its other files,
/// in name order) and merges them into one spec. An item defined in two
/// files is an error at the second, naming the first.
pub fn merge<'a>(api: (&'a str, &'a str), parts: &[(&'a str, &'a str)]) -> Result<(SpecFile, Sources<'a>), Diagnostics> {
    let mut diags = Vec::new();
    let mut spec = match crate::parse::spec_file(api.0, api.1) {
        Ok(s) => Some(s),
        Err(d) => {
            diags.extend(d.0);
            None
        }
    };
    let mut sources = Sources { files: vec![api], origin: BTreeMap::new() };
    for &(display, source) in parts {
        let part: SpecPart = match crate::parse::spec_part(display, source) {
            Ok(p) => p,
            Err(d) => {
                diags.extend(d.0);
                continue;
            }
        };
        sources.files.push((display, source));
        let Some(spec) = spec.as_mut() else { continue };
        let index = sources.files.len() - 1;
        let mut add = |section: &str, names: Vec<String>| -> Vec<bool> {
            names
                .into_iter()
                .map(|name| {
                    let key = (section.to_owned(), name.clone());
                    let first = sources.origin.get(&key).map(|&i| sources.files[i].0).or_else(|| in_api_file(spec, section, &name).then_some(api.0));
                    match first {
                        Some(first) => {
                            let at = KeyPath::default().key(section).key(&name);
                            diags.push(Diagnostic::at_path(display, source, &at, format!("`{name}` is also defined in `{first}`")));
                            false
                        }
                        None => {
                            sources.origin.insert(key, index);
                            true
                        }
                    }
                })
                .collect()
        };
        let SpecPart { api: _, mut models, mut enums, mut unions, mut aliases, mut services } = part;
        let k = add("models", names(&models));
        keep(&mut models, k);
        let k = add("enums", names(&enums));
        keep(&mut enums, k);
        let k = add("unions", names(&unions));
        keep(&mut unions, k);
        let k = add("aliases", names(&aliases));
        keep(&mut aliases, k);
        let k = add("services", names(&services));
        keep(&mut services, k);
        spec.models.extend(models);
        spec.enums.extend(enums);
        spec.unions.extend(unions);
        spec.aliases.extend(aliases);
        spec.services.extend(services);
    }
    match spec {
        Some(spec) if diags.is_empty() => Ok((spec, sources)),
        _ => Err(Diagnostics(diags)),
    }
}

/// `items` without those `kept` marks false (defined in an earlier file).
fn keep<T>(items: &mut Ordered<T>, kept: Vec<bool>) {
    let mut flags = kept.into_iter();
    items.retain(|_| flags.next().unwrap_or(false));
}

fn names<T>(items: &Ordered<T>) -> Vec<String> {
    items.iter().map(|(n, _)| n.clone()).collect()
}

/// Whether `api.yaml` itself defines `name` under `section`.
fn in_api_file(spec: &SpecFile, section: &str, name: &str) -> bool {
    let has = |items: Vec<String>| items.iter().any(|n| n == name);
    match section {
        "models" => has(names(&spec.models)),
        "enums" => has(names(&spec.enums)),
        "unions" => has(names(&spec.unions)),
        "aliases" => has(names(&spec.aliases)),
        "services" => has(names(&spec.services)),
        _ => false,
    }
}
