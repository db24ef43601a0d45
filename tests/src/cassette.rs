//! Recording cassettes: a proxy on 127.0.0.1 that forwards the client's requests to an
//! upstream (the live API, or a test server standing in for it) and keeps each exchange,
//! the calls that exercise every operation, and the scrubbing that runs before anything is
//! written: credentials, passwords, one-time passwords and new secrets become `<scrubbed>`,
//! and account IDs become stable fakes, the same fake for the same ID in every cassette.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use fastly_tokens::{Client, CreateTokenRequest, RetryPolicy, Scope};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use xtask::cassettes::{Cassette, Request, Response, SCRUBBED};

use crate::server::read_request;

/// Request headers a cassette keeps (the rest, host and length, are the transport's).
const KEPT_REQUEST: [&str; 5] = [
    "accept",
    "content-type",
    "fastly-key",
    "fastly-otp",
    "authorization",
];
/// Response headers a cassette keeps.
const KEPT_RESPONSE: [&str; 4] = [
    "content-type",
    "fastly-ratelimit-remaining",
    "fastly-ratelimit-reset",
    "retry-after",
];
/// JSON fields whose value is a secret.
const SECRET_KEYS: [&str; 1] = ["access_token"];
/// JSON fields whose value identifies an account, a user, a token or a service.
const ID_KEYS: [&str; 5] = ["id", "user_id", "customer_id", "service_id", "services"];

/// A recording proxy in front of `upstream`; its exchanges, in order.
pub struct Recorder {
    url: String,
    exchanges: Arc<Mutex<Vec<(Request, Response)>>>,
}

