//! Cold release builds of a one-call program on the client beside a hand-written floor, per TLS choice.

use super::*;

/// The TLS choices the footprint compares: (client feature, the floor's reqwest features,
/// whether the floor installs ring as the rustls provider).
pub(crate) const TLS_CHOICES: [(&str, &str, bool); 3] = [
    ("rustls-ring", "\"rustls-no-provider\"", true),
    ("rustls-aws-lc-rs", "\"rustls\"", false),
    ("native-tls", "\"native-tls\"", false),
];

/// What one cold build cost.
pub(crate) struct Build {
    wall: f64,
    cpu: f64,
    bytes: u64,
    crates: usize,
}

/// One cold release build (own empty target directory, stripped binary) of a program with
/// `deps` and `main`.
pub(crate) fn cold_build(deps: &str, main: &str) -> Build {
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
pub(crate) fn footprint() {
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
