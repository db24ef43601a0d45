//! Regeneration in-process, and generate, lint and diff at two sizes of two kinds of spec.

use super::*;

/// `generate` (in-process, formatting included), `lint` and `diff` on two kinds of spec at
/// two sizes each: the fastest of three runs at each, and how it grows against the size.
/// The replicated spec is the committed spec's operations copied (`diff`: one property added);
/// the graph is the shape of real documents, a cycle of `allOf`/`oneOf` component schemas with
/// examples at every level beside the committed operations (`tests::graph_spec`; `diff`: a
/// description changed).
pub(crate) fn scaling(smoke: bool) {
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
pub(crate) fn scale_case(
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

pub(crate) fn regeneration(size: &Size, smoke: bool) {
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
