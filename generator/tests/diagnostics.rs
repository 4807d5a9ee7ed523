//! Each spec mistake gets a located diagnostic; snapshots show exactly what a
//! maintainer reads.

use sdkgen::write::generate;

const API: &str = "api:
  name: Demo
  crate: demo
  version: 0.1.0
  description: A demo API.
  license: MIT
  servers:
    - name: production
      url: https://api.example.com
";

/// The rendered diagnostics for `source`, which must not generate.
fn diagnostics_of(source: &str) -> String {
    match generate("spec/demo.yaml", source) {
        Ok(_) => panic!("expected an error for:\n{source}"),
        Err(e) => e.to_string(),
    }
}

fn diagnose(body: &str) -> String {
    diagnostics_of(&format!("{API}{body}"))
}

/// Like `diagnose`, for mistakes in the `api` section itself.
fn diagnose_api(from: &str, to: &str) -> String {
    diagnostics_of(&API.replacen(from, to, 1))
}

#[test]
fn invalid_crate_name() {
    insta::assert_snapshot!(diagnose_api("crate: demo", "crate: Demo-SDK!"));
}

#[test]
fn invalid_version() {
    insta::assert_snapshot!(diagnose_api("version: 0.1.0", "version: one"));
}

#[test]
fn unknown_auth_type() {
    insta::assert_snapshot!(diagnose_api(
        "  license: MIT\n",
        "  license: MIT\n  auth: { type: oauth3 }\n"
    ));
}

#[test]
fn feature_default_naming_no_service() {
    let features = "  license: MIT\n  features:\n    default: [Devics]\n    defualt_off: []\n";
    let body = "services:\n  Devices:\n    methods:\n      list:\n        method: GET\n        path: /devices\n        responses:\n          \"204\": ~\n";
    insta::assert_snapshot!(diagnostics_of(&format!(
        "{}{body}",
        API.replacen("  license: MIT\n", features, 1)
    )));
    let features = "  license: MIT\n  features:\n    default: [Devics]\n";
    insta::assert_snapshot!(
        "feature_default_naming_no_service_2",
        diagnostics_of(&format!(
            "{}{body}",
            API.replacen("  license: MIT\n", features, 1)
        ))
    );
}

#[test]
fn server_url_variable_without_entry() {
    insta::assert_snapshot!(diagnose_api(
        "url: https://api.example.com",
        "url: \"https://{region}.example.com\""
    ));
}

macro_rules! case {
    ($name:ident, $body:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(diagnose($body));
        }
    };
}

