//! Announcements and to-dos from HR to groups of people (the same audiences as documents).
use super::super::notifications::Told;
use super::super::{audit, now, policy, Backend, Caller, Db, Result};
use crate::AppError;
use shared::cabinet::Audience;
use shared::cabinet::{AnnouncementInput, AnnouncementView, PostKind};
use shared::format::Date;
use shared::notifications::Told as What;
use shared::stored::Json;
use shared::validation::{required_text, FieldError};
use shared::Msg;

pub async fn publish(backend: &Backend, caller: &Caller, input: &AnnouncementInput, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_people(caller)?;
    let db = &backend.db;
    let title = required_text("title", &input.title, 200)?;
    let body = required_text("body", &input.body, 20_000)?;
    let due_on = match input.due_on.trim() {
        "" => None,
        d => Some(Date::parse_iso(d).ok_or(FieldError::new("due_on", Msg::ErrInvalidDate))?),
    };
    let audience = Json(&input.audience);
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO announcements (org_id, kind, title, body, audience, due_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(caller.org_id)
    .bind(input.kind)
    .bind(&title)
    .bind(&body)
    .bind(&audience)
    .bind(due_on)
    .bind(caller.person_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let entry = audit::Entry::by(
        caller,
        audit::Event::AnnouncementPublished,
        (audit::Subject::Announcement, id),
        serde_json::json!({ "kind": input.kind }),
        client_addr,
    );
    audit::record(&mut *tx, entry).await?;
    // Its audience is told (home shows it).
    let mut told = Told::new(backend);
    let audience = super::audience_of(&mut tx, db, caller, &input.audience).await?;
    let what = What::Posted { kind: input.kind, title, due_on };
    told.notify_many(&mut tx, caller.org_id, &audience, &what, "/").await?;
    crate::backend::notifications::chat::post(&mut tx, caller.org_id, &what).await?;
    tx.commit().await?;
    told.publish(backend).await;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: PostKind,
    title: String,
    body: String,
    due_on: Option<Date>,
    created_at: i64,
    done_at: Option<i64>,
    audience: Json<Audience>,
}

/// What is addressed to the caller, newest first (the last 50).
pub async fn mine(db: &Db, caller: &Caller) -> Result<Vec<AnnouncementView>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.kind, a.title, a.body, a.due_on, a.created_at, d.done_at, a.audience FROM announcements a \
         LEFT JOIN todo_done d ON d.announcement_id = a.id AND d.person_id = $2 WHERE a.org_id = $1 ORDER BY a.id DESC LIMIT 200",
    )
    .bind(caller.org_id)
    .bind(caller.person_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| super::reads(caller, &r.audience.0))
        .take(50)
        .map(|r| AnnouncementView {
            id: r.id,
            kind: r.kind,
            title: r.title,
            body: r.body,
            due_on: r.due_on,
            created_at: r.created_at,
            done_at: r.done_at,
        })
        .collect())
}

/// Marks a to-do addressed to the caller done (once).
pub async fn done(db: &Db, caller: &Caller, id: i64) -> Result<()> {
    if !mine(db, caller).await?.iter().any(|a| a.id == id && a.kind == PostKind::Todo) {
        return Err(AppError::NotFound.into());
    }
    sqlx::query("INSERT INTO todo_done (announcement_id, person_id, done_at) VALUES ($1, $2, $3) ON CONFLICT (announcement_id, person_id) DO NOTHING")
        .bind(id)
        .bind(caller.person_id)
        .bind(now())
        .execute(db.writes())
        .await?;
    Ok(())
}
