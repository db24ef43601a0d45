//! Benchmarks with baselines from the same run: client overhead against a hand-written
//! reqwest + serde call, decode speed against plain serde types, and regeneration time.
//!
//! `cargo bench -p tests` runs them all (`-- --smoke` for a seconds-long run that only proves
//! they work; `-- --footprint` adds cold release builds of a dependent program beside a hand-written floor,
//! for each TLS choice).
//! Each line prints the baseline, the candidate and their ratio; targets are reported, never
//! asserted.

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

/// The callers `--calls` and `--load` name: `floor`, `floor-ua` (the floor sending the
/// client's User-Agent), `client`, and `client-retrying` (the spec's own retry policy, as a
/// client built with no `retry` has it: every answer here succeeds, so nothing is ever
/// resent, and what it costs is the spare copy).
const CALLERS: &str = "floor|floor-ua|client|client-retrying";

fn caller(who: &str, url: &str) -> Caller {
    match who {
        "floor" => Caller::Floor(floor_client(false), url.to_string()),
        "floor-ua" => Caller::Floor(
            floor_client_with(false, Some(client_user_agent())),
            url.to_string(),
        ),
        "client-retrying" => Caller::Client(
            Client::builder()
                .token("bench-token")
                .base_url(url)
                .build()
                .unwrap(),
        ),
        "client" => Caller::Client(bench_client(url, false)),
        other => panic!("unknown caller {other:?}: one of {CALLERS}"),
    }
}

/// `--calls CALLER list|revoke URL N`: N sequential calls on one thread, nothing else.
fn calls(args: &[String]) {
    let [who, kind, url, n] = args else {
        panic!("--calls {CALLERS} list|revoke URL N")
    };
    let n: usize = n.parse().expect("a number of calls");
    let caller = caller(who, url);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        for _ in 0..n {
            caller.call(kind == "revoke").await;
        }
    });
}

/// `--load CALLER list|revoke URL ROUNDS`: the throughput phase of one side alone (64 tasks of
/// 40 calls on the two-worker runtime, ROUNDS times), to run under a sampling profiler such as
/// `perf record`: the costs that only show with two threads (a cache line moving between
/// cores) do not show in the single-threaded callgrind counts.
fn load(args: &[String]) {
    let [who, kind, url, rounds] = args else {
        panic!("--load {CALLERS} list|revoke URL ROUNDS")
    };
    let rounds: usize = rounds.parse().expect("a number of rounds");
    let caller = caller(who, url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        for _ in 0..rounds {
            let (tput, cpu) = concurrent(&caller, kind == "revoke", 40).await;
            eprintln!("{tput:.0} req/s, {cpu:.1} us CPU per request");
        }
    });
}

/// `--decodes plain|typed N`: N decodes of the 1,000-token list.
fn decodes(args: &[String]) {
    let [which, n] = args else {
        panic!("--decodes plain|typed N")
    };
    let list = format!("[{}]", vec![TOKEN; 1000].join(","));
    for _ in 0..n.parse::<usize>().expect("a number of decodes") {
        if which == "plain" {
            decode_with::<Vec<Plain>>(&list);
        } else {
            decode_with::<Vec<TokenResponse>>(&list);
        }
    }
}

