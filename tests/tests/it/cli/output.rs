//! The CLI's answers: tables fitted to the window (IDs whole), JSON and JSON lines, paged
//! lists, and the recorded answers of the live API printed as each format prints them.

use super::*;

#[tokio::test]
async fn list_sends_the_token_and_prints_a_table_json_and_json_lines() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(GET).path("/tokens").header("fastly-key", TOKEN);
        then.status(200)
            .header("content-type", "application/json")
            .json_body(json!([
                token("aaa111", "ci deploy"),
                token("bbb222", "laptop")
            ]));
    });
    let table = run_with(&server, &["list"], &[], "", true).await;
    assert_eq!(table.code, exit::OK, "{}", table.err);
    // Plain aligned columns under capital headings, as Fastly's CLI prints them: no box, no
    // rule between rows, every column starting where its heading does.
    let lines: Vec<&str> = table.out.lines().collect();
    assert_eq!(lines.len(), 3, "{}", table.out);
    let header = lines[0];
    assert!(header.starts_with("ID  "), "{header}");
    let mut at = 0;
    for column in [
        "ID",
        "NAME",
        "SCOPE",
        "CREATED AT",
        "LAST USED AT",
        "EXPIRES AT",
        "SERVICES",
    ] {
        let found = header
            .find(column)
            .unwrap_or_else(|| panic!("{column} in {header}"));
        assert!(found >= at, "{header}");
        at = found;
    }
    assert!(
        !header.contains("USER ID"),
        "x-cli-columns chooses: {header}"
    );
    let name_at = header.find("NAME").unwrap();
    assert_eq!(
        &lines[1][name_at..name_at + 9],
        "ci deploy",
        "{}",
        table.out
    );
    assert_eq!(&lines[2][..6], "bbb222");
    assert!(table.out.contains("global:read purge_select"));
    assert!(!table.out.contains(['│', '─', '┌', '|']), "{}", table.out);

    // Fitted to a narrow window: what fits least is left out, the IDs stay whole.
    let narrow = Setup {
        terminal: true,
        width: Some(80),
        ..Setup::at(&server)
    }
    .run(&["list"])
    .await;
    for line in narrow.out.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    assert!(narrow.out.contains("\naaa111  ci deploy"), "{}", narrow.out);
    assert!(!narrow.out.contains("EXPIRES AT"), "{}", narrow.out);
    // Wide: every field, however wide the window.
    let wide = Setup {
        terminal: true,
        width: Some(60),
        ..Setup::at(&server)
    }
    .run(&["list", "-o", "wide"])
    .await;
    assert!(
        wide.out.lines().next().unwrap().contains("USER ID"),
        "{}",
        wide.out
    );
    assert!(!wide.out.contains('…'), "{}", wide.out);

    let json_out = run(&server, &["list"]).await;
    assert_eq!(json_out.code, exit::OK);
    let value: Value = serde_json::from_str(&json_out.out).unwrap();
    assert_eq!(value[1]["id"], "bbb222");
    assert_eq!(value[0]["services"], json!(["svc1"]));

    let lines = run(&server, &["list", "--output", "jsonl"]).await;
    let lines: Vec<Value> = lines
        .out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["name"], "ci deploy");

    // The operationId is an alias.
    assert_eq!(
        run(&server, &["list-tokens-user", "-o", "json"]).await.code,
        exit::OK
    );
    mock.assert_calls(6);
}

