//! Security schemes and requirements: every `components.securitySchemes`
//! entry becomes a named scheme of `api.auth` or a finding, the global
//! `security` its `require`, and each operation's `security` a method
//! `auth` when it differs; the generator accepts every spec written here
//! (`payments-security-3.1.yaml` is also built clippy-clean in `import.rs`).

use std::path::Path;

use sdkgen::write::{GeneratedCrate, generate_spec_dir};
use sdkgen_import::{Options, import_dir};
use serde_json::{Value, json};

/// What an import wrote, read back.
struct Written {
    /// `api.yaml` as a tree.
    api: Value,
    /// Every imported service file merged: service name → its tree.
    services: Value,
    /// `pointer message` of each finding.
    findings: Vec<String>,
    /// The crate the generator made of the spec.
    krate: GeneratedCrate,
}

impl Written {
    /// `api.auth`, or null when absent.
    fn auth(&self) -> &Value {
        &self.api["api"]["auth"]
    }

    /// The `auth` of method `method` of `service` (null when not written).
    fn method_auth(&self, service: &str, method: &str) -> &Value {
        let m = &self.services[service]["methods"][method];
        assert!(m.is_object(), "no method {service}.{method}");
        &m["auth"]
    }

    /// Whether a finding at `pointer` says `words`.
    fn has(&self, pointer: &str, words: &str) -> bool {
        self.findings
            .iter()
            .any(|f| f.starts_with(&format!("{pointer} ")) && f.contains(words))
    }

    /// Findings at exactly `pointer`.
    fn at(&self, pointer: &str) -> Vec<&String> {
        self.findings
            .iter()
            .filter(|f| f.starts_with(&format!("{pointer} ")))
            .collect()
    }

    /// The text of the generated client file.
    fn client(&self) -> &str {
        &self
            .krate
            .files
            .iter()
            .find(|f| f.path == "src/client.rs")
            .expect("a client file")
            .contents
    }
}

/// Imports the document at `path` into a fresh directory, reads back what
/// was written, and generates the crate (panicking with the generator's
/// diagnostics when it refuses the spec).
fn import_path(path: &Path) -> Written {
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        crate_name: Some("security-check".into()),
        ..Options::default()
    };
    let result = import_dir(path, dir.path(), &options, |_, _| {}).unwrap();
    let read = |name: &str| -> Value {
        serde_yaml::from_str(&std::fs::read_to_string(dir.path().join(name)).unwrap()).unwrap()
    };
    let api = read("api.yaml");
    let mut services = serde_json::Map::new();
    for (name, _) in &result.files {
        if let Some(s) = read(name)["services"].as_object() {
            services.extend(s.clone());
        }
    }
    let krate = generate_spec_dir(dir.path(), "spec/security-check/")
        .unwrap_or_else(|e| panic!("the generator refuses the import: {e}"));
    Written {
        api,
        services: Value::Object(services),
        findings: result
            .report
            .findings()
            .map(|f| format!("{} {}", f.pointer, f.message))
            .collect(),
        krate,
    }
}

/// Imports the document `text` (YAML).
fn import_text(text: &str) -> Written {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.yaml");
    std::fs::write(&path, text).unwrap();
    import_path(&path)
}

fn fixture() -> Written {
    import_path(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payments-security-3.1.yaml"),
    )
}

#[test]
fn every_scheme_the_spec_can_carry_is_a_named_scheme_in_document_order() {
    let w = fixture();
    let schemes = &w.auth()["schemes"];
    let keys: Vec<&str> = schemes
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "BasicAuth",
            "ApiKeyAuth",
            "BearerAuth",
            "MerchantKey",
            "MerchantId",
            "Signature",
            "PartnerId",
            "Session",
            "OAuth2",
            "Oidc"
        ],
        "{schemes:#}"
    );
    assert_eq!(schemes["BasicAuth"], json!({"type": "basic"}));
    assert_eq!(
        schemes["ApiKeyAuth"],
        json!({"type": "api_key", "in": "header", "name": "X-API-Key", "description": "The account's API key."})
    );
    // `scheme` is case-insensitive.
    assert_eq!(schemes["BearerAuth"], json!({"type": "bearer"}));
    // A `$ref` is followed.
    assert_eq!(
        schemes["MerchantId"],
        json!({"type": "api_key", "in": "header", "name": "X-Merchant-Id"})
    );
    assert_eq!(
        schemes["PartnerId"],
        json!({"type": "api_key", "in": "query", "name": "partner_id"})
    );
    assert_eq!(
        schemes["Session"],
        json!({"type": "api_key", "in": "cookie", "name": "session"})
    );
    // The client-credentials flow's token URL is the one used.
    assert_eq!(
        schemes["OAuth2"],
        json!({
            "type": "oauth2",
            "token_url": "https://auth.example.com/token",
            "flows": ["client_credentials", "authorization_code"],
            "description": "Tokens for reporting."
        })
    );
    // OpenID Connect: a token handed in.
    assert_eq!(schemes["Oidc"], json!({"type": "oauth2"}));
    assert_eq!(w.auth()["require"], json!(["BasicAuth", "ApiKeyAuth"]));
    // Each scheme has its setter; the OAuth 2 one fetches and refreshes tokens.
    for setter in [
        "fn basic_auth(",
        "fn api_key_auth(",
        "fn partner_id(",
        "fn session(",
        "fn o_auth2_client_credentials(",
        "fn o_auth2_refresh_token(",
        "fn oidc(",
    ] {
        assert!(w.client().contains(setter), "{setter} missing");
    }
}

