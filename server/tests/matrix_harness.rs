//! Shows the matrix harness fails when an endpoint has no row: this test binary registers one
//! extra server function, and the coverage check must name exactly that one.
#![recursion_limit = "512"]
// Tests may panic on what they did not expect; that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use leptos::prelude::*;

#[server(endpoint = "harness/unlisted")]
pub async fn unlisted_endpoint() -> Result<(), ServerFnError> {
    Ok(())
}

#[test]
fn an_endpoint_without_a_row_is_reported() {
    let registered = common::matrix_table::registered();
    assert!(registered.contains(&"POST /api/harness/unlisted".to_string()), "probe registered: {registered:?}");
    assert_eq!(common::matrix_table::missing_rows(&registered), vec!["POST /api/harness/unlisted".to_string()]);
}