case!(
    unknown_key_with_suggestion,
    "models:\n  Device:\n    fields:\n      id:\n        type: string\n        requird: true\n"
);
case!(
    undefined_reference,
    "models:\n  DeviceResource:\n    fields:\n      id: { type: string }\n  Holder:\n    fields:\n      device:\n        type: DeviceResorce\n"
);
case!(
    duplicate_type_across_sections,
    "models:\n  Status:\n    fields:\n      id: { type: string }\nenums:\n  Status:\n    values: [A]\n"
);
case!(
    two_fields_one_rust_name,
    "models:\n  Device:\n    fields:\n      computerName: { type: string }\n      computer_name: { type: string }\n"
);
case!(empty_enum, "enums:\n  Empty:\n    values: []\n");
case!(
    duplicate_enum_value,
    "enums:\n  Color:\n    values: [Red, Blue, Red]\n"
);
case!(
    invalid_http_method,
    "services:\n  Devices:\n    methods:\n      read:\n        method: FETCH\n        path: /devices\n        responses:\n          \"200\": ~\n"
);
case!(
    path_parameter_missing_from_template,
    "services:\n  Devices:\n    methods:\n      read:\n        method: GET\n        path: /devices\n        parameters:\n          - { name: deviceId, in: path, type: string }\n        responses:\n          \"200\": ~\n"
);
case!(
    template_parameter_not_declared,
    "services:\n  Devices:\n    methods:\n      read:\n        method: GET\n        path: /devices/{deviceId}\n        responses:\n          \"200\": ~\n"
);
case!(
    two_methods_one_operation_id,
    "services:\n  Health:\n    methods:\n      check:\n        operation_id: health.get\n        method: GET\n        path: /health\n        responses:\n          \"200\": ~\n  Status:\n    methods:\n      probe:\n        operation_id: health.get\n        method: HEAD\n        path: /health\n        responses:\n          \"200\": ~\n"
);
case!(
    minimum_above_maximum,
    "models:\n  Order:\n    fields:\n      quantity: { type: int32, minimum: 50, maximum: 1 }\n"
);
case!(
    union_with_one_member,
    "models:\n  A:\n    fields:\n      x: { type: string }\nunions:\n  U:\n    one_of: [A]\n"
);
case!(
    several_errors_in_one_run,
    "models:\n  A:\n    fields:\n      x: { type: Nope }\n      y: { type: list<Nada> }\nenums:\n  E:\n    values: []\n"
);
case!(
    yaml_syntax_error,
    "models:\n  A:\n    description: \"unterminated\n    fields: {}\n"
);
case!(
    wrong_value_type,
    "models:\n  A:\n    fields:\n      x: { type: string, required: maybe }\n"
);
case!(
    token_flow_names_a_missing_method,
    "  auth:\n    type: bearer\n    token_flow:\n      sign_in: Auth.sign_on\n      refresh: Auth.refresh\n      access_token_field: access_token\n      refresh_token_field: refresh_token\n      refresh_body_field: refresh_token\n"
);
case!(
    pagination_through_a_missing_field,
    "models:\n  Page:\n    fields:\n      records: { type: list<string>, required: true }\nservices:\n  Items:\n    methods:\n      list:\n        method: GET\n        path: /items\n        parameters:\n          - { name: page, in: query, type: int32 }\n        responses:\n          \"200\": Page\n        pagination:\n          items: records\n          page_param: page\n          has_more: navigation.next\n"
);
case!(
    duplicate_model_key,
    "models:\n  Device:\n    fields:\n      id: { type: string }\n  Device:\n    fields:\n      name: { type: string }\n"
);
case!(
    duplicate_field_wire_name,
    "models:\n  Device:\n    fields:\n      id: { type: string }\n      id: { type: int64 }\n"
);
case!(
    invalid_path_template,
    "services:\n  Devices:\n    methods:\n      read:\n        method: GET\n        path: /devices/{deviceId\n        responses:\n          \"200\": ~\n"
);
case!(
    error_status_under_responses,
    "services:\n  Devices:\n    methods:\n      read:\n        method: GET\n        path: /devices\n        responses:\n          \"404\": ~\n"
);
case!(
    two_success_body_types,
    "models:\n  A:\n    fields:\n      x: { type: string }\n  B:\n    fields:\n      y: { type: string }\nservices:\n  S:\n    methods:\n      get:\n        method: GET\n        path: /x\n        responses:\n          \"200\": A\n          \"201\": B\n"
);
case!(
    body_on_a_no_content_status,
    "services:\n  S:\n    methods:\n      delete:\n        method: DELETE\n        path: /x\n        responses:\n          \"204\": map<any>\n"
);
case!(
    enum_value_named_like_the_catch_all,
    "enums:\n  Kind:\n    values: [Known, Unknown Value]\n"
);
case!(
    rust_name_not_an_identifier,
    "models:\n  Device:\n    fields:\n      transfer: { type: string, rust_name: transfer-method }\n"
);
case!(
    type_name_shadowing_the_prelude,
    "models:\n  Option:\n    fields:\n      x: { type: string }\n"
);
case!(
    optional_path_parameter,
    "services:\n  Devices:\n    methods:\n      read:\n        method: GET\n        path: /devices/{id}\n        parameters:\n          - { name: id, in: path, type: string, required: false }\n        responses:\n          \"200\": ~\n"
);
case!(
    length_constraint_on_a_number,
    "models:\n  Device:\n    fields:\n      count: { type: int32, max_length: 3 }\n"
);
case!(
    all_of_cycle,
    "models:\n  A:\n    all_of: [B]\n    fields: {}\n  B:\n    all_of: [A]\n    fields: {}\n"
);
case!(
    inline_enum_on_an_integer,
    "models:\n  Device:\n    fields:\n      level: { type: int32, enum: [1, 2] }\n"
);
case!(
    parameter_without_location,
    "services:\n  Devices:\n    methods:\n      list:\n        method: GET\n        path: /devices\n        parameters:\n          - { name: page, type: int32 }\n        responses:\n          \"200\": ~\n"
);

