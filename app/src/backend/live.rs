//! Live updates for open pages: changes on recruiting boards, and new notifications for a
//! person. A change is published after it commits; with PostgreSQL it goes through NOTIFY, so
//! every server node's listener hears it and passes it to the browsers watching there (several
//! stateless nodes); with SQLite (one node) it goes straight to them.
use super::db::{Db, DbKind};
use serde::{Deserialize, Serialize};
use shared::recruiting::BoardEvent;
use shared::stored::Json;
use tokio::sync::broadcast;

const CHANNEL: &str = "staffport_live";

/// What open pages hear about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveEvent {
    /// Something changed on a job's board.
    Board(BoardEvent),
    /// The person has a new notification.
    Notice { person_id: i64 },
}

impl From<BoardEvent> for LiveEvent {
    fn from(event: BoardEvent) -> LiveEvent {
        LiveEvent::Board(event)
    }
}

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<LiveEvent>,
}

impl Default for Hub {
    fn default() -> Hub {
        // Watchers that fall this far behind skip ahead (they reload the board anyway).
        Hub { tx: broadcast::channel(1024).0 }
    }
}

impl Hub {
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }

    /// Tells every watcher, on every node. A lost event costs a stale board until the next one,
    /// never a wrong write, so failures are logged, not raised.
    pub async fn publish(&self, db: &Db, event: impl Into<LiveEvent>) {
        let event = event.into();
        match db.kind {
            DbKind::Postgres => {
                // BACKEND-SPECIFIC: PostgreSQL's NOTIFY.
                if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(Json(&event)).execute(&db.pool).await {
                    tracing::warn!(error = %e, "live update not published");
                }
            }
            DbKind::Sqlite => {
                let _ = self.tx.send(event);
            }
        }
    }

    /// With PostgreSQL: listens for NOTIFY and forwards to this node's watchers, reconnecting
    /// after a lost connection. Does nothing for SQLite.
    pub fn spawn_listener(&self, db: &Db, database_url: &str) {
        if db.kind != DbKind::Postgres {
            return;
        }
        let (tx, url) = (self.tx.clone(), database_url.to_string());
        tokio::spawn(async move {
            loop {
                match listen(&url, &tx).await {
                    Ok(()) => return,
                    Err(e) => tracing::warn!(error = %e, "live updates listener lost; reconnecting"),
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        });
    }
}

async fn listen(url: &str, tx: &broadcast::Sender<LiveEvent>) -> Result<(), sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    loop {
        let note = listener.recv().await?;
        if let Ok(event) = serde_json::from_str::<LiveEvent>(note.payload()) {
            let _ = tx.send(event);
        }
    }
}
