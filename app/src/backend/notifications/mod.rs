//! In-app notifications: written in the transaction of the change they tell about, heard live
//! by their person's open pages once it commits, read and marked read only by that person.
use super::live::LiveEvent;
use super::{now, Backend, BackendError, Caller, Db, Result};
use shared::notifications::{Notice, Stored, Told as What};

/// How many of the newest notifications the centre shows.
pub const SHOWN: i64 = 50;

pub mod channels;
pub mod chat;
pub mod digest;
pub mod preferences;

/// The people told something in one transaction. Write with [`Told::notify`] inside it, then
/// [`Told::publish`] after the commit, so a page never hears of a notification that is not there.
/// Each notice also queues the messages its people chose for its kind (`channels`).
pub struct Told {
    backend: Backend,
    people: Vec<i64>,
}

impl Told {
    pub fn new(backend: &Backend) -> Told {
        Told { backend: backend.clone(), people: Vec::new() }
    }

    /// Tells one person, in the app and on the ways they chose.
    pub async fn notify(
        &mut self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        org_id: i64,
        person_id: i64,
        what: &What,
        link: &str,
    ) -> Result<()> {
        if let Some(reach) = self.notify_reach(tx, org_id, person_id, what, link).await? {
            reach.send(tx, &self.backend, &channels::notice(&self.backend, &reach, what, link)).await?;
        }
        Ok(())
    }

    /// Tells one person in the app, and gives how a message reaches them now (None: not now)
    /// for a message of the caller's own making — one with a link to act from, say.
    pub async fn notify_reach(
        &mut self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        org_id: i64,
        person_id: i64,
        what: &What,
        link: &str,
    ) -> Result<Option<channels::Reach>> {
        self.write(tx, org_id, &[person_id], what, link).await?;
        let Some(kind) = what.kind() else { return Ok(None) };
        Ok(channels::reach(tx, kind, &[person_id], now()).await?.pop())
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
        self.write(tx, org_id, people, what, link).await?;
        let Some(kind) = what.kind() else { return Ok(()) };
        for reach in channels::reach(tx, kind, people, now()).await? {
            reach.send(tx, &self.backend, &channels::notice(&self.backend, &reach, what, link)).await?;
        }
        Ok(())
    }

    /// [`Told::notify_many`] for those of `people` who have not got the same notice unread: a
    /// queue that fills one by one (timesheets of a period) tells each person once. Answers
    /// whether anyone was told.
    pub async fn notify_unread_once(
        &mut self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        org_id: i64,
        people: &[i64],
        what: &What,
        link: &str,
    ) -> Result<bool> {
        let Stored { kind, params } = what.stored().map_err(|e| BackendError::Internal(format!("notification: {e}")))?;
        let told: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT person_id FROM notifications WHERE org_id = $1 AND kind = $2 AND params = $3 AND read_at IS NULL",
        )
        .bind(org_id)
        .bind(kind)
        .bind(params)
        .fetch_all(&mut **tx)
        .await?;
        let fresh: Vec<i64> = people.iter().filter(|p| !told.contains(p)).copied().collect();
        if fresh.is_empty() {
            return Ok(false);
        }
        self.notify_many(tx, org_id, &fresh, what, link).await?;
        Ok(true)
    }

    async fn write(
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
            for p in people {
                if !self.people.contains(p) {
                    self.people.push(*p);
                }
            }
        }
        Ok(())
    }

    /// Tells the people's open pages (on every node) that they have something new.
    pub async fn publish(self, backend: &Backend) {
        for person_id in self.people {
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
