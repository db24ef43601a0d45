//! A hostile network, for every operation the spec declares: redirects never carry a
//! credential or a body to a second origin, and no response body is read past the limit.

use std::time::Duration;

use fastly_tokens::{Client, ClientBuilder, Error, RetryPolicy};
use tests::ops::{self, Operation};
use tests::server::{Reply, Server};

const TOKEN: &str = "sekrit-api-token-0123456789abcdef";
const USERNAME: &str = "owner@example.com";
const PASSWORD: &str = "correct horse battery staple";
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// A client with every credential it can hold: the API token, the account's username and
/// password (sent by createToken), and retries off so each call is one request.
fn with_credentials(base_url: &str) -> ClientBuilder {
    Client::builder()
        .token(TOKEN)
        .credentials(USERNAME, PASSWORD)
        .base_url(base_url)
        .retry(RetryPolicy::none())
}

/// The second origin: `localhost` on another port than the first server's `127.0.0.1`.
fn other_origin(server: &Server) -> String {
    server.url().replace("127.0.0.1", "localhost")
}

#[tokio::test]
async fn redirects_are_refused_and_the_second_origin_receives_nothing() {
    let second = Server::always(Reply::json(200, "{}")).await;
    let target = other_origin(&second);
    let mut tried = Vec::new();
    for op in ops::spec_operations() {
        for status in REDIRECTS {
            let first = Server::always(
                Reply::empty(status).header("Location", &format!("{target}{}", op.path)),
            )
            .await;
            let client = with_credentials(first.url()).build().unwrap();
            let err = ops::call(&client, &op.id)
                .await
                .expect_err("a redirect is an error");
            match &err {
                Error::Redirect {
                    status: s,
                    location,
                    ..
                } => {
                    assert_eq!(s.as_u16(), status, "{} {status}", op.id);
                    assert_eq!(location.as_deref(), Some(target.as_str()), "{}", op.id);
                }
                other => panic!(
                    "{} {status}: expected Error::Redirect, got {other:?}",
                    op.id
                ),
            }
            assert!(err.is_redirect() && err.status().is_some_and(|s| s.as_u16() == status));
            let shown = format!("{err} {err:?}");
            assert!(
                shown.contains(&target),
                "the error names where it pointed: {shown}"
            );
            assert_eq!(
                first.requests().len(),
                1,
                "{} {status}: one request, no retry",
                op.id
            );
            tried.push(format!("{} {status}", op.id));
        }
    }
    assert_eq!(
        second.requests().len(),
        0,
        "the second origin received {:#?}",
        second.requests()
    );
    assert_eq!(tried.len(), ops::spec_operations().len() * REDIRECTS.len());
}

