use crate::common::harness::{client, demo_email, session_cookie};
use crate::common::mail_sink::link;
use crate::on_both;
use app::backend::demo::{DEMO_PASSWORD, LOGINS};
use reqwest::StatusCode;
use serde_json::json;
use shared::{Locale, Msg, Role};

on_both!(every_demo_role_signs_in_and_sees_its_name, |app| {
    for (role, email) in LOGINS {
        let c = client();
        let res = app.sign_in(&c, email, DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{role:?}");
        assert_eq!(res.headers()["location"], "/");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let home = c.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("data-testid=\"welcome\""), "{role:?} home: {home}");
        assert!(home.contains(shared::Role::label(role).text(Locale::En)), "{role:?} sees its role");
    }
});

on_both!(wrong_password_is_refused_with_a_translated_message, |app| {
    let res = client()
        .post(app.url("/login"))
        .header("accept-language", "ru-RU,ru;q=0.9")
        .form(&[("email", demo_email(Role::Admin)), ("password", "not the password")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&res).is_none());
    let page = res.text().await.unwrap();
    assert!(page.contains(Msg::ErrBadCredentials.text(Locale::Ru)), "{page}");
    assert!(page.contains(demo_email(Role::Admin)), "the typed email is kept");
    // An unknown account answers exactly the same.
    let res = app.sign_in(&client(), "nobody@nowhere.example", "whatever-123").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
});

on_both!(sign_in_issues_a_new_session_id_each_time, |app| {
    let c = client();
    let first = session_cookie(&app.sign_in(&c, demo_email(Role::Employee), DEMO_PASSWORD).await).unwrap();
    let second = session_cookie(&app.sign_in(&c, demo_email(Role::Employee), DEMO_PASSWORD).await).unwrap();
    assert_ne!(first, second);
    assert!(first.len() >= 43, "at least 256 bits, base64");
    // The session the browser came with was ended at the second sign-in.
    assert_eq!(app.replay(&first).await, StatusCode::UNAUTHORIZED);
});

