//! The client against the hand-written floor on one loopback server: sequential latency, throughput and CPU per request, the callers and the server child process.

use super::*;

/// The callers `--calls` and `--load` name: `floor`, `floor-ua` (the floor sending the
/// client's User-Agent), `client`, and `client-retrying` (the spec's own retry policy, as a
/// client built with no `retry` has it: every answer here succeeds, so nothing is ever
/// resent, and what it costs is the spare copy).
pub(crate) const CALLERS: &str = "floor|floor-ua|client|client-retrying";

pub(crate) fn caller(who: &str, url: &str) -> Caller {
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
pub(crate) fn calls(args: &[String]) {
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
pub(crate) fn load(args: &[String]) {
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

/// The two ways of making one call, against the same server.
#[derive(Clone)]
pub(crate) enum Caller {
    /// A hand-written reqwest + serde call: the floor.
    Floor(reqwest::Client, String),
    /// The generated client with its hooks and error type.
    Client(Client),
}

impl Caller {
    pub(crate) async fn list(&self) {
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

    pub(crate) async fn revoke(&self) {
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

    pub(crate) async fn call(&self, revoke: bool) {
        if revoke {
            self.revoke().await
        } else {
            self.list().await
        }
    }
}

/// Latencies of `n` sequential calls of each caller, alternating call by call so that any
/// drift of the machine hits both alike.
pub(crate) async fn sequential(
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
pub(crate) fn cpu_time() -> Duration {
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
pub(crate) fn children_cpu_time() -> Duration {
    proc_times(&[13, 14])
}

/// The sum of the given clock-tick fields of /proc/self/stat (counted after `(comm)`).
pub(crate) fn proc_times(which: &[usize]) -> Duration {
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
pub(crate) async fn concurrent(caller: &Caller, revoke: bool, per_task: usize) -> (f64, f64) {
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
pub(crate) struct Child {
    process: std::process::Child,
    url: String,
}

impl Child {
    pub(crate) fn serve(kind: &str) -> Child {
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

    pub(crate) fn url(&self) -> &str {
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
pub(crate) fn serve(kind: &str) {
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
pub(crate) fn floor_client(profile: bool) -> reqwest::Client {
    floor_client_with(profile, None)
}

/// [`floor_client`], sending `user_agent` (a static value, as the client's default is) on
/// every request when one is given.
pub(crate) fn floor_client_with(
    profile: bool,
    user_agent: Option<&'static str>,
) -> reqwest::Client {
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
pub(crate) fn client_user_agent() -> &'static str {
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
pub(crate) fn bench_client(url: &str, profile: bool) -> Client {
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

pub(crate) async fn overhead(size: &Size, servers: &[(&str, bool, Child)], profile: bool) {
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