/// A `Location` that echoes the credential in its path and query never shows in the error.
#[tokio::test]
async fn a_redirect_error_shows_only_the_target_origin() {
    let first = Server::always(Reply::empty(302).header(
        "Location",
        &format!("http://evil.example/{TOKEN}?k={TOKEN}"),
    ))
    .await;
    let client = with_credentials(first.url()).build().unwrap();
    let err = client.get_token_current().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("http://evil.example"), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

/// A `reqwest::Client` built elsewhere follows redirects: the answer from the second origin is
/// refused (never returned as the operation's result), as documented on `http_client`; its
/// builder handed to `http_client_builder` keeps everything on the first origin.
#[tokio::test]
async fn clients_brought_by_the_user() {
    let second = Server::always(Reply::json(200, tests::server::TOKEN_JSON)).await;
    let target = other_origin(&second);
    let ops = ops::spec_operations();
    for op in &ops {
        let first =
            Server::always(Reply::empty(307).header("Location", &format!("{target}{}", op.path)))
                .await;
        let following = with_credentials(first.url())
            .http_client(tests::reqwest_client())
            .build()
            .unwrap();
        match ops::call(&following, &op.id).await {
            Err(Error::OffOrigin { origin, .. }) => assert_eq!(origin, target),
            other => panic!("{}: expected Error::OffOrigin, got {other:?}", op.id),
        }

        let from_builder = with_credentials(first.url())
            .http_client_builder(tests::reqwest_builder())
            .build()
            .unwrap();
        let err = ops::call(&from_builder, &op.id).await.unwrap_err();
        assert!(matches!(err, Error::Redirect { .. }), "{}: {err:?}", op.id);
    }
    // Only the client that follows reached the second origin: once per operation.
    assert_eq!(second.requests().len(), ops.len());
}

/// Same-origin answers are unaffected by the origin check, including the port-less default.
#[tokio::test]
async fn same_origin_answers_pass() {
    let server = Server::always(Reply::json(200, tests::server::TOKEN_JSON)).await;
    let client = with_credentials(&format!("{}/", server.url()))
        .build()
        .unwrap();
    let token = client.get_token_current().await.unwrap();
    assert_eq!(token.id, "7kzHzX5GPXxuQx0dAIBV2D");
}

/// The limit every body test uses: small, so each test moves a few hundred KiB.
const LIMIT: u64 = 256 * 1024;

fn limited(server: &Server) -> Client {
    with_credentials(server.url())
        .body_limit(LIMIT)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Operations whose success body the client reads; the others ignore it.
fn decoding() -> Vec<Operation> {
    let ops: Vec<Operation> = ops::spec_operations()
        .into_iter()
        .filter(|op| op.decodes_body)
        .collect();
    assert!(
        ops.len() >= 3,
        "the lists, the single token and createToken decode bodies"
    );
    ops
}

/// A `Content-Length` over the limit fails before any of the body is read: the server sends
/// the head and then nothing, so a client that tried to read would wait for the timeout.
#[tokio::test]
async fn an_announced_length_over_the_limit_fails_before_reading() {
    for op in decoding() {
        let server = Server::always(Reply::Flood {
            status: 200,
            announced: Some(LIMIT + 1),
            length: Some(0),
        })
        .await;
        let result = tokio::time::timeout(
            Duration::from_secs(30),
            ops::call(&limited(&server), &op.id),
        )
        .await
        .unwrap_or_else(|_| panic!("{}: the client waited for a body it should refuse", op.id));
        match result {
            Err(Error::BodyTooLarge {
                status,
                limit,
                received,
                declared,
                ..
            }) => {
                assert_eq!(
                    (status.as_u16(), limit, received, declared),
                    (200, LIMIT, 0, Some(LIMIT + 1)),
                    "{}",
                    op.id
                );
            }
            other => panic!("{}: expected Error::BodyTooLarge, got {other:?}", op.id),
        }
    }
}

/// A chunked body that never ends fails as soon as it crosses the limit, for success and
/// error statuses alike (error bodies are cut at 64 KiB first, so a small limit shows it).
#[tokio::test]
async fn an_endless_chunked_body_fails_once_it_crosses_the_limit() {
    for op in decoding() {
        let server = Server::always(Reply::Flood {
            status: 200,
            announced: None,
            length: None,
        })
        .await;
        match ops::call(&limited(&server), &op.id).await {
            Err(e @ Error::BodyTooLarge { .. }) => {
                let Error::BodyTooLarge {
                    received, declared, ..
                } = e
                else {
                    unreachable!()
                };
                assert!(received > LIMIT, "{}: stopped at {received}", op.id);
                // One chunk of at most 64 KiB (and a little framing) past the limit, no more.
                assert!(received <= LIMIT + 70 * 1024, "{}: read {received}", op.id);
                assert_eq!(declared, None);
                assert!(e.is_body_too_large() && e.status().is_some_and(|s| s.as_u16() == 200));
                assert!(e.to_string().contains(&LIMIT.to_string()), "{e}");
            }
            other => panic!("{}: expected Error::BodyTooLarge, got {other:?}", op.id),
        }
    }
    for op in ops::spec_operations() {
        let server = Server::always(Reply::Flood {
            status: 500,
            announced: None,
            length: None,
        })
        .await;
        let client = with_credentials(server.url())
            .body_limit(16 * 1024)
            .build()
            .unwrap();
        match ops::call(&client, &op.id).await {
            Err(Error::BodyTooLarge {
                status,
                limit: 16384,
                ..
            }) => assert_eq!(status.as_u16(), 500),
            other => panic!("{}: expected Error::BodyTooLarge, got {other:?}", op.id),
        }
        // Under the default limit, the error body is cut at 64 KiB and the status reported.
        let client = with_credentials(server.url()).build().unwrap();
        match ops::call(&client, &op.id).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status().as_u16(), 500);
                assert_eq!(e.body().len(), 64 * 1024);
            }
            other => panic!("{}: expected Error::Api, got {other:?}", op.id),
        }
    }
}

