//! The imported parts of the committed specs are what `cargo xtask import`
//! writes from the vendors' documents today (the codegen-check pattern):
//! an importer change that would alter them fails here until the specs are
//! re-imported and the diff reviewed.

use std::path::{Path, PathBuf};

use sdkgen_import::stale_imports;

/// `../shared/reference` beside the checkout, or `SDKGEN_REFERENCE_DIR`.
fn reference() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    std::env::var_os("SDKGEN_REFERENCE_DIR").map_or_else(
        || root.parent().unwrap().join("shared/reference"),
        PathBuf::from,
    )
}

#[test]
fn committed_imports_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for (api, document) in [
        ("ringcentral", "ringcentral/rc-platform.openapi.yaml"),
        ("portsip", "portsip/portsip-pbx-rest-api-22.0.openapi.json"),
    ] {
        let document = reference().join(document);
        let stale = stale_imports(&document, &root.join("spec").join(api)).unwrap_or_else(|e| {
            panic!("{e} (set SDKGEN_REFERENCE_DIR to the directory holding the vendor documents)")
        });
        assert!(stale.is_empty(), "spec/{api}/ differs from a fresh import in {stale:?}; run `cargo xtask import {} spec/{api}` and review the diff", document.display());
    }
}
