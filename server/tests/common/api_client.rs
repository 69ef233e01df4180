//! Calling the REST API as an outside program would: a token made through the token pages'
//! server functions, then plain HTTP with `Authorization: Bearer`.
#![allow(dead_code)]
use super::harness::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shared::Role;

/// A personal token of the demo person of `role` with these scopes (e.g. `["people:read"]`).
pub async fn personal_token(app: &TestApp, role: Role, scopes: &[&str]) -> String {
    made(app, role, json!({ "name": "test", "scopes": scopes, "days": 30, "role": null })).await
}

/// A service token made by the demo admin, acting with `acts_as`.
pub async fn service_token(app: &TestApp, acts_as: Role, scopes: &[&str]) -> String {
    made(app, Role::Admin, json!({ "name": "sync", "scopes": scopes, "days": 30, "role": acts_as })).await
}

async fn made(app: &TestApp, role: Role, input: Value) -> String {
    let who = app.as_role(role).await;
    let (status, token) = app.call(&who, "api_tokens/create", json!({ "input": input })).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    token["secret"].as_str().expect("secret").to_string()
}

/// One API answer: status, headers, body (JSON, or the text as a string).
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

/// Sends `method path` (under `/api/v1`) with the token and extra headers.
pub async fn send(app: &TestApp, token: Option<&str>, method: Method, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Answer {
    let http = reqwest::Client::new();
    let mut req = http.request(method, app.url(&format!("/api/v1{path}")));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.expect("api call");
    let (status, headers) = (res.status(), res.headers().clone());
    let text = res.text().await.unwrap_or_default();
    Answer { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
}

pub async fn get(app: &TestApp, token: &str, path: &str) -> Answer {
    send(app, Some(token), Method::GET, path, None, &[]).await
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Answer {
    send(app, Some(token), Method::POST, path, Some(body), &[]).await
}