impl Recorder {
    /// Starts the proxy on 127.0.0.1.
    pub async fn start(upstream: &str) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let exchanges: Arc<Mutex<Vec<(Request, Response)>>> = Arc::default();
        let (upstream, kept) = (
            upstream.trim_end_matches('/').to_string(),
            exchanges.clone(),
        );
        tokio::spawn(async move {
            let http = crate::reqwest_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            while let Ok((mut stream, _)) = listener.accept().await {
                let (http, upstream, kept) = (http.clone(), upstream.clone(), kept.clone());
                tokio::spawn(async move {
                    while let Ok(Some(sent)) = read_request(&mut stream).await {
                        let method = reqwest::Method::from_bytes(sent.method.as_bytes()).unwrap();
                        let mut forward =
                            http.request(method, format!("{upstream}{}", sent.target));
                        for (name, value) in &sent.headers {
                            if !matches!(name.as_str(), "host" | "content-length" | "connection") {
                                forward = forward.header(name, value);
                            }
                        }
                        let answer = match forward.body(sent.body.clone()).send().await {
                            Ok(a) => a,
                            Err(_) => return,
                        };
                        let status = answer.status().as_u16();
                        let headers = answer.headers().clone();
                        let body = answer.bytes().await.unwrap_or_default();
                        let request = Request {
                            method: sent.method.clone(),
                            path: sent.target.clone(),
                            headers: sent
                                .headers
                                .iter()
                                .filter(|(n, _)| KEPT_REQUEST.contains(&n.as_str()))
                                .cloned()
                                .collect(),
                            body: (!sent.body.is_empty())
                                .then(|| String::from_utf8_lossy(&sent.body).into_owned()),
                        };
                        let response = Response {
                            status,
                            headers: KEPT_RESPONSE
                                .iter()
                                .filter_map(|n| {
                                    Some((
                                        n.to_string(),
                                        headers.get(*n)?.to_str().ok()?.to_string(),
                                    ))
                                })
                                .collect(),
                            body: serde_json::from_slice(&body).ok(),
                        };
                        kept.lock().unwrap().push((request, response));
                        let mut head = format!("HTTP/1.1 {status} X\r\n");
                        if let Some(ct) = headers.get("content-type").and_then(|v| v.to_str().ok())
                        {
                            head.push_str(&format!("content-type: {ct}\r\n"));
                        }
                        head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
                        let mut bytes = head.into_bytes();
                        bytes.extend_from_slice(&body);
                        if stream.write_all(&bytes).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Recorder { url, exchanges }
    }

    /// The proxy's base URL, for the client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The last exchange so far, as a cassette of `operation` (not yet scrubbed).
    fn take(&self, operation: &str, provenance: &str) -> Option<Cassette> {
        let (request, response) = self.exchanges.lock().unwrap().last().cloned()?;
        Some(Cassette {
            provenance: provenance.to_string(),
            operation: operation.to_string(),
            request,
            response,
        })
    }
}

/// What the recording calls with.
pub struct Credentials {
    /// The API token.
    pub token: String,
    /// The account's e-mail and password (createToken); needed with `mutating`.
    pub login: Option<(String, String)>,
    /// A one-time password, for an account with two-factor authentication.
    pub otp: Option<String>,
}

/// Calls every operation the spec declares through a [`Recorder`] in front of `upstream`:
/// the read-only ones, and with `mutating` requestSudo (with the login's password),
/// createToken, revokeToken, bulkRevokeTokens and revokeTokenCurrent on tokens it creates
/// itself (and revokes again: nothing is left
/// behind). Returns one scrubbed cassette per operation.
pub async fn record_all(
    upstream: &str,
    credentials: &Credentials,
    mutating: bool,
    provenance: &str,
) -> Result<Vec<Cassette>, String> {
    let recorder = Recorder::start(upstream).await;
    let build = |token: &str| {
        let mut b = Client::builder()
            .token(token)
            .base_url(recorder.url())
            .retry(RetryPolicy::none());
        if let Some((user, password)) = &credentials.login {
            b = b.credentials(user, password);
        }
        b.build().map_err(|e| e.to_string())
    };
    let client = build(&credentials.token)?;
    let mut out = Vec::new();
    let keep = |op: &str, out: &mut Vec<Cassette>| {
        if let Some(c) = recorder.take(op, provenance) {
            out.push(c);
        }
    };
    let e = |e: fastly_tokens::Error| e.to_string();
    let me = client.get_token_current().await.map_err(e)?;
    keep("get-token-current", &mut out);
    client.list_tokens_user().await.map_err(e)?;
    keep("list-tokens-user", &mut out);
    let my_id = me.id.clone();
    client.get_token(&my_id).await.map_err(e)?;
    keep("get-token", &mut out);
    if let Some(customer) = me.customer_id.clone() {
        client.list_tokens_customer(&customer).await.map_err(e)?;
        keep("list-tokens-customer", &mut out);
    }
    let page = client
        .list_automation_tokens()
        .per_page(100)
        .await
        .map_err(e)?;
    keep("list-automation-tokens", &mut out);
    if let Some(first) = page.data.first() {
        client.get_automation_token(&first.id).await.map_err(e)?;
        keep("get-automation-token", &mut out);
        client
            .list_automation_token_services(&first.id)
            .await
            .map_err(e)?;
        keep("list-automation-token-services", &mut out);
    }
    let mut secrets: Vec<String> = vec![credentials.token.clone()];
    secrets.extend(
        credentials
            .login
            .iter()
            .flat_map(|(u, p)| [u.clone(), p.clone()]),
    );
    secrets.extend(credentials.otp.clone());
    if mutating {
        // Sudo with the login's password (the client's credentials fill the request).
        client
            .request_sudo(fastly_tokens::SudoRequest::default())
            .await
            .map_err(e)?;
        keep("request-sudo", &mut out);
        let create = || {
            let request = CreateTokenRequest::new("fastly-tokens cassette")
                .scopes([Scope::GlobalRead])
                .expires_at(chrono::Utc::now() + chrono::Duration::hours(1));
            let call = client.create_token(request);
            match &credentials.otp {
                Some(otp) => call.fastly_otp(otp),
                None => call,
            }
        };
        let mut made = Vec::new();
        let steps = async {
            for _ in 0..4 {
                let token = create().await.map_err(e)?;
                secrets.push(token.access_token.expose_secret().to_string());
                made.push(token);
            }
            keep("create-token", &mut out);
            let id = |i: usize| made[i].id.clone();
            client.revoke_token(id(0)).await.map_err(e)?;
            keep("revoke-token", &mut out);
            client.bulk_revoke_tokens([id(1), id(2)]).await.map_err(e)?;
            keep("bulk-revoke-tokens", &mut out);
            let last = made[3].access_token.expose_secret().to_string();
            build(&last)?.revoke_token_current().await.map_err(e)?;
            keep("revoke-token-current", &mut out);
            Ok::<(), String>(())
        };
        if let Err(failed) = steps.await {
            // Leave nothing behind: revoke every token made (already revoked ones answer 404).
            for token in &made {
                let _ = client.revoke_token(&token.id).await;
            }
            return Err(failed);
        }
        // An automation token (sudo is still on), revoked at once.
        let request = fastly_tokens::types::AutomationTokenCreateRequest::new(
            "fastly-tokens cassette",
            "user",
        )
        .scope(Scope::GlobalRead)
        .expires_at(chrono::Utc::now() + chrono::Duration::hours(1));
        let made = client.create_automation_token(request).await.map_err(e)?;
        keep("create-automation-token", &mut out);
        secrets.push(made.access_token.expose_secret().to_string());
        let revoked = client.revoke_automation_token(&made.id).await;
        if revoked.is_err() {
            let _ = client.revoke_token(&made.id).await;
        }
        revoked.map_err(e)?;
        keep("revoke-automation-token", &mut out);
    }
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let mut ids = IdMap::default();
    for c in &out {
        ids.learn(c);
    }
    Ok(out.into_iter().map(|c| scrub(c, &secrets, &ids)).collect())
}

/// Real IDs and the stable fakes that replace them, in the order first seen.
#[derive(Default)]
pub struct IdMap(BTreeMap<String, String>);

impl IdMap {
    /// Learns the IDs a cassette's response carries.
    pub fn learn(&mut self, c: &Cassette) {
        fn walk(v: &Value, ids: &mut IdMap, is_id: bool) {
            match v {
                Value::String(s) if is_id && !s.is_empty() && s != SCRUBBED => {
                    let n = ids.0.len() + 1;
                    ids.0
                        .entry(s.clone())
                        .or_insert_with(|| format!("FakeId{n:016}"));
                }
                Value::Array(items) => items.iter().for_each(|i| walk(i, ids, is_id)),
                Value::Object(map) => {
                    for (k, child) in map {
                        walk(child, ids, ID_KEYS.contains(&k.as_str()));
                    }
                }
                _ => {}
            }
        }
        if let Some(body) = &c.response.body {
            walk(body, self, false);
        }
    }
}

/// A cassette with every secret replaced by `<scrubbed>` and every known ID by its fake:
/// secret headers and form fields, `access_token` anywhere in a body, and any occurrence of
/// the given secret strings (raw, form-encoded or JSON-escaped) anywhere at all.
pub fn scrub(mut c: Cassette, secrets: &[&str], ids: &IdMap) -> Cassette {
    for (name, value) in c.request.headers.iter_mut() {
        if fastly_tokens::SECRET_HEADERS.contains(&name.as_str()) {
            *value = SCRUBBED.to_string();
        }
    }
    if let Some(body) = &c.request.body
        && c.request
            .headers
            .get("content-type")
            .is_some_and(|t| t.contains("form"))
    {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
        let pairs: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(k, v)| {
                let v = if fastly_tokens::SECRET_FORM_FIELDS.contains(&k.as_str()) {
                    SCRUBBED.to_string()
                } else {
                    v
                };
                (k, v)
            })
            .collect();
        c.request.body = serde_urlencoded::to_string(pairs).ok();
    }
    fn secret_keys(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    if SECRET_KEYS.contains(&k.as_str()) && !child.is_null() {
                        *child = Value::String(SCRUBBED.into());
                    } else {
                        secret_keys(child);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(secret_keys),
            _ => {}
        }
    }
    if let Some(body) = c.response.body.as_mut() {
        secret_keys(body);
    }
    // Then every remaining occurrence, in any encoding, anywhere in the cassette.
    let mut text = serde_json::to_string(&c).unwrap();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let forms = [
            secret.to_string(),
            serde_urlencoded::to_string([("", secret)]).unwrap()[1..].to_string(),
            serde_json::to_string(secret)
                .unwrap()
                .trim_matches('"')
                .to_string(),
        ];
        for form in forms {
            text = text.replace(&form, SCRUBBED);
        }
    }
    for (real, fake) in &ids.0 {
        text = text.replace(real, fake);
    }
    serde_json::from_str(&text).unwrap()
}
