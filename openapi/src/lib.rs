//! The one reader of OpenAPI documents in the workspace: the importer, the
//! contract run and the bench read vendor documents through it.
//!
//! - [`load`](mod@load): a file read as what it is (JSON by serde_json, YAML by
//!   serde_yaml) into one ordered JSON tree; a number no Rust type holds is
//!   read and noted, never a stop.
//! - [`bundle`](mod@bundle): a document split over files joined into one tree, with the
//!   origin of everything brought in.
//! - `normalise`: forms OpenAPI does not allow but whose intent is plain
//!   (`properties` given as a `$ref`), read as Prism reads them, each noted.
//! - `swagger2`: a Swagger 2.0 document converted to OpenAPI 3.0 before
//!   anything else reads it.
//! - [`Document`]: version, `$ref` resolution, components, and where an
//!   item is really written.
//! - [`pointer`](mod@pointer): JSON pointer tokens, escaped in one place.
//! - [`operations`](mod@operations): the operations in document order, and
//!   the HTTP methods a path item holds.
//! - [`reference`](mod@reference): where the project's reference documents are.
//! - [`schema`](mod@schema): what a schema says of the values it allows (the
//!   values a union's tag selects a member by).

pub mod bundle;
mod document;
pub mod load;
mod normalise;
pub mod operations;
pub mod pointer;
pub mod reference;
pub mod schema;
mod swagger2;

pub use document::{Document, ReadNotice, Version};
pub use load::LoadError;
