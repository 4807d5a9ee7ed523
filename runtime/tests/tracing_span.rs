//! Every call runs in one `sdk_call` span that says what was called, how
//! often, with what outcome and how long it took, and never holds a
//! credential or a parameter value; retries are events inside it. No
//! credential reaches a recorded request or `Debug` output either. A
//! declared optional header that does not parse is a warning, not a failure.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sdkgen_runtime::test_util::{FakeApi, Reply};
use sdkgen_runtime::{
    Call, Client, ClientBuilder, Credentials, Method, Place, RetryPolicy, Scheme, SchemeKind,
};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// What the capturing layer saw: span fields, and events with their span's name.
#[derive(Default)]
struct Seen {
    spans: Vec<(String, Vec<(String, String)>)>,
    events: Vec<(String, Option<String>)>,
}

struct Capture(Arc<Mutex<Seen>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = Vec::new();
        attrs.record(&mut Fields(&mut fields));
        let mut seen = self.0.lock().unwrap();
        seen.spans.push((
            format!("{}#{}", attrs.metadata().name(), id.into_u64()),
            fields,
        ));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut seen = self.0.lock().unwrap();
        let key = format!("#{}", id.into_u64());
        if let Some((_, fields)) = seen.spans.iter_mut().find(|(name, _)| name.ends_with(&key)) {
            values.record(&mut Fields(fields));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        let message = fields
            .iter()
            .find(|(k, _)| k == "message")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let span = ctx.event_span(event).map(|s| s.name().to_owned());
        self.0.lock().unwrap().events.push((message, span));
    }
}

fn client(fake: &FakeApi) -> Client {
    let policy = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    };
    ClientBuilder::default()
        .base_url("http://api.example.com")
        .credentials(Credentials::Bearer("tok-SECRET".into()))
        .retry_policy(policy)
        .transport(fake.clone())
        .build_with::<()>("http://api.example.com", &[], "test/0")
        .unwrap()
}

#[tokio::test]
async fn one_span_per_call_with_outcome_and_no_personal_data() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let subscriber = tracing_subscriber::registry().with(Capture(seen.clone()));
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = FakeApi::new();
    fake.on_operation("readDevice", Reply::empty(503))
        .on_operation(
            "readDevice",
            Reply::json(200, &serde_json::json!({"id": "1"})),
        );
    let mut call = Call::new("readDevice", Method::GET, "/devices/{deviceId}");
    call.path("/devices/")
        .path_param("deviceId", "id-PERSONAL")
        .query("email", &"person@example.com");
    let status = client(&fake)
        .start(call, sdkgen_runtime::no_error_model::<()>, |response| {
            Ok(response.status())
        })
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(fake.requests().len(), 2, "the 503 was retried");

    let seen = seen.lock().unwrap();
    let calls: Vec<&(String, Vec<(String, String)>)> = seen
        .spans
        .iter()
        .filter(|(name, _)| name.starts_with("sdk_call#"))
        .collect();
    assert_eq!(
        calls.len(),
        1,
        "one span per call, retries included: {:?}",
        seen.spans
    );
    let fields = &calls[0].1;
    let field = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(field("operation"), Some("\"readDevice\""));
    assert_eq!(field("method"), Some("\"GET\""));
    assert_eq!(field("path"), Some("\"/devices/{deviceId}\""));
    assert_eq!(field("attempts"), Some("2"));
    assert_eq!(field("status"), Some("200"));
    assert!(field("duration_ms").is_some());
    let everything = format!("{:?} {:?}", seen.spans, seen.events);
    for secret in [
        "tok-SECRET",
        "id-PERSONAL",
        "person@example.com",
        "person%40example.com",
    ] {
        assert!(
            !everything.contains(secret),
            "`{secret}` reached the trace: {everything}"
        );
    }
    assert!(
        seen.events
            .iter()
            .any(|(message, span)| message.contains("retrying")
                && span.as_deref() == Some("sdk_call")),
        "the retry is an event inside the call's span: {:?}",
        seen.events
    );
}