// Every unknown key of a file is reported in one run, in file order, at
// every level, each with its own location.
case!(
    unknown_keys_everywhere_in_one_run,
    "models:\n  Device:\n    descripton: A device\n    fields:\n      id: { type: string, requird: true }\nenums:\n  Kind:\n    values:\n      - value: A\n        rust_nam: Alpha\nservices:\n  S:\n    methods:\n      get:\n        method: GET\n        path: /d\n        parametrs: []\n        responses:\n          \"200\": Device\n        pagination: { items: records, page: page, has_more: next }\n"
);

#[test]
fn unknown_keys_in_auth_and_server_variables() {
    let source = API.replacen(
        "      url: https://api.example.com\n",
        "      url: \"https://{host}\"\n      variables:\n        host: { default: h, descripton: Host }\n  auth:\n    type: bearer\n    token_flw: {}\n",
        1,
    );
    insta::assert_snapshot!(diagnostics_of(&source));
}

case!(
    duplicate_key_in_a_field,
    "models:\n  Device:\n    fields:\n      id:\n        type: string\n        required: true\n        required: false\n"
);
case!(
    duplicate_section,
    "models:\n  A:\n    fields:\n      x: { type: string }\nmodels:\n  B:\n    fields:\n      y: { type: string }\n"
);
case!(
    duplicate_status,
    "services:\n  S:\n    methods:\n      get:\n        method: GET\n        path: /x\n        responses:\n          \"200\": ~\n          \"200\": ~\n"
);

#[test]
fn auth_keys_that_belong_to_another_scheme() {
    insta::assert_snapshot!(diagnose_api(
        "  license: MIT\n",
        "  license: MIT\n  auth: { type: basic, header: X-Key }\n"
    ));
}

#[test]
fn security_schemes_used_wrongly() {
    insta::assert_snapshot!(diagnose_api(
        "  license: MIT\n",
        concat!(
            "  license: MIT\n",
            "  auth:\n",
            "    schemes:\n",
            "      Basic: { type: basic, in: query }\n",
            "      Key: { type: api_key }\n",
            "      OAuth: { type: oauth2, flows: [client_credentials] }\n",
            "      ApiKey: { type: api_key, name: X-A }\n",
            "      api_key: { type: api_key, name: X-B }\n",
            "    require: [Basic, [OAuht, Basic]]\n",
        )
    ));
}

