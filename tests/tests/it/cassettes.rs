//! The cassettes in tests/cassettes, replayed with no account: each recorded request is what
//! the client sends now, each recorded response decodes into the generated types, and what the
//! traffic shows beyond the spec is a reviewed snapshot. Recording scrubs every secret.

use fastly_tokens::{Client, CreateTokenRequest, RetryPolicy, Scope, SudoRequest};
use tests::ops::{self, Args};
use tests::server::{Reply, Server};
use xtask::cassettes::{Cassette, SCRUBBED};

fn committed_source() -> xtask::spec::Source {
    xtask::spec::parse(&tests::committed_spec(), xtask::SPEC_PATH).unwrap()
}

fn cassettes() -> Vec<(String, Cassette)> {
    xtask::cassettes::load_all(&tests::root()).unwrap()
}

/// The arguments the recorded request carries: IDs from its path (by the spec's route), the
/// form of a createToken, the IDs of a bulk revocation.
fn args_of(c: &Cassette, route: &str) -> Args {
    let mut args = Args::default();
    for (template, actual) in route.split('/').zip(c.request.path.split('/')) {
        match template {
            "{token_id}" => args.token_id = actual.to_string(),
            "{customer_id}" => args.customer_id = actual.to_string(),
            "{id}" => args.automation_id = actual.to_string(),
            _ => {}
        }
    }
    if let Some((_, query)) = c.request.path.split_once('?') {
        let pairs: Vec<(String, u64)> = serde_urlencoded::from_str(query).unwrap();
        for (name, value) in pairs {
            match name.as_str() {
                "page" => args.page.0 = Some(value),
                "per_page" => args.page.1 = Some(value),
                other => panic!("{other}: a query parameter tests/src/ops.rs does not pass"),
            }
        }
    }
    let body = c.request.body.clone().unwrap_or_default();
    if c.operation == "create-token" {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap();
        let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let mut create = CreateTokenRequest::new(field("name").unwrap_or_default());
        if let Some(scope) = field("scope") {
            let scopes: Vec<Scope> = scope.split(' ').map(|s| s.parse().unwrap()).collect();
            create = create.scopes(scopes);
        }
        let services: Vec<String> = pairs
            .iter()
            .filter(|(n, _)| n == "services[]")
            .map(|(_, v)| v.clone())
            .collect();
        if !services.is_empty() {
            create = create.services(services);
        }
        if let Some(at) = field("expires_at") {
            create = create.expires_at(at.parse().unwrap());
        }
        args.otp = c
            .request
            .headers
            .contains_key("fastly-otp")
            .then(|| SCRUBBED.to_string());
        args.create = create;
    }
    if c.operation == "request-sudo" {
        // The password (and username) as the cassette holds them: the client's, scrubbed.
        args.sudo = SudoRequest::default();
    }
    if c.operation == "create-automation-token" {
        args.automation = serde_json::from_str(&body).unwrap();
    }
    if c.operation == "bulk-revoke-tokens" {
        let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
        args.bulk = doc["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
    }
    args
}

/// The recorded response, served as it was.
fn reply(c: &Cassette) -> Reply {
    let body = c
        .response
        .body
        .as_ref()
        .map(|b| serde_json::to_vec(b).unwrap())
        .unwrap_or_default();
    let mut reply = Reply::Full {
        status: c.response.status,
        headers: Vec::new(),
        body,
    };
    for (name, value) in &c.response.headers {
        reply = reply.header(name, value);
    }
    reply
}

/// The fields the spec declares for `operation`'s form body (its schema's properties,
/// through a `$ref`).
fn declared_form_fields(spec: &serde_json::Value, operation: &str) -> Vec<String> {
    let op = spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .find(|op| op["operationId"] == operation)
        .unwrap_or_else(|| panic!("no operation {operation} in the spec"));
    let mut schema = &op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"];
    if let Some(reference) = schema["$ref"].as_str() {
        schema = spec.pointer(reference.trim_start_matches('#')).unwrap();
    }
    let fields: Vec<String> = schema["properties"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.keys().cloned())
        .collect();
    assert!(!fields.is_empty(), "{operation} declares no form field");
    fields
}

#[tokio::test]
async fn every_cassette_replays() {
    let spec = committed_source();
    let all = cassettes();
    let spec_ops = ops::spec_operations();
    for op in &spec_ops {
        assert!(
            all.iter().any(|(_, c)| c.operation == op.id),
            "operation {} has no cassette in tests/cassettes",
            op.id
        );
    }
    for (file, c) in &all {
        let op = spec_ops
            .iter()
            .find(|o| o.id == c.operation)
            .unwrap_or_else(|| panic!("{file}: operation {} is not in the spec", c.operation));
        let server = Server::start(vec![reply(c)]).await;
        // Credentials as the cassette holds them: scrubbed, so the form matches.
        let client = Client::builder()
            .token("replay-token")
            .credentials(SCRUBBED, SCRUBBED)
            .base_url(server.url())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let result = ops::call_with(&client, &c.operation, &args_of(c, &op.path)).await;
        let success = (200..300).contains(&c.response.status);
        assert_eq!(result.is_ok(), success, "{file}: {result:?}");

        let sent = server.only_request();
        assert_eq!(sent.method, c.request.method, "{file}");
        assert_eq!(sent.target, c.request.path, "{file}");
        for (name, value) in &c.request.headers {
            let now = sent.header(name);
            if value == SCRUBBED {
                assert!(now.is_some(), "{file}: the client no longer sends {name}");
            } else {
                assert_eq!(now, Some(value.as_str()), "{file}: header {name}");
            }
        }
        for name in ["fastly-otp", "content-type"] {
            assert_eq!(
                sent.header(name).is_some(),
                c.request.headers.contains_key(name),
                "{file}: {name} sent now but not recorded, or the other way round"
            );
        }
        let body_now = String::from_utf8_lossy(&sent.body).into_owned();
        match c.request.body.as_deref() {
            None => assert!(body_now.is_empty(), "{file}: the client now sends a body"),
            Some(recorded) if c.request.headers["content-type"].contains("form") => {
                // Another client may send fields the spec does not declare (go-fastly sends
                // its whole create form to `/sudo`): those are not compared here, and the
                // review snapshot below lists them.
                let declared = declared_form_fields(&spec.value, &c.operation);
                let pairs = |s: &str| {
                    let mut p: Vec<(String, String)> = serde_urlencoded::from_str(s).unwrap();
                    p.retain(|(k, _)| declared.contains(k));
                    p.sort();
                    p
                };
                assert_eq!(pairs(&body_now), pairs(recorded), "{file}: form");
            }
            Some(recorded) => {
                let json = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
                assert_eq!(json(&body_now), json(recorded), "{file}: JSON body");
            }
        }
    }
}

/// What the recorded traffic shows beyond the spec, for review: a changed snapshot is the
/// spec falling behind (or a cassette that needs a look).
#[test]
fn what_the_traffic_shows_beyond_the_spec() {
    let findings = xtask::cassettes::check(&committed_source(), &cassettes()).unwrap();
    insta::assert_snapshot!(format!(
        "{} finding(s)\n{}",
        findings.len(),
        findings.join("\n")
    ));
}

#[test]
fn the_check_reports_unknown_fields_and_undocumented_statuses() {
    let mut all = cassettes();
    let (_, get) = all
        .iter_mut()
        .find(|(name, _)| name == "get-token.json")
        .unwrap();
    get.response.body.as_mut().unwrap()["tls_only"] = serde_json::json!(true);
    let (_, list) = all
        .iter_mut()
        .find(|(name, _)| name == "list-tokens-user.json")
        .unwrap();
    list.response.body.as_mut().unwrap()[0]["owner"] = serde_json::json!({ "id": "x" });
    let (_, revoke) = all
        .iter_mut()
        .find(|(name, _)| name == "revoke-token.json")
        .unwrap();
    revoke.response.status = 410;
    let findings = xtask::cassettes::check(&committed_source(), &all).unwrap();
    assert_eq!(
        findings,
        [
            "get-token.json: response field `tls_only` at `/tls_only` is not in `token_response` (status 200)",
            "list-tokens-user.json: response field `owner` at `/0/owner` is not in `token_response` (status 200)",
            "revoke-token.json: status 410 is not documented for `revoke-token`",
        ]
    );
}

/// Recording against a server standing in for Fastly, with secrets seeded in requests and
/// responses: no cassette holds any of them, and the same ID has the same fake everywhere.
#[tokio::test]
async fn recording_scrubs_every_secret_and_fakes_ids_consistently() {
    let token = "seeded-api-token-ffffffffffffffff";
    let (user, password, otp) = ("seeded@example.com", "seeded password &=+", "771177");
    let new_secret = "seededNewSecret0123456789abcdef";
    let me = tests::server::TOKEN_JSON;
    let created = me.replacen('{', &format!("{{\"access_token\":\"{new_secret}\","), 1);
    let list = format!("[{me}]");
    let automation = r#"{"id":"2Dxn5YJyYWHbFMHwBuTBCB","name":"ci","role":"engineer","scopes":"global","services":null,"created_at":"2025-02-25T05:12:57Z","last_used_at":null}"#;
    let automation_secret = "seededAutomationSecret0123456789";
    let automation_created = automation.replacen(
        '{',
        &format!("{{\"access_token\":\"{automation_secret}\",\"expires_at\":\"\","),
        1,
    );
    let page = format!(r#"{{"data":[{automation}],"meta":{{"current_page":1,"total_pages":1}}}}"#);
    let upstream = Server::start(vec![
        Reply::json(200, me),                                       // getTokenCurrent
        Reply::json(200, &list),                                    // listTokensUser
        Reply::json(200, me),                                       // getToken
        Reply::json(200, &list),                                    // listTokensCustomer
        Reply::json(200, &page),                                    // listAutomationTokens
        Reply::json(200, automation),                               // getAutomationToken
        Reply::json(200, r#"{"data":["6yxNzKHbFLgNcnhXQHJsUF"]}"#), // listAutomationTokenServices
        Reply::json(200, r#"{"expiry_time":"2026-01-01T00:05:00+00:00"}"#), // requestSudo
        Reply::json(200, &created),                                 // createToken x4
        Reply::json(200, &created),
        Reply::json(200, &created),
        Reply::json(200, &created),
        Reply::empty(204), // revokeToken, bulkRevokeTokens, revokeTokenCurrent
        Reply::empty(204),
        Reply::empty(204),
        Reply::json(200, &automation_created), // createAutomationToken
        Reply::empty(204),                     // revokeAutomationToken
    ])
    .await;
    let credentials = tests::cassette::Credentials {
        token: token.into(),
        login: Some((user.into(), password.into())),
        otp: Some(otp.into()),
    };
    let recorded = tests::cassette::record_all(upstream.url(), &credentials, true, "test")
        .await
        .unwrap();
    let ops: Vec<&str> = recorded.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(ops.len(), 14, "one cassette per operation: {ops:?}");
    // The upstream did receive the real credentials: scrubbing happens after, on the record.
    assert!(
        upstream
            .requests()
            .iter()
            .any(|r| r.header("fastly-key") == Some(token))
    );
    let text = serde_json::to_string(&recorded).unwrap();
    let encoded_password = serde_urlencoded::to_string([("p", password)]).unwrap();
    for secret in [
        token,
        user,
        password,
        &encoded_password[2..],
        otp,
        new_secret,
        automation_secret,
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} reached a cassette: {text}"
        );
    }
    let real_id = "7kzHzX5GPXxuQx0dAIBV2D"; // the token's ID in TOKEN_JSON
    assert!(!text.contains(real_id), "an account ID was kept: {text}");
    let get = recorded
        .iter()
        .find(|c| c.operation == "get-token")
        .unwrap();
    let fake = get.request.path.rsplit('/').next().unwrap().to_string();
    assert!(fake.starts_with("FakeId"), "{fake}");
    let body_id = get.response.body.as_ref().unwrap()["id"].as_str().unwrap();
    assert_eq!(body_id, fake, "one ID, one fake, in path and body");
    let current = recorded
        .iter()
        .find(|c| c.operation == "get-token-current")
        .unwrap();
    assert_eq!(current.response.body.as_ref().unwrap()["id"], body_id);
    let create = recorded
        .iter()
        .find(|c| c.operation == "create-token")
        .unwrap();
    assert_eq!(
        create.response.body.as_ref().unwrap()["access_token"],
        SCRUBBED
    );
    assert_eq!(create.request.headers["fastly-otp"], SCRUBBED);
    // And a recorded set replays like the hand-built one (the client sends the same).
    let form = create.request.body.as_deref().unwrap();
    assert!(
        form.contains("username=%3Cscrubbed%3E") && form.contains("password=%3Cscrubbed%3E"),
        "{form}"
    );
}

/// go-fastly's recordings of the live API (imported by `examples/import_go_vcr.rs`, each with
/// its repository, commit and file) cover every operation go-fastly records: all but getToken,
/// and of the automation tokens create, get and list (it revokes them with revokeToken).
/// `every_cassette_replays` replays each one.
#[test]
fn go_fastlys_recordings_cover_every_operation_it_records() {
    let recorded: std::collections::BTreeSet<String> = cassettes()
        .into_iter()
        .filter(|(_, c)| {
            c.provenance
                .starts_with("recorded from the live API by go-fastly: fastly/go-fastly@")
        })
        .map(|(_, c)| c.operation)
        .collect();
    let expected: std::collections::BTreeSet<String> = [
        "bulk-revoke-tokens",
        "create-token",
        "request-sudo",
        "get-token-current",
        "list-tokens-customer",
        "list-tokens-user",
        "revoke-token",
        "revoke-token-current",
        "create-automation-token",
        "get-automation-token",
        "list-automation-tokens",
    ]
    .map(String::from)
    .into();
    assert_eq!(recorded, expected);
}
