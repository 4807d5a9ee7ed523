//! Specs written as a directory: an `api.yaml` and a file per service or
//! group of types generate the same crate as the one file they split, and
//! every diagnostic names the file its item is in.

mod common;

use sdkgen::write::{generate, generate_all, generate_dir};
use serde_yaml::{Mapping, Value};

/// `source` split as a maintainer would: `api.yaml` with the `api` section,
/// `types.yaml` with the types, and a file per service.
fn split(source: &str) -> (String, Vec<(String, String)>) {
    let spec: Mapping = serde_yaml::from_str(source).unwrap();
    let mut api = Mapping::new();
    api.insert("api".into(), spec["api"].clone());
    let mut types = Mapping::new();
    for section in ["models", "enums", "unions", "aliases"] {
        if let Some(v) = spec.get(section) {
            types.insert(section.into(), v.clone());
        }
    }
    let mut parts = vec![(
        "spec/x/types.yaml".to_owned(),
        serde_yaml::to_string(&types).unwrap(),
    )];
    for (name, service) in spec["services"].as_mapping().unwrap() {
        let mut one = Mapping::new();
        one.insert(name.clone(), service.clone());
        let mut file = Mapping::new();
        file.insert("services".into(), Value::Mapping(one));
        parts.push((
            format!("spec/x/{}.yaml", name.as_str().unwrap().to_lowercase()),
            serde_yaml::to_string(&file).unwrap(),
        ));
    }
    (serde_yaml::to_string(&api).unwrap(), parts)
}

fn refs(parts: &[(String, String)]) -> Vec<(&str, &str)> {
    parts
        .iter()
        .map(|(d, s)| (d.as_str(), s.as_str()))
        .collect()
}

#[test]
fn a_spec_split_into_files_generates_the_same_crate() {
    for name in ["portsip", "ringcentral"] {
        let source =
            std::fs::read_to_string(common::root().join(format!("spec/{name}/api.yaml"))).unwrap();
        let whole = generate(&format!("spec/{name}.yaml"), &source).unwrap();
        let (api, parts) = split(&source);
        let split = generate_dir(
            &format!("spec/{name}/"),
            ("spec/x/api.yaml", &api),
            &refs(&parts),
        )
        .unwrap();
        assert_eq!(whole.files.len(), split.files.len(), "{name}");
        for (a, b) in whole.files.iter().zip(&split.files) {
            assert_eq!(a.path, b.path);
            // Only the header line naming the spec differs.
            let header = |c: &str| {
                c.replace(&format!("spec/{name}.yaml"), "SPEC")
                    .replace(&format!("spec/{name}/"), "SPEC")
            };
            assert_eq!(
                header(&a.contents),
                header(&b.contents),
                "{name}: {}",
                a.path
            );
        }
    }
}

#[test]
fn each_diagnostic_names_the_file_of_its_item() {
    let api = "api:\n  name: Demo\n  crate: demo\n  version: 0.1.0\n  description: A demo.\n  license: MIT\n  servers:\n    - { name: production, url: https://api.example.com }\n";
    let types = "models:\n  Device:\n    fields:\n      id: { type: string }\n";
    let devices = "services:\n  Devices:\n    methods:\n      read:\n        method: GET\n        path: /devices\n        responses:\n          \"200\": Devise\n";
    let again = "\nmodels:\n  Device:\n    fields:\n      name: { type: string }\n";
    let with_api = "api:\n  name: Other\nmodels: {}\n";
    let parts = [
        ("spec/demo/devices.yaml", devices),
        ("spec/demo/more.yaml", again),
        ("spec/demo/types.yaml", types),
        ("spec/demo/wrong.yaml", with_api),
    ];
    let err = generate_dir("spec/demo/", ("spec/demo/api.yaml", api), &parts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("the `api` section belongs in the directory's `api.yaml`\n  --> spec/demo/wrong.yaml:1:1"), "{err}");
    // `more.yaml` comes before `types.yaml`, so `types.yaml` holds the second definition.
    assert!(
        err.contains(
            "`Device` is also defined in `spec/demo/more.yaml`\n  --> spec/demo/types.yaml:2:3"
        ),
        "{err}"
    );
    let parts = [
        ("spec/demo/devices.yaml", devices),
        ("spec/demo/types.yaml", types),
    ];
    let err = generate_dir("spec/demo/", ("spec/demo/api.yaml", api), &parts)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no type named `Devise`\n  --> spec/demo/devices.yaml:8:11"),
        "{err}"
    );
    // A part that defines again what `api.yaml` itself defines.
    let api_with_types = format!("{api}{types}");
    let parts = [
        ("spec/demo/devices.yaml", devices),
        ("spec/demo/more.yaml", again),
    ];
    let err = generate_dir(
        "spec/demo/",
        ("spec/demo/api.yaml", &api_with_types),
        &parts,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains(
            "`Device` is also defined in `spec/demo/api.yaml`\n  --> spec/demo/more.yaml:3:3"
        ),
        "{err}"
    );
}