#[test]
fn api_key_without_header() {
    insta::assert_snapshot!(diagnose_api(
        "  license: MIT\n",
        "  license: MIT\n  auth: { type: api_key }\n"
    ));
}
case!(
    rate_limit_group_not_declared,
    "services:\n  S:\n    methods:\n      get:\n        method: GET\n        path: /x\n        rate_limit: Light\n        responses:\n          \"200\": ~\n"
);
case!(
    duplicate_key_in_a_flow_mapping,
    "models:\n  Device:\n    fields:\n      id: { type: string, required: true, type: int64 }\n"
);
case!(
    error_body_of_a_primitive_type,
    "services:\n  S:\n    methods:\n      get:\n        method: GET\n        path: /x\n        responses:\n          \"200\": ~\n        errors:\n          \"404\": string\n"
);
case!(
    parameter_rust_name_the_builder_uses,
    "services:\n  S:\n    methods:\n      get:\n        method: GET\n        path: /x\n        parameters:\n          - { name: mode, in: query, type: string, rust_name: send }\n        responses:\n          \"200\": ~\n"
);
case!(
    infinite_minimum,
    "models:\n  Device:\n    fields:\n      count: { type: int32, minimum: -.inf }\n"
);
case!(
    uint64_bounds_outside_u64,
    "models:\n  Topic:\n    fields:\n      lag: { type: uint64, minimum: -1, maximum: 18446744073709551616 }\n"
);
case!(
    int128_bounds_outside_i128,
    "models:\n  Topic:\n    fields:\n      lag: { type: int128, minimum: -1.0e40, maximum: 170141183460469231731687303715884105728 }\n"
);
case!(
    field_rust_name_not_snake_case,
    "models:\n  Device:\n    fields:\n      id: { type: string, rust_name: Value }\n"
);
case!(
    field_rust_name_with_a_leading_underscore,
    "models:\n  Device:\n    fields:\n      id: { type: string, rust_name: _id }\n"
);
case!(
    variant_rust_name_not_camel_case,
    "enums:\n  Kind:\n    values:\n      - { value: a, rust_name: poll }\n      - b\n"
);

const TWO_MODELS: &str = "models:\n  A:\n    fields:\n      kind: { type: string }\n  B:\n    fields:\n      kind: { type: string }\n";

case!(
    discriminator_mapping_names_a_type_not_in_one_of,
    &format!(
        "{TWO_MODELS}unions:\n  U:\n    discriminator:\n      property: kind\n      mapping: {{ a: A, b: Bb }}\n    one_of: [A, B]\n"
    )
);
case!(
    discriminated_member_is_not_a_model,
    &format!(
        "{TWO_MODELS}unions:\n  U:\n    discriminator: {{ property: kind }}\n    one_of: [A, string]\n"
    )
);
case!(
    discriminator_values_that_become_one_variant,
    &format!(
        "{TWO_MODELS}unions:\n  U:\n    discriminator:\n      property: kind\n      mapping: {{ a-b: A, a_b: B }}\n    one_of: [A, B]\n"
    )
);
case!(
    discriminator_value_selecting_two_members,
    &format!(
        "{TWO_MODELS}unions:\n  U:\n    discriminator:\n      property: kind\n      mapping: {{ B: A }}\n    one_of: [A, B]\n"
    )
);
case!(
    discriminator_key_typo,
    &format!(
        "{TWO_MODELS}unions:\n  U:\n    discriminator: {{ propery: kind }}\n    one_of: [A, B]\n"
    )
);
case!(
    binary_is_not_a_json_type,
    "models:\n  Upload:\n    fields:\n      data: { type: binary }\n"
);
case!(
    nullable_marker_on_a_malformed_type,
    "models:\n  A:\n    fields:\n      x: { type: \"list<string?\" }\n"
);

const LIST_METHOD: &str = "services:\n  Items:\n    methods:\n      list:\n        method: GET\n        path: /items\n        responses:\n          \"200\": ~\n        parameters:\n";

