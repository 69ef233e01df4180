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

// A page names its language's strings; they are the same for everyone, so they are cached for
// good and read without a session.
on_both!(the_language_strings_are_a_cached_file_read_without_a_session, |app| {
    let admin = app.as_role(Role::Admin).await;
    let page = admin.get(app.url("/people")).header("accept", "text/html").send().await.unwrap().text().await.unwrap();
    let href = app::backend::catalogs::href(Locale::En);
    assert!(page.contains(&format!(r#"id="sp-messages" href="{href}""#)), "the page names its strings");
    let ru = app.url(&app::backend::catalogs::href(Locale::Ru));
    let res = admin.get(&ru).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        (&res.headers()["content-encoding"], &res.headers()["cache-control"]),
        (&"gzip".parse::<reqwest::header::HeaderValue>().unwrap(), &"public, max-age=31536000, immutable".parse().unwrap())
    );
    assert!(res.headers().get("set-cookie").is_none());
    // Never shown as a document: typed and not sniffed, without a page's headers.
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    for document_only in ["content-security-policy", "x-frame-options", "referrer-policy"] {
        assert!(res.headers().get(document_only).is_none(), "{document_only}");
    }
    let texts: Vec<String> = admin.get(&ru).header("accept-encoding", "identity").send().await.unwrap().json().await.unwrap();
    assert_eq!(texts[Msg::SignIn as usize], Msg::SignIn.text(Locale::Ru));
    let stale = reqwest::get(app.url("/messages/0123456789abcdef/ru.json")).await.unwrap();
    assert_eq!(
        (stale.status(), &stale.headers()["cache-control"]),
        (StatusCode::NOT_FOUND, &"no-store".parse::<reqwest::header::HeaderValue>().unwrap())
    );
});

on_both!(the_language_switch_sends_back_only_to_paths_of_this_site, |app| {
    let http = crate::common::harness::client();
    for (back, expected) in [("/\t/evil.test/", "/"), ("/\\evil.test", "/"), ("//evil.test", "/"), ("/people?q=kim", "/people?q=kim")] {
        let res = http.post(app.url("/locale")).form(&[("locale", "ko"), ("back", back)]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], expected, "{back:?}");
    }
});

on_both!(a_forged_origin_with_a_matching_host_is_refused, |app| {
    let admin = app.as_role(Role::Admin).await;
    // A rebound DNS name makes the browser's Origin and Host agree: only the configured public
    // origin counts.
    let res = admin
        .post(app.url("/api/people/list"))
        .header("origin", "http://evil.test")
        .header("host", "evil.test")
        .json(&json!({ "query": "", "role": null, "page": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let ok =
        admin.post(app.url("/api/people/list")).header("origin", app.base.clone()).json(&json!({ "query": "", "role": null, "page": 1 }));
    assert_eq!(ok.send().await.unwrap().status(), StatusCode::OK);
});

on_both!(personal_answers_are_never_stored_by_caches, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let page = hr.get(app.url("/people")).send().await.unwrap();
    let call = hr.post(app.url("/api/people/list")).json(&json!({ "query": "", "role": null, "page": 1 })).send().await.unwrap();
    let csv = hr.get(app.url("/exports/timesheets.csv?month=2026-03")).send().await.unwrap();
    let sign_in = reqwest::get(app.url("/login")).await.unwrap();
    for (what, res) in [("page", page), ("server function", call), ("csv", csv), ("sign-in page", sign_in)] {
        assert_eq!(res.status(), StatusCode::OK, "{what}");
        assert_eq!(res.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{what}");
    }
});

/// Sign-in attempts from `forwarded` (as the proxy says) through a client at 127.0.0.1.
async fn attempts_from(app: &crate::common::harness::TestApp, forwarded: &str, n: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for i in 0..n {
        let res = reqwest::Client::new()
            .post(app.url("/login"))
            .header("x-forwarded-for", forwarded)
            .form(&[("email", format!("nobody{i}@example.com")), ("password", "wrong password".into())])
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    statuses
}

on_both!(
    sign_in_limits_count_the_forwarded_address_only_behind_a_trusted_proxy,
    config | c | {
        c.login_per_addr_per_min = 3;
        c.trusted_proxies = app::backend::config::parse_networks("127.0.0.1");
    },
    |app| {
        assert_eq!(attempts_from(&app, "203.0.113.1", 4).await, [401, 401, 401, 429]);
        assert_eq!(attempts_from(&app, "203.0.113.2", 1).await, [401], "another client behind the proxy has its own budget");
        // A client cannot pick its own address: the left-most entries are its own word.
        assert_eq!(attempts_from(&app, "198.51.100.9, 203.0.113.1", 1).await, [429]);
    }
);

on_both!(
    without_a_trusted_proxy_a_forwarded_address_is_ignored,
    config | c | {
        c.login_per_addr_per_min = 3;
    },
    |app| {
        assert_eq!(attempts_from(&app, "203.0.113.1", 3).await, [401, 401, 401]);
        assert_eq!(attempts_from(&app, "203.0.113.2", 1).await, [429], "every header value is the same client");
    }
);

/// The reset form's answer for `email`, its per-response nonce blanked.
async fn reset_page(app: &crate::common::harness::TestApp, email: &str) -> (StatusCode, String) {
    let res = reqwest::Client::new().post(app.url("/reset")).form(&[("email", email)]).send().await.unwrap();
    let status = res.status();
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap().to_string();
    (status, res.text().await.unwrap().replace(&nonce, "NONCE"))
}

on_both!(a_reset_request_answers_the_same_for_known_and_unknown_addresses, |app| {
    let known = reset_page(&app, crate::common::harness::demo_email(Role::Employee)).await;
    let unknown = reset_page(&app, "nobody.here@example.com").await;
    assert_eq!(known.0, StatusCode::OK);
    assert_eq!(known, unknown);
    // The link is made after the answer, and reaches the known address.
    app.mail.wait_for_text(crate::common::harness::demo_email(Role::Employee), "/reset/").await;
});

on_both!(
    team_chat_webhooks_reach_public_addresses_only,
    config | c | {
        c.allow_private_webhooks = false;
    },
    |app| {
        let inside = crate::common::http_sink::HttpSink::start().await;
        let recruiter = app.as_role(Role::Recruiter).await;
        let job = crate::recruiting::job(&app).await;
        let version_sql = format!("SELECT version FROM jobs WHERE id = {job}");
        for url in [
            format!("http://localhost@127.0.0.1:{}/internal-admin", inside.port),
            format!("https://localhost@127.0.0.1:{}/internal-admin", inside.port),
            "https://169.254.169.254/latest/meta-data/".to_string(),
            "https://[::ffff:127.0.0.1]/hook".to_string(),
            inside.url("/hook"),
        ] {
            let body = json!({ "job_id": job, "version": app.scalar(&version_sql).await, "url": url });
            let (status, body) = app.call(&recruiter, "recruiting/set_webhook", body).await;
            assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrWebhookUrl")), "{url}");
        }
        // A name is resolved when the message goes out: one that points inside is refused then,
        // as is an address planted past the form.
        for planted in [format!("https://localhost:{}/hook", inside.port), inside.url("/hook")] {
            sqlx::query(&format!("UPDATE jobs SET webhook_url = $1 WHERE id = {job}"))
                .bind(&planted)
                .execute(&app.backend.db.pool)
                .await
                .unwrap();
            crate::recruiting::add(&app, &recruiter, job, "Inside Job").await;
        }
        let mut errors = Vec::new();
        for _ in 0..100 {
            errors = sqlx::query_scalar::<_, Option<String>>("SELECT last_error FROM outbox WHERE channel = 'webhook' ORDER BY id")
                .fetch_all(&app.backend.db.pool)
                .await
                .unwrap();
            if errors.len() == 2 && errors.iter().all(Option::is_some) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.as_deref().is_some_and(|e| e.contains("private") || e.contains("scheme"))), "{errors:?}");
        assert!(inside.received().is_empty(), "nothing reached the inside address");
    }
);
