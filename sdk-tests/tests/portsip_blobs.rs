//! PortSIP file blobs over real HTTP on 127.0.0.1: an upload chunk is sent
//! as raw `application/octet-stream` with its upload token, and a stored
//! blob comes back whole or as a stream of chunks.

use futures_util::StreamExt;
use portsip::{Client, Error, ErrorModel};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let address = server.address();
    Client::builder()
        .protocol("http")
        .hostname(address.ip())
        .port(address.port())
        .bearer_token("t")
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_upload_chunk_is_sent_raw_with_its_upload_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/blobs/uploads/52e51422/append"))
        .and(header("PortSIP-Upload-Token", "upload-1"))
        .and(header("content-type", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let chunk: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    client(&server)
        .blobs()
        .append_blob_upload("52e51422", "upload-1", chunk.clone())
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.body, chunk, "the bytes go as they are, not as JSON");
}

#[tokio::test]
async fn a_blob_downloads_whole_or_in_chunks_and_a_missing_one_is_an_api_error() {
    let server = MockServer::start().await;
    let digest = "84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882";
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path(format!("/api/blobs/{digest}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(content.clone(), "application/octet-stream")
                .insert_header("content-disposition", "attachment; filename=\"phone.cfg\""),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/blobs/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"errors": [{"code": "NOT_FOUND", "message": "no such blob"}]}),
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let whole = c.blobs().download_blobs(digest).await.unwrap();
    assert_eq!(whole.body.as_ref(), content.as_slice());
    assert_eq!(
        whole.content_disposition.as_deref(),
        Some("attachment; filename=\"phone.cfg\""),
        "the declared header comes with the body"
    );

    let mut download = c.blobs().download_blobs(digest).download().await.unwrap();
    assert_eq!(download.content_length(), Some(content.len() as u64));
    let (mut received, mut chunks) = (Vec::new(), 0);
    while let Some(chunk) = download.next().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert_eq!(received, content);
    assert!(chunks >= 1);

    match c.blobs().download_blobs("missing").await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            let Some(ErrorModel::ErrorResponse(body)) = &e.model else {
                panic!("the 404 body is PortSIP's error model: {e:?}")
            };
            assert_eq!(body.errors[0].code, "NOT_FOUND");
        }
        other => panic!("expected a 404 API error, got {other:?}"),
    }
}
