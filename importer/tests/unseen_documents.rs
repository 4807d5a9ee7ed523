//! Forms met in documents the importer had never seen (the public ones of
//! Discord, Box, Intercom, Apideck and Svix) that the generator refused
//! once imported, that made an SDK clippy refused, or that the import read
//! as `any`:
//!
//! - an `enum` that lists no value (`enum: []`), once an enum of no
//!   variant, which the generator refuses;
//! - an enum written the OpenAPI 3.1 way, a `oneOf` of `const` branches each
//!   with its `title` and `description`: once a union of non-objects, read
//!   as `any`; now an enum of strings with each value described, or, for
//!   numbers, the number type with the values listed in its description;
//! - the values of a number or boolean `enum`, which were dropped without a
//!   word: reported now;
//! - a `oneOf` of branches of different JSON types (Discord's nonce, an
//!   integer or a string), read as `any`: a union of them now; and one of
//!   strings, some listing values (RingCentral's alignments), an enum;
//! - a `#fragment` in a path key (Box's `/oauth2/token#refresh`, to list two
//!   operations on one path and verb), which the generator refuses in a
//!   path and no client sends;
//! - a request body of any media type (`*/*`, Apideck's uploads), sent
//!   with that as its `Content-Type`, which the generator refuses for a
//!   typed body and no server reads;
//! - one `operationId` on two operations (Svix's health check, GET and
//!   HEAD), which made the test harness match one id twice;
//! - a query parameter that is a list of objects, or a union, which
//!   OpenAPI gives no form to write in a URL (Box's `mdfilters`,
//!   Intercom's `filter`);
//! - a path whose template uses a name no parameter declares (Intercom's
//!   `{job_identifier}`), or a path parameter it does not use;
//! - a schema requiring names only its variants declare (Box's `--Base`
//!   requires what `--Mini` declares, and `--Mini` extends `--Base`): the
//!   base carries each as a field of any value, so the variant got the
//!   field twice, once from its parent.
//!
//! And in ReadMe's `oas-examples`, Lichess's and Dropbox Sign's documents:
//!
//! - a `oneOf` repeating one `$ref`, once a union of one member;
//! - an object parameter in a path or a header, once left out, which left
//!   a path template with a name no parameter fills;
//! - enum values made of symbols and number forms (`½-½`), once a variant
//!   name no Rust identifier may be;
//! - a fixed query key of no value in a path key (Dropbox Sign's
//!   `/oauth/token?refresh`), which the generator refuses as ambiguous;
//! - a path naming one parameter twice (`/anything/{id}/{action}/{id}`),
//!   which the generator refused;
//! - webhooks (OpenAI's 16, under `webhooks`; `x-webhooks` in 3.0
//!   documents) and callbacks, which were left out without a word;
//! - a required header with a default (PagerDuty's versioning `Accept`),
//!   once an argument of every method, which the caller had to spell.

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, REPORT_FILE, import_dir};
use serde_json::Value;

