use crate::on_both;
use reqwest::StatusCode;
use serde_json::json;
use shared::{Locale, Msg, Role};

on_both!(cross_origin_posts_to_server_functions_are_refused, |app| {
    let admin = app.as_role(Role::Admin).await;
    let list = || admin.post(app.url("/api/people/list")).json(&json!({ "query": "", "page": 1 }));
    let res = list().header("origin", "http://evil.example").header("accept-language", "ko").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.text().await.unwrap(), Msg::ErrCrossOrigin.text(Locale::Ko));
    assert_eq!(list().header("sec-fetch-site", "cross-site").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(list().header("sec-fetch-site", "same-site").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let host = app.base.trim_start_matches("http://").to_string();
    assert_eq!(list().header("origin", app.base.clone()).header("host", host).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(list().header("sec-fetch-site", "same-origin").send().await.unwrap().status(), StatusCode::OK);
    // A forged sign-in or sign-out form on another site is refused too.
    let res = reqwest::Client::new().post(app.url("/auth/logout")).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Server functions answer no GET.
    let res = admin.get(app.url("/api/people/list?query=&page=1")).send().await.unwrap();
    assert_ne!(res.status(), StatusCode::OK);
});

on_both!(pages_carry_security_headers_and_a_script_nonce, |app| {
    let res = reqwest::get(app.url("/login")).await.unwrap();
    let h = res.headers().clone();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "same-origin");
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("nonce in CSP").to_string();
    let page = res.text().await.unwrap();
    assert!(page.contains(&format!("nonce=\"{nonce}\"")), "scripts carry the nonce");
    assert!(!page.contains("<script>"), "no inline script without a nonce");
    // Every page gets a fresh nonce.
    let again = reqwest::get(app.url("/login")).await.unwrap();
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(&nonce));
});

on_both!(health_and_not_found, |app| {
    let res = reqwest::get(app.url("/health")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["status"], "ok");
    let res = reqwest::Client::new().get(app.url("/no/such/page")).header("accept-language", "ru").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains(Msg::NotFoundTitle.text(Locale::Ru)));
});
