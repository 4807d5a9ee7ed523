//! Pagination inferred on import: one small document per shape (declared
//! by an extension, page and size, page tokens, offset and limit, OData
//! `$skip`/`$top`, a next-page URL in the body, a `Link` header, a cursor
//! with a has-more flag), the
//! `pagination` written for it, the report line with its evidence, and the
//! generator accepting the spec and giving the method a `stream()`; and
//! near misses that must get none.

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, import_dir};
use serde_json::{Value, json};

/// What the import of one operation (`Items.list_items`) wrote.
struct Imported {
    /// The method's `pagination`, null when none.
    pagination: Value,
    /// `message` of each finding.
    findings: Vec<String>,
    /// Whether the generated method has a `stream()`.
    streams: bool,
}

fn query(name: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "schema": schema })
}

fn int() -> Value {
    json!({ "type": "integer", "format": "int32" })
}

fn text() -> Value {
    json!({ "type": "string" })
}

fn items() -> Value {
    json!({ "type": "array", "items": { "$ref": "#/components/schemas/Item" } })
}

fn object(props: Value) -> Value {
    json!({ "type": "object", "properties": props })
}

/// A document with `GET /items` taking `params` and answering `schema`
/// (with `headers` on the answer and `extra` keys on the operation).
fn document(params: Value, schema: Value, headers: Value, extra: Value) -> Value {
    let mut op = json!({
        "operationId": "listItems",
        "tags": ["Items"],
        "parameters": params,
        "responses": { "200": {
            "description": "OK",
            "headers": headers,
            "content": { "application/json": { "schema": schema } }
        } }
    });
    op.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Paging", "version": "1" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": { "/items": { "get": op } },
        "components": { "schemas": { "Item": {
            "type": "object",
            "required": ["id"],
            "properties": { "id": { "type": "string" }, "name": { "type": "string" } }
        } } }
    })
}

/// Imports `document` into `dir`.
fn import_doc(document: &Value, dir: &std::path::Path) -> sdkgen_import::Imported {
    let path = dir.join("doc.json");
    std::fs::write(&path, document.to_string()).unwrap();
    let options = Options {
        crate_name: Some("paging".into()),
        ..Options::default()
    };
    import_dir(&path, dir, &options, |_, _| {}).unwrap()
}

/// Imports `GET /items` (see [`document`]) and generates the crate.
fn import(params: Value, schema: Value, headers: Value, extra: Value) -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let result = import_doc(&document(params, schema, headers, extra), dir.path());
    let mut pagination = Value::Null;
    for (name, _) in &result.files {
        let v: Value =
            serde_yaml::from_str(&std::fs::read_to_string(dir.path().join(name)).unwrap()).unwrap();
        let p = &v["services"]["Items"]["methods"]["list_items"]["pagination"];
        if !p.is_null() {
            pagination = p.clone();
        }
    }
    let krate = generate_spec_dir(dir.path(), "spec/paging/")
        .unwrap_or_else(|e| panic!("the generator refuses the import: {e}"));
    let streams = krate
        .files
        .iter()
        .any(|f| f.contents.contains("fn list_items") && f.contents.contains("pub fn stream("));
    Imported {
        pagination,
        findings: result
            .report
            .findings()
            .map(|f| f.message.clone())
            .collect(),
        streams,
    }
}

fn shape(params: Value, schema: Value) -> Imported {
    import(params, schema, json!({}), json!({}))
}

/// Asserts the pagination, a `stream()`, and a report line saying `evidence`.
fn inferred(found: &Imported, pagination: Value, evidence: &str) {
    assert_eq!(found.pagination, pagination);
    assert!(found.streams, "no stream() for {pagination}");
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.starts_with("pagination inferred") && f.contains(evidence)),
        "no report line with `{evidence}` in {:?}",
        found.findings
    );
}