const DOCUMENT: &str = r##"
openapi: 3.1.0
info: { title: Unseen, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /oauth2/token:
    post:
      operationId: getToken
      tags: [Auth]
      responses: { "200": { description: ok } }
  /oauth2/token#refresh:
    post:
      operationId: refreshToken
      tags: [Auth]
      responses: { "200": { description: ok } }
  /oauth2/token?refresh&:
    post:
      operationId: renewToken
      tags: [Auth]
      responses: { "200": { description: ok } }
  /health:
    get:
      operationId: health.get
      tags: [Auth]
      responses: { "200": { description: ok } }
    head:
      operationId: health.get
      tags: [Auth]
      responses: { "200": { description: ok } }
  /files:
    post:
      operationId: uploadFile
      tags: [Auth]
      requestBody:
        required: true
        content:
          "*/*": { schema: { type: string, format: binary } }
      responses: { "200": { description: ok } }
    put:
      operationId: putNote
      tags: [Auth]
      requestBody:
        content:
          "*/*": { schema: { $ref: "#/components/schemas/Filter" } }
      responses: { "200": { description: ok } }
  /reports/{job_id}:
    get:
      operationId: getReport
      tags: [Search]
      parameters:
        - { name: stale, in: path, required: true, schema: { type: string } }
      responses: { "200": { description: ok } }
  /boards/{position}:
    get:
      operationId: getBoard
      tags: [Search]
      parameters:
        - name: position
          in: path
          required: true
          schema: { $ref: "#/components/schemas/Filter" }
        - name: X-Context
          in: header
          schema: { type: object, properties: { id: { type: string } } }
      responses: { "200": { description: ok } }
  /search:
    get:
      operationId: search
      tags: [Search]
      parameters:
        - name: filters
          in: query
          schema: { type: array, items: { $ref: "#/components/schemas/Filter" } }
        - name: kind
          in: query
          schema: { $ref: "#/components/schemas/ComponentType" }
        - name: match
          in: query
          schema:
            oneOf:
              - { type: object, properties: { equals: { type: string } } }
              - { type: object, properties: { prefix: { type: string } } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Restriction" }
  /boards/{board}/copies/{board}:
    get:
      operationId: getBoardCopy
      tags: [Search]
      parameters:
        - { name: board, in: path, required: true, schema: { type: string } }
        - name: Accept
          in: header
          required: true
          schema: { type: string, default: "application/vnd.example+json;version=2" }
      responses: { "200": { description: ok } }
  /subscriptions:
    post:
      operationId: subscribe
      tags: [Events]
      callbacks:
        onEvent:
          "{$request.body#/url}":
            post:
              requestBody:
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Filter" }
              responses: { "200": { description: ok } }
      responses: { "201": { description: ok } }
webhooks:
  boardChanged:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Filter" }
      responses: { "200": { description: ok } }
x-webhooks:
  boardRemoved:
    delete:
      responses: { "200": { description: ok } }
components:
  schemas:
    Filter:
      type: object
      properties:
        scope: { type: string }
    ComponentType:
      type: integer
      format: int32
      oneOf:
        - { title: ACTION_ROW, description: Container for other components, const: 1 }
        - { title: BUTTON, const: 2 }
    MentionType:
      type: string
      oneOf:
        - { title: USERS, description: Mentions users, const: users }
        - { title: roles, const: roles }
        - { const: everyone }
    RestrictionBase:
      type: object
      properties:
        id: { type: string }
      required: [segment]
    RestrictionMini:
      allOf:
        - $ref: "#/components/schemas/RestrictionBase"
        - properties:
            segment:
              type: object
              properties:
                id: { type: string }
      required: [segment]
    Restriction:
      allOf:
        - $ref: "#/components/schemas/RestrictionMini"
        - properties:
            created_at: { type: string, format: date-time }
            mention: { $ref: "#/components/schemas/MentionType" }
            action: { type: string, enum: [] }
            level: { type: integer, enum: [1, 2, 3] }
            flag: { type: boolean, const: true }
            parse:
              oneOf:
                - { const: html }
                - { const: markdown }
                - { type: "null" }
            nonce:
              oneOf:
                - { type: integer, format: int64 }
                - { type: string }
            input:
              oneOf:
                - { type: string }
                - { type: array, items: { type: string } }
            size:
              anyOf:
                - { type: string }
                - { type: string, enum: [small, large] }
            align:
              anyOf:
                - { type: string, enum: [left, right] }
                - { type: string, pattern: "^[lL]eft$" }
            labels:
              oneOf:
                - { type: string }
                - { type: object, additionalProperties: { type: string } }
            when:
              oneOf:
                - { type: string }
                - { type: string, format: date-time }
            scope:
              oneOf:
                - { title: option 1, $ref: "#/components/schemas/Filter" }
                - { title: option 2, $ref: "#/components/schemas/Filter" }
            scopes:
              oneOf:
                - $ref: "#/components/schemas/Filter"
                - { type: string }
                - $ref: "#/components/schemas/Filter"
            result: { type: string, enum: ["*", "1-0", "0-1", "½-½"] }
"##;

/// The spec imported from [`DOCUMENT`], accepted by the generator as it
/// is, with every `*.imported.yaml` file's sections merged, and the report.
fn imported() -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.yaml");
    std::fs::write(&doc, DOCUMENT).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    // Accepted as imported: no hand edit.
    generate_spec_dir(&spec, "spec/unseen/").unwrap_or_else(|e| panic!("{e}"));
    let mut merged = serde_json::Map::new();
    for entry in std::fs::read_dir(&spec).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".imported.yaml") {
            continue;
        }
        let file: Value = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (section, items) in file.as_object().into_iter().flatten() {
            let into = merged
                .entry(section.clone())
                .or_insert_with(|| Value::Object(Default::default()));
            for (name, item) in items.as_object().into_iter().flatten() {
                into[name] = item.clone();
            }
        }
    }
    let report = std::fs::read_to_string(spec.join(REPORT_FILE)).unwrap();
    (Value::Object(merged), report)
}

