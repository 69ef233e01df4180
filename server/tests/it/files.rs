//! Uploads: recognised by content, limited in size, sealed at rest, attached to requests only
//! by their uploader, and opened only by those who may read the request — on both backends.
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

async fn upload(app: &TestApp, who: &Client, purpose: &str, name: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let res = who.post(app.url(&format!("/files?purpose={purpose}&name={name}"))).body(body).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

on_both!(an_attachment_is_checked_sealed_and_shown_only_to_the_requests_readers, |app| {
    let employee = app.as_role(Role::Employee).await;
    let hr = app.as_role(Role::HrManager).await;
    let contractor = app.as_role(Role::Contractor).await;
    let canary = "CANARY-MEDICAL-7731";
    let pdf = format!("%PDF-1.4\n% {canary}\n%%EOF").into_bytes();

    let (status, body) = upload(&app, &employee, "attachment", "virus.pdf", b"MZ\x90\0 not a pdf".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "Attach a PDF, JPEG or PNG file.", "translated: {body}");
    // Read to its end, then refused with the translated reason (not a connection cut mid-body).
    let (status, body) = upload(&app, &employee, "attachment", "big.pdf", [b"%PDF-".as_slice(), &vec![0; 12 << 20]].concat()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("The file is too large: at most 10 MB for documents and 2 MB for photos."))
    );
    let (status, body) = upload(&app, &employee, "photo", "me.pdf", pdf.clone()).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("Use a JPEG or PNG picture.")));

    let (status, file) = upload(&app, &employee, "attachment", "%EC%A7%84%EB%8B%A8%EC%84%9C.pdf", pdf.clone()).await;
    assert_eq!(status, StatusCode::OK, "{file}");
    assert_eq!(file["name"], "진단서.pdf");
    let id = file["id"].as_i64().unwrap();
    let answer = format!("{id}|진단서.pdf");

    // Another person cannot attach it, nor open it before it is attached.
    let (status, body) = app
        .call(
            &hr,
            "cabinet/submit_request",
            json!({ "input": { "type_code": "sick_leave", "answers": { "dates": "2026-12-01/2026-12-02", "document": answer } } }),
        )
        .await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("document")), "{body}");
    assert_eq!(hr.get(app.url(&format!("/files/{id}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    let (status, request) = app
        .call(
            &employee,
            "cabinet/submit_request",
            json!({ "input": { "type_code": "sick_leave", "answers": { "dates": "2026-12-01/2026-12-02", "document": answer } } }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{request}");
    let res = hr.get(app.url(&format!("/files/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "HR reads the request, so its attachment");
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("UTF-8''%EC%A7%84"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf.as_slice());
    assert_eq!(contractor.get(app.url(&format!("/files/{id}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let (status, _) = app
        .call(
            &employee,
            "cabinet/submit_request",
            json!({ "input": { "type_code": "sick_leave", "answers": { "dates": "2026-12-03/2026-12-03", "document": answer } } }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one file, one request");

    let rows: Vec<(String,)> = sqlx::query_as("SELECT sealed FROM files").fetch_all(&app.backend.db.pool).await.unwrap();
    // Not "PDF": three letters turn up by chance in about one sealed file of a hundred. '%' is
    // not in the base64 alphabet, and "JVBERi0" ("%PDF-" in base64) would take 64^7 to one.
    let plain = |s: &str| s.contains(canary) || s.contains("%PDF") || s.contains("JVBERi0");
    assert!(!rows.is_empty() && !rows.iter().any(|(s,)| plain(s)), "sealed at rest");
});

on_both!(a_photo_becomes_the_profile_photo_and_members_see_it, |app| {
    let employee = app.as_role(Role::Employee).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let jpeg = [&[0xFFu8, 0xD8, 0xFF, 0xE0][..], b"JFIF"].concat();
    let (status, file) = upload(&app, &employee, "photo", "me.jpg", jpeg.clone()).await;
    assert_eq!(status, StatusCode::OK, "{file}");
    let (_, person) = app.call(&employee, "people/get", json!({ "id": me })).await;
    assert_eq!(person["photo_file_id"], file["id"]);
    let colleague = app.as_role(Role::Recruiter).await;
    let res = colleague.get(app.url(&format!("/files/{}", file["id"]))).send().await.unwrap();
    assert_eq!((res.status(), res.headers()["content-type"].to_str().unwrap()), (StatusCode::OK, "image/jpeg"));
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("inline"));
    let anonymous = crate::common::harness::client();
    assert_eq!(anonymous.get(app.url(&format!("/files/{}", file["id"]))).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
});

on_both!(abandoned_uploads_are_swept_after_a_day_and_filed_ones_kept, |app| {
    let employee = app.as_role(Role::Employee).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let (_, abandoned) = upload(&app, &employee, "attachment", "a.png", png.clone()).await;
    let (_, filed) = upload(&app, &employee, "attachment", "b.png", png.clone()).await;
    let (_, old_photo) = upload(&app, &employee, "photo", "old.png", png.clone()).await;
    let (_, photo) = upload(&app, &employee, "photo", "new.png", png.clone()).await;
    let answers = json!({ "dates": "2026-12-01/2026-12-02", "document": format!("{}|b.png", filed["id"]) });
    let (status, _) =
        app.call(&employee, "cabinet/submit_request", json!({ "input": { "type_code": "sick_leave", "answers": answers } })).await;
    assert_eq!(status, StatusCode::OK);
    let now = app::backend::now();
    assert_eq!(app::backend::files::sweep_abandoned(&app.backend.db, now - 86_400).await.unwrap(), 0, "nothing is a day old yet");
    assert_eq!(app::backend::files::sweep_abandoned(&app.backend.db, now + 1).await.unwrap(), 2, "the unfiled one and the replaced photo");
    let left: Vec<(i64,)> = sqlx::query_as("SELECT id FROM files ORDER BY id").fetch_all(&app.backend.db.pool).await.unwrap();
    let left: Vec<i64> = left.into_iter().map(|(id,)| id).collect();
    assert_eq!(left, [filed["id"].as_i64().unwrap(), photo["id"].as_i64().unwrap()]);
    assert!(!left.contains(&abandoned["id"].as_i64().unwrap()) && !left.contains(&old_photo["id"].as_i64().unwrap()));
});

// Uploads, downloads, exports and live events refuse the same way: the status, and JSON with
// the reader's sentence and the error itself (once three mappings: JSON, plain text, a bare status).
on_both!(hand_written_routes_refuse_alike_in_the_readers_words, |app| {
    let anonymous = crate::common::harness::client();
    for path in [
        "/exports/timesheets.csv?month=2026-03",
        "/exports/candidates.csv?job_id=1",
        "/certificates/1",
        "/files/1",
        "/notifications/events",
    ] {
        let res = anonymous.get(app.url(path)).header("accept-language", "ko-KR").send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: Value = res.json().await.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(body["detail"], "Unauthorized", "{path}");
        let text = body["error"].as_str().unwrap_or_default();
        assert!(text.chars().any(|c| ('가'..='힣').contains(&c)), "{path}: in Korean: {body}");
    }
    let origin = app.url("/").trim_end_matches('/').to_string();
    let upload =
        anonymous.post(app.url("/files?purpose=attachment&name=a.pdf")).header("origin", origin).body("%PDF-1.4").send().await.unwrap();
    assert_eq!(upload.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(upload.json::<Value>().await.unwrap()["detail"], "Unauthorized");
});
