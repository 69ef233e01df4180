//! The daily digest at scale: 10,000 people who all asked for it at 08:00 Seoul time, each with
//! a reminder of the day and an open to-do due today.
//!
//! Ours: `digest::send_due` at 08:00 Seoul — for every person their inbox counts, reminders,
//! held notices and new candidates read, and one message queued. Baseline: a bare select of
//! the same people's open tasks (their reminders of the day), one statement.
use crate::measure::{line, time};
use crate::world::{clean_up, err, insert_rows, open, organisation, Result, T};
use app::backend::notifications::digest;

const PEOPLE: i64 = 10_000;
const RUNS: usize = 3;
/// 2026-12-10 08:00 in Seoul (23:00 UTC the day before).
const AT: i64 = 1_796_083_200 + 8 * 86_400 + 23 * 3600;

pub async fn run() -> Result<()> {
    let (url, kind, db, backend) = open().await?;
    let started = std::time::Instant::now();
    let (org, entity) = organisation(&db).await?;
    insert_rows(
        &db,
        "INSERT INTO people (id, org_id, email, family_name, given_name, search_text, status, legal_entity_id, time_zone, created_at, updated_at)",
        (1..=PEOPLE).map(|p| format!("({p}, {org}, 'p{p}@bench.example', '김', '민준{p}', 'p{p}', 'active', {entity}, 'Asia/Seoul', {T}, {T})")),
    )
    .await?;
    insert_rows(&db, "INSERT INTO person_roles (org_id, person_id, role)", (1..=PEOPLE).map(|p| format!("({org}, {p}, 'employee')")))
        .await?;
    insert_rows(&db, "INSERT INTO notice_settings (person_id, digest_at)", (1..=PEOPLE).map(|p| format!("({p}, 480)"))).await?;
    insert_rows(
        &db,
        "INSERT INTO reminders (org_id, person_id, subject, subject_id, label, link, note, remind_at, created_at)",
        (1..=PEOPLE).map(|p| format!("({org}, {p}, 'person', {p}, 'Call {p}', '/people/{p}', 'before noon', {}, {T})", AT + 3 * 3600)),
    )
    .await?;
    sqlx::query(
        "INSERT INTO announcements (org_id, kind, title, body, audience, due_on, created_by, created_at) \
         VALUES ($1, 'todo', 'Safety survey', 'Fill it in.', '{\"all\":true}', '2026-12-10', 1, $2)",
    )
    .bind(org)
    .bind(T)
    .execute(&db.pool)
    .await
    .map_err(err)?;
    if db.kind == app::backend::db::DbKind::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(err)?;
    }
    println!("{kind}: generated {PEOPLE} people with a digest at 08:00 Seoul, in {:.1} s", started.elapsed().as_secs_f64());

    let reset = || async {
        sqlx::query("UPDATE notice_settings SET digest_sent_at = NULL").execute(&db.pool).await.map_err(err)?;
        sqlx::query("DELETE FROM outbox").execute(&db.pool).await.map_err(err)?;
        Ok::<_, String>(())
    };
    let ours = time(RUNS, reset, || async {
        let sent = digest::send_due(&backend, AT).await.map_err(|e| format!("{e:?}"))?;
        if sent != PEOPLE as usize {
            return Err(format!("{sent} digests sent, not {PEOPLE}"));
        }
        Ok(())
    })
    .await?;
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&db.pool).await.map_err(err)?;
    let sample: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = 'p7@bench.example'").fetch_one(&db.pool).await.map_err(err)?;
    if queued != PEOPLE || !sample.contains("11:00 Call 7") || !sample.contains("open to-dos: 1, of them due or overdue: 1") {
        return Err(format!("{queued} queued; a digest reads: {sample}"));
    }
    let bare = time(RUNS, || async { Ok::<_, String>(()) }, || async {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT person_id, label, remind_at FROM reminders WHERE org_id = $1 AND fired_at IS NULL AND remind_at < $2 ORDER BY person_id",
        )
        .bind(org)
        .bind(AT + 86_400)
        .fetch_all(&db.pool)
        .await
        .map_err(err)?;
        if rows.len() != PEOPLE as usize {
            return Err(format!("{} open tasks", rows.len()));
        }
        Ok(())
    })
    .await?;
    println!();
    println!("| {kind} | ours: median (p95) | baseline: median (p95) | ratio |");
    println!("|---|---|---|---|");
    println!("{}", line(&format!("daily digest for {PEOPLE} people, built and queued"), &ours, "bare select of their open tasks", &bare));
    clean_up(db, backend, &url).await
}