#[tokio::test]
async fn get_and_list_customer_put_their_arguments_in_the_path() {
    let server = MockServer::start_async().await;
    let get = server.mock(|when, then| {
        when.method(GET).path("/tokens/aaa111");
        then.status(200).json_body(token("aaa111", "ci deploy"));
    });
    let customer = server.mock(|when, then| {
        when.method(GET).path("/customer/cust1/tokens");
        then.status(200).json_body(json!([token("ccc333", "ops")]));
    });
    let current = server.mock(|when, then| {
        when.method(GET).path("/tokens/self");
        then.status(200).json_body(token("self11", "me"));
    });
    let got = run(&server, &["get", "aaa111"]).await;
    assert_eq!(got.code, exit::OK, "{}", got.err);
    assert_eq!(
        serde_json::from_str::<Value>(&got.out).unwrap()["name"],
        "ci deploy"
    );
    // One object as `Key: value` lines, as `fastly auth-token describe` prints one token.
    let table = run_with(&server, &["get", "aaa111"], &[], "", true).await;
    // The fields the schema's `x-cli-columns` chooses come first, in its order.
    let lines: Vec<&str> = table.out.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "ID: aaa111",
            "Name: ci deploy",
            "Scope: global:read purge_select",
            "Created at: 2026-01-02T03:04:05Z",
            "Services: svc1",
        ],
        "{}",
        table.out
    );
    assert!(lines.contains(&"User ID: u1"), "{}", table.out);
    let listed = run(&server, &["list-customer", "cust1"]).await;
    assert_eq!(
        serde_json::from_str::<Value>(&listed.out).unwrap()[0]["id"],
        "ccc333"
    );
    let me = run(&server, &["get-current"]).await;
    assert_eq!(
        serde_json::from_str::<Value>(&me.out).unwrap()["id"],
        "self11"
    );
    // The same commands under their group (the tag `tokens`), options after them as before.
    let grouped = run(&server, &["tokens", "get", "aaa111", "-o", "json"]).await;
    assert_eq!(grouped.code, exit::OK, "{}", grouped.err);
    assert_eq!(grouped.out, got.out);
    let unknown = run(&server, &["tokens", "rotate"]).await;
    assert_eq!(
        unknown.code,
        exit::USAGE,
        "rotate is not an operation of the group"
    );
    get.assert_calls(3);
    customer.assert();
    current.assert();
}

#[tokio::test]
async fn revocations_answer_with_their_status_and_no_json() {
    let server = MockServer::start_async().await;
    let one = server.mock(|when, then| {
        when.method(DELETE)
            .path("/tokens/aaa111")
            .header("fastly-key", TOKEN);
        then.status(204);
    });
    let current = server.mock(|when, then| {
        when.method(DELETE).path("/tokens/self");
        then.status(204);
    });
    let bulk = server.mock(|when, then| {
        when.method(DELETE)
            .path("/tokens")
            .header("content-type", "application/vnd.api+json; ext=bulk")
            .json_body(json!({"data": [{"id": "aaa111", "type": "token"}, {"id": "bbb222", "type": "token"}]}));
        then.status(204);
    });
    let revoked = run_with(&server, &["revoke", "aaa111"], &[], "", true).await;
    assert_eq!(revoked.code, exit::OK, "{}", revoked.err);
    assert!(
        revoked
            .out
            .contains("DELETE /tokens/{token_id} answered 204"),
        "{}",
        revoked.out
    );
    let quiet = run(&server, &["revoke-current"]).await;
    assert_eq!((quiet.code, quiet.out.as_str()), (exit::OK, ""));
    let many = run(&server, &["bulk-revoke", "aaa111", "bbb222"]).await;
    assert_eq!(many.code, exit::OK, "{}", many.err);
    one.assert();
    current.assert();
    bulk.assert();
}

/// A paged list follows every page unless `--page` asks for one, and prints the items.
#[tokio::test]
async fn a_paged_list_follows_every_page_unless_one_is_asked_for() {
    let server = MockServer::start_async().await;
    let robot = |id: &str| json!({"id": id, "name": format!("robot {id}"), "role": "user"});
    for (page, ids) in [(1, vec!["r1", "r2"]), (2, vec!["r3"])] {
        server.mock(|when, then| {
            when.method(GET)
                .path("/automation-tokens")
                .query_param("page", page.to_string());
            let data: Vec<Value> = ids.iter().map(|id| robot(id)).collect();
            then.status(200)
                .json_body(json!({"data": data, "meta": {"current_page": page, "total_pages": 2}}));
        });
    }
    let ran = run(&server, &["automation-tokens", "list", "-o", "json"]).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let all: Value = serde_json::from_str(&ran.out).unwrap();
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["r1", "r2", "r3"]);

    let ran = run(
        &server,
        &["automation-tokens", "list", "--page", "2", "-o", "json"],
    )
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let one: Value = serde_json::from_str(&ran.out).unwrap();
    assert_eq!(one.as_array().map(Vec::len), Some(1), "{one}");

    let ran = Setup {
        terminal: true,
        width: Some(80),
        ..Setup::at(&server)
    }
    .run(&["automation-tokens", "list"])
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert!(ran.out.starts_with("ID  "), "{}", ran.out);
    assert!(ran.out.contains("ROLE"), "{}", ran.out);
    assert_eq!(ran.out.lines().count(), 4, "{}", ran.out);
}