/// A body that lies about its length: it announces less than the limit and keeps sending.
/// Only the announced bytes are read (HTTP/1.1 framing), and the cut-off JSON is a typed
/// decode error, not a longer read.
#[tokio::test]
async fn a_body_longer_than_announced_is_read_only_as_far_as_announced() {
    for op in decoding() {
        let server = Server::always(Reply::Flood {
            status: 200,
            announced: Some(LIMIT / 2),
            length: None,
        })
        .await;
        match ops::call(&limited(&server), &op.id).await {
            Err(Error::Decode { status, .. }) => assert_eq!(status.as_u16(), 200),
            other => panic!("{}: expected Error::Decode, got {other:?}", op.id),
        }
    }
}

/// A body that announces more than it sends, then closes: a transport error, nothing more.
#[tokio::test]
async fn a_body_shorter_than_announced_is_a_transport_error() {
    for op in decoding() {
        let server = Server::always(Reply::Flood {
            status: 200,
            announced: Some(LIMIT / 2),
            length: Some(LIMIT / 4),
        })
        .await;
        match ops::call(&limited(&server), &op.id).await {
            Err(Error::Transport(_)) => {}
            other => panic!("{}: expected Error::Transport, got {other:?}", op.id),
        }
    }
}

/// A body exactly at the limit is read and decoded.
#[tokio::test]
async fn a_body_at_the_limit_is_read() {
    let body = format!("[{}]", vec![tests::server::TOKEN_JSON; 40].join(","));
    let server = Server::always(Reply::json(200, &body)).await;
    let client = with_credentials(server.url())
        .body_limit(body.len() as u64)
        .build()
        .unwrap();
    assert_eq!(client.list_tokens_user().await.unwrap().len(), 40);
    let client = with_credentials(server.url())
        .body_limit(body.len() as u64 - 1)
        .build()
        .unwrap();
    assert!(
        client
            .list_tokens_user()
            .await
            .unwrap_err()
            .is_body_too_large()
    );
}

/// The child of `peak_memory_stays_bounded`: lists tokens against a 1.5 GB body with the
/// default limit, then prints the peak resident memory. Run only by its parent.
#[tokio::test]
#[ignore = "run by peak_memory_stays_bounded in a process of its own"]
async fn flood_child() {
    let server = Server::always(Reply::Flood {
        status: 200,
        announced: None,
        length: Some(1_500_000_000),
    })
    .await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.url())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.list_tokens_user().await.unwrap_err();
    assert!(err.is_body_too_large(), "{err:?}");
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    println!("FLOOD {peak} elapsed_ms={}", started.elapsed().as_millis());
}

/// The process's peak memory while refusing a 1.5 GB body stays under 160 MiB (the default
/// limit is 32 MiB; 45 MB measured), from `/proc/self/status` in a child process. Before the
/// limit the client read all of it: 4.5 GB peak.
#[test]
#[cfg(target_os = "linux")]
fn peak_memory_stays_bounded() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &tests::test_name(module_path!(), "flood_child"),
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // libtest may print the child's line after its own `test flood_child ... `.
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("FLOOD ").map(|(_, report)| report))
        .unwrap_or_else(|| panic!("the child did not report: {stdout}"));
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in {line:?}"));
    eprintln!("{line}");
    assert!(kib < 160 * 1024, "peak resident memory {kib} KiB: {line}");
}

/// The TLS backend the features choose is wired in: an `https` base URL makes the client open
/// with a TLS ClientHello (a handshake record, 0x16 0x03), and a server that answers in plain
/// HTTP gives a typed transport error, neither a panic (no rustls provider) nor plain text.
#[tokio::test]
async fn https_speaks_tls_first() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let accepted = tokio::time::timeout(Duration::from_secs(10), listener.accept()).await;
        let (mut socket, _) = accepted.expect("the client connected").unwrap();
        let mut first = [0u8; 3];
        socket.read_exact(&mut first).await.unwrap();
        let _ = socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]")
            .await;
        first
    });
    let client = with_credentials(&format!("https://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = client.list_tokens_user().await.unwrap_err();
    let first = server.await.unwrap();
    assert_eq!(
        first[..2],
        [0x16, 0x03],
        "not a TLS handshake record: {first:?}"
    );
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!format!("{err:?}{err}").contains(TOKEN));
}