#[test]
fn what_the_spec_cannot_carry_is_reported_once_with_its_pointer() {
    let w = fixture();
    let schemes = "#/components/securitySchemes";
    assert!(
        w.has(
            &format!("{schemes}/DigestAuth"),
            "HTTP `digest` authentication is not supported"
        ),
        "{:#?}",
        w.findings
    );
    assert!(
        w.has(&format!("{schemes}/Mtls"), "mutual TLS"),
        "{:#?}",
        w.findings
    );
    assert!(
        w.has(&format!("{schemes}/Oidc"), "OpenID Connect discovery"),
        "{:#?}",
        w.findings
    );
    assert!(
        w.has(
            &format!("{schemes}/OAuth2/flows/authorizationCode/tokenUrl"),
            "differs from the `clientCredentials` flow's"
        ),
        "{:#?}",
        w.findings
    );
    assert!(
        w.has(
            &format!("{schemes}/OAuth2/flows/authorizationCode"),
            "sign-in in a browser"
        ),
        "{:#?}",
        w.findings
    );
    // Scopes: one finding per scheme, not one per operation.
    assert_eq!(
        w.at(&format!("{schemes}/OAuth2")),
        [&format!(
            "{schemes}/OAuth2 scopes (3 declared in its flows, listed by 2 requirements) are not requested by the SDK: a call sends the credential the client has, with whatever scopes it was granted"
        )]
    );
    assert!(
        w.has(
            &format!("{schemes}/Oidc"),
            "scopes (listed by 1 requirement)"
        ),
        "{:#?}",
        w.findings
    );
    assert!(
        !w.findings
            .iter()
            .any(|f| f.contains("scopes") && f.starts_with("#/paths")),
        "{:#?}",
        w.findings
    );
}

#[test]
fn each_operation_states_its_requirement_only_when_it_differs() {
    let w = fixture();
    // No `security`, or the API's own: nothing written.
    assert_eq!(w.method_auth("Payments", "list_methods"), &Value::Null);
    assert_eq!(w.method_auth("Payments", "get_method"), &Value::Null);
    // Three headers sent together.
    assert_eq!(
        w.method_auth("Payments", "create_payment"),
        &json!([["MerchantKey", "MerchantId", "Signature"]])
    );
    assert_eq!(
        w.method_auth("Payments", "search_payments"),
        &json!(["PartnerId"])
    );
    assert_eq!(
        w.method_auth("Payments", "session_info"),
        &json!(["Session"])
    );
    assert_eq!(w.method_auth("Reports", "list_reports"), &json!(["OAuth2"]));
    assert_eq!(
        w.method_auth("Reports", "get_report"),
        &json!(["OAuth2", "Oidc"])
    );
    // `security: []`: no credentials.
    assert_eq!(w.method_auth("Legacy", "health"), &json!(false));
    // Optional credentials: the `{}` alternative goes last, so a client that has a token sends it.
    assert_eq!(
        w.method_auth("Legacy", "public_items"),
        &json!(["BearerAuth", []])
    );
}