/// Instructions per call, counted by callgrind (valgrind's instruction counter: the same
/// total for the same binary and input whatever else the machine does, unlike the wall-clock
/// rows above, whose rounds differ by some 20% between two identical callers here), and heap
/// blocks and bytes allocated per call, counted by DHAT (valgrind's heap profiler; a
/// reallocation counts as a block). Each figure is the difference between a run of 110 calls
/// and one of 10 (12 decodes and 2), per call, so the program's start and the first connection
/// cancel out. Counting under valgrind keeps this process on the plain system allocator: a
/// counting global allocator here (stats_alloc, until 2026-12-05) added two contended atomic
/// adds to every allocation of every timed row. Skipped without valgrind.
fn instructions(servers: &[(&str, bool, Child)]) {
    let valgrind = std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !valgrind {
        println!(
            "{:<44} skipped: valgrind is not installed",
            "instructions per call"
        );
        return;
    }
    let exe = std::env::current_exe().unwrap();
    // The figures valgrind's `tool` prints after `label` (callgrind: "Collected : N";
    // DHAT: "Total:     N bytes in M blocks").
    let count = |tool: &str, args: &[&str]| -> Vec<f64> {
        let output = std::process::Command::new("valgrind")
            .arg(format!("--tool={tool}"))
            .arg(format!("--{tool}-out-file=/dev/null"))
            .arg(&exe)
            .args(args)
            .output()
            .expect("valgrind runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{tool} run failed: {stderr}");
        let label = if tool == "dhat" {
            "Total:"
        } else {
            "Collected :"
        };
        let numbers: Vec<f64> = stderr
            .lines()
            .find_map(|l| l.split(label).nth(1))
            .map(|rest| {
                rest.split_whitespace()
                    .filter_map(|w| w.replace(',', "").parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        assert!(!numbers.is_empty(), "no {tool} figure in: {stderr}");
        numbers
    };
    // Per unit of work: the difference between `many` and `few` units, divided.
    let per_with = |tool: &str, args: &dyn Fn(&str) -> Vec<String>, (many, few): (usize, usize)| {
        let run = |n: usize| {
            let args = args(&n.to_string());
            count(tool, &args.iter().map(String::as_str).collect::<Vec<_>>())
        };
        let (many_run, few_run) = (run(many), run(few));
        many_run
            .iter()
            .zip(&few_run)
            .map(|(m, f)| (m - f) / (many - few) as f64)
            .collect::<Vec<f64>>()
    };
    let per = |args: &dyn Fn(&str) -> Vec<String>, sizes| per_with("callgrind", args, sizes)[0];
    for (name, revoke, server) in servers {
        let kind = if *revoke { "revoke" } else { "list" };
        let side = |who: &'static str| {
            move |n: &str| -> Vec<String> {
                ["--calls", who, kind, server.url(), n]
                    .map(String::from)
                    .to_vec()
            }
        };
        let (floor, client) = (
            per(&side("floor"), (110, 10)),
            per(&side("client"), (110, 10)),
        );
        row(
            &format!("{name}: instructions per call"),
            floor / 1000.0,
            client / 1000.0,
            "k",
            "<= 1.05x",
            client <= 1.05 * floor,
        );
        // DHAT's totals: bytes, then blocks.
        let (floor_heap, client_heap) = (
            per_with("dhat", &side("floor"), (110, 10)),
            per_with("dhat", &side("client"), (110, 10)),
        );
        row(
            &format!("{name}: allocations per call"),
            floor_heap[1],
            client_heap[1],
            "",
            "(profile)",
            true,
        );
        row(
            &format!("{name}: bytes allocated per call"),
            floor_heap[0],
            client_heap[0],
            "",
            "(profile)",
            true,
        );
        let retrying = per(&side("client-retrying"), (110, 10));
        println!(
            "  profile: with the spec's retry policy      {:>9.1}k   (vs floor {:.1}k: {:.3}x)",
            retrying / 1000.0,
            floor / 1000.0,
            retrying / floor
        );
    }
    let side = |which: &'static str| {
        move |n: &str| -> Vec<String> { ["--decodes", which, n].map(String::from).to_vec() }
    };
    let (plain, typed) = (per(&side("plain"), (12, 2)), per(&side("typed"), (12, 2)));
    row(
        "decode 1,000 tokens: instructions",
        plain / 1e6,
        typed / 1e6,
        "M",
        "<= 1.15x",
        typed <= 1.15 * plain,
    );
}

/// `generate` (in-process, formatting included), `lint` and `diff` on two kinds of spec at
/// two sizes each: the fastest of three runs at each, and how it grows against the size.
/// The replicated spec is the committed spec's operations copied (`diff`: one property added);
/// the graph is the shape of real documents, a cycle of `allOf`/`oneOf` component schemas with
/// examples at every level beside the committed operations (`tests::graph_spec`; `diff`: a
/// description changed).
fn scaling(smoke: bool) {
    let committed = tests::ops::spec_operations().len();
    // About 320 operations (where `diff` is held to under 1 s) and about 1,000.
    let (small, large) = if smoke {
        (1, 2)
    } else {
        (320usize.div_ceil(committed), 1000 / committed)
    };
    scale_case(
        "",
        (small, large),
        (committed, 0),
        &tests::replicated_spec,
        &|spec| {
            spec.replacen(
                "      properties:\n",
                "      properties:\n        tls_only:\n          type: boolean\n          \
                 description: Whether the token may be used over TLS only.\n",
                1,
            )
        },
    );
    // 100 and 300 component schemas in one cycle, an operation reading each (Fastly's whole
    // document has 699 schemas and 430 operations).
    let (small, large) = if smoke { (4, 8) } else { (100, 300) };
    scale_case(
        "graph ",
        (small, large),
        (1, committed),
        &tests::graph_spec,
        &|spec| spec.replacen("\"Its name.\"", "\"Its name, as shown.\"", 1),
    );
}

/// One kind of spec for [`scaling`]: `make(n)` at the two sizes, `per` operations per unit of
/// `n` beside `beside` more, `change` the edit `diff` reviews.
fn scale_case(
    label: &str,
    (small, large): (usize, usize),
    (per, beside): (usize, usize),
    make: &dyn Fn(usize) -> String,
    change: &dyn Fn(&str) -> String,
) {
    let smoke = small < 10;
    let measure = |n: usize| {
        let spec = make(n);
        let changed = change(&spec);
        assert_ne!(spec, changed);
        let root = tests::root();
        // The fastest of three runs (one in smoke mode): the least disturbed by the machine.
        let runs = if smoke { 1 } else { 3 };
        let time = |f: &dyn Fn()| {
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .fold(f64::INFINITY, f64::min)
        };
        let generate = time(&|| {
            xtask::render_all(&spec, xtask::SPEC_PATH).unwrap();
        });
        let config = xtask::lint::Config::default();
        let lint = time(&|| {
            xtask::lint::findings(&spec, xtask::SPEC_PATH, &config).unwrap();
        });
        let diff = time(&|| {
            xtask::diff::compare_texts(&root, &spec, &changed, "base").unwrap();
        });
        (generate, lint, diff)
    };
    let (a, b) = (measure(small), measure(large));
    let growth = (large as f64) / (small as f64);
    let ops = |n: usize| n * per + beside;
    let diff = if beside == 0 {
        "diff (one property added)"
    } else {
        "diff (a description changed)"
    };
    for (name, x, y) in [("generate", a.0, b.0), ("lint", a.1, b.1), (diff, a.2, b.2)] {
        println!(
            "{:<44} {:>12} {:>12} {:>6.2}x  < 1 s at {} ops {}, at {} {}; linear: ratio <= {:.1}x {}",
            format!("{label}{name}: {} / {} ops", ops(small), ops(large)),
            format!("{x:.0}ms"),
            format!("{y:.0}ms"),
            y / x,
            ops(small),
            if x < 1000.0 { "met" } else { "MISSED" },
            ops(large),
            if y < 1000.0 { "met" } else { "MISSED" },
            growth * 1.25,
            if y / x <= growth * 1.25 {
                "met"
            } else {
                "MISSED"
            },
        );
    }
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

/// The two ways of making one call, against the same server.
#[derive(Clone)]
enum Caller {
    /// A hand-written reqwest + serde call: the floor.
    Floor(reqwest::Client, String),
    /// The generated client with its hooks and error type.
    Client(Client),
}

impl Caller {
    async fn list(&self) {
        match self {
            Caller::Floor(http, base) => {
                let response = http
                    .get(format!("{base}/tokens"))
                    .header("fastly-key", "bench-token")
                    .header("accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success());
                let tokens: Vec<TokenResponse> = response.json().await.unwrap();
                assert_eq!(tokens.len(), 3);
            }
            Caller::Client(c) => assert_eq!(c.list_tokens_user().await.unwrap().len(), 3),
        }
    }

    async fn revoke(&self) {
        match self {
            Caller::Floor(http, base) => {
                let response = http
                    .delete(format!("{base}/tokens/7kzHzX5GPXxuQx0dAIBV2D"))
                    .header("fastly-key", "bench-token")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status().as_u16(), 204);
            }
            Caller::Client(c) => {
                c.revoke_token("7kzHzX5GPXxuQx0dAIBV2D").await.unwrap();
            }
        }
    }

    async fn call(&self, revoke: bool) {
        if revoke {
            self.revoke().await
        } else {
            self.list().await
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

/// Latencies of `n` sequential calls of each caller, alternating call by call so that any
/// drift of the machine hits both alike.
async fn sequential(
    a: &Caller,
    b: &Caller,
    revoke: bool,
    n: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut la, mut lb) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let t = Instant::now();
        a.call(revoke).await;
        la.push(t.elapsed());
        let t = Instant::now();
        b.call(revoke).await;
        lb.push(t.elapsed());
    }
    (la, lb)
}

/// This process's CPU time: the sum over its threads of their time on a CPU, in
/// nanoseconds (`/proc/self/task/*/schedstat`, Linux). The clock-tick counts of
/// `/proc/self/stat` are 10 ms apart, some 13% of one round's total here; where schedstat
/// is missing, they are what is left.
fn cpu_time() -> Duration {
    let threads = std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten();
    let ns: Option<u64> = threads
        .map(|t| {
            let stat = std::fs::read_to_string(t.path().join("schedstat")).ok()?;
            stat.split_whitespace().next()?.parse::<u64>().ok()
        })
        .sum();
    match ns {
        Some(ns) if ns > 0 => Duration::from_nanos(ns),
        _ => proc_times(&[11, 12]),
    }
}

/// The CPU time (user + system) of this process's waited-for children and theirs: a cold
/// build's total work, steadier than its wall time on a shared two-core machine.
fn children_cpu_time() -> Duration {
    proc_times(&[13, 14])
}

/// The sum of the given clock-tick fields of /proc/self/stat (counted after `(comm)`).
fn proc_times(which: &[usize]) -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the `(comm)`: state is field 3; utime and stime are fields 14 and 15.
    let after = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // Clock ticks are 1/100 s on Linux.
    Duration::from_millis(which.iter().map(|&i| ticks(i)).sum::<u64>() * 10)
}

/// Requests per second of 64 tasks, and this process's CPU time per request (µs).
async fn concurrent(caller: &Caller, revoke: bool, per_task: usize) -> (f64, f64) {
    let cpu = cpu_time();
    let started = Instant::now();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let c = caller.clone();
            tokio::spawn(async move {
                for _ in 0..per_task {
                    c.call(revoke).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let n = (64 * per_task) as f64;
    (
        n / started.elapsed().as_secs_f64(),
        (cpu_time() - cpu).as_secs_f64() * 1e6 / n,
    )
}

/// A server process started from this binary with `--serve KIND`; killed when dropped.
struct Child {
    process: std::process::Child,
    url: String,
}

impl Child {
    fn serve(kind: &str) -> Child {
        use std::io::BufRead;
        let mut process = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--serve", kind])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(process.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        Child {
            process,
            url: line.trim().to_string(),
        }
    }

    fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The child side: serve one reply forever on 127.0.0.1, print the URL, and wait.
fn serve(kind: &str) {
    let reply = match kind {
        "list" => Reply::json(200, &format!("[{TOKEN},{TOKEN},{TOKEN}]")),
        _ => Reply::empty(204),
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let server = Server::quiet(reply).await;
        println!("{}", server.url());
        // Until the parent kills this process (bounded by the parent's run).
        tokio::time::sleep(Duration::from_secs(600)).await;
    });
}

/// The floor's reqwest client: the same timeouts as the client's defaults (a timeout is
/// configuration, not overhead; `--profile` compares against no timeouts instead).
fn floor_client(profile: bool) -> reqwest::Client {
    floor_client_with(profile, None)
}

/// [`floor_client`], sending `user_agent` (a static value, as the client's default is) on
/// every request when one is given.
fn floor_client_with(profile: bool, user_agent: Option<&'static str>) -> reqwest::Client {
    let mut builder = tests::reqwest_builder();
    if let Some(agent) = user_agent {
        builder = builder.user_agent(reqwest::header::HeaderValue::from_static(agent));
    }
    if !profile {
        builder = builder
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30));
    }
    builder.build().unwrap()
}

/// The User-Agent the client sends by default, read off the wire of one call (the floor sends
/// none; the calibration rows send this one).
fn client_user_agent() -> &'static str {
    static AGENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    AGENT.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let server = Server::start(vec![Reply::empty(204)]).await;
            bench_client(server.url(), false)
                .revoke_token_current()
                .await
                .unwrap();
            let request = server.only_request();
            request.header("user-agent").unwrap().to_string()
        })
    })
}

