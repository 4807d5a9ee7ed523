//! Contract run: checks that each generated SDK speaks the vendor's real API,
//! as judged by Prism, a mock server we did not write, from the vendors' own
//! OpenAPI documents.
//!
//! For each API three Prism instances serve the vendor document: static
//! examples with `--errors`, static examples without it (used only when the
//! document's examples break its own response schema) and random
//! schema-valid data (`--dynamic`). A recording relay sits in front of each,
//! so the run sees exactly what went over the wire and every `sl-violations`
//! header. Every operation is called with only its required inputs and with
//! every optional input; the full call must carry every query parameter and
//! body field the vendor declares. Every answer must decode, and decode
//! without dropping or changing a value; half of the dynamic answers are
//! cut down to the properties their schema requires, since Prism's random
//! data always fills in every optional one.
//!
//! The library holds the whole run; a binary only names the SDKs it links
//! ([`sdk!`]) and calls [`main`]. This crate's own binary links the vendor
//! SDKs (`cargo xtask contract`, also part of `cargo xtask test`);
//! `cargo xtask corpus --contract` writes one that links the corpus SDKs.
//! Arguments: `--apis FILE` (the facts per API, default `contract/apis.yaml`),
//! `--only LIST` (operation ids, API names or `api:operationId`,
//! comma-separated: only those are checked), `--parallel N` (APIs checked at
//! once, default 2). Environment: `SDKGEN_REFERENCE_DIR` (default
//! `../shared/reference` beside the checkout) locates the documents, which
//! are read in place; `SDKGEN_CONTRACT_ONLY` adds to `--only`, and
//! `SDKGEN_CONTRACT_VERBOSE` prints each failure as it happens.

mod accepts;
mod apis;
mod call;
mod canary;
mod check;
mod prism;
mod recorder;
mod report;
mod request_body;
mod run;
mod sdks;
mod synth;
mod vendor;

#[doc(hidden)]
pub use call::Failure;
pub use run::main;
pub use sdks::{Credentials, Sdk, Start, Started};
