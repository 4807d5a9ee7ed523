//! Views of the files around the code: `Cargo.toml`, `README.md` (also the
//! crate's root docs) and `lib.rs`.

use askama::Template;

use super::examples;
use super::view::{doc_text, first_sentence, named};
use crate::ir::{Api, HttpMethod, Primitive};

fn toml_str(s: &str) -> String {
    // TOML basic strings share JSON's escapes.
    serde_json::to_string(s).unwrap_or_default()
}

fn toml_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| toml_str(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `templates/Cargo.toml.askama`.
#[derive(Template)]
#[template(path = "Cargo.toml.askama", escape = "none")]
pub struct CargoToml {
    crate_name: String,
    version: String,
    description: String,
    license: String,
    repository: Option<String>,
    keywords: String,
    categories: String,
    runtime_version: &'static str,
    /// Dependencies only some APIs need, as `name = spec` lines.
    extra_dependencies: Vec<String>,
    /// Runtime features those APIs need (`"uuid"`).
    runtime_features: String,
    /// `[features]` lines of the service features (empty without `api.features`).
    service_features: String,
    /// `, "devices", …`: the service features on by default.
    default_features: String,
    /// Some method has `.stream()`: the README's example of it is a doctest that needs `futures-util`.
    has_stream: bool,
}
named!(CargoToml, "Cargo.toml.askama");

/// The view of `Cargo.toml`.
pub fn cargo_toml(api: &Api) -> CargoToml {
    // Each `uses` walks every type of the API: once per optional crate.
    let used: Vec<&(Primitive, &str, &str)> = OPTIONAL_DEPENDENCIES
        .iter()
        .filter(|d| api.uses(d.0))
        .collect();
    let features: Vec<String> = used.iter().map(|d| d.2.to_owned()).collect();
    let (service_features, default_features) = super::features::cargo_lines(api);
    CargoToml {
        crate_name: api.crate_name.clone(),
        version: api.version.clone(),
        description: toml_str(
            &api.description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        license: api.license.clone(),
        repository: api.repository.clone(),
        keywords: toml_list(&api.keywords),
        categories: toml_list(&api.categories),
        runtime_version: super::RUNTIME_VERSION,
        extra_dependencies: used.iter().map(|d| d.1.to_owned()).collect(),
        runtime_features: if features.is_empty() {
            String::new()
        } else {
            format!(", features = [{}]", toml_list(&features))
        },
        service_features,
        default_features,
        has_stream: api.methods().any(|(_, m)| m.pagination.is_some()),
    }
}

/// The crate a primitive's Rust type comes from, as a dependency line, and
/// the runtime feature that encodes it as a parameter.
const OPTIONAL_DEPENDENCIES: &[(Primitive, &str, &str)] = &[
    (
        Primitive::Decimal,
        r#"rust_decimal = { version = "1", default-features = false, features = ["serde", "std"] }"#,
        "decimal",
    ),
    (
        Primitive::Uuid,
        r#"uuid = { version = "1", default-features = false, features = ["serde", "std"] }"#,
        "uuid",
    ),
];

/// One row of the README's method table.
pub struct MethodRow {
    service: String,
    method: String,
    /// The method's page, relative to the crate's documentation root: a
    /// plain link rather than an intra-doc one, because a method behind a
    /// feature the docs were built without must not break the build of
    /// the docs (docs.rs builds them with every feature).
    link: String,
    http: String,
    path: String,
    summary: String,
}

/// `templates/README.md.askama`.
#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
pub struct Readme {
    name: String,
    crate_name: String,
    crate_ident: String,
    version: String,
    description: String,
    source: String,
    method_rows: Vec<MethodRow>,
    auth: String,
    /// The rate-limit section's text; empty without rate limits.
    rate_limits: String,
    example: Vec<String>,
    error_example: Vec<String>,
    test_example: Vec<String>,
    /// Statements collecting every item of a paginated method.
    stream_example: Vec<String>,
    /// The feature the pagination example's service needs, when a default build leaves it out.
    stream_feature: Option<String>,
    has_stream: bool,
    /// Whether some method sends files or raw content (`Upload`).
    has_upload: bool,
    /// Whether some method answers with raw content (`download()`).
    has_download: bool,
    servers: Vec<String>,
    runtime_version: &'static str,
    /// What the service features are, when the crate has them.
    features_text: Option<String>,
    /// `(feature, accessor, "yes"/"")` per gated service.
    feature_rows: Vec<(String, String, &'static str)>,
}
named!(Readme, "README.md.askama");

/// How a client signs in, refreshes and signs out, when the API hands out tokens.
fn token_flow_text(api: &Api) -> Option<String> {
    let refresh = api.token_refresh.as_ref()?;
    let spell = |s: &crate::ir::Service, m: &crate::ir::Method| {
        format!(
            "[`client.{}().{}(…)`]({})",
            s.accessor,
            m.rust_name,
            method_page(s, m)
        )
    };
    let is_refresh = |s: &crate::ir::Service, m: &crate::ir::Method| {
        s.rust_name == refresh.service && m.rust_name == refresh.method
    };
    // An OAuth token endpoint both signs in and refreshes: then it is named for both.
    let sign_in = api
        .methods()
        .filter(|(_, m)| m.stores_tokens.is_some())
        .min_by_key(|(s, m)| is_refresh(s, m))
        .map(|(s, m)| spell(s, m))?;
    let refresh_call = api
        .methods()
        .find(|(s, m)| is_refresh(s, m))
        .map(|(s, m)| spell(s, m))?;
    let expiring = api.methods().any(|(_, m)| {
        m.stores_tokens
            .as_ref()
            .is_some_and(|t| t.expires_in.is_some())
    });
    let when = if expiring {
        "when the access token is about to expire, or a call is answered 401, it refreshes them with {refresh} and sends the call with the new token"
    } else {
        "when a call is answered 401, it refreshes them with {refresh} and sends the call again"
    }
    .replace("{refresh}", &refresh_call);
    let mut text = format!(
        "Requests carry `Authorization: Bearer <token>`. Pass a token you already have to [`Client::new(token)`](Client::new), or build a client and sign in with {sign_in}: the client keeps the tokens it returns, and {when} (calls that find the token stale at once share one refresh). If the refresh fails, the call returns [`Error::Auth`](Error::Auth): sign in again."
    );
    if api.client_auth {
        text.push_str(" A confidential OAuth client sets [`Client::builder().client_credentials(client_id, client_secret)`](ClientBuilder::client_credentials): signing in, refreshing and signing out then send them as HTTP basic authentication.");
    }
    if let Some((s, m)) = api.methods().find(|(_, m)| m.signs_out) {
        text.push_str(&format!(
            " {} signs out: once it succeeds the client forgets its tokens.",
            spell(s, m)
        ));
    }
    Some(text)
}

/// Where rustdoc puts `m`'s documentation, relative to the crate page.
///
/// A path, not an intra-doc link: a service behind a feature that a
/// build leaves off would make the link a rustdoc warning in that build.
fn method_page(s: &crate::ir::Service, m: &crate::ir::Method) -> String {
    format!(
        "services/{}/struct.{}.html#method.{}",
        s.module, s.rust_name, m.rust_name
    )
}

/// The view of `README.md`.
pub fn readme(api: &Api) -> Readme {
    let method_rows = api
        .methods()
        .map(|(s, m)| MethodRow {
            service: s.accessor.clone(),
            method: m.rust_name.clone(),
            link: method_page(s, m),
            http: m.http_method.as_str().to_owned(),
            path: m.path.clone(),
            summary: first_sentence(m.summary.as_deref().or(m.doc.as_deref()).unwrap_or("")),
        })
        .collect();
    let krate = api.crate_name.replace('-', "_");
    let auth = super::security::readme(api, token_flow_text(api));
    // The worked example and the unit-test example call the first GET
    // method; the error example the first one without a body.
    // Only methods a default build compiles can be examples.
    let default_on = |s: &crate::ir::Service| {
        s.feature.as_ref().is_none_or(|f| {
            api.features
                .as_ref()
                .is_some_and(|fs| fs.default.contains(f))
        })
    };
    let all: Vec<_> = api.methods().filter(|(s, _)| default_on(s)).collect();
    let worked = all
        .iter()
        .find(|(_, m)| m.http_method == HttpMethod::Get && m.stores_tokens.is_none())
        .or(all.first());
    let example = worked
        .map(|(s, m)| examples::call_lines(api, s, m))
        .unwrap_or_default();
    let test_example = worked
        .map(|(s, m)| examples::fake_test_lines(api, s, m))
        .unwrap_or_default();
    // The pagination example walks the first paginated method a default
    // build has, else the first of all, behind its service's feature.
    let paged = all
        .iter()
        .copied()
        .find(|(_, m)| m.pagination.is_some())
        .or_else(|| api.methods().find(|(_, m)| m.pagination.is_some()));
    let stream_feature = paged
        .filter(|(s, _)| !default_on(s))
        .and_then(|(s, _)| s.feature.clone());
    let stream_example = paged
        .map(|(s, m)| examples::stream_lines(api, s, m))
        .unwrap_or_default();
    let error_example = all
        .iter()
        .find(|(_, m)| m.body.is_none())
        .or(all.first())
        .map(|(s, m)| {
            // The call, laid out over lines, ends `.await?;`: here its result is matched instead.
            let mut lines = examples::call_lines(api, s, m);
            if let Some(last) = lines.last_mut() {
                if let Some(kept) = last.strip_suffix("?;") {
                    *last = format!("{kept};");
                }
            }
            lines.push("match result {".into());
            lines.push("    Ok(value) => println!(\"{value:?}\"),".into());
            lines.push(format!("    Err({krate}::Error::Api(e)) => eprintln!(\"HTTP {{}}: {{}} ({{:?}})\", e.status, e.body, e.model),"));
            lines.push(format!("    Err({krate}::Error::Validation {{ problems, .. }}) => eprintln!(\"not sent: {{problems:?}}\"),"));
            lines.push("    Err(e) => eprintln!(\"{e}\"),".into());
            lines.push("}".into());
            lines
        })
        .unwrap_or_default();
    let servers = api
        .servers
        .iter()
        .map(|s| {
            format!(
                "`Environment::{}`: `{}`{}",
                s.rust_name,
                s.url,
                s.description
                    .as_deref()
                    .map(|d| format!(" ({})", first_sentence(d)))
                    .unwrap_or_default()
            )
        })
        .collect();
    Readme {
        name: api.name.clone(),
        crate_name: api.crate_name.clone(),
        crate_ident: krate,
        version: api.version.clone(),
        description: doc_text(&api.description),
        source: api.source.clone(),
        method_rows,
        auth,
        rate_limits: super::limits::readme(api.rate_limits.as_ref()),
        example,
        error_example,
        test_example,
        stream_example,
        stream_feature,
        has_stream: api.methods().any(|(_, m)| m.pagination.is_some()),
        has_upload: api.methods().any(|(_, m)| m.body.as_ref().is_some_and(|b| b.encoding == crate::ir::BodyEncoding::Binary || !b.files.is_empty())),
        has_download: api.methods().any(|(_, m)| m.returns == crate::ir::Returns::Bytes),
        servers,
        runtime_version: super::RUNTIME_VERSION,
        features_text: api.features.as_ref().map(|f| {
            let on = if f.default.is_empty() { "none".to_owned() } else { f.default.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ") };
            format!(
                "Each service is behind a cargo feature of its own, so a program compiles only the services it uses, and the build of a few services of a large API stays short. On by default: {on}. `full` turns on every service. Choose yours with `default-features = false, features = [\"http2\", …]`. A type is compiled when a service that uses it is; each service's docs name its feature."
            )
        }),
        feature_rows: api.services.iter().filter_map(|s| Some((s.feature.clone()?, s.accessor.clone(), if default_on(s) { "yes" } else { "" }))).collect(),
    }
}

/// `templates/lib.rs.askama`.
#[derive(Template)]
#[template(path = "lib.rs.askama", escape = "none")]
pub struct LibRs;
named!(LibRs, "lib.rs.askama");

/// The crate root: its docs are the generated README.
pub fn lib_rs() -> LibRs {
    LibRs
}