/// Schemes of every kind, the way a generated SDK declares them.
static SCHEMES: [Scheme; 5] = [
    Scheme::new(
        "Key",
        "key",
        SchemeKind::ApiKey {
            place: Place::Header,
            name: "X-Key",
        },
    ),
    Scheme::new(
        "Partner",
        "partner",
        SchemeKind::ApiKey {
            place: Place::Query,
            name: "partner",
        },
    ),
    Scheme::new(
        "Session",
        "session",
        SchemeKind::ApiKey {
            place: Place::Cookie,
            name: "session",
        },
    ),
    Scheme::new("Basic", "basic", SchemeKind::Basic),
    Scheme::new(
        "OAuth",
        "oauth",
        SchemeKind::OAuth2 {
            token_url: Some("/token"),
            client_credentials: true,
        },
    ),
];

#[tokio::test]
async fn no_credential_reaches_a_span_a_recording_or_debug_output() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let subscriber = tracing_subscriber::registry().with(Capture(seen.clone()));
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = FakeApi::new();
    fake.on_operation(
        sdkgen_runtime::TOKEN_OPERATION,
        Reply::json(
            200,
            &serde_json::json!({"access_token": "tok-SECRET", "expires_in": 3600}),
        ),
    )
    .on_operation("everything", Reply::empty(204));
    let key = |k: &str| Credentials::Key(k.into());
    let client = ClientBuilder::default()
        .transport(fake.clone())
        .security(
            &SCHEMES,
            &[&["Key", "Partner", "Session", "Basic", "OAuth"]],
        )
        .credential("Key", key("header-SECRET"))
        .credential("Partner", key("query-SECRET"))
        .credential("Session", key("cookie-SECRET"))
        .credential(
            "Basic",
            Credentials::Basic {
                user: "ada".into(),
                password: "basic-SECRET".into(),
            },
        )
        .credential(
            "OAuth",
            Credentials::ClientCredentials {
                client_id: "app".into(),
                client_secret: "client-SECRET".into(),
            },
        )
        .build_with::<()>("http://api.example.com", &[], "test/0")
        .unwrap();
    let mut call = Call::new("everything", Method::GET, "/everything");
    call.path("/everything");
    let status = client
        .start(call, sdkgen_runtime::no_error_model::<()>, |r| {
            Ok(r.status())
        })
        .await
        .unwrap();
    assert_eq!(status, 204);

    let recorded = fake.requests();
    assert_eq!(recorded.len(), 2, "the token, then the call");
    let sent = format!("{recorded:?} {client:?}");
    let trace = {
        let seen = seen.lock().unwrap();
        format!("{:?} {:?}", seen.spans, seen.events)
    };
    assert!(
        recorded[1].url.contains("partner=%3Credacted%3E"),
        "{}",
        recorded[1].url
    );
    for secret in [
        "header-SECRET",
        "query-SECRET",
        "cookie-SECRET",
        "basic-SECRET",
        "client-SECRET",
        "tok-SECRET",
        // base64 of `ada:basic-SECRET` and `app:client-SECRET`.
        "YWRhOmJhc2ljLVNFQ1JFVA",
        "YXBwOmNsaWVudC1TRUNSRVQ",
    ] {
        assert!(!sent.contains(secret), "`{secret}` was recorded: {sent}");
        assert!(
            !trace.contains(secret),
            "`{secret}` reached the trace: {trace}"
        );
    }
}

#[tokio::test]
async fn an_optional_header_that_does_not_parse_is_left_out_with_a_warning() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let subscriber = tracing_subscriber::registry().with(Capture(seen.clone()));
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = FakeApi::new();
    fake.on_operation(
        "readDevice",
        Reply::json(200, &serde_json::json!({"id": "1"}))
            .header("access-control-allow-credentials", "yes please"),
    );
    let mut call = Call::new("readDevice", Method::GET, "/devices/1");
    call.path("/devices/1");
    let (flag, raw) = client(&fake)
        .start(call, sdkgen_runtime::no_error_model::<()>, |response| {
            let flag = response.header_opt::<bool, ()>("Access-Control-Allow-Credentials")?;
            let raw = response.headers()["access-control-allow-credentials"].clone();
            Ok((flag, raw))
        })
        .await
        .unwrap();
    assert_eq!((flag, raw.to_str().unwrap()), (None, "yes please"));
    let seen = seen.lock().unwrap();
    assert!(
        seen.events
            .iter()
            .any(|(message, _)| message.contains("does not parse as declared")),
        "the mismatch is visible: {:?}",
        seen.events
    );
}