case!(
    style_on_a_header,
    &format!(
        "{LIST_METHOD}          - {{ name: X-Tags, in: header, type: list<string>, explode: false }}\n"
    )
);
case!(
    deep_object_of_a_list,
    &format!(
        "{LIST_METHOD}          - {{ name: tags, in: query, type: list<string>, style: deepObject }}\n"
    )
);
case!(
    deep_object_not_exploded,
    &format!(
        "models:\n  F:\n    fields:\n      a: {{ type: string }}\n{LIST_METHOD}          - {{ name: f, in: query, type: F, style: deepObject, explode: false }}\n"
    )
);
case!(
    unknown_query_style,
    &format!(
        "{LIST_METHOD}          - {{ name: tags, in: query, type: list<string>, style: matrix }}\n"
    )
);
case!(
    object_query_parameter_joined_holding_a_list,
    &format!(
        "models:\n  F:\n    fields:\n      a: {{ type: string }}\n      tags: {{ type: list<string> }}\n{LIST_METHOD}          - {{ name: f, in: query, type: F, explode: false }}\n          - {{ name: m, in: query, type: \"map<list<int32>>\", explode: false }}\n"
    )
);
case!(
    object_query_parameter_pipe_delimited,
    &format!(
        "{LIST_METHOD}          - {{ name: m, in: query, type: map<string>, style: pipeDelimited }}\n"
    )
);
case!(
    form_object_holding_an_object,
    &format!(
        "models:\n  F:\n    fields:\n      a: {{ type: string }}\n      inner: {{ type: F }}\n{LIST_METHOD}          - {{ name: f, in: query, type: F }}\n          - {{ name: m, in: query, type: \"map<map<string>>\" }}\n"
    )
);
case!(
    fixed_query_key_also_a_query_parameter,
    "services:\n  Items:\n    methods:\n      list:\n        method: GET\n        path: /items?beta=true\n        parameters:\n          - { name: beta, in: query, type: boolean }\n        responses:\n          \"200\": ~\n"
);
case!(
    fixed_queries_that_cannot_be_sent_as_written,
    "services:\n  Items:\n    methods:\n      a:\n        method: GET\n        path: /items#top\n        responses:\n          \"200\": ~\n      b:\n        method: GET\n        path: /items?flag\n        responses:\n          \"200\": ~\n      c:\n        method: GET\n        path: /items/{id}?=1\n        parameters:\n          - { name: id, in: path, type: string }\n        responses:\n          \"200\": ~\n      d:\n        method: GET\n        path: /items?x={y}&b=1%zz\n        responses:\n          \"200\": ~\n      e:\n        method: GET\n        path: \"/items?a=1 2\"\n        responses:\n          \"200\": ~\n"
);
case!(
    style_on_a_model_field,
    "models:\n  F:\n    fields:\n      a: { type: list<string>, explode: false }\n"
);
#[test]
fn api_headers_that_are_invalid_owned_elsewhere_or_repeated() {
    let headers = "  headers:\n    - { name: \"X Version\", default: \"1\" }\n    - { name: Authorization, default: \"Bearer x\" }\n    - { name: X-Api-Version, default: \"1\" }\n    - { name: x-api-version, default: \"2\" }\n    - { name: X-Note, default: \"caf\u{e9}\" }\n";
    insta::assert_snapshot!(diagnostics_of(&format!("{API}{headers}")));
}

/// A service `S` with one method `m` whose lines after `path` are `rest`.
fn method_with(rest: &str) -> String {
    diagnose(&format!(
        "models:\n  A:\n    fields:\n      x: {{ type: string }}\nservices:\n  S:\n    methods:\n      m:\n        method: POST\n        path: /x\n{rest}"
    ))
}

#[test]
fn bodies_that_their_media_type_cannot_carry() {
    insta::assert_snapshot!(method_with(
        "        body:\n          type: A\n          content_type: image/png\n          files:\n            - { name: f, required: true }\n        responses:\n          \"200\": ~\n"
    ));
    insta::assert_snapshot!(method_with(
        "        body: { type: binary }\n        responses:\n          \"200\": ~\n"
    ));
    insta::assert_snapshot!(method_with(
        "        body: { type: A, content_type: text/plain }\n        responses:\n          \"200\": ~\n"
    ));
    insta::assert_snapshot!(method_with(
        "        body: { type: list<string>, content_type: application/x-www-form-urlencoded }\n        responses:\n          \"200\": ~\n"
    ));
    insta::assert_snapshot!(method_with(
        "        body: { content_type: multipart/form-data }\n        responses:\n          \"200\": ~\n"
    ));
    insta::assert_snapshot!(method_with(
        "        body: { type: A, content_type: json }\n        responses:\n          \"200\": ~\n"
    ));
    insta::assert_snapshot!(method_with(
        "        parameters:\n          - { name: file, in: query, type: string }\n        body:\n          content_type: multipart/form-data\n          files: [{ name: file }]\n        responses:\n          \"200\": ~\n"
    ));
}

