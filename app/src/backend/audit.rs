//! The append-only audit log (the database refuses updates and deletes with triggers).
use super::{now, Result};
use serde_json::Value;
pub use shared::audit::{Action, Approvable, Event, Subject};

pub struct Entry<'a> {
    pub org_id: i64,
    pub actor_id: Option<i64>,
    pub action: Action,
    pub subject_type: Subject,
    pub subject_id: Option<i64>,
    pub detail: Value,
    pub client_addr: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// What a signed-in caller did to one subject.
    pub fn by(
        caller: &super::Caller,
        action: impl Into<Action>,
        subject: (Subject, i64),
        detail: Value,
        client_addr: Option<&'a str>,
    ) -> Entry<'a> {
        Entry {
            org_id: caller.org_id,
            actor_id: Some(caller.person_id),
            action: action.into(),
            subject_type: subject.0,
            subject_id: Some(subject.1),
            detail,
            client_addr,
        }
    }
}

/// Writes one entry; pass the transaction of the change it records so both commit together.
pub async fn record<'e, E>(exec: E, entry: Entry<'_>) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (org_id, actor_id, action, subject_type, subject_id, detail, client_addr, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.org_id)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.subject_type)
    .bind(entry.subject_id)
    .bind(entry.detail.to_string())
    .bind(entry.client_addr)
    .bind(now())
    .execute(exec)
    .await?;
    Ok(())
}

/// Writes one entry per row of `table` (the organisation's, ids given as a list of integers)
/// with that row as the subject: a bulk decision records each subject in one statement.
pub async fn record_each<'e, E>(exec: E, entry: Entry<'_>, table: &str, ids: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(&format!(
        "INSERT INTO audit_log (org_id, actor_id, action, subject_type, subject_id, detail, client_addr, created_at) \
         SELECT org_id, $1, $2, $3, id, $4, $5, $6 FROM {table} WHERE org_id = $7 AND id IN ({ids})"
    ))
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.subject_type)
    .bind(entry.detail.to_string())
    .bind(entry.client_addr)
    .bind(now())
    .bind(entry.org_id)
    .execute(exec)
    .await?;
    Ok(())
}
