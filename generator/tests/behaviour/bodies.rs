//! Bodies and answers by media type over real HTTP: forms, multipart with
//! files in memory and streamed, raw uploads, text, binary answers read
//! whole and as a stream, and declared response headers.

use bodies::models::{FaxFields, Recipient, Repo, TokenRequest};
use bodies::{Client, Upload};
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn header<'r>(r: &'r Request, name: &str) -> &'r str {
    r.headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_default()
}

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap()
}

/// The boundary of a multipart request, and its body with the boundary as `B`.
fn multipart(r: &Request, subtype: &str) -> String {
    let ct = header(r, "content-type");
    let boundary = ct
        .strip_prefix(&format!("multipart/{subtype}; boundary="))
        .unwrap_or_else(|| panic!("content type {ct}"));
    String::from_utf8(r.body.clone())
        .unwrap()
        .replace(boundary, "B")
}

#[tokio::test]
async fn a_form_body_is_urlencoded() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "a"})))
        .mount(&server)
        .await;
    let request = TokenRequest::new("urn:ietf:params:oauth:grant-type:jwt-bearer")
        .with_assertion("x.y z")
        .with_scope(vec!["A".into(), "B".into()]);
    let token = client(&server)
        .await
        .files()
        .get_token(request)
        .await
        .unwrap();
    assert_eq!(token.access_token, "a");
    let r = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        header(r, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        std::str::from_utf8(&r.body).unwrap(),
        "assertion=x.y%20z&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&scope=A&scope=B"
    );
    assert!(
        r.headers.get("authorization").is_none(),
        "a method with `auth: false` sends no credentials"
    );
}

#[tokio::test]
async fn multipart_sends_fields_as_text_and_json_then_each_file() {
    let server = MockServer::start().await;
    Mock::given(path("/fax"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "9"})))
        .mount(&server)
        .await;
    let fields = FaxFields::new(vec![Recipient::new("+15551234567")]).with_cover_index(2);
    let files = vec![
        Upload::from(b"%PDF-1".as_slice())
            .file_name("one.pdf")
            .content_type("application/pdf"),
        Upload::from("plain"),
    ];
    let fax = client(&server)
        .await
        .files()
        .send_fax(fields, files)
        .cover(b"PNG".to_vec())
        .await
        .unwrap();
    assert_eq!(fax.id, "9");
    let r = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        multipart(r, "form-data"),
        "--B\r\nContent-Disposition: form-data; name=\"coverIndex\"\r\n\r\n2\r\n\
         --B\r\nContent-Disposition: form-data; name=\"to\"\r\nContent-Type: application/json\r\n\r\n[{\"phoneNumber\":\"+15551234567\"}]\r\n\
         --B\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"one.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1\r\n\
         --B\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"attachment\"\r\nContent-Type: application/octet-stream\r\n\r\nplain\r\n\
         --B\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"cover\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
         --B--\r\n"
    );
}

#[tokio::test]
async fn a_file_streamed_from_disk_is_sent_whole_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/bundle"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let file = std::env::temp_dir().join(format!("bodies-{}.pdf", std::process::id()));
    let content: Vec<u8> = (0..300_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    std::fs::write(&file, &content).unwrap();
    let upload = Upload::file(&file).await.unwrap();
    let err = client(&server)
        .await
        .files()
        .send_bundle(upload)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let requests = server.received_requests().await.unwrap();
    // A 503 is retried for a replayable body; a stream went once.
    assert_eq!(requests.len(), 1);
    let text = multipart(&requests[0], "mixed");
    let name = file.file_name().unwrap().to_string_lossy();
    let head = format!(
        "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
    );
    assert!(text.starts_with(&head), "{}", &text[..200]);
    assert_eq!(
        text.len(),
        head.len() + content.len() + "\r\n--B--\r\n".len()
    );
    assert_eq!(
        &text.as_bytes()[head.len()..head.len() + content.len()],
        content.as_slice()
    );
    std::fs::remove_file(file).unwrap();
}

#[tokio::test]
async fn raw_and_text_bodies_carry_their_content_type() {
    let server = MockServer::start().await;
    Mock::given(path("/blobs/a%20b"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/import"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("2 rows", "text/plain"))
        .mount(&server)
        .await;
    let files = client(&server).await.files();
    files
        .upload_blob("a b", vec![0u8, 1, 2, 255])
        .await
        .unwrap();
    files
        .upload_blob("a b", Upload::from("{}").content_type("application/json"))
        .await
        .unwrap();
    let reply = files.import_csv("id,name\n1,x\n".into()).await.unwrap();
    assert_eq!(reply, "2 rows");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        (
            header(&requests[0], "content-type"),
            requests[0].body.as_slice()
        ),
        ("application/octet-stream", [0u8, 1, 2, 255].as_slice())
    );
    assert_eq!(
        header(&requests[1], "content-type"),
        "application/json",
        "the upload's own type wins"
    );
    assert_eq!(
        (
            header(&requests[2], "content-type"),
            requests[2].body.as_slice()
        ),
        ("text/csv", b"id,name\n1,x\n".as_slice())
    );
    assert_eq!(header(&requests[2], "accept"), "text/plain");
}

#[tokio::test]
async fn a_binary_answer_reads_whole_or_as_a_stream_of_chunks() {
    let server = MockServer::start().await;
    let content: Vec<u8> = (0..1_000_000u32).map(|i| (i % 256) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/content/7"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(content.clone(), "audio/mpeg"))
        .mount(&server)
        .await;
    let files = client(&server).await.files();
    let whole = files.read_content("7").await.unwrap();
    assert_eq!(whole.as_ref(), content.as_slice());
    let mut download = files.read_content("7").download().await.unwrap();
    assert_eq!(download.content_type(), Some("audio/mpeg"));
    assert_eq!(download.content_length(), Some(1_000_000));
    let (mut chunks, mut received) = (0, Vec::new());
    while let Some(chunk) = download.next().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert_eq!(received, content);
    assert!(chunks > 1, "a megabyte arrives in more than one chunk");
    let mut out = Vec::new();
    let written = files
        .read_content("7")
        .download()
        .await
        .unwrap()
        .write_to(&mut out)
        .await
        .unwrap();
    assert_eq!((written, out.len()), (1_000_000, 1_000_000));
    let r = &server.received_requests().await.unwrap()[0];
    assert_eq!(header(r, "accept"), "audio/*, application/pdf");
}

#[tokio::test]
async fn declared_response_headers_come_with_the_body() {
    let server = MockServer::start().await;
    let reply = ResponseTemplate::new(201)
        .set_body_json(json!({"name": "sdk"}))
        .insert_header("Location", "/repos/sdk")
        .insert_header("X-RateLimit-Remaining", "41");
    Mock::given(path("/repos"))
        .respond_with(reply)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/repos"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"name": "x"})))
        .mount(&server)
        .await;
    let files = client(&server).await.files();
    let created = files.create_repo(Repo::new("sdk")).await.unwrap();
    assert_eq!(
        (
            created.body.name.as_str(),
            created.location.as_str(),
            created.x_rate_limit_remaining
        ),
        ("sdk", "/repos/sdk", Some(41))
    );
    let r = &server.received_requests().await.unwrap()[0];
    assert_eq!(header(r, "accept"), "application/vnd.example+json");
    // A required header that is missing is a decode error naming it.
    let err = files
        .create_repo(Repo::new("x"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("header Location") && err.contains("missing"),
        "{err}"
    );
}
