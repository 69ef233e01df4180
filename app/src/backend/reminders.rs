//! "Remind me": a person's own reminders. Set only on what they may open (each kind checked by
//! the same service its page uses), at a local time read in their zone, listed until they go
//! off; a worker fires what is due as a notice on the person's chosen ways.
use super::notifications::Told;
use super::{now, Backend, Caller, Db, Result};
use crate::AppError;
use chrono::TimeZone;
use shared::notifications::reminders::{About, ReminderInput, ReminderView, NOTE_MAX};
use shared::notifications::Told as What;
use shared::validation::FieldError;
use shared::Msg;

/// What the reminder is about, in the caller's words, once the caller may open it.
async fn label(backend: &Backend, caller: &Caller, about: About, id: i64) -> Result<String> {
    let db = &backend.db;
    let locale = caller.locale.unwrap_or_default();
    Ok(match about {
        About::Candidate => {
            super::recruiting::candidate_job(db, caller, id).await?;
            sqlx::query_scalar("SELECT full_name FROM candidates WHERE id = $1").bind(id).fetch_one(&db.pool).await?
        }
        About::Request => {
            let view = super::cabinet::requests::view(backend, caller, id).await?;
            let name = shared::format::person_name(&view.requester_family, &view.requester_given, locale);
            format!("{} · {name}", view.type_name.get(locale))
        }
        About::Timesheet => {
            let view = super::timesheets::review::view(db, caller, id).await?;
            let name = shared::format::person_name(&view.contractor_family, &view.contractor_given, locale);
            format!("{name} · {} – {}", view.period_start.format(locale), view.period_end.format(locale))
        }
        About::Person => {
            let p = super::people::get(db, caller, id).await?;
            shared::format::person_name(&p.family_name, &p.given_name, locale)
        }
        About::Document => super::cabinet::documents::get(db, caller, id).await?.title,
    })
}

/// Sets a reminder for the caller; returns its id.
pub async fn set(backend: &Backend, caller: &Caller, input: &ReminderInput) -> Result<i64> {
    let naive =
        chrono::NaiveDateTime::parse_from_str(input.at.trim(), "%Y-%m-%dT%H:%M").map_err(|_| FieldError::new("at", Msg::ErrRemindAt))?;
    // A local time skipped by a clock change reads as none; one met twice, as the first.
    let at = caller.zone.from_local_datetime(&naive).earliest().ok_or(FieldError::new("at", Msg::ErrRemindAt))?.timestamp();
    if at <= backend.clock.now() {
        return Err(FieldError::new("at", Msg::ErrRemindAt).into());
    }
    let note = input.note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(FieldError::new("note", Msg::ErrTooLong).into());
    }
    let label = label(backend, caller, input.about, input.id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO reminders (org_id, person_id, subject, subject_id, label, link, note, remind_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(caller.org_id)
    .bind(caller.person_id)
    .bind(input.about)
    .bind(input.id)
    .bind(label)
    .bind(input.about.path(input.id))
    .bind(note)
    .bind(at)
    .bind(now())
    .fetch_one(backend.db.writes())
    .await?;
    Ok(id)
}

/// The caller's reminders not gone off yet, soonest first.
pub async fn mine(db: &Db, caller: &Caller) -> Result<Vec<ReminderView>> {
    type Row = (i64, About, String, String, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, subject, label, link, note, remind_at FROM reminders WHERE org_id = $1 AND person_id = $2 AND fired_at IS NULL \
         ORDER BY remind_at, id LIMIT 100",
    )
    .bind(caller.org_id)
    .bind(caller.person_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id, about, label, link, note, at)| ReminderView { id, about, label, link, note, at }).collect())
}

/// Cancels one of the caller's own reminders that has not gone off; someone else's is not found.
pub async fn cancel(db: &Db, caller: &Caller, id: i64) -> Result<()> {
    let done = sqlx::query("DELETE FROM reminders WHERE id = $1 AND org_id = $2 AND person_id = $3 AND fired_at IS NULL")
        .bind(id)
        .bind(caller.org_id)
        .bind(caller.person_id)
        .execute(db.writes())
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// Fires the reminders due at `at`: each once (claimed and told in one transaction, so a
/// second node or a retry finds it fired). Returns how many.
pub async fn fire_due(backend: &Backend, at: i64) -> Result<usize> {
    let db = &backend.db;
    let mut tx = db.begin_write().await?;
    let sql = format!(
        "UPDATE reminders SET fired_at = $1 WHERE id IN (SELECT id FROM reminders WHERE fired_at IS NULL AND remind_at <= $1 \
         ORDER BY remind_at LIMIT 500 {}) RETURNING id, org_id, person_id, label, link, note",
        db.skip_locked()
    );
    let due: Vec<(i64, i64, i64, String, String, String)> = sqlx::query_as(&sql).bind(at).fetch_all(&mut *tx).await?;
    let mut told = Told::new(backend);
    for (_, org_id, person_id, label, link, note) in &due {
        told.notify(&mut tx, *org_id, *person_id, &What::Reminder { label: label.clone(), note: note.clone() }, link).await?;
    }
    tx.commit().await?;
    told.publish(backend).await;
    Ok(due.len())
}