/// The live API's recorded answers (go-fastly's list and get of user and automation tokens),
/// replayed through the client, the CLI's JSON and its table: every token's scope is in all
/// three, whichever name the answer gives it (`scope`, or `scopes` as a string or a list), and
/// at 60, 80, 100 and 200 columns no ID is cut and no line is wider than the window.
#[tokio::test]
async fn recorded_answers_show_each_scope_and_whole_ids_at_every_width() {
    let cassettes = xtask::cassettes::load_all(&tests::root()).unwrap();
    let body = |name: &str| {
        let (_, c) = cassettes
            .iter()
            .find(|(file, _)| file.contains(name))
            .unwrap_or_else(|| panic!("no cassette {name}"));
        c.response.body.clone().unwrap()
    };
    // What the recording says each token's scope is.
    let scope_of = |token: &Value| match token.get("scope").filter(|s| !s.is_null()) {
        Some(scope) => scope.as_str().unwrap().to_string(),
        None => match &token["scopes"] {
            Value::String(s) => s.clone(),
            Value::Array(items) => {
                let words: Vec<&str> = items.iter().map(|i| i.as_str().unwrap()).collect();
                words.join(" ")
            }
            other => panic!("a recorded token without a scope: {other}"),
        },
    };
    let server = MockServer::start_async().await;
    let user_list = body("go-fastly-list-1");
    let automation_list = body("go-fastly-automation-list-1");
    let automation_get = body("go-fastly-automation-get-1");
    let get_self = body("go-fastly-get_self-1");
    let robot_id = automation_get["id"].as_str().unwrap().to_string();
    for (path, answer) in [
        ("/tokens".to_string(), &user_list),
        ("/automation-tokens".to_string(), &automation_list),
        (format!("/automation-tokens/{robot_id}"), &automation_get),
        ("/tokens/self".to_string(), &get_self),
    ] {
        let answer = answer.clone();
        server.mock(move |when, then| {
            when.method(GET).path(path);
            then.status(200).json_body(answer);
        });
    }
    let listed = |answer: &Value| -> Vec<String> {
        let items = answer.get("data").unwrap_or(answer);
        items.as_array().unwrap().iter().map(&scope_of).collect()
    };
    let (user_scopes, robot_scopes) = (listed(&user_list), listed(&automation_list));
    assert!(
        robot_scopes.iter().all(|s| !s.is_empty()),
        "{robot_scopes:?}"
    );

    // The client: one field, filled for every token.
    let client = server.client();
    let users = client.list_tokens_user().await.unwrap().into_inner();
    let got: Vec<String> = users
        .iter()
        .map(|t| t.scope.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(got, user_scopes);
    let robots: Vec<_> =
        futures_util::TryStreamExt::try_collect(client.list_automation_tokens().items())
            .await
            .unwrap();
    let got: Vec<String> = robots
        .iter()
        .map(|t| t.scope.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(got, robot_scopes);
    let robot = client
        .get_automation_token(&robot_id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(robot.scope.unwrap().to_string(), scope_of(&automation_get));
    let current = client.get_token_current().await.unwrap().into_inner();
    assert_eq!(current.scope.unwrap().to_string(), scope_of(&get_self));

    // The CLI's JSON: `scope` once, never `scopes`.
    for (args, expected) in [
        (vec!["list", "-o", "json"], user_scopes.clone()),
        (
            vec!["automation-tokens", "list", "-o", "json"],
            robot_scopes.clone(),
        ),
        (
            vec!["automation-tokens", "get", &robot_id, "-o", "json"],
            vec![scope_of(&automation_get)],
        ),
    ] {
        let ran = run(&server, &args).await;
        assert_eq!(ran.code, exit::OK, "{args:?}: {}", ran.err);
        let value: Value = serde_json::from_str(&ran.out).unwrap();
        let tokens = value
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![value.clone()]);
        let scopes: Vec<&str> = tokens
            .iter()
            .map(|t| t["scope"].as_str().unwrap())
            .collect();
        assert_eq!(scopes, expected, "{args:?}");
        assert!(!ran.out.contains("\"scopes\""), "{args:?}: {}", ran.out);
    }

    // The table, at every width: whole IDs, the scope column filled, nothing past the window.
    for (args, ids, scopes) in [
        (vec!["list"], &user_list, &user_scopes),
        (
            vec!["automation-tokens", "list"],
            &automation_list,
            &robot_scopes,
        ),
    ] {
        let items = ids.get("data").unwrap_or(ids).as_array().unwrap();
        for width in [60, 80, 100, 200] {
            let ran = Setup {
                terminal: true,
                width: Some(width),
                ..Setup::at(&server)
            }
            .run(&args)
            .await;
            assert_eq!(ran.code, exit::OK, "{args:?} at {width}: {}", ran.err);
            let lines: Vec<&str> = ran.out.lines().collect();
            assert_eq!(
                lines.len(),
                items.len() + 1,
                "{args:?} at {width}:\n{}",
                ran.out
            );
            for (line, (item, scope)) in lines[1..].iter().zip(items.iter().zip(scopes)) {
                let id = item["id"].as_str().unwrap();
                assert!(
                    line.starts_with(&format!("{id}  ")),
                    "{args:?} at {width}:\n{}",
                    ran.out
                );
                assert!(
                    line.chars().count() <= width,
                    "{args:?} at {width}: {line:?}"
                );
                if width >= 80 {
                    assert!(
                        line.contains(scope.as_str()),
                        "{args:?} at {width}:\n{}",
                        ran.out
                    );
                }
            }
            assert!(
                lines[0].contains("SCOPE") || width < 80,
                "{args:?} at {width}:\n{}",
                ran.out
            );
        }
    }
}

/// README.md shows `fastly-tokens list` as an 80-column window prints it: the block after the
/// README's `<!-- fastly-tokens list, 80 columns -->` is what the CLI prints for these tokens.
#[tokio::test]
async fn readme_shows_a_list_as_an_80_column_window_prints_it() {
    let server = MockServer::start_async().await;
    let tokens = json!([
        {"id": "5Yo3XXnrQpjc20u0ybrf2g", "name": "ci deploy", "scope": "global:read purge_select",
         "services": ["6yxNzKHbFLgNcnhXQHJsUF"], "created_at": "2026-01-02T03:04:05Z",
         "last_used_at": "2026-12-01T08:15:00Z", "expires_at": null},
        {"id": "7kzHzX5GPXxuQx0dAIBV2D", "name": "laptop", "scope": "global", "services": [],
         "created_at": "2025-06-10T17:30:00Z", "last_used_at": null, "expires_at": null},
        {"id": "2bFqLqJ8IuSkJ6vB1ZqXq0", "name": "purge from the build pipeline",
         "scopes": ["purge_select"], "services": ["6yxNzKHbFLgNcnhXQHJsUF"],
         "created_at": "2026-11-20T09:00:00Z", "last_used_at": "2026-12-06T23:59:59Z",
         "expires_at": null}
    ]);
    server.mock(|when, then| {
        when.method(GET).path("/tokens");
        then.status(200).json_body(tokens);
    });
    let ran = Setup {
        terminal: true,
        width: Some(80),
        ..Setup::at(&server)
    }
    .run(&["list"])
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let readme = tests::committed("README.md");
    let marker = "<!-- fastly-tokens list, 80 columns -->";
    let after = readme.split_once(marker).expect("the README's marker").1;
    let block = after
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("a text block after the marker")
        .0;
    assert_eq!(
        block, ran.out,
        "README.md's list differs from what the CLI prints"
    );
}
