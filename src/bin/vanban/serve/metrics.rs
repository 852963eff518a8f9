//! Counters for `/metrics`, in the Prometheus text format (version 0.0.4).
//!
//! Labels take values from fixed sets only (the endpoints, status codes, formats,
//! reasons), never from the request: a client cannot grow the series without bound.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds: a notice renders in about a
/// millisecond, a queued one in tens, a batch in seconds.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The endpoints, as labels; anything else is `other`.
pub const ENDPOINTS: [&str; 16] = [
    "/v1/render",
    "/v1/validate",
    "/v1/batch",
    "/v1/sign/prepare",
    "/v1/sign/finish",
    "/v1/issue",
    "/v1/issue/prepare",
    "/v1/issue/finish",
    "/v1/edxml",
    "/v1/edxml/check",
    "/v1/schema",
    "/openapi.json",
    "/healthz",
    "/readyz",
    "/metrics",
    "other",
];

pub fn endpoint_label(path: &str) -> &'static str {
    ENDPOINTS
        .iter()
        .find(|e| **e == path)
        .copied()
        .unwrap_or("other")
}

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    latency: Mutex<BTreeMap<&'static str, Histogram>>,
    renders: Mutex<BTreeMap<&'static str, u64>>,
    rejections: Mutex<BTreeMap<&'static str, u64>>,
    pub in_flight: AtomicI64,
    pub queued: AtomicI64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Metrics {
    pub fn request(&self, endpoint: &'static str, status: u16, took: Duration) {
        *lock(&self.requests).entry((endpoint, status)).or_default() += 1;
        let secs = took.as_secs_f64();
        let mut h = lock(&self.latency);
        let h = h.entry(endpoint).or_default();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    pub fn render(&self, format: &'static str) {
        *lock(&self.renders).entry(format).or_default() += 1;
    }

    pub fn reject(&self, reason: &'static str) {
        *lock(&self.rejections).entry(reason).or_default() += 1;
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        s.push_str("# HELP vanban_http_requests_total Requests answered, by endpoint and status.\n# TYPE vanban_http_requests_total counter\n");
        for ((e, st), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                s,
                "vanban_http_requests_total{{endpoint=\"{e}\",status=\"{st}\"}} {n}"
            );
        }
        s.push_str("# HELP vanban_http_request_duration_seconds Time from the request's arrival to its answer's headers (a batch: to its last byte).\n# TYPE vanban_http_request_duration_seconds histogram\n");
        for (e, h) in lock(&self.latency).iter() {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "vanban_http_request_duration_seconds_bucket{{endpoint=\"{e}\",le=\"{b}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                s,
                "vanban_http_request_duration_seconds_bucket{{endpoint=\"{e}\",le=\"+Inf\"}} {}\nvanban_http_request_duration_seconds_sum{{endpoint=\"{e}\"}} {}\nvanban_http_request_duration_seconds_count{{endpoint=\"{e}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        s.push_str("# HELP vanban_renders_total Files rendered, by format (a batch counts each notice).\n# TYPE vanban_renders_total counter\n");
        for (f, n) in lock(&self.renders).iter() {
            let _ = writeln!(s, "vanban_renders_total{{format=\"{f}\"}} {n}");
        }
        s.push_str("# HELP vanban_rejections_total Requests refused, by reason.\n# TYPE vanban_rejections_total counter\n");
        for (r, n) in lock(&self.rejections).iter() {
            let _ = writeln!(s, "vanban_rejections_total{{reason=\"{r}\"}} {n}");
        }
        let _ = writeln!(
            s,
            "# HELP vanban_in_flight Requests being handled now.\n# TYPE vanban_in_flight gauge\nvanban_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            s,
            "# HELP vanban_queue_depth Requests waiting for a render slot.\n# TYPE vanban_queue_depth gauge\nvanban_queue_depth {}",
            self.queued.load(Ordering::Relaxed)
        );
        s
    }
}
