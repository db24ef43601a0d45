//! Benchmarks with baselines from the same run: client overhead against a hand-written
//! reqwest + serde call, decode speed against plain serde types, and regeneration time.
//!
//! `cargo bench -p tests` runs them all (`-- --smoke` for a seconds-long run that only proves
//! they work; `-- --footprint` adds cold release builds of a dependent program beside a hand-written floor,
//! for each TLS choice).
//! Each line prints the baseline, the candidate and their ratio; targets are reported, never
//! asserted.

mod counts;
mod decode;
mod footprint;
mod overhead;
mod scale;

use counts::*;
use decode::*;
use footprint::*;
use overhead::*;
use scale::*;

use std::time::{Duration, Instant};

use fastly_tokens::{Client, RetryPolicy, TokenResponse};

use tests::server::{Reply, Server};

const TOKEN: &str = r#"{"id":"7kzHzX5GPXxuQx0dAIBV2D","user_id":"2bFqLqJ8IuSkJ6vB1ZqXq0","customer_id":"4sIdEqbhOJ2sP8Oa5JY1Jh","name":"ci deploy","last_used_at":null,"created_at":"2024-03-01T09:12:44Z","expires_at":null,"ip":null,"user_agent":null,"sudo_expires_at":null,"scopes":["global:read","purge_select"],"scope":"global:read purge_select","services":["6yxNzKHbFLgNcnhXQHJsUF"],"service_id":null}"#;

/// How much work each measurement does.
struct Size {
    sequential: usize,
    per_task: usize,
    rounds: usize,
    decodes: usize,
    renders: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let mut size = if smoke {
        Size {
            sequential: 50,
            per_task: 2,
            rounds: 1,
            decodes: 3,
            renders: 1,
        }
    } else {
        Size {
            sequential: 3000,
            per_task: 40,
            rounds: 121,
            decodes: 450,
            renders: 10,
        }
    };
    // More rounds for a finer overhead figure (the A/A rows show how fine).
    if let Some(i) = args.iter().position(|a| a == "--rounds") {
        size.rounds = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .filter(|&n| n > 0)
            .expect("--rounds takes a number of rounds above 0");
    }
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        return serve(&args[i + 1]);
    }
    // The programs `instructions` runs under callgrind.
    if let Some(i) = args.iter().position(|a| a == "--calls") {
        return calls(&args[i + 1..]);
    }
    if let Some(i) = args.iter().position(|a| a == "--load") {
        return load(&args[i + 1..]);
    }
    if let Some(i) = args.iter().position(|a| a == "--decodes") {
        return decodes(&args[i + 1..]);
    }
    // Only the generate, lint and diff times at two spec sizes.
    if args.iter().any(|a| a == "--scale") {
        return scaling(smoke);
    }
    // Cold builds take minutes and both cores: alone, so nothing else skews them.
    if args.iter().any(|a| a == "--footprint") {
        return footprint();
    }
    // With a subscriber, the client's spans and events are built and formatted (to nowhere):
    // compare a run with `--with-subscriber` against one without for tracing's cost.
    let subscriber = args.iter().any(|a| a == "--with-subscriber");
    if subscriber {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_writer(std::io::sink)
            .init();
    }
    // Read before the benchmark's runtime starts (it runs a call on a runtime of its own).
    client_user_agent();
    let rt = tokio::runtime::Runtime::new().unwrap();
    println!(
        "fastly-tokens benchmarks ({}{}); ratio = candidate / baseline",
        if smoke { "smoke" } else { "full" },
        if subscriber {
            ", tracing subscriber on"
        } else {
            ""
        }
    );
    println!(
        "{:<44} {:>12} {:>12} {:>7}  target",
        "measure", "baseline", "candidate", "ratio"
    );
    // Each server runs in a child process, so the client's process holds only the client.
    let servers = [
        ("listTokensUser (3 tokens)", false, Child::serve("list")),
        ("revokeToken (204)", true, Child::serve("revoke")),
    ];
    rt.block_on(overhead(
        &size,
        &servers,
        args.iter().any(|a| a == "--profile"),
    ));
    // Only the overhead rounds: what one tries while changing the request path.
    if args.iter().any(|a| a == "--overhead") {
        return;
    }
    decode(&size);
    if !smoke {
        instructions(&servers);
    }
    regeneration(&size, smoke);
    scaling(smoke);
}

fn row(name: &str, baseline: f64, candidate: f64, unit: &str, target: &str, met: bool) {
    row_with_ratio(
        name,
        (baseline, candidate, candidate / baseline),
        unit,
        target,
        met,
    );
}

/// A row whose ratio is given (the median of per-round ratios, say) rather than computed.
fn row_with_ratio(
    name: &str,
    (baseline, candidate, ratio): (f64, f64, f64),
    unit: &str,
    target: &str,
    met: bool,
) {
    println!(
        "{name:<44} {:>12} {:>12} {:>6.3}x  {target} {}",
        format!("{baseline:.1}{unit}"),
        format!("{candidate:.1}{unit}"),
        ratio,
        if met { "met" } else { "MISSED" }
    );
}

/// The median baseline, the median candidate and the median of the per-round ratios of
/// `(baseline, candidate)` pairs.
fn medians(pairs: &[(f64, f64)]) -> (f64, f64, f64) {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    (
        median(pairs.iter().map(|p| p.0).collect()),
        median(pairs.iter().map(|p| p.1).collect()),
        median(pairs.iter().map(|p| p.1 / p.0).collect()),
    )
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

fn time_per_run(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let started = Instant::now();
    for _ in 0..runs {
        f();
    }
    started.elapsed().as_secs_f64() * 1e6 / runs as f64
}