#[test]
fn fern_declared_cursors_are_followed() {
    let found = import(
        json!([query("cursor", text()), query("limit", int())]),
        object(json!({ "data": items(), "next": text() })),
        json!({}),
        json!({ "x-fern-pagination": {
            "cursor": "$request.cursor",
            "next_cursor": "$response.next",
            "results": "$response.data"
        } }),
    );
    let want = json!({ "style": "cursor", "items": "data", "cursor_param": "cursor", "next_cursor": "next" });
    inferred(&found, want, "declared by `x-fern-pagination`");
}

#[test]
fn speakeasy_declared_page_numbers_are_followed() {
    let found = import(
        json!([query("pageNo", int()), query("size", int())]),
        object(json!({ "results": items(), "total": int() })),
        json!({}),
        json!({ "x-speakeasy-pagination": {
            "type": "offsetLimit",
            "inputs": [
                { "name": "pageNo", "in": "parameters", "type": "page" },
                { "name": "size", "in": "parameters", "type": "limit" }
            ],
            "outputs": { "results": "$.results" }
        } }),
    );
    let want = json!({ "style": "page", "items": "results", "page_param": "pageNo" });
    inferred(&found, want, "declared by `x-speakeasy-pagination`");
}

#[test]
fn a_declaration_that_does_not_fit_falls_back_to_the_shape() {
    let found = import(
        json!([query("page", int()), query("perPage", int())]),
        object(json!({ "records": items(), "totalPages": int() })),
        json!({}),
        json!({ "x-fern-pagination": { "cursor": "$request.after", "next_cursor": "$response.next" } }),
    );
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.contains("declared pagination `x-fern-pagination` not followed"))
    );
    let want = json!({ "style": "page", "items": "records", "page_param": "page", "total_pages": "totalPages" });
    inferred(
        &found,
        want,
        "`totalPages` counts the pages: the walk ends at the last",
    );
}

#[test]
fn page_numbers_with_a_next_page_indicator() {
    let found = shape(
        json!([query("page", int()), query("perPage", int())]),
        object(json!({
            "records": items(),
            "navigation": object(json!({ "nextPage": object(json!({ "uri": text() })) }))
        })),
    );
    let want = json!({ "style": "page", "items": "records", "page_param": "page", "has_more": "navigation.nextPage" });
    inferred(&found, want, "`navigation.nextPage` says more follow");
}

#[test]
fn page_tokens_are_sent_back() {
    let found = shape(
        json!([query("pageToken", text()), query("perPage", int())]),
        object(json!({ "records": items(), "paging": object(json!({ "nextPageToken": text() })) })),
    );
    let want = json!({ "style": "cursor", "items": "records", "cursor_param": "pageToken", "next_cursor": "paging.nextPageToken" });
    inferred(&found, want, "`paging.nextPageToken` brings the next");
}

#[test]
fn a_cursor_and_its_next_cursor() {
    let found = shape(
        json!([query("cursor", text())]),
        object(json!({ "items": items(), "meta": object(json!({ "next_cursor": text() })) })),
    );
    let want = json!({ "style": "cursor", "items": "items", "cursor_param": "cursor", "next_cursor": "meta.next_cursor" });
    inferred(&found, want, "query `cursor` sends the cursor");
}

#[test]
fn a_token_named_like_its_parameter_in_the_next_page_object() {
    // Asana: `?offset=<token>&limit=`, answered with `next_page: {offset, path, uri}`.
    let next_page = object(json!({ "offset": text(), "path": text(), "uri": text() }));
    let found = shape(
        json!([query("limit", int()), query("offset", text())]),
        object(json!({ "data": items(), "next_page": next_page })),
    );
    let want = json!({ "style": "cursor", "items": "data", "cursor_param": "offset", "next_cursor": "next_page.offset" });
    inferred(
        &found,
        want,
        "query `offset` sends the cursor, `next_page.offset` brings the next",
    );
    // Named like the parameter anywhere else, it is not the next page's.
    let found = shape(
        json!([query("limit", int()), query("offset", text())]),
        object(json!({ "data": items(), "paging": object(json!({ "offset": text() })) })),
    );
    assert_eq!(found.pagination, Value::Null);
}