/// The client under test, retries off (a timing run must not sleep).
fn bench_client(url: &str, profile: bool) -> Client {
    let mut builder = Client::builder()
        .token("bench-token")
        .base_url(url)
        .retry(RetryPolicy::none());
    if profile {
        // Experiment: the same timeout-free reqwest::Client as the floor.
        builder = builder.http_client(tests::reqwest_client());
    }
    builder.build().unwrap()
}

async fn overhead(size: &Size, servers: &[(&str, bool, Child)], profile: bool) {
    for (name, revoke, server) in servers {
        let (name, revoke) = (*name, *revoke);
        let floor = Caller::Floor(floor_client(profile), server.url().to_string());
        let client = Caller::Client(bench_client(server.url(), profile));
        // A second floor, measured like the client: the A/A rows show what the method can
        // resolve on this machine (two identical callers should be 1.000x).
        let floor2 = Caller::Floor(floor_client(profile), server.url().to_string());
        // A floor whose requests carry the client's User-Agent, as every official Fastly
        // client's do (the plain floor's carry none): the part of the gap that is one header
        // more on the wire, which the server parses too.
        let floor_ua = Caller::Floor(
            floor_client_with(profile, Some(client_user_agent())),
            server.url().to_string(),
        );
        // Warm the connection pools, then alternate rounds so drift hits all alike.
        sequential(&floor, &client, revoke, 50).await;
        sequential(&floor2, &floor, revoke, 50).await;
        let (mut base, mut cand) = (Vec::new(), Vec::new());
        // Per round, the throughput and CPU of each side, measured back to back: floor, client,
        // second floor in even rounds and the reverse in odd ones, so a drift within a round
        // cancels over two. The rows give the medians of the rounds' ratios: the machine's
        // state (it flips between a fast and a slow one every few seconds here, moving both
        // sides by some 40%) moves a round's ratio far less than either side's figure.
        // Each round's (req/s, CPU per request) of floor, client, second floor and floor with
        // the User-Agent, in that order.
        let mut rounds: Vec<[(f64, f64); 4]> = Vec::with_capacity(size.rounds);
        for round in 0..size.rounds {
            let (b, c) = sequential(&floor, &client, revoke, size.sequential / size.rounds).await;
            base.extend(b);
            cand.extend(c);
            // The order of this round: floor, client, second floor, floor with the
            // User-Agent, or the reverse.
            let mut order = [&floor, &client, &floor2, &floor_ua];
            if round % 2 == 1 {
                order.reverse();
            }
            let mut runs = [(0.0, 0.0); 4];
            for (run, caller) in runs.iter_mut().zip(order) {
                *run = concurrent(caller, revoke, size.per_task).await;
            }
            if round % 2 == 1 {
                runs.reverse();
            }
            rounds.push(runs);
        }
        // The floor's figure beside caller `i`'s, round by round: req/s, then CPU.
        let tput =
            |i: usize| -> Vec<(f64, f64)> { rounds.iter().map(|r| (r[0].0, r[i].0)).collect() };
        let cpu =
            |i: usize| -> Vec<(f64, f64)> { rounds.iter().map(|r| (r[0].1, r[i].1)).collect() };
        base.sort();
        cand.sort();
        let (b50, c50) = (percentile(&base, 0.5), percentile(&cand, 0.5));
        let (b99, c99) = (percentile(&base, 0.99), percentile(&cand, 0.99));
        row(
            &format!("{name}: p50 latency"),
            b50,
            c50,
            "us",
            "(reported)",
            true,
        );
        row(
            &format!("{name}: p99 latency"),
            b99,
            c99,
            "us",
            "<= 1.10x",
            c99 <= 1.1 * b99,
        );
        let (bt, ct, tput_ratio) = medians(&tput(1));
        row_with_ratio(
            &format!("{name}: 64 tasks, req/s"),
            (bt, ct, tput_ratio),
            "",
            ">= 0.97x",
            tput_ratio >= 0.97,
        );
        let (bc, cc, cpu_ratio) = medians(&cpu(1));
        row_with_ratio(
            &format!("{name}: client CPU per request"),
            (bc, cc, cpu_ratio),
            "us",
            "<= 1.05x",
            cpu_ratio <= 1.05,
        );
        // Rows that measure the method, not the client: A/A, then the User-Agent's share.
        for (i, what, kind) in [
            (2, "A/A, floor vs floor", "(resolution)"),
            (3, "floor + client's User-Agent", "(profile)"),
        ] {
            row_with_ratio(
                &format!("{name}: {what}, req/s"),
                medians(&tput(i)),
                "",
                kind,
                true,
            );
            row_with_ratio(
                &format!("{name}: {what}, CPU"),
                medians(&cpu(i)),
                "us",
                kind,
                true,
            );
        }
    }
}

