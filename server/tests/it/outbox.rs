//! Without a mail server, messages become files of the mail directory, readable by the server's
//! user only; the log says a message was written and nothing of what it says or to whom.
use crate::on_both;
use reqwest::StatusCode;
use serde_json::json;
use shared::Role;

fn mail_dir() -> String {
    let name: String = app::backend::tokens::new_token().chars().filter(char::is_ascii_alphanumeric).take(12).collect();
    std::env::temp_dir().join(format!("staffport-mail-{name}")).to_string_lossy().into_owned()
}

on_both!(
    without_smtp_mail_goes_to_private_files_and_never_to_the_log,
    config | c | {
        c.smtp_url = None;
        c.mail_dir = mail_dir();
    },
    |app| {
        use std::os::unix::fs::PermissionsExt;
        crate::common::log_capture::start();
        let hr = app.as_role(Role::HrManager).await;
        let invite = json!({ "input": { "email": "mailbox.canary@example.org", "family_name": "Canary", "given_name": "Mailbox", "roles": ["employee"] } });
        let (status, body) = app.call(&hr, "people/invite", invite).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let dir = std::path::PathBuf::from(&app.backend.config.mail_dir);
        let mut file = None;
        for _ in 0..100 {
            file = std::fs::read_dir(&dir).ok().and_then(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("mailbox.canary@example.org")))
            });
            if file.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let file = file.expect("the invitation was written to the mail directory");
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "only the server's user reads a message");
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        let text = std::fs::read_to_string(&file).unwrap();
        let link = text.split_whitespace().find(|w| w.contains("/invite/")).expect("the link is in the message").to_string();
        let token = link.rsplit('/').next().unwrap().to_string();
        // The link works: it is the real message.
        let page = reqwest::get(&link).await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);

        // A text without a gateway goes there too: a candidate's invitation with its link.
        let recruiter = app.as_role(Role::Recruiter).await;
        let job = crate::recruiting::job(&app).await;
        let candidate = crate::recruiting::add(&app, &recruiter, job, "Texted Canary").await;
        let invite = json!({ "input": { "candidate_id": candidate, "kind": "interview", "place": "Zoom", "slots": ["2026-12-03T10:00"], "channel": "sms" } });
        let (status, body) = app.call(&recruiter, "recruiting/invite", invite).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let mut text_message = String::new();
        for _ in 0..100 {
            let found = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().ends_with("-sms.txt"));
            if let Some(path) = found {
                text_message = std::fs::read_to_string(path).unwrap();
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(text_message.contains("9182-7364") && text_message.contains("/invitation/"), "{text_message}");
        let invitation = text_message.split_whitespace().find(|w| w.contains("/invitation/")).unwrap().to_string();

        let log = crate::common::log_capture::text();
        assert!(log.contains("message written to the mail directory"), "the capture works");
        for secret in [token.as_str(), "mailbox.canary@example.org", "Canary", link.as_str(), invitation.as_str(), "9182-7364", "9182 7364"]
        {
            assert!(!log.contains(secret), "{secret} reached the log");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
);

// A row of a channel no version of Staffport wrote fails alone, said in its own error; before,
// it was emailed to whatever its recipient said. The messages beside it still go out.
on_both!(an_unknown_channel_fails_its_row_and_the_queue_goes_on, |app| {
    let org = app.scalar("SELECT MIN(id) FROM organisations").await;
    for (channel, to) in [("email", "before@example.com"), ("pigeon", "stranger@example.com"), ("email", "after@example.com")] {
        app.execute(&format!(
            "INSERT INTO outbox (org_id, channel, recipient, subject, body, next_attempt_at, created_at) VALUES ({org}, '{channel}', '{to}', 'S', 'B', 0, 0)"
        ))
        .await;
    }
    app.mail.wait_for("before@example.com").await;
    app.mail.wait_for("after@example.com").await;
    let row =
        |to: &str| format!("SELECT COUNT(*) FROM outbox WHERE recipient = '{to}' AND status = 'failed' AND last_error = 'unknown channel'");
    for _ in 0..100 {
        if app.scalar(&row("stranger@example.com")).await == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(app.scalar(&row("stranger@example.com")).await, 1);
    assert!(app.mail.all().iter().all(|m| m.to != "stranger@example.com"), "never emailed");
});
