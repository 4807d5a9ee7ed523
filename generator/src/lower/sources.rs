//! The files a spec is read from: one `spec/<api>.yaml`, or a directory
//! `spec/<api>/` of an `api.yaml` and a file per service or group of types,
//! merged into one spec. Each diagnostic names the file its item came from.

use std::collections::{BTreeMap, BTreeSet};

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
        Sources {
            files: vec![(display, source)],
            origin: BTreeMap::new(),
        }
    }

    /// The display path and text of the file that holds the item at `path`.
    pub fn of(&self, path: &KeyPath) -> (&'a str, &'a str) {
        // A method of a service spread over several files is found by service and method.
        if let [
            Step::Key(section),
            Step::Key(service),
            Step::Key(methods),
            Step::Key(method),
            ..,
        ] = path.0.as_slice()
        {
            if section == "services" && methods == "methods" {
                if let Some(&i) = self
                    .origin
                    .get(&(section.clone(), method_key(service, method)))
                {
                    return self.files[i];
                }
            }
        }
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
pub fn merge<'a>(
    api: (&'a str, &'a str),
    parts: &[(&'a str, &'a str)],
) -> Result<(SpecFile, Sources<'a>), Diagnostics> {
    let mut diags = Vec::new();
    let mut spec = match crate::parse::spec_file(api.0, api.1) {
        Ok(s) => Some(s),
        Err(d) => {
            diags.extend(d.0);
            None
        }
    };
    let mut sources = Sources {
        files: vec![api],
        origin: BTreeMap::new(),
    };
    // What `api.yaml` itself defines, before the parts are merged into
    // `spec`, keyed by section and name as `sources.origin` is: looked up
    // once per name a part defines.
    let in_api_file: BTreeSet<(String, String)> =
        spec.as_ref().map_or_else(BTreeSet::new, |spec| {
            [
                ("models", names(&spec.models)),
                ("enums", names(&spec.enums)),
                ("unions", names(&spec.unions)),
                ("aliases", names(&spec.aliases)),
                ("services", names(&spec.services)),
            ]
            .into_iter()
            .flat_map(|(section, names)| names.into_iter().map(move |n| (section.to_owned(), n)))
            .collect()
        });
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
        let SpecPart {
            api: _,
            mut models,
            mut enums,
            mut unions,
            mut aliases,
            mut services,
        } = part;
        // A service may be spread over several files (hand-written methods
        // beside imported ones): its methods merge, each defined once.
        services.retain_mut(|(name, service)| {
            let Some((_, earlier)) = spec.services.iter_mut().find(|(n, _)| n == name) else { return true };
            let earlier_file = sources.origin.get(&("services".to_owned(), name.clone())).map(|&i| sources.files[i].0).unwrap_or(api.0);
            if let (Some(_), Some(_)) = (&earlier.description, &service.description) {
                let at = KeyPath::default().key("services").key(name).key("description");
                diags.push(Diagnostic::at_path(display, source, &at, format!("service `{name}` already has a description in `{earlier_file}`; give it in one file")));
            }
            for (method, m) in std::mem::take(&mut service.methods) {
                let key = ("services".to_owned(), method_key(name, &method));
                if earlier.methods.iter().any(|(n, _)| *n == method) {
                    let first = sources.origin.get(&key).map(|&i| sources.files[i].0).unwrap_or(earlier_file);
                    let at = KeyPath::default().key("services").key(name).key("methods").key(&method);
                    diags.push(Diagnostic::at_path(display, source, &at, format!("method `{method}` of service `{name}` is also defined in `{first}`")));
                } else {
                    sources.origin.insert(key, index);
                    earlier.methods.push((method, m));
                }
            }
            if earlier.description.is_none() {
                earlier.description = service.description.take();
            }
            false
        });
        let mut add = |section: &str, names: Vec<String>| -> Vec<bool> {
            names
                .into_iter()
                .map(|name| {
                    let key = (section.to_owned(), name.clone());
                    let first = sources
                        .origin
                        .get(&key)
                        .map(|&i| sources.files[i].0)
                        .or_else(|| in_api_file.contains(&key).then_some(api.0));
                    match first {
                        Some(first) => {
                            let at = KeyPath::default().key(section).key(&name);
                            diags.push(Diagnostic::at_path(
                                display,
                                source,
                                &at,
                                format!("`{name}` is also defined in `{first}`"),
                            ));
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
        for (name, service) in &services {
            for (method, _) in &service.methods {
                sources
                    .origin
                    .insert(("services".to_owned(), method_key(name, method)), index);
            }
        }
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

/// The origin key of a method of a service.
fn method_key(service: &str, method: &str) -> String {
    format!("{service}.methods.{method}")
}

/// `items` without those `kept` marks false (defined in an earlier file).
fn keep<T>(items: &mut Ordered<T>, kept: Vec<bool>) {
    let mut flags = kept.into_iter();
    items.retain(|_| flags.next().unwrap_or(false));
}

fn names<T>(items: &Ordered<T>) -> Vec<String> {
    items.iter().map(|(n, _)| n.clone()).collect()
}