#[test]
fn alternatives_naming_a_scheme_that_is_not_carried_are_left_out() {
    let w = fixture();
    // Digest is not carried: basic is what is left.
    assert_eq!(
        w.method_auth("Legacy", "digest_or_basic"),
        &json!(["BasicAuth"])
    );
    assert!(
        w.has(
            "#/paths/~1digest/get/security/0",
            "`DigestAuth` is not carried"
        ),
        "{:#?}",
        w.findings
    );
    // RingCentral's token endpoint: `[{}, {OauthBasicScheme: []}]` with the scheme never declared.
    assert_eq!(w.method_auth("Legacy", "legacy_token"), &json!(false));
    assert!(
        w.has(
            "#/paths/~1legacy~1token/post/security/1",
            "`LegacyBasic` is not declared in `components.securitySchemes`: this alternative is left out"
        ),
        "{:#?}",
        w.findings
    );
    // Nothing left at all: called without credentials, and said so.
    assert_eq!(w.method_auth("Legacy", "certificate_only"), &json!(false));
    assert!(
        w.has(
            "#/paths/~1mtls/get/security",
            "none of the alternatives is carried: the method sends no credentials"
        ),
        "{:#?}",
        w.findings
    );
}

#[test]
fn per_operation_alternatives_without_a_global_requirement() {
    // Adyen's checkout: no global `security`, basic or an API key on each operation.
    let w = import_text(
        r#"
openapi: 3.0.3
info: { title: Checkout, version: "72" }
servers: [{ url: https://checkout.example.com/v72 }]
paths:
  /payments:
    post:
      tags: [Payments]
      operationId: payments
      security: [{ BasicAuth: [] }, { ApiKeyAuth: [] }]
      responses: { "204": { description: Done } }
  /originKeys:
    post:
      tags: [Utility]
      operationId: originKeys
      responses: { "204": { description: Done } }
  /status:
    get:
      tags: [Utility]
      operationId: status
      security: []
      responses: { "204": { description: Done } }
components:
  securitySchemes:
    ApiKeyAuth: { type: apiKey, name: X-API-Key, in: header }
    BasicAuth: { type: http, scheme: basic }
"#,
    );
    assert_eq!(
        w.auth()["schemes"],
        json!({
            "ApiKeyAuth": {"type": "api_key", "in": "header", "name": "X-API-Key"},
            "BasicAuth": {"type": "basic"}
        })
    );
    // Without a global requirement calls send nothing unless their method says.
    assert_eq!(w.auth()["require"], json!([]));
    assert_eq!(
        w.method_auth("Payments", "payments"),
        &json!(["BasicAuth", "ApiKeyAuth"])
    );
    assert_eq!(w.method_auth("Utility", "origin_keys"), &Value::Null);
    // `security: []` is the API's default here: nothing to state.
    assert_eq!(w.method_auth("Utility", "status"), &Value::Null);
    assert!(w.findings.is_empty(), "{:#?}", w.findings);
}

#[test]
fn scheme_names_of_one_snake_case_get_distinct_setters() {
    let w = import_text(
        r#"
openapi: 3.0.3
info: { title: Clashes, version: "1" }
servers: [{ url: https://clashes.example.com }]
security: [{ ApiKey: [] }, { api_key: [] }, { apiKey: [] }]
paths:
  /a:
    get:
      operationId: getA
      security:
        - { Timeout: [], timeout_auth: [] }
        - { partner_client_credentials: [], Partner: [] }
        - { vendor_refresh_token: [], Vendor: [] }
      responses: { "204": { description: Done } }
components:
  securitySchemes:
    ApiKey: { type: apiKey, in: header, name: X-Key }
    api_key: { type: apiKey, in: query, name: key }
    apiKey: { type: http, scheme: bearer }
    # `timeout` is a client builder method: the generator names this one `timeout_auth`.
    Timeout: { type: http, scheme: basic }
    timeout_auth: { type: apiKey, in: header, name: X-Timeout }
    Partner:
      type: oauth2
      flows: { clientCredentials: { tokenUrl: /token, scopes: {} } }
    # Named like the builder method `Partner`'s client credentials get.
    partner_client_credentials: { type: apiKey, in: header, name: X-Partner }
    # Declared before the scheme whose refresh-token setter it would take.
    vendor_refresh_token: { type: apiKey, in: header, name: X-Vendor }
    Vendor:
      type: oauth2
      flows: { password: { tokenUrl: /token, scopes: {} } }
    # Keywords: `type_`, and not `type__2`, which is no snake_case name.
    type: { type: apiKey, in: header, name: X-Type }
    Type: { type: apiKey, in: header, name: X-Other-Type }
"#,
    );
    let schemes = &w.auth()["schemes"];
    let rust_name = |key: &str| schemes[key]["rust_name"].as_str().map(str::to_owned);
    assert_eq!(rust_name("ApiKey"), None);
    assert_eq!(rust_name("api_key").as_deref(), Some("api_key_2"));
    assert_eq!(rust_name("apiKey").as_deref(), Some("api_key_3"));
    assert_eq!(rust_name("Timeout"), None);
    assert_eq!(rust_name("timeout_auth").as_deref(), Some("timeout_auth_2"));
    assert_eq!(rust_name("Partner"), None);
    assert_eq!(
        rust_name("partner_client_credentials").as_deref(),
        Some("partner_client_credentials_2")
    );
    assert_eq!(rust_name("vendor_refresh_token"), None);
    assert_eq!(rust_name("Vendor").as_deref(), Some("vendor_2"));
    assert_eq!(rust_name("type"), None);
    assert_eq!(rust_name("Type").as_deref(), Some("type_scheme"));
    assert!(
        w.has(
            "#/components/securitySchemes/api_key",
            "`api_key` is `api_key_2` in Rust: `api_key` is taken"
        ),
        "{:#?}",
        w.findings
    );
    for setter in [
        "fn api_key(",
        "fn api_key_2(",
        "fn api_key_3(",
        "fn timeout_auth(",
        "fn timeout_auth_2(",
        "fn partner_client_credentials(",
        "fn partner_client_credentials_2(",
        "fn vendor_refresh_token(",
        "fn vendor_2_refresh_token(",
        "fn type_(",
        "fn type_scheme(",
    ] {
        assert!(w.client().contains(setter), "{setter} missing");
    }
    assert_eq!(
        w.method_auth("Default", "get_a"),
        &json!([
            ["Timeout", "timeout_auth"],
            ["partner_client_credentials", "Partner"],
            ["vendor_refresh_token", "Vendor"]
        ])
    );
}

#[test]
fn a_document_without_schemes_has_no_auth() {
    let w = import_text(
        r#"
openapi: 3.0.3
info: { title: Open, version: "1" }
servers: [{ url: https://open.example.com }]
paths:
  /a:
    get:
      operationId: getA
      security: [{ Ghost: [] }]
      responses: { "204": { description: Done } }
  /b:
    get:
      operationId: getB
      security: []
      responses: { "204": { description: Done } }
"#,
    );
    assert_eq!(w.auth(), &Value::Null, "{:#}", w.api);
    assert_eq!(w.method_auth("Default", "get_a"), &Value::Null);
    assert_eq!(w.method_auth("Default", "get_b"), &Value::Null);
    assert!(
        w.has("#/paths/~1a/get/security/0", "`Ghost` is not declared"),
        "{:#?}",
        w.findings
    );
    // Ory's `sessionToken`: nothing is left, which is the API's default here, so nothing is written.
    assert!(
        w.has(
            "#/paths/~1a/get/security",
            "none of the alternatives is carried: the method sends no credentials"
        ),
        "{:#?}",
        w.findings
    );
}

#[test]
fn scopes_are_reported_once_per_scheme() {
    // Xero: an authorization-code scheme with scopes on every operation.
    let w = import_text(
        r#"
openapi: 3.0.3
info: { title: Accounting, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /invoices:
    get: { operationId: getInvoices, security: [{ OAuth2: [accounting.transactions] }], responses: { "204": { description: Done } } }
    post: { operationId: createInvoice, security: [{ OAuth2: [accounting.transactions] }], responses: { "204": { description: Done } } }
  /contacts:
    get: { operationId: getContacts, security: [{ OAuth2: [accounting.contacts] }], responses: { "204": { description: Done } } }
components:
  securitySchemes:
    OAuth2:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://login.example.com/authorize
          tokenUrl: https://identity.example.com/token
          refreshUrl: https://identity.example.com/refresh
          scopes: { accounting.transactions: Invoices, accounting.contacts: Contacts }
"#,
    );
    assert_eq!(
        w.auth()["schemes"]["OAuth2"],
        json!({"type": "oauth2", "token_url": "https://identity.example.com/token", "flows": ["authorization_code"]})
    );
    assert_eq!(w.method_auth("Default", "get_invoices"), &json!(["OAuth2"]));
    assert!(w.client().contains("fn o_auth2_refresh_token("));
    let scopes: Vec<&String> = w.findings.iter().filter(|f| f.contains("scopes")).collect();
    assert_eq!(scopes.len(), 1, "{scopes:#?}");
    assert!(
        scopes[0].contains("2 declared in its flows, listed by 3 requirements"),
        "{scopes:#?}"
    );
    assert!(
        w.has(
            "#/components/securitySchemes/OAuth2/flows/authorizationCode/refreshUrl",
            "refreshed at the token URL"
        ),
        "{:#?}",
        w.findings
    );
}