#[test]
fn offset_and_limit() {
    let found = shape(
        json!([query("offset", int()), query("limit", int())]),
        object(json!({ "results": items(), "total": int() })),
    );
    let want = json!({ "style": "offset", "items": "results", "offset_param": "offset", "total": "total" });
    inferred(
        &found,
        want.clone(),
        "query `offset` and `limit` skip and size the pages",
    );
    inferred(
        &found,
        want,
        "`total` counts the items: the walk ends once it has them all",
    );
}

#[test]
fn an_odata_count_ends_the_walk_and_a_bare_count_only_when_described_as_the_total() {
    let found = shape(
        json!([query("$skip", int()), query("$top", int())]),
        object(json!({ "value": items(), "@odata.count": int() })),
    );
    let want = json!({ "style": "offset", "items": "value", "offset_param": "$skip", "total": "@odata.count" });
    inferred(&found, want, "`@odata.count` counts the items");
    let described = json!({ "type": "integer", "description": "Total number of resources." });
    let found = shape(
        json!([query("skip", int()), query("top", int())]),
        object(json!({ "items": items(), "count": described })),
    );
    let want =
        json!({ "style": "offset", "items": "items", "offset_param": "skip", "total": "count" });
    inferred(&found, want, "`count` counts the items");
}

#[test]
fn items_one_object_down_with_the_totals_beside_them() {
    // RingCentral's analytics fetches: `data.records`, and `paging` counting pages and items.
    let found = shape(
        json!([query("page", int()), query("perPage", int())]),
        object(json!({
            "paging": object(json!({ "page": int(), "totalPages": int(), "totalElements": int() })),
            "data": object(json!({ "groupedBy": text(), "records": items() })),
        })),
    );
    let want = json!({ "style": "page", "items": "data.records", "page_param": "page", "total_pages": "paging.totalPages" });
    inferred(&found, want, "items in `data.records`");
    // Without a page count, the count of items ends the walk.
    let found = shape(
        json!([query("page", int()), query("perPage", int())]),
        object(json!({
            "paging": object(json!({ "totalElements": int() })),
            "data": object(json!({ "records": items() })),
        })),
    );
    let want = json!({ "style": "page", "items": "data.records", "page_param": "page", "total": "paging.totalElements" });
    inferred(&found, want, "`paging.totalElements` counts the items");
}

#[test]
fn odata_skip_and_top_with_a_count() {
    let found = shape(
        json!([query("$skip", int()), query("$top", int())]),
        object(json!({ "value": items(), "count": int() })),
    );
    let want = json!({ "style": "offset", "items": "value", "offset_param": "$skip" });
    inferred(&found, want, "`count` tells the total");
}

#[test]
fn link_headers() {
    let found = import(
        json!([query("page", int()), query("per_page", int())]),
        items(),
        json!({ "Link": { "schema": text() } }),
        json!({}),
    );
    inferred(
        &found,
        json!({ "style": "link" }),
        "declares a `Link` header",
    );
}

#[test]
fn a_cursor_after_the_last_item_while_has_more() {
    let found = shape(
        json!([query("starting_after", text()), query("limit", int())]),
        object(json!({ "data": items(), "has_more": { "type": "boolean" } })),
    );
    let want = json!({
        "style": "cursor", "items": "data", "cursor_param": "starting_after",
        "cursor_item_field": "id", "has_more": "has_more"
    });
    inferred(&found, want, "takes the last item's `id`");
}

#[test]
fn a_next_page_url_in_the_body() {
    let found = shape(
        json!([query("after", text()), query("limit", int())]),
        object(json!({ "data": items(), "links": object(json!({ "next": text() })) })),
    );
    let want = json!({ "style": "next_url", "items": "data", "next_url": "links.next" });
    inferred(&found, want, "`links.next` holds the next page's URL");
}

