//! The measured work: the same requests made through the SDK and by hand.

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use ringcentral::models::{DeviceResource, GetExtensionDevicesResponse};

/// The figures of one comparison.
pub struct Paired {
    /// The SDK's median time.
    pub sdk: Duration,
    /// The raw code's median time.
    pub raw: Duration,
    /// The median of the per-round SDK-over-raw time ratios.
    pub ratio: f64,
}

/// Clients of one loopback server.
pub struct Bench {
    sdk: ringcentral::Client,
    /// The same client keeping under the API's rate limits.
    limited: ringcentral::Client,
    raw: reqwest::Client,
    base: String,
}

const TOKEN: &str = "bench-token";

impl Bench {
    /// Clients for the server at `addr`; both speak HTTP/1.1 over keep-alive.
    pub fn new(addr: SocketAddr) -> Bench {
        let base = format!("http://{addr}");
        let sdk = ringcentral::Client::builder()
            .base_url(base.clone())
            .bearer_token(TOKEN)
            .build()
            .expect("the SDK client builds");
        let limited = ringcentral::Client::builder()
            .base_url(base.clone())
            .bearer_token(TOKEN)
            .respect_rate_limits(true)
            .build()
            .expect("the SDK client builds");
        Bench {
            sdk,
            limited,
            raw: reqwest::Client::new(),
            base,
        }
    }

    /// Fails loudly when the fixtures do not decode, or lose most of their
    /// fields to names the models do not know, which would make the decode
    /// figures meaningless.
    pub async fn check_fixtures(&self) {
        let device = self
            .sdk
            .devices()
            .read_device("~", "1")
            .await
            .expect("the SDK decodes the device fixture");
        let sent = serde_json::to_value(crate::fixtures::device(1)).expect("encodes");
        let kept = serde_json::to_value(&device).expect("encodes");
        let (all, known) = (leaves(&sent), leaves(&kept));
        assert!(
            known * 10 >= all * 9,
            "the device fixture keeps only {known} of {all} values through the model"
        );
        println!("fixture values the models keep: {known} of {all}");
    }

    /// Opens the connections and fills the allocators' caches before timing.
    pub async fn warm_up(&self) {
        self.sdk_calls(200).await;
        self.raw_calls(200).await;
        self.sdk_pages(2).await;
        self.raw_pages(2).await;
    }

    /// Runs `sdk` and `raw` back to back `rounds` times: the median time of
    /// each, and the median of the rounds' own SDK-over-raw ratios. The
    /// ratio is taken within each round, so a slow spell of the machine
    /// (a loopback call here varies threefold from minute to minute) hits
    /// both sides of the ratio it lands in instead of one side's median.
    pub async fn rounds<S, R, SF, RF>(&self, rounds: usize, sdk: S, raw: R) -> Paired
    where
        S: Fn() -> SF,
        R: Fn() -> RF,
        SF: Future<Output = ()>,
        RF: Future<Output = ()>,
    {
        let (mut s, mut r, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            // Alternate which goes first so neither always meets a cold cache.
            let (sdk_time, raw_time) = if round % 2 == 0 {
                let sdk_time = timed(sdk()).await;
                (sdk_time, timed(raw()).await)
            } else {
                let raw_time = timed(raw()).await;
                (timed(sdk()).await, raw_time)
            };
            ratios.push(sdk_time.as_secs_f64() / raw_time.as_secs_f64());
            s.push(sdk_time);
            r.push(raw_time);
        }
        ratios.sort_by(f64::total_cmp);
        Paired {
            sdk: median(s),
            raw: median(r),
            ratio: ratios[ratios.len() / 2],
        }
    }

    /// `calls` reads of one device through the SDK.
    pub async fn sdk_calls(&self, calls: u32) {
        Self::calls_with(&self.sdk, calls).await;
    }

    /// `calls` reads of one device through the SDK keeping under the rate limits.
    pub async fn limited_calls(&self, calls: u32) {
        Self::calls_with(&self.limited, calls).await;
    }

