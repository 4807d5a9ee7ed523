//! Runtime benchmarks of the RingCentral SDK against the same work done with
//! raw reqwest + serde_json into the same model types, over a loopback
//! server this program starts itself. `cargo xtask bench` runs it in release
//! and prints its lines with the rest of the figures.
//!
//! Each time is the median of several rounds, and each ratio the median of
//! the rounds' own ratios: in every round the SDK and the raw code run back
//! to back, so drift of the machine hits both alike.

mod fixtures;
mod runs;
mod server;

use std::time::Duration;

/// Calls per round of the call-overhead benchmark, and its rounds: short
/// rounds, many of them, so that each round's ratio is taken over seconds.
const CALLS: u32 = 1_000;
const CALL_ROUNDS: usize = 21;
/// Records per page, and pages per walk, of the page benchmarks.
const PER_PAGE: u32 = 1_000;
const PAGES: u32 = 50;
/// Rounds per figure.
const ROUNDS: usize = 7;

fn main() {
    let device = serde_json::to_vec(&fixtures::device(1)).expect("a JSON value encodes");
    let page =
        serde_json::to_vec(&fixtures::page(PER_PAGE, 1, false)).expect("a JSON value encodes");
    let last_page =
        serde_json::to_vec(&fixtures::page(PER_PAGE, PAGES, true)).expect("a JSON value encodes");
    let page_kib = page.len() as f64 / 1024.0;
    let server = server::Server::start(server::Bodies {
        device,
        page,
        last_page,
        pages: PAGES,
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("start the client runtime");
    runtime.block_on(async {
        let bench = runs::Bench::new(server.addr);
        bench.check_fixtures().await;
        bench.warm_up().await;

        if std::env::var("SDK_BENCH_PROFILE").as_deref() == Ok("calls") {
            // Only the SDK's calls, long enough for a profiler (`perf record`) to see where they go.
            for _ in 0..20 {
                bench.sdk_calls(CALLS).await;
            }
            return;
        }
        let calls = bench
            .rounds(
                CALL_ROUNDS,
                || bench.sdk_calls(CALLS),
                || bench.raw_calls(CALLS),
            )
            .await;
        let per_call = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(CALLS);
        println!("call, sdk: {:.1} us", per_call(calls.sdk));
        println!(
            "call, raw reqwest + serde_json: {:.1} us",
            per_call(calls.raw)
        );
        println!("call overhead vs raw reqwest: {:.2}x", calls.ratio);

        let limited = bench
            .rounds(
                CALL_ROUNDS,
                || bench.limited_calls(CALLS),
                || bench.sdk_calls(CALLS),
            )
            .await;
        println!(
            "call, sdk keeping under rate limits: {:.1} us",
            per_call(limited.sdk)
        );
        println!("limiter overhead vs none: {:.2}x", limited.ratio);

        let pages = bench
            .rounds(ROUNDS, || bench.sdk_pages(PAGES), || bench.raw_pages(PAGES))
            .await;
        let per_page = |d: Duration| d.as_secs_f64() * 1e3 / f64::from(PAGES);
        println!(
            "page of {PER_PAGE} records ({page_kib:.0} KiB), sdk: {:.2} ms",
            per_page(pages.sdk)
        );
        println!(
            "page of {PER_PAGE} records, raw reqwest + serde_json::from_slice: {:.2} ms",
            per_page(pages.raw)
        );
        println!("page decode vs serde_json: {:.2}x", pages.ratio);

        let stream = bench
            .rounds(ROUNDS, || bench.sdk_stream(), || bench.raw_loop())
            .await;
        println!(
            "stream of {PAGES} pages, sdk: {:.0} ms",
            stream.sdk.as_secs_f64() * 1e3
        );
        println!(
            "stream of {PAGES} pages, raw loop: {:.0} ms",
            stream.raw.as_secs_f64() * 1e3
        );
        println!("stream vs raw loop: {:.2}x", stream.ratio);

        let (after_5, after_all) = bench.stream_memory(5).await;
        println!("stream resident memory after 5 pages: {:.1} MiB", after_5);
        println!(
            "stream resident memory after {PAGES} pages: {:.1} MiB",
            after_all
        );
    });
}
