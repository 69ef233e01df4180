//! Uploaded files: checked by content and size, sealed at rest like personal data, and opened
//! only by those who may: the uploader, the readers of the request it is attached to, the team
//! of the candidate whose résumé it is, and — for profile photos — the members of the
//! organisation.
use super::{now, policy, Backend, Caller, Result};
use crate::AppError;
use sha2::{Digest, Sha256};
use shared::files::{clean_name, FileRef, Purpose};
use shared::validation::FieldError;
use sqlx::{Any, Transaction};

/// Stores an upload of the caller's. A photo becomes their profile photo at once.
pub async fn store(backend: &Backend, caller: &Caller, purpose: Purpose, name: &str, bytes: &[u8]) -> Result<FileRef> {
    let content_type = purpose.accept(bytes).map_err(|msg| FieldError::new("file", msg))?;
    let name = clean_name(name);
    let sealed = backend.sealer.seal(bytes)?;
    let digest = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let mut tx = backend.db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO files (org_id, owner_id, purpose, name, content_type, size, sha256, sealed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(caller.org_id)
    .bind(caller.person_id)
    .bind(purpose.stored_as())
    .bind(&name)
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(digest)
    .bind(sealed)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    if purpose == Purpose::Photo {
        sqlx::query("UPDATE people SET photo_file_id = $1 WHERE org_id = $2 AND id = $3")
            .bind(id)
            .bind(caller.org_id)
            .bind(caller.person_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(FileRef { id, name, size: bytes.len() as i64 })
}

/// Attaches the caller's unattached uploads to a request being filed; anything else named in
/// the answers (another person's file, one attached elsewhere) refuses the request.
pub async fn attach(tx: &mut Transaction<'_, Any>, caller: &Caller, request_id: i64, ids: &[(String, i64)]) -> Result<()> {
    for (field, id) in ids {
        let attached = sqlx::query(
            "UPDATE files SET request_id = $1 WHERE org_id = $2 AND id = $3 AND owner_id = $4 AND purpose = 'attachment' AND request_id IS NULL",
        )
        .bind(request_id)
        .bind(caller.org_id)
        .bind(id)
        .bind(caller.person_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if attached == 0 {
            return Err(FieldError::new(field, shared::Msg::ErrBadReference).into());
        }
    }
    Ok(())
}

pub struct Opened {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct Row {
    owner_id: i64,
    purpose: String,
    name: String,
    content_type: String,
    sealed: String,
    request_id: Option<i64>,
    candidate_id: Option<i64>,
}

pub async fn open(backend: &Backend, caller: &Caller, id: i64) -> Result<Opened> {
    let row: Row = sqlx::query_as(
        "SELECT owner_id, purpose, name, content_type, sealed, request_id, candidate_id FROM files WHERE org_id = $1 AND id = $2",
    )
    .bind(caller.org_id)
    .bind(id)
    .fetch_optional(&backend.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let readable = match (row.request_id, row.candidate_id) {
        (Some(request_id), _) => super::cabinet::requests::readable(backend, caller, request_id).await.is_ok(),
        (None, Some(candidate_id)) => super::recruiting::candidate_job(&backend.db, caller, candidate_id).await.is_ok(),
        (None, None) => false,
    };
    policy::open_file(caller, row.owner_id, row.purpose == Purpose::Photo.as_str(), readable)?;
    Ok(Opened { name: row.name, content_type: row.content_type, bytes: backend.sealer.open(&row.sealed)? })
}

/// Deletes uploads nobody will reach: attachments never filed with a request and replaced
/// profile photos, uploaded before `before` (unix seconds). Answers how many went.
pub async fn sweep_abandoned(db: &super::Db, before: i64) -> Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM files WHERE created_at < $1 AND ((purpose = 'attachment' AND request_id IS NULL AND candidate_id IS NULL) \
         OR (purpose = 'photo' AND NOT EXISTS (SELECT 1 FROM people p WHERE p.photo_file_id = files.id)))",
    )
    .bind(before)
    .execute(db.writes())
    .await?
    .rows_affected())
}
