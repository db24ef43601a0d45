//! Calls live on their own: a request builder holds its own handle of the client, so its
//! future is `'static + Send` — spawned, stored, joined — and outlives the `Client` it came from.

use std::future::IntoFuture;

use fastly_tokens::{Client, operations, types};
use fastly_tokens_mock::MockServerExt;
use httpmock::MockServer;

fn token(id: &str) -> types::TokenResponse {
    serde_json::from_value(serde_json::json!({"id": id, "scope": "global"})).unwrap()
}

/// Compiles only for futures that may move to another thread and borrow nothing.
fn spawnable<F: std::future::Future + Send + 'static>(future: F) -> F {
    future
}

/// A call kept in a struct, as a job queue would keep it.
struct Job {
    call: operations::GetToken,
}

#[tokio::test]
async fn calls_are_spawned_stored_and_joined_after_the_client_is_gone() {
    let server = MockServer::start_async().await;
    let get = server.get_token(|when, then| {
        when.token_id("a1");
        then.ok(&token("a1"));
    });
    let revoke = server.revoke_token(|_, then| {
        then.no_content();
    });
    let (spawned, job, revocations) = {
        let client = Client::builder()
            .token("t")
            .base_url(server.base_url())
            .build()
            .unwrap();
        let spawned = tokio::spawn(spawnable(client.get_token("a1").send()));
        let job = Job {
            call: client.get_token("a1"),
        };
        let revocations: Vec<_> = ["r1", "r2", "r3"]
            .into_iter()
            .map(|id| tokio::spawn(spawnable(client.revoke_token(id).into_future())))
            .collect();
        (spawned, job, revocations)
        // `client` is dropped here: every call above still has its own handle.
    };
    assert_eq!(spawned.await.unwrap().unwrap().id, "a1");
    assert_eq!(job.call.await.unwrap().id, "a1");
    for handle in revocations {
        handle.await.unwrap().unwrap();
    }
    get.assert_calls_async(2).await;
    revoke.assert_calls_async(3).await;
}
