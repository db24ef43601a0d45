//! Decoding a 1,000-token list into the generated types against plain serde structs.

use super::*;

/// `--decodes plain|typed N`: N decodes of the 1,000-token list.
pub(crate) fn decodes(args: &[String]) {
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

/// A plain serde type with the same fields as `TokenResponse`; `created_at` and `scope` are
/// type parameters so the profile rows can type one of them at a time.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
pub(crate) struct Plain<CreatedAt = String, Scope = String> {
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
pub(crate) type PlainCreatedAt = Plain<chrono::DateTime<chrono::Utc>, String>;

/// [`Plain`] with `scope` typed as the generated code types it.
pub(crate) type PlainScopes = Plain<String, fastly_tokens::Scopes>;

pub(crate) fn decode(size: &Size) {
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

pub(crate) fn decode_with<T: serde::de::DeserializeOwned>(list: &str) {
    let v: T = serde_json::from_str(list).unwrap();
    std::hint::black_box(v);
}