on_both!(
    burst_of_bad_passwords_gets_429_without_hashing,
    config | c | {
        c.login_per_account_per_min = 3;
    },
    |app| {
        let email = demo_email(Role::Recruiter);
        for _ in 0..3 {
            assert_eq!(app.sign_in(&client(), email, "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
        }
        let hashed_before = app.backend.passwords.computed();
        let res = client()
            .post(app.url("/login"))
            .header("accept-language", "ko")
            .form(&[("email", email), ("password", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.text().await.unwrap().contains(Msg::ErrRateLimited.text(Locale::Ko)));
        // Even the right password is refused now, and neither attempt computed a hash.
        assert_eq!(app.sign_in(&client(), email, DEMO_PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(app.backend.passwords.computed(), hashed_before);
        // Other accounts are unaffected.
        assert_eq!(app.sign_in(&client(), demo_email(Role::Admin), DEMO_PASSWORD).await.status(), StatusCode::SEE_OTHER);
    }
);

on_both!(invitation_link_sets_a_password_once, |app| {
    let admin = app.as_role(Role::Admin).await;
    let (status, id) = app
        .call(
            &admin,
            "people/invite",
            json!({ "input": { "email": "New.Person@Example.com", "family_name": "Ким", "given_name": "Ольга", "roles": ["contractor"] } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let mail = app.mail.wait_for("new.person@example.com").await;
    assert!(mail.body.contains("Ким Ольга") || mail.body.contains("Ольга Ким"), "{}", mail.body);
    let url = link(&mail, &app.url("/invite/"));
    let token = url.rsplit('/').next().unwrap().to_string();
    let page = client().get(&url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);

    // Too short: refused, and the link still works afterwards.
    let c = client();
    let res = c.post(app.url(&format!("/invite/{token}"))).form(&[("password", "short"), ("confirm", "short")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains(Msg::ErrPasswordTooShort.text(Locale::En)));
    let res = c
        .post(app.url(&format!("/invite/{token}")))
        .form(&[("password", "a long new password"), ("confirm", "a long new password")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(session_cookie(&res).is_some(), "signed in right away");
    // Single use.
    let again = client()
        .post(app.url(&format!("/invite/{token}")))
        .form(&[("password", "another password!"), ("confirm", "another password!")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::GONE);
    assert_eq!(app.sign_in(&client(), "new.person@example.com", "a long new password").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.sign_in(&client(), "new.person@example.com", "another password!").await.status(), StatusCode::UNAUTHORIZED);
});

on_both!(password_reset_by_emailed_link_ends_old_sessions, |app| {
    let email = demo_email(Role::Foreman);
    let old = app.as_role(Role::Foreman).await;
    let res = client().post(app.url("/reset")).form(&[("email", email)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains(Msg::ResetLinkSent.text(Locale::En)));
    // Unknown addresses get the same answer and no mail.
    let res = client().post(app.url("/reset")).form(&[("email", "ghost@example.com")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let mail = app.mail.wait_for(email).await;
    let url = link(&mail, &app.url("/reset/"));
    let token = url.rsplit('/').next().unwrap().to_string();
    let res = client()
        .post(app.url(&format!("/reset/{token}")))
        .form(&[("password", "brand new secret"), ("confirm", "brand new secret")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.call(&old, "placements/list", json!({})).await.0, StatusCode::UNAUTHORIZED, "old session ended");
    assert_eq!(app.sign_in(&client(), email, DEMO_PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.sign_in(&client(), email, "brand new secret").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox WHERE recipient = 'ghost@example.com'").await, 0);
});

on_both!(locale_is_chosen_from_setting_cookie_or_header, |app| {
    let page = client().get(app.url("/login")).header("accept-language", "ko-KR,ko;q=0.9").send().await.unwrap().text().await.unwrap();
    assert!(page.contains("lang=\"ko\"") && page.contains(Msg::SignInTitle.text(Locale::Ko)));
    let c = client();
    let res = c.post(app.url("/locale")).form(&[("locale", "ru"), ("back", "/login")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    let page = c.get(app.url("/login")).header("accept-language", "ko").send().await.unwrap().text().await.unwrap();
    assert!(page.contains(Msg::SignInTitle.text(Locale::Ru)), "the cookie beats Accept-Language");
    // A signed-in person's choice is stored with them and follows them to a new browser.
    let admin = app.as_role(Role::Admin).await;
    admin.post(app.url("/locale")).form(&[("locale", "ko"), ("back", "/")]).send().await.unwrap();
    let fresh = app.as_role(Role::Admin).await;
    let home = fresh.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains(Msg::NavPeople.text(Locale::Ko)), "{home}");
    // Picking a language on the sign-in page and then signing in makes it the person's setting.
    let c = client();
    c.post(app.url("/locale")).form(&[("locale", "ru"), ("back", "/login")]).send().await.unwrap();
    assert_eq!(app.sign_in(&c, demo_email(Role::Admin), DEMO_PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let elsewhere = app.as_role(Role::Admin).await;
    let home = elsewhere.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains(Msg::NavPeople.text(Locale::Ru)), "{home}");
});

on_both!(a_signed_out_deep_link_signs_in_and_returns_to_it, |app| {
    // A page behind sign-in answers a real redirect carrying the way back.
    let res = client().get(app.url("/recruiting/candidates/7?view=timeline")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=%2Frecruiting%2Fcandidates%2F7%3Fview%3Dtimeline");
    let res = client().get(app.url("/")).send().await.unwrap();
    assert_eq!((res.status(), res.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/login"));
    // The sign-in page keeps it through a refused attempt, and goes there after.
    let page = client().get(app.url("/login?next=%2Frecruiting%2Fcandidates%2F7")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"name="next" value="/recruiting/candidates/7""#), "{page}");
    let sign_in = |next: &'static str, password: &'static str| {
        client()
            .post(app.url("/login?next=x"))
            .form(&[("email", demo_email(Role::Recruiter)), ("password", password), ("next", next)])
            .send()
    };
    let refused = sign_in("/recruiting/candidates/7", "wrong password").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let res = sign_in("/recruiting/candidates/7", DEMO_PASSWORD).await.unwrap();
    assert_eq!((res.status(), res.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/recruiting/candidates/7"));
    for hostile in ["//evil.test/x", "https://evil.test", "/\t/evil.test", ""] {
        let res = sign_in(hostile, DEMO_PASSWORD).await.unwrap();
        assert_eq!(res.headers()["location"], "/", "{hostile:?}");
    }
});
