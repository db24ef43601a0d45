//! Instructions and heap blocks per call, counted by callgrind and DHAT in child processes.

use super::*;

/// Instructions per call, counted by callgrind (valgrind's instruction counter: the same
/// total for the same binary and input whatever else the machine does, unlike the wall-clock
/// rows above, whose rounds differ by some 20% between two identical callers here), and heap
/// blocks and bytes allocated per call, counted by DHAT (valgrind's heap profiler; a
/// reallocation counts as a block). Each figure is the difference between a run of 110 calls
/// and one of 10 (12 decodes and 2), per call, so the program's start and the first connection
/// cancel out. Counting under valgrind keeps this process on the plain system allocator: a
/// counting global allocator here (stats_alloc, until 2026-12-05) added two contended atomic
/// adds to every allocation of every timed row. Skipped without valgrind.
pub(crate) fn instructions(servers: &[(&str, bool, Child)]) {
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