#[test]
fn speakeasy_declared_next_urls_are_followed() {
    let found = import(
        json!([query("PageSize", int())]),
        object(json!({ "calls": items(), "next_page_uri": text() })),
        json!({}),
        json!({ "x-speakeasy-pagination": {
            "type": "url",
            "outputs": { "results": "$.calls", "nextUrl": "$.next_page_uri" }
        } }),
    );
    let want = json!({ "style": "next_url", "items": "calls", "next_url": "next_page_uri" });
    inferred(&found, want, "declared by `x-speakeasy-pagination`");
}

#[test]
fn an_integer_cursor_is_reported_not_guessed() {
    let found = shape(
        json!([query("pageId", int()), query("perPage", int())]),
        object(json!({ "records": items(), "nextPageId": int() })),
    );
    assert!(found.pagination.is_null());
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.contains("no pagination inferred") && f.contains("`nextPageId`"))
    );
}

#[test]
fn a_limit_on_an_answer_that_is_not_a_list_is_no_pagination() {
    let found = shape(
        json!([query("limit", int())]),
        json!({ "$ref": "#/components/schemas/Item" }),
    );
    assert!(found.pagination.is_null());
    assert!(!found.streams);
    assert!(!found.findings.iter().any(|f| f.contains("pagination")));
}

#[test]
fn a_page_parameter_on_an_answer_without_a_list_is_reported() {
    let found = shape(
        json!([query("page", int()), query("perPage", int())]),
        object(json!({ "name": text(), "total": int() })),
    );
    assert!(found.pagination.is_null());
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.starts_with("no pagination inferred: the answer has 0 list fields"))
    );
}

#[test]
fn page_numbers_without_any_end_are_not_guessed() {
    let found = shape(
        json!([query("page", int()), query("perPage", int())]),
        object(json!({ "records": items(), "name": text() })),
    );
    assert!(found.pagination.is_null());
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.contains("no next-page indicator or totals"))
    );
}

#[test]
fn pagination_none_in_a_hand_written_file_survives_a_reimport() {
    // A named answer, as the vendors' are: the import brings it in for a hand-written method.
    let mut doc = document(
        json!([query("page", int()), query("perPage", int())]),
        json!({ "$ref": "#/components/schemas/ItemsPage" }),
        json!({}),
        json!({}),
    );
    doc["components"]["schemas"]["ItemsPage"] =
        object(json!({ "records": items(), "totalPages": int() }));
    let dir = tempfile::tempdir().unwrap();
    let first = import_doc(&doc, dir.path());
    assert!(
        first
            .files
            .iter()
            .any(|(_, text)| text.contains("total_pages: totalPages"))
    );
    // The maintainer turns the inferred pagination off in a file of their own.
    let hand = "services:\n  Items:\n    methods:\n      list_items:\n        operation_id: listItems\n        method: GET\n        path: /items\n        parameters:\n          - { name: page, in: query, type: int32 }\n          - { name: perPage, in: query, type: int32 }\n        responses:\n          \"200\": ItemsPage\n        pagination: none\n";
    std::fs::write(dir.path().join("items.yaml"), hand).unwrap();
    let again = import_doc(&doc, dir.path());
    assert_eq!(again.stats.hand_written, 1);
    assert!(
        again
            .files
            .iter()
            .all(|(_, text)| !text.contains("listItems"))
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("items.yaml")).unwrap(),
        hand
    );
    let krate = generate_spec_dir(dir.path(), "spec/paging/").unwrap();
    let method = krate
        .files
        .iter()
        .find(|f| f.contents.contains("fn list_items"))
        .unwrap();
    assert!(
        !method.contents.contains("pub fn stream("),
        "pagination: none still streams"
    );
}
