//! The imported parts of the committed specs are what `cargo xtask import`
//! writes from the vendors' documents today (the codegen-check pattern):
//! an importer change that would alter them fails here until the specs are
//! re-imported and the diff reviewed.

use std::path::Path;

use sdkgen_import::stale_imports;
use sdkgen_openapi::reference;

#[test]
fn committed_imports_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let folder = reference::folder(root);
    for entry in reference::all() {
        let Some(spec) = &entry.spec else { continue };
        let document = entry.file(&folder);
        // `cargo xtask test` outside CI skips, and names the skip, when the
        // documents are missing; plain `cargo test` fails saying how to get them.
        if !document.is_file() && std::env::var_os("SDKGEN_SKIP_MISSING_REFERENCE").is_some() {
            eprintln!("skipped {spec}: {} is missing", document.display());
            continue;
        }
        let stale = stale_imports(&document, &root.join(spec))
            .unwrap_or_else(|e| panic!("{e} ({})", reference::HOW_TO_GET));
        assert!(
            stale.is_empty(),
            "{spec}/ differs from a fresh import in {stale:?}; run `cargo xtask import {} {spec}` and review the diff",
            document.display()
        );
    }
}