/// A plain serde type with the same fields as `TokenResponse`; `created_at` and `scope` are
/// type parameters so the profile rows can type one of them at a time.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Plain<CreatedAt = String, Scope = String> {
    id: Option<String>,
    user_id: Option<String>,
    customer_id: Option<String>,
    name: Option<String>,
    last_used_at: Option<String>,
    created_at: Option<CreatedAt>,
    expires_at: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
    sudo_expires_at: Option<String>,
    scopes: Option<Vec<String>>,
    scope: Option<Scope>,
    services: Option<Vec<String>>,
    service_id: Option<String>,
}

/// [`Plain`] with `created_at` typed as the generated code types it.
type PlainCreatedAt = Plain<chrono::DateTime<chrono::Utc>, String>;
/// [`Plain`] with `scope` typed as the generated code types it.
type PlainScopes = Plain<String, fastly_tokens::Scopes>;

fn time_per_run(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let started = Instant::now();
    for _ in 0..runs {
        f();
    }
    started.elapsed().as_secs_f64() * 1e6 / runs as f64
}

fn decode(size: &Size) {
    let list = format!("[{}]", vec![TOKEN; 1000].join(","));
    let plain = || {
        let v: Vec<Plain> = serde_json::from_str(&list).unwrap();
        assert_eq!(v.len(), 1000);
    };
    let typed = || {
        let v: Vec<TokenResponse> = serde_json::from_str(&list).unwrap();
        assert_eq!(v.len(), 1000);
    };
    // Nine rounds, the two back to back in alternating order; the median of the ratios.
    let runs = size.decodes.div_ceil(9).max(1);
    let rounds: Vec<(f64, f64)> = (0..9)
        .map(|round| {
            if round % 2 == 0 {
                let b = time_per_run(runs, plain);
                (b, time_per_run(runs, typed))
            } else {
                let c = time_per_run(runs, typed);
                (time_per_run(runs, plain), c)
            }
        })
        .collect();
    let (base, cand, ratio) = medians(&rounds);
    row_with_ratio(
        "decode 1,000 tokens",
        (base, cand, ratio),
        "us",
        "<= 1.15x",
        ratio <= 1.15,
    );
    // What dominates: the plain struct with one typed field at a time.
    for (label, run) in [
        (
            "  profile: plain + typed created_at",
            decode_with::<Vec<PlainCreatedAt>> as fn(&str),
        ),
        (
            "  profile: plain + Scopes",
            decode_with::<Vec<PlainScopes>> as fn(&str),
        ),
    ] {
        let t = time_per_run(size.decodes, || run(&list));
        println!(
            "{label:<44} {:>12}   (vs plain {:.1}us)",
            format!("{t:.1}us"),
            base
        );
    }
}