#[test]
fn answers_that_their_media_type_cannot_carry() {
    insta::assert_snapshot!(method_with(
        "        responses:\n          \"200\": { type: A, content_type: image/png }\n"
    ));
    insta::assert_snapshot!(method_with(
        "        responses:\n          \"200\": { type: A, content_type: text/csv }\n"
    ));
    insta::assert_snapshot!(method_with(
        "        responses:\n          \"200\": { type: binary }\n          \"201\": A\n"
    ));
    insta::assert_snapshot!(method_with(
        "        responses:\n          \"200\": { type: A, contnet_type: text/csv }\n"
    ));
    insta::assert_snapshot!(method_with(
        "        responses:\n          \"200\":\n            type: A\n            headers:\n              Location: { type: A }\n              Bad Name: { type: string }\n              body: { type: string, rust_name: body }\n"
    ));
}

#[test]
fn token_flows_that_cannot_refresh_or_sign_out() {
    let flow = |extra: &str, body: &str| {
        diagnostics_of(&format!(
            "{API}  auth:\n    type: bearer\n    token_flow:\n      sign_in: A.token\n      refresh: A.token\n      access_token_field: access_token\n      refresh_token_field: refresh_token\n      refresh_body_field: refresh_token\n{extra}models:\n  Token:\n    fields:\n      access_token: {{ type: string, required: true }}\n      refresh_token: {{ type: string }}\n      expires_in: {{ type: string }}\n  G1:\n    fields:\n      refresh_token: {{ type: string, required: true }}\n  G2:\n    fields:\n      refresh_token: {{ type: string, required: true }}\n{body}services:\n  A:\n    methods:\n      token:\n        method: POST\n        path: /token\n        auth: false\n        body: {{ type: Grant, content_type: application/x-www-form-urlencoded }}\n        responses:\n          \"200\": Token\n"
        ))
    };
    let union = "unions:\n  Grant:\n    discriminator: { property: grant_type, mapping: { a: G1, b: G2 } }\n    one_of: [G1, G2]\n";
    insta::assert_snapshot!(flow(
        "      expires_in_field: expires_in\n      sign_out: A.revoke\n      client_auth: digest\n",
        union
    ));
    insta::assert_snapshot!(flow(
        "      expires_in_field: expires_in\n      sign_out: A.revoke\n",
        union
    ));
    insta::assert_snapshot!(flow(
        "",
        "unions:\n  Grant:\n    discriminator: { property: grant_type, mapping: { a: G1, b: G2 }, rust_names: { a: first, c: C, b: Unknown } }\n    one_of: [G1, G2]\n"
    ));
}

#[test]
fn pagination_that_cannot_walk_the_pages() {
    let list = |rest: &str| {
        diagnose(&format!(
            "models:\n  Item:\n    fields:\n      id: {{ type: string, required: true }}\n  Page:\n    fields:\n      data: {{ type: list<Item>, required: true }}\n      total: {{ type: int32, required: true }}\n      next: {{ type: int32 }}\nservices:\n  S:\n    methods:\n      list:\n        method: GET\n        path: /items\n        parameters:\n          - {{ name: cursor, in: query, type: string }}\n          - {{ name: page, in: query, type: int32 }}\n{rest}"
        ))
    };
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { style: cursor, items: data, cursor_param: page, next_cursor: next, page_param: page }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { style: cursor, items: data, cursor_param: cursor, next_cursor: next, cursor_item_field: id, has_more: total }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": list<Item>\n        pagination: { style: offset, items: data, has_more: next }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { style: link }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { items: data, page_param: cursor }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { style: next_url, items: data, next_url: total }\n"
    ));
    // Paths through nested objects: a step that is not an object, a total that is not an integer or of the wrong style, and a word other than `none`.
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { items: total.records, page_param: page }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { items: data, page_param: page, total: data }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: { style: cursor, items: data, cursor_param: cursor, next_cursor: next, total_pages: total }\n"
    ));
    insta::assert_snapshot!(list(
        "        responses:\n          \"200\": Page\n        pagination: off\n"
    ));
}