    async fn calls_with(client: &ringcentral::Client, calls: u32) {
        for _ in 0..calls {
            let device = client
                .devices()
                .read_device("~", "800001")
                .await
                .expect("read_device succeeds");
            std::hint::black_box(device);
        }
    }

    /// The same reads by hand: the same headers, the status checked, the
    /// body decoded into the same model.
    pub async fn raw_calls(&self, calls: u32) {
        for _ in 0..calls {
            let url = format!("{}/restapi/v1.0/account/~/device/800001", self.base);
            let body = self.raw_get(url).await;
            let device: DeviceResource =
                serde_json::from_slice(body.as_ref()).expect("the device decodes");
            std::hint::black_box(device);
        }
    }

    /// Pages 1 to `pages` fetched one by one through the SDK.
    pub async fn sdk_pages(&self, pages: u32) {
        for page in 1..=pages {
            let page = self
                .sdk
                .devices()
                .list_extension_devices("~", "~")
                .page(page as i32)
                .per_page(crate::PER_PAGE as i32)
                .await
                .expect("a page arrives");
            std::hint::black_box(page);
        }
    }

    /// The same pages by hand.
    pub async fn raw_pages(&self, pages: u32) {
        for page in 1..=pages {
            std::hint::black_box(self.raw_page(page).await);
        }
    }

    async fn raw_page(&self, page: u32) -> GetExtensionDevicesResponse {
        let url = format!(
            "{}/restapi/v1.0/account/~/extension/~/device?page={page}&perPage={}",
            self.base,
            crate::PER_PAGE
        );
        let body = self.raw_get(url).await;
        serde_json::from_slice(body.as_ref()).expect("the page decodes")
    }

    /// A GET by hand with the headers the SDK sends, its status checked,
    /// its body read whole.
    async fn raw_get(&self, url: String) -> impl AsRef<[u8]> {
        let response = self
            .raw
            .get(url)
            .bearer_auth(TOKEN)
            .header("accept", "application/json")
            .send()
            .await
            .expect("the request succeeds");
        assert!(response.status().is_success());
        response.bytes().await.expect("the body arrives")
    }

    /// Every device of every page through the SDK's lazy stream.
    pub async fn sdk_stream(&self) {
        let seen = self
            .sdk
            .devices()
            .list_extension_devices("~", "~")
            .per_page(crate::PER_PAGE as i32)
            .stream()
            .map(|d| std::hint::black_box(d.expect("a device arrives")))
            .count()
            .await;
        assert_eq!(seen as u32, crate::PER_PAGE * crate::PAGES);
    }

    /// The loop a user would write without the stream.
    pub async fn raw_loop(&self) {
        let (mut page, mut seen) = (1, 0);
        loop {
            let body = self.raw_page(page).await;
            for device in body.records {
                std::hint::black_box(device);
                seen += 1;
            }
            if body.navigation.next_page.is_none() {
                break;
            }
            page += 1;
        }
        assert_eq!(seen, crate::PER_PAGE * crate::PAGES);
    }

    /// The process's resident memory in MiB after `early` pages of the
    /// stream, and at its end: equal figures show it holds one page at a time.
    pub async fn stream_memory(&self, early: u32) -> (f64, f64) {
        let mut stream = Box::pin(
            self.sdk
                .devices()
                .list_extension_devices("~", "~")
                .per_page(crate::PER_PAGE as i32)
                .stream(),
        );
        let (mut seen, mut at_early) = (0u32, 0.0);
        while let Some(device) = stream.next().await {
            std::hint::black_box(device.expect("a device arrives"));
            seen += 1;
            if seen == early * crate::PER_PAGE {
                at_early = resident_mib();
            }
        }
        (at_early, resident_mib())
    }
}

async fn timed(work: impl Future<Output = ()>) -> Duration {
    let started = Instant::now();
    work.await;
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Counts the scalar values in a JSON tree.
fn leaves(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => map.values().map(leaves).sum(),
        serde_json::Value::Array(items) => items.iter().map(leaves).sum(),
        _ => 1,
    }
}

/// Resident set size from `/proc/self/status` (0 where there is none).
fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kib.unwrap_or(0.0) / 1024.0
}