fn decode_with<T: serde::de::DeserializeOwned>(list: &str) {
    let v: T = serde_json::from_str(list).unwrap();
    std::hint::black_box(v);
}

fn regeneration(size: &Size, smoke: bool) {
    let spec = tests::committed_spec();
    let per = time_per_run(size.renders, || {
        xtask::render_all(&spec, xtask::SPEC_PATH).unwrap();
    });
    println!(
        "{:<44} {:>12}   spec bytes to formatted code (both files), in-process",
        "regeneration",
        format!("{:.1}ms", per / 1000.0)
    );
    if smoke {
        return;
    }
    let root = tests::root();
    let run = || {
        let t = Instant::now();
        let status = std::process::Command::new(env!("CARGO"))
            .args(["xtask", "generate", "--check"])
            .current_dir(&root)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        t.elapsed()
    };
    run(); // warm: builds the xtask if needed
    let mut times: Vec<Duration> = (0..5).map(|_| run()).collect();
    times.sort();
    let median = times[2].as_secs_f64();
    println!(
        "{:<44} {:>12}   target < 1 s {}",
        "cargo xtask generate --check (warm, median)",
        format!("{:.0}ms", median * 1000.0),
        if median < 1.0 { "met" } else { "MISSED" }
    );
}

/// The TLS choices the footprint compares: (client feature, the floor's reqwest features,
/// whether the floor installs ring as the rustls provider).
const TLS_CHOICES: [(&str, &str, bool); 3] = [
    ("rustls-ring", "\"rustls-no-provider\"", true),
    ("rustls-aws-lc-rs", "\"rustls\"", false),
    ("native-tls", "\"native-tls\"", false),
];