#[test]
fn enums_of_value_branches_and_of_no_value() {
    let (spec, report) = imported();
    let find = |section: &str, name: &str| -> Value {
        let found = spec[section][name].clone();
        assert!(!found.is_null(), "no {section}.{name}\n{spec:#}");
        found
    };

    // Strings: an enum, each value with what its branch says (a title
    // that repeats the value says nothing).
    let mention = find("enums", "MentionType");
    assert_eq!(
        mention["values"],
        serde_json::json!([
            {"value": "users", "description": "Mentions users"},
            "roles",
            "everyone",
        ]),
        "{mention:#}"
    );
    // Numbers: the number type, the values in its description, reported.
    let kind = find("aliases", "ComponentType");
    assert_eq!(kind["type"], "int32", "{kind:#}");
    let described = kind["description"].as_str().unwrap_or_default();
    assert!(
        described.contains("- `1` (ACTION_ROW): Container for other components")
            && described.contains("- `2`: BUTTON"),
        "{kind:#}"
    );

    let restriction = &find("models", "Restriction")["fields"];
    // No value listed: a plain string.
    assert_eq!(restriction["action"]["type"], "string", "{restriction:#}");
    assert!(restriction["action"].get("enum").is_none());
    assert_eq!(restriction["level"]["type"], "integer", "{restriction:#}");
    // An inline `oneOf` of consts beside `null`: a nullable inline enum.
    assert_eq!(restriction["parse"]["type"], "string", "{restriction:#}");
    assert_eq!(
        restriction["parse"]["enum"],
        serde_json::json!(["html", "markdown"])
    );
    assert_eq!(restriction["parse"]["nullable"], true, "{restriction:#}");

    // Branches of different JSON types: a union of them.
    let union = |field: &str| {
        let name = restriction[field]["type"].as_str().unwrap_or_default();
        spec["unions"][name]["one_of"].clone()
    };
    assert_eq!(union("nonce"), serde_json::json!(["int64", "string"]));
    assert_eq!(
        union("input"),
        serde_json::json!(["string", "list<string>"])
    );
    assert_eq!(
        union("labels"),
        serde_json::json!(["string", "map<string>"])
    );
    // Strings, some listing values: an enum, which keeps other strings.
    assert_eq!(
        restriction["size"]["enum"],
        serde_json::json!(["small", "large"])
    );
    assert_eq!(
        restriction["align"]["enum"],
        serde_json::json!(["left", "right"])
    );
    // Two strings a union could not tell apart stay `any`.
    assert_eq!(restriction["when"]["type"], "any", "{restriction:#}");

    for expected in [
        "/align/anyOf/1` | `pattern` is not checked: the enum takes any string beside the values listed",
        "/when` | `oneOf` whose branches no union can tell apart",
        "`#/components/schemas/ComponentType` | `oneOf` of single values is not checked: any `int32` is taken, not only the values listed",
        "/action` | `enum` is not checked: it lists no value",
        "/level` | `enum` is not checked: any `integer` is taken, not only the values listed",
        "/flag` | `const` is not checked: any `boolean` is taken, not only the values listed",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
    assert_eq!(report.matches("read as `any`").count(), 1, "{report}");
}

#[test]
fn fragments_lists_of_objects_and_variants_of_a_base() {
    let (spec, report) = imported();
    // Both operations stay, on the path that is sent.
    let methods = &spec["services"]["Auth"]["methods"];
    assert_eq!(methods["get_token"]["path"], "/oauth2/token", "{methods:#}");
    assert_eq!(
        methods["refresh_token"]["path"], "/oauth2/token",
        "{methods:#}"
    );

    // One `operationId` for two operations (Svix's health GET and HEAD):
    // the second is known by its method's name.
    assert_eq!(methods["health_get"]["operation_id"], "health.get");
    assert!(
        methods["health_get_2"].get("operation_id").is_none(),
        "{methods:#}"
    );

    // A body of any media type: raw bytes as `application/octet-stream`,
    // a schema as JSON (`*/*` is no `Content-Type` a request can carry).
    let upload = &methods["upload_file"]["body"];
    assert_eq!(upload["type"], "binary", "{upload:#}");
    assert_eq!(upload["content_type"], "application/octet-stream");
    let note = &methods["put_note"]["body"];
    assert_eq!(note["type"], "Filter", "{note:#}");
    assert!(note.get("content_type").is_none(), "{note:#}");

    let search = &spec["services"]["Search"]["methods"]["search"];
    let filters = &search["parameters"][0];
    assert_eq!(filters["name"], "filters");
    assert_eq!(filters["type"], "string", "{search:#}");
    // A union has no form in a query either (defined inline, as it is met).
    let matched = &search["parameters"][2];
    assert_eq!(matched["name"], "match");
    assert_eq!(matched["type"], "string", "{search:#}");

    // The path's parameters are the template's: one it uses is added, one
    // it does not is left out.
    let report_method = &spec["services"]["Search"]["methods"]["get_report"];
    assert_eq!(
        report_method["parameters"],
        serde_json::json!([{"name": "job_id", "in": "path", "type": "string"}]),
        "{report_method:#}"
    );

    // The variant declares what its base only requires: the base is
    // merged in, and the declared definition kept.
    let models = &spec["models"];
    let mini = &models["RestrictionMini"];
    assert!(mini["all_of"].is_null(), "{mini:#}");
    assert_ne!(mini["fields"]["segment"]["type"], "any", "{mini:#}");
    assert_eq!(mini["fields"]["segment"]["required"], true, "{mini:#}");
    assert_eq!(mini["fields"]["id"]["type"], "string", "{mini:#}");
    assert_eq!(models["Restriction"]["all_of"][0], "RestrictionMini");

    for expected in [
        "`#/paths/~1files/post/requestBody/content/*~1*` | a body of any media type (`*/*`): sent as `application/octet-stream`",
        "`#/paths/~1health/head` | `operationId: health.get` is an earlier operation's too (OpenAPI wants each once): this one is known by its method name `health_get_2`",
        "the path's `#refresh` is a URL fragment, which is never sent: the method calls `/oauth2/token`",
        "a query parameter of type `list<Filter>` has no form OpenAPI defines to write it in: sent as text the caller writes (`string`)",
        "| the path uses `{job_id}` but no parameter declares it: a required `string` parameter",
        "/parameters/0` | path parameter `stale` does not appear in the path `/reports/{job_id}`: left out",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
}

#[test]
fn repeated_branches_object_parameters_and_symbol_values() {
    let (spec, report) = imported();
    let restriction = &spec["models"]["Restriction"]["fields"];
    // One schema twice is that schema; repeated among others, one member.
    assert_eq!(restriction["scope"]["type"], "Filter", "{restriction:#}");
    let scopes = restriction["scopes"]["type"].as_str().unwrap();
    assert_eq!(
        spec["unions"][scopes]["one_of"],
        serde_json::json!(["Filter", "string"])
    );
    // Each value gets a variant name Rust accepts (the generator accepted
    // the spec in `imported`); the two only symbols told apart are named.
    let result = &restriction["result"]["enum"];
    assert_eq!(result.as_array().map(Vec::len), Some(4), "{result:#}");

    // A fixed query key of no value is sent with an empty one.
    let renew = &spec["services"]["Auth"]["methods"]["renew_token"];
    assert_eq!(renew["path"], "/oauth2/token?refresh=", "{renew:#}");

    // A path naming one parameter twice is imported as written; the
    // generator accepted it in `imported`.
    let copy = &spec["services"]["Search"]["methods"]["get_board_copy"];
    assert_eq!(copy["path"], "/boards/{board}/copies/{board}", "{copy:#}");
    // A required header with a default is sent by the SDK, not asked for.
    let accept = &copy["parameters"][1];
    assert_eq!(accept["name"], "Accept", "{copy:#}");
    assert_eq!(accept.get("required"), None, "{copy:#}");
    assert_eq!(
        accept["default"], "application/vnd.example+json;version=2",
        "{copy:#}"
    );

    // An object in a path or a header is text the caller writes, not left
    // out (a path cannot do without it).
    let board = &spec["services"]["Search"]["methods"]["get_board"]["parameters"];
    assert_eq!(board[0]["name"], "position", "{board:#}");
    assert_eq!(board[0]["type"], "string", "{board:#}");
    assert_eq!(board[1]["name"], "X-Context", "{board:#}");
    assert_eq!(board[1]["type"], "string", "{board:#}");

    for expected in [
        "/scope` | `oneOf` whose branches are all one schema: read as that schema",
        "/scopes/oneOf` | a branch written the same as an earlier one: left out, as it adds no member",
        "| an object path parameter is not written by the SDK in the form OpenAPI gives it there: sent as text the caller writes (`string`)",
        "the path's fixed query `?refresh&` is sent as `/oauth2/token?refresh=`: each key of no value with an empty one",
        "| an object header parameter is not written by the SDK in the form OpenAPI gives it there: sent as text the caller writes (`string`)",
        "| `#/paths/~1subscriptions/post/callbacks/onEvent/{$request.body#~1url}/post` | callback `onEvent` (`POST` request the API sends to `{$request.body#/url}`) not imported: the SDK makes calls and does not receive them; its payload is `#/components/schemas/Filter` |",
        "/get/parameters/1` | required header `Accept` has a default: imported as optional, so a call sends `application/vnd.example+json;version=2` unless the caller sets another |",
        "| `#/webhooks/boardChanged/post` | webhook `boardChanged` (`POST` request the API sends to your server) not imported: the SDK makes calls and does not receive them; its payload is `#/components/schemas/Filter` |",
        "| `#/x-webhooks/boardRemoved/delete` | webhook `boardRemoved` (`DELETE` request the API sends to your server) not imported: the SDK makes calls and does not receive them |",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
}