#[test]
fn generate_all_reads_directories_with_an_api_yaml_beside_single_files() {
    let root = tempfile::tempdir().unwrap();
    let spec = root.path().join("spec");
    std::fs::create_dir_all(spec.join("portsip")).unwrap();
    std::fs::create_dir_all(spec.join("notes")).unwrap();
    std::fs::write(spec.join("notes/readme.yaml"), "not: a spec\n").unwrap();
    let source = std::fs::read_to_string(common::root().join("spec/portsip/api.yaml")).unwrap();
    let (api, parts) = split(&source);
    std::fs::write(spec.join("portsip/api.yaml"), api).unwrap();
    for (display, text) in &parts {
        std::fs::write(
            spec.join("portsip")
                .join(display.rsplit('/').next().unwrap()),
            text,
        )
        .unwrap();
    }
    let ringcentral =
        std::fs::read_to_string(common::root().join("spec/ringcentral/api.yaml")).unwrap();
    std::fs::write(spec.join("ringcentral.yaml"), ringcentral).unwrap();
    let crates = generate_all(root.path()).unwrap();
    let names: Vec<(&str, &str)> = crates
        .iter()
        .map(|c| (c.dir.as_str(), c.source.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("portsip", "spec/portsip/"),
            ("ringcentral", "spec/ringcentral.yaml")
        ]
    );
}

#[test]
fn a_service_spread_over_files_merges_its_methods_and_names_the_file_of_each() {
    let api = "api:\n  name: Demo\n  crate: demo\n  version: 0.1.0\n  description: A demo.\n  license: MIT\n  servers:\n    - { name: production, url: https://api.example.com }\n";
    let hand = "services:\n  Devices:\n    description: Devices of an account\n    methods:\n      read:\n        method: GET\n        path: /devices/{id}\n        parameters:\n          - { name: id, in: path, type: string }\n        responses:\n          \"200\": ~\n";
    let imported = "services:\n  Devices:\n    methods:\n      list:\n        method: GET\n        path: /devices\n        responses:\n          \"200\": list<string>\n";
    let parts = [
        ("spec/demo/devices.imported.yaml", imported),
        ("spec/demo/devices.yaml", hand),
    ];
    let c = generate_dir("spec/demo/", ("spec/demo/api.yaml", api), &parts).unwrap();
    let service = c
        .files
        .iter()
        .find(|f| f.path == "src/services/devices.rs")
        .expect("one Devices service");
    assert!(
        service.contents.contains("pub fn read(") && service.contents.contains("pub fn list("),
        "{}",
        service.contents
    );
    assert!(service.contents.contains("Devices of an account"));

    // A method defined twice is an error at the second, naming the first file.
    let twice = "services:\n  Devices:\n    description: Again\n    methods:\n      read:\n        method: GET\n        path: /devices/again\n        responses:\n          \"200\": Devise\n";
    let parts = [("spec/demo/a.yaml", hand), ("spec/demo/b.yaml", twice)];
    let err = generate_dir("spec/demo/", ("spec/demo/api.yaml", api), &parts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("method `read` of service `Devices` is also defined in `spec/demo/a.yaml`\n  --> spec/demo/b.yaml:5:7"), "{err}");
    assert!(err.contains("service `Devices` already has a description in `spec/demo/a.yaml`; give it in one file\n  --> spec/demo/b.yaml:3:5"), "{err}");

    // A diagnostic inside a merged method names the file the method came from.
    let parts = [
        ("spec/demo/a.yaml", hand),
        (
            "spec/demo/c.yaml",
            &twice
                .replace("read:", "other:")
                .replace("description: Again\n    ", ""),
        ),
    ];
    let err = generate_dir("spec/demo/", ("spec/demo/api.yaml", api), &parts)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no type named `Devise`\n  --> spec/demo/c.yaml:"),
        "{err}"
    );
}