/// What one cold build cost.
struct Build {
    wall: f64,
    cpu: f64,
    bytes: u64,
    crates: usize,
}

/// One cold release build (own empty target directory, stripped binary) of a program with
/// `deps` and `main`.
fn cold_build(deps: &str, main: &str) -> Build {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"dependent\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\n{deps}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n\
             [profile.release]\nstrip = true\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("src/main.rs"), main).unwrap();
    // The workspace's lock: both programs build the same versions of what they share.
    std::fs::copy(
        tests::root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    let cargo = |args: &[&str]| {
        std::process::Command::new(env!("CARGO"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap()
    };
    let (t, cpu) = (Instant::now(), children_cpu_time());
    let out = cargo(&["build", "--release", "--quiet", "--offline"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wall = t.elapsed().as_secs_f64();
    let cpu = (children_cpu_time() - cpu).as_secs_f64();
    let tree = cargo(&[
        "tree",
        "--prefix",
        "none",
        "-e",
        "normal",
        "--offline",
        "--quiet",
    ]);
    let mut crates: Vec<String> = String::from_utf8_lossy(&tree.stdout)
        .lines()
        .map(|l| l.trim_end_matches(" (*)").to_string())
        .collect();
    crates.sort();
    crates.dedup();
    let bytes = std::fs::metadata(dir.path().join("target/release/dependent"))
        .unwrap()
        .len();
    Build {
        wall,
        cpu,
        bytes,
        crates: crates.len(),
    }
}

/// For each TLS choice, a minimal program making one listTokensUser call, built cold in
/// release mode twice in the same run: with a hand-written reqwest + serde call (the floor),
/// and with this crate. Prints wall and CPU build-time ratios (on two cores the wall time of
/// one cold build varies by 10-20% run to run; the CPU time much less) and the stripped
/// binary ratio; targets apply to the default choice (build <= 1.15x, binary
/// <= 1.3x).
fn footprint() {
    let crate_path = tests::root().join("crates/fastly-tokens");
    println!(
        "{:<18} {:>14} {:>7} {:>14} {:>7} {:>13} {:>7} {:>7}",
        "TLS", "wall s (f/c)", "ratio", "CPU s (f/c)", "ratio", "MiB (f/c)", "ratio", "crates"
    );
    for (feature, reqwest_tls, ring) in TLS_CHOICES {
        let floor_deps = format!(
            "reqwest = {{ version = \"0.13\", default-features = false, features = [\"json\", {reqwest_tls}] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n{}",
            if ring {
                "rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }\n"
            } else {
                ""
            }
        );
        let floor_main = format!(
            "#[derive(serde::Deserialize, Debug)]\n#[allow(dead_code)]\nstruct Token {{\n    id: Option<String>,\n    name: Option<String>,\n    \
             scope: Option<String>,\n    services: Option<Vec<String>>,\n    created_at: Option<String>,\n    last_used_at: Option<String>,\n    \
             expires_at: Option<String>,\n    ip: Option<String>,\n    user_agent: Option<String>,\n    user_id: Option<String>,\n}}\n\n\
             #[tokio::main]\nasync fn main() {{\n    {}\n    let key = std::env::var(\"FASTLY_API_TOKEN\").unwrap_or_default();\n    \
             let client = reqwest::Client::new();\n    let sent = client.get(\"https://api.fastly.com/tokens\").header(\"Fastly-Key\", key).send().await;\n    \
             let tokens: Vec<Token> = match sent {{\n        Ok(r) => r.json().await.unwrap_or_default(),\n        Err(_) => Vec::new(),\n    }};\n    \
             println!(\"{{}}\", tokens.len());\n}}\n",
            if ring {
                "let _ = rustls::crypto::ring::default_provider().install_default();"
            } else {
                ""
            }
        );
        let floor = cold_build(&floor_deps, &floor_main);
        let client_deps = format!(
            "fastly-tokens = {{ path = {crate_path:?}, default-features = false, features = [\"{feature}\"] }}\n"
        );
        let client_main = "#[tokio::main]\nasync fn main() {\n    let c = fastly_tokens::Client::from_env().unwrap();\n    \
             println!(\"{}\", c.list_tokens_user().await.map(|t| t.len()).unwrap_or(0));\n}\n";
        let client = cold_build(&client_deps, client_main);
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        println!(
            "{feature:<18} {:>14} {:>6.2}x {:>14} {:>6.2}x {:>13} {:>6.2}x {:>7}",
            format!("{:.0}/{:.0}", floor.wall, client.wall),
            client.wall / floor.wall,
            format!("{:.0}/{:.0}", floor.cpu, client.cpu),
            client.cpu / floor.cpu,
            format!("{:.1}/{:.1}", mib(floor.bytes), mib(client.bytes)),
            client.bytes as f64 / floor.bytes as f64,
            client.crates
        );
    }
}
