//! Paged operations (`x-pages` in the spec) followed against a loopback server: every item
//! across pages in order, one request per page with the page number and size asked for, a
//! failing page ending the stream with its error after the items already yielded, and the
//! end of a list without a page count found at its first short page; and the automation-token
//! endpoints' problem documents read as the one typed error.

use fastly_tokens::{Client, RetryPolicy};
use futures_util::StreamExt;
use tests::server::{Reply, Server};

fn client(server: &Server) -> Client {
    Client::builder()
        .token("t0ken")
        .base_url(server.url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

/// A page of automation tokens `ids`, page `n` of `total`.
fn page(ids: &[&str], n: u64, total: u64) -> Reply {
    let data: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}"}}"#)).collect();
    Reply::json(
        200,
        &format!(
            r#"{{"data":[{}],"meta":{{"current_page":{n},"per_page":2,"total_pages":{total}}}}}"#,
            data.join(",")
        ),
    )
}

#[tokio::test]
async fn items_walk_every_page_in_order() {
    let server = Server::start(vec![
        page(&["a1", "a2"], 1, 3),
        page(&["b1", "b2"], 2, 3),
        page(&["c1"], 3, 3),
    ])
    .await;
    let items: Vec<_> = client(&server)
        .list_automation_tokens()
        .per_page(2)
        .items()
        .collect()
        .await;
    let ids: Vec<String> = items.into_iter().map(|t| t.unwrap().id).collect();
    assert_eq!(ids, ["a1", "a2", "b1", "b2", "c1"]);
    let asked: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        asked,
        [
            "/automation-tokens?page=1&per_page=2",
            "/automation-tokens?page=2&per_page=2",
            "/automation-tokens?page=3&per_page=2",
        ]
    );
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = Server::start(vec![
        page(&["a1", "a2"], 1, 3),
        Reply::json(500, r#"{"title":"Internal Server Error","status":500}"#),
        page(&["c1"], 3, 3),
    ])
    .await;
    let mut items = client(&server).list_automation_tokens().items();
    assert_eq!(items.next().await.unwrap().unwrap().id, "a1");
    assert_eq!(items.next().await.unwrap().unwrap().id, "a2");
    let failed = items.next().await.unwrap().unwrap_err();
    assert_eq!(failed.status().map(|s| s.as_u16()), Some(500), "{failed}");
    assert!(items.next().await.is_none(), "nothing after the error");
    assert_eq!(
        server.requests().len(),
        2,
        "the third page is never asked for"
    );
}

/// A server claiming more pages than it fills cannot keep the stream going: an empty page is
/// the last.
#[tokio::test]
async fn an_empty_page_ends_the_list_whatever_count_it_claims() {
    let server = Server::start(vec![page(&["a1"], 1, u64::MAX), page(&[], 2, u64::MAX)]).await;
    let items: Vec<_> = client(&server)
        .list_automation_tokens()
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn pages_start_at_the_page_asked_for_and_stop_at_the_count() {
    let server = Server::start(vec![page(&["b1"], 2, 2), page(&["never"], 3, 3)]).await;
    let pages: Vec<_> = client(&server)
        .list_automation_tokens()
        .page(2)
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].as_ref().unwrap().data[0].id, "b1");
    assert_eq!(server.requests()[0].target, "/automation-tokens?page=2");
}

#[tokio::test]
async fn without_a_page_count_the_first_short_page_is_the_last() {
    let services = |ids: &[&str]| {
        let ids: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
        Reply::json(200, &format!(r#"{{"data":[{}]}}"#, ids.join(",")))
    };
    let server = Server::start(vec![
        services(&["s1", "s2"]),
        services(&["s3"]),
        services(&["x"]),
    ])
    .await;
    let items: Vec<String> = client(&server)
        .list_automation_token_services("2Dxn5YJyYWHbFMHwBuTBCB")
        .per_page(2)
        .items()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, ["s1", "s2", "s3"]);
    assert_eq!(server.requests().len(), 2);

    // With no size asked for, the list ends at its first empty page.
    let server = Server::start(vec![services(&["s1"]), services(&[])]).await;
    let items: Vec<_> = client(&server)
        .list_automation_token_services("2Dxn5YJyYWHbFMHwBuTBCB")
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 2);
}

/// An automation-token error is a problem document: read into the same `ApiError`, with the
/// status helpers of the user-token errors.
#[tokio::test]
async fn a_problem_document_is_the_same_typed_error() {
    let problem = r#"{"title":"Not Found","detail":"No automation token has that ID.","status":404,"errors":[{"field":"id","message":"unknown"}]}"#;
    let server = Server::start(vec![
        Reply::json(404, problem).header("content-type", "application/problem+json"),
    ])
    .await;
    let error = client(&server)
        .get_automation_token("2Dxn5YJyYWHbFMHwBuTBCB")
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
    let api = error.api().expect("an API error");
    assert_eq!(api.title(), Some("Not Found"));
    assert_eq!(api.detail(), Some("No automation token has that ID."));
    assert_eq!(api.errors(), ["id: unknown"]);
}
