//! Freshness, atomicity and determinism of regeneration.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use sdkgen::write::{generate, generate_all, stale_files, write_all};

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().display().to_string(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A scratch repository holding a copy of the real specs.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("spec")).unwrap();
    for e in fs::read_dir(common::root().join("spec")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "yaml") {
            fs::copy(e.path(), dir.path().join("spec").join(e.file_name())).unwrap();
        } else if e.path().join("api.yaml").is_file() {
            // A spec directory: its YAML files.
            let to = dir.path().join("spec").join(e.file_name());
            fs::create_dir(&to).unwrap();
            for f in fs::read_dir(e.path())
                .unwrap()
                .flatten()
                .filter(|f| f.path().extension().is_some_and(|x| x == "yaml"))
            {
                fs::copy(f.path(), to.join(f.file_name())).unwrap();
            }
        }
    }
    dir
}

#[test]
fn committed_generated_code_is_fresh() {
    let root = common::root();
    let crates = generate_all(&root).unwrap_or_else(|e| panic!("{e}"));
    let stale = stale_files(&root.join("generated"), &crates);
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo xtask regen`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn a_spec_edit_makes_the_check_fail_until_regen() {
    let repo = scratch();
    let out = repo.path().join("generated");
    write_all(&out, &generate_all(repo.path()).unwrap()).unwrap();
    assert!(stale_files(&out, &generate_all(repo.path()).unwrap()).is_empty());

    let spec = repo.path().join("spec/ringcentral/api.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(
        &spec,
        text.replacen(
            "Internal identifier of a device",
            "The device's identifier",
            1,
        ),
    )
    .unwrap();
    let stale = stale_files(&out, &generate_all(repo.path()).unwrap());
    assert!(!stale.is_empty());
    assert!(
        stale
            .iter()
            .all(|s| s.starts_with("generated/ringcentral/")),
        "{stale:?}"
    );

    write_all(&out, &generate_all(repo.path()).unwrap()).unwrap();
    assert!(stale_files(&out, &generate_all(repo.path()).unwrap()).is_empty());
}

#[test]
fn a_failed_regen_leaves_generated_untouched() {
    let repo = scratch();
    let out = repo.path().join("generated");
    write_all(&out, &generate_all(repo.path()).unwrap()).unwrap();
    let before = tree(&out);

    let spec = repo.path().join("spec/ringcentral/api.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    // A harmless edit that would change output, plus a mistake elsewhere.
    let broken = text
        .replacen("Internal identifier of a device", "Changed", 1)
        .replacen("\"200\": DeviceResource", "\"200\": DeviceResorce", 1);
    fs::write(&spec, broken).unwrap();
    let err = match generate_all(repo.path()) {
        Ok(_) => panic!("the broken spec generated"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("DeviceResorce") && err.contains("did you mean `DeviceResource`?"),
        "{err}"
    );
    assert_eq!(tree(&out), before);
}

#[test]
fn regen_removes_files_of_items_that_are_gone_and_crates_whose_spec_is_gone() {
    let repo = scratch();
    let out = repo.path().join("generated");
    let small = "api:\n  name: Small\n  crate: small\n  version: 0.1.0\n  description: d\n  license: MIT\n  servers: [{ name: prod, url: \"https://x.example\" }]\nmodels:\n  A: { fields: { x: { type: string } } }\n  B: { fields: { y: { type: string } } }\n";
    fs::write(repo.path().join("spec/small.yaml"), small).unwrap();
    write_all(&out, &generate_all(repo.path()).unwrap()).unwrap();
    assert!(out.join("small/src/models/b.rs").exists());

    fs::write(
        repo.path().join("spec/small.yaml"),
        small.replace("  B: { fields: { y: { type: string } } }\n", ""),
    )
    .unwrap();
    write_all(&out, &generate_all(repo.path()).unwrap()).unwrap();
    assert!(!out.join("small/src/models/b.rs").exists());
    assert!(out.join("small/src/models/a.rs").exists());

    fs::remove_file(repo.path().join("spec/small.yaml")).unwrap();
    write_all(&out, &generate_all(repo.path()).unwrap()).unwrap();
    assert!(!out.join("small").exists());
    assert!(out.join("ringcentral/Cargo.toml").exists());
}

#[test]
fn output_is_deterministic() {
    let source = fs::read_to_string(common::root().join("spec/ringcentral/api.yaml")).unwrap();
    let a = generate("spec/ringcentral.yaml", &source).unwrap();
    let b = generate("spec/ringcentral.yaml", &source).unwrap();
    assert_eq!(a.files, b.files);
}

#[test]
fn every_file_carries_the_do_not_edit_header() {
    let source = fs::read_to_string(common::root().join("spec/ringcentral/api.yaml")).unwrap();
    for f in generate("spec/ringcentral.yaml", &source).unwrap().files {
        let first = f.contents.lines().next().unwrap_or("");
        assert!(
            first.contains("@generated by sdkgen") && first.contains("Do not edit"),
            "{}: {first}",
            f.path
        );
    }
}

/// Reverses the order of every mapping whose order carries no meaning
/// (models, enums, unions, aliases, services, methods).
fn reorder(source: &str) -> String {
    use serde_yaml::{Mapping, Value};
    fn reversed(m: &Mapping) -> Mapping {
        let mut entries: Vec<(Value, Value)> =
            m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        entries.reverse();
        entries.into_iter().collect()
    }
    let mut doc: Value = serde_yaml::from_str(source).unwrap();
    let top = doc.as_mapping_mut().unwrap();
    for key in ["models", "enums", "unions", "aliases"] {
        if let Some(Value::Mapping(m)) = top.get(key) {
            let r = reversed(m);
            top.insert(key.into(), Value::Mapping(r));
        }
    }
    if let Some(Value::Mapping(services)) = top.get("services").cloned() {
        let mut out = Mapping::new();
        for (name, mut service) in reversed(&services) {
            if let Some(Value::Mapping(methods)) = service.get("methods") {
                let r = reversed(methods);
                service
                    .as_mapping_mut()
                    .unwrap()
                    .insert("methods".into(), Value::Mapping(r));
            }
            out.insert(name, service);
        }
        top.insert("services".into(), Value::Mapping(out));
    }
    let moved = top.remove("api").unwrap();
    top.insert("api".into(), moved);
    serde_yaml::to_string(&doc).unwrap()
}

#[test]
fn reordering_maps_whose_order_means_nothing_changes_no_output() {
    let source = fs::read_to_string(common::root().join("spec/ringcentral/api.yaml")).unwrap();
    let shuffled = reorder(&source);
    let first_model = |text: &str| {
        let doc: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        doc["models"]
            .as_mapping()
            .unwrap()
            .keys()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_ne!(
        first_model(&source),
        first_model(&shuffled),
        "the reordering must really reorder"
    );
    let a = generate("spec/ringcentral.yaml", &source).unwrap();
    let b = generate("spec/ringcentral.yaml", &shuffled).unwrap();
    assert_eq!(a.files.len(), b.files.len());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(x, y, "{} differs after reordering", x.path);
    }
}
