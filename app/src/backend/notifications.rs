//! In-app notifications: written in the transaction of the change they tell about, heard live
//! by their person's open pages once it commits, read and marked read only by that person.
use super::live::LiveEvent;
use super::{now, Backend, BackendError, Caller, Db, Result};
use shared::notifications::{Notice, Stored, Told as What};

/// How many of the newest notifications the centre shows.
pub const SHOWN: i64 = 50;

/// The people told something in one transaction. Write with [`Told::notify`] inside it, then
/// [`Told::publish`] after the commit, so a page never hears of a notification that is not there.
#[derive(Default)]
pub struct Told(Vec<i64>);

impl Told {
    pub async fn notify(
        &mut self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        org_id: i64,
        person_id: i64,
        what: &What,
        link: &str,
    ) -> Result<()> {
        let Stored { kind, params } = what.stored().map_err(|e| BackendError::Internal(format!("notification: {e}")))?;
        sqlx::query("INSERT INTO notifications (org_id, person_id, kind, params, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(org_id)
            .bind(person_id)
            .bind(kind)
            .bind(params)
            .bind(link)
            .bind(now())
            .execute(&mut **tx)
            .await?;
        if !self.0.contains(&person_id) {
            self.0.push(person_id);
        }
        Ok(())
    }

    /// The same notice to many people (a document's audience): multi-row statements. Open pages
    /// hear of it live only for a small audience; a large one sees it on its next page.
    pub async fn notify_many(
        &mut self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        org_id: i64,
        people: &[i64],
        what: &What,
        link: &str,
    ) -> Result<()> {
        const ROWS: usize = 100;
        const LIVE_UP_TO: usize = 200;
        let Stored { kind, params } = what.stored().map_err(|e| BackendError::Internal(format!("notification: {e}")))?;
        let t = now();
        for chunk in people.chunks(ROWS) {
            let sql = format!(
                "INSERT INTO notifications (org_id, person_id, kind, params, link, created_at) VALUES {}",
                super::db::placeholders(chunk.len(), 6)
            );
            let mut query = sqlx::query(&sql);
            for person in chunk {
                query = query.bind(org_id).bind(*person).bind(&kind).bind(&params).bind(link).bind(t);
            }
            query.execute(&mut **tx).await?;
        }
        if people.len() <= LIVE_UP_TO {
            self.0.extend(people.iter().filter(|p| !self.0.contains(p)).copied().collect::<Vec<_>>());
        }
        Ok(())
    }

    /// Tells the people's open pages (on every node) that they have something new.
    pub async fn publish(self, backend: &Backend) {
        for person_id in self.0 {
            backend.live.publish(&backend.db, LiveEvent::Notice { person_id }).await;
        }
    }
}

/// The caller's newest notifications, newest first. One that cannot be read back (an unknown
/// kind, parameters that do not fit it) fails the request: it is never shown as something else.
pub async fn list(db: &Db, caller: &Caller) -> Result<Vec<Notice>> {
    type Row = (i64, String, String, Option<String>, i64, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, params, link, created_at, read_at FROM notifications WHERE org_id = $1 AND person_id = $2 \
         ORDER BY id DESC LIMIT $3",
    )
    .bind(caller.org_id)
    .bind(caller.person_id)
    .bind(SHOWN)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, kind, params, link, created_at, read_at)| {
            let what = What::from_stored(&kind, &params).map_err(|e| BackendError::Internal(format!("notification {id}: {e}")))?;
            Ok(Notice { id, what, link, created_at, read_at })
        })
        .collect()
}

/// How many of the caller's notifications are unread (the navigation's badge).
pub async fn unread(db: &Db, caller: &Caller) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE org_id = $1 AND person_id = $2 AND read_at IS NULL")
        .bind(caller.org_id)
        .bind(caller.person_id)
        .fetch_one(&db.pool)
        .await?)
}

/// Marks one of the caller's notifications read, or all of them (`id` None). Someone else's
/// is left as it is: the condition on the person makes it match nothing.
pub async fn mark_read(db: &Db, caller: &Caller, id: Option<i64>) -> Result<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE org_id = $2 AND person_id = $3 AND read_at IS NULL AND ($4 = 0 OR id = $4)")
        .bind(now())
        .bind(caller.org_id)
        .bind(caller.person_id)
        .bind(id.unwrap_or(0))
        .execute(db.writes())
        .await?;
    Ok(())
}
