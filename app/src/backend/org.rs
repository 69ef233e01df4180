//! The organisation's structure: legal entities and departments, client companies and sites.
use super::pdf::Picture;
use super::{audit, now, policy, Backend, Caller, Db, Result};
use crate::AppError;
use shared::model::{
    ClientCompany, ClientDepartment, Department, LegalEntity, Letterhead, OrgSettings, OrgStructure, SealChange, UnitEdit, UnitInput,
    UnitKind,
};
use shared::validation::{optional_text, required_text, FieldError};
use shared::Msg;

pub async fn structure(db: &Db, caller: &Caller) -> Result<OrgStructure> {
    policy::view_org(caller)?;
    let org_id = caller.org_id;
    Ok(OrgStructure {
        settings: sqlx::query_as::<_, (String, i64, Option<String>)>(
            "SELECT time_zone, version, chat_webhook_url FROM organisations WHERE id = $1",
        )
        .bind(org_id)
        .fetch_one(&db.pool)
        .await
        .map(|(time_zone, version, chat)| OrgSettings {
            time_zone,
            version,
            chat_webhook_set: chat.is_some_and(|u| !u.is_empty()),
            ..OrgSettings::default()
        })?,
        legal_entities: sqlx::query_as::<_, LegalEntity>(
            "SELECT id, version, name, country, registration_no, address, signer_title, signer_name, \
             CAST(COALESCE(LENGTH(seal_png), 0) AS BIGINT) AS seal_bytes, archived_at FROM legal_entities WHERE org_id = $1 ORDER BY name",
        )
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?,
        departments: sqlx::query_as::<_, Department>(
            "SELECT id, version, legal_entity_id, name, archived_at FROM departments WHERE org_id = $1 ORDER BY name",
        )
            .bind(org_id)
            .fetch_all(&db.pool)
            .await?,
        client_companies: sqlx::query_as::<_, ClientCompany>(
            "SELECT id, version, name, country, archived_at FROM client_companies WHERE org_id = $1 ORDER BY name",
        )
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?,
        client_departments: sqlx::query_as::<_, ClientDepartment>(
            "SELECT id, version, client_company_id, name, site_address, archived_at FROM client_departments WHERE org_id = $1 ORDER BY name",
        )
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?,
    })
}

/// Saves the organisation's settings made on a form loaded at `settings.version`; audited.
pub async fn save_settings(backend: &Backend, caller: &Caller, settings: &OrgSettings, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_org(caller)?;
    let db = &backend.db;
    let zone = super::zone::chosen("time_zone", &required_text("time_zone", &settings.time_zone, 64)?)?;
    let chat = settings.chat_webhook.trim();
    if !chat.is_empty() && (chat.chars().count() > 500 || super::outbound::check_url(chat, backend.config.allow_private_webhooks).is_err())
    {
        return Err(FieldError::new("chat_webhook", Msg::ErrWebhookUrl).into());
    }
    // The address is written only when a new one is given, or removed when asked.
    let (chat_change, new_chat) = match (settings.remove_chat_webhook, chat.is_empty()) {
        (true, _) => ("removed", None),
        (false, false) => ("set", Some(chat)),
        (false, true) => ("kept", None),
    };
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE organisations SET time_zone = $1, version = version + 1, \
         chat_webhook_url = CASE WHEN $4 = 'kept' THEN chat_webhook_url ELSE $5 END WHERE id = $2 AND version = $3",
    )
    .bind(zone.name())
    .bind(caller.org_id)
    .bind(settings.version)
    .bind(chat_change)
    .bind(new_chat)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict.into());
    }
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::OrgSettingsChanged,
            (audit::Subject::Organisation, caller.org_id),
            serde_json::json!({ "time_zone": zone.name(), "chat_webhook": chat_change }),
            client_addr,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(settings.version + 1)
}

fn country(raw: &str) -> Result<String, FieldError> {
    let c = required_text("extra", raw, 100)?.to_ascii_uppercase();
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        Ok(c)
    } else {
        Err(FieldError::new("extra", Msg::ErrInvalidCountry))
    }
}

/// Creates a unit; the parent must belong to the caller's organisation.
pub async fn create_unit<'c>(tx: &mut sqlx::Transaction<'c, sqlx::Any>, org_id: i64, input: &UnitInput) -> Result<i64> {
    let name = required_text("name", &input.name, 200)?;
    let t = now();
    let parent = || input.parent_id.ok_or(FieldError::new("parent_id", Msg::ErrRequired));
    // Children are inserted with INSERT … SELECT from their parent scoped by org, so a parent
    // of another organisation simply yields no row.
    let query = match input.kind {
        UnitKind::LegalEntity => sqlx::query_scalar::<_, i64>(
            "INSERT INTO legal_entities (org_id, name, country, registration_no, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(country(&input.extra)?)
        .bind(optional_text("code", &input.code, 50)?)
        .bind(t),
        UnitKind::ClientCompany => sqlx::query_scalar::<_, i64>(
            "INSERT INTO client_companies (org_id, name, country, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(country(&input.extra)?)
        .bind(t),
        UnitKind::Department => sqlx::query_scalar::<_, i64>(
            "INSERT INTO departments (org_id, name, legal_entity_id, created_at) \
             SELECT $1, $2, id, $3 FROM legal_entities WHERE org_id = $1 AND id = $4 RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(t)
        .bind(parent()?),
        UnitKind::ClientDepartment => sqlx::query_scalar::<_, i64>(
            "INSERT INTO client_departments (org_id, name, client_company_id, site_address, created_at) \
             SELECT $1, $2, id, $3, $4 FROM client_companies WHERE org_id = $1 AND id = $5 RETURNING id",
        )
        .bind(org_id)
        .bind(&name)
        .bind(optional_text("extra", &input.extra, 300)?)
        .bind(t)
        .bind(parent()?),
    };
    match query.fetch_optional(&mut **tx).await.map_err(super::BackendError::from) {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(FieldError::new("parent_id", Msg::ErrBadReference).into()),
        Err(e) if e.is_unique_violation() => Err(FieldError::new("name", Msg::ErrNameTaken).into()),
        Err(e) => Err(e),
    }
}

/// Creates a unit as `caller`, audited.
pub async fn create(db: &Db, caller: &Caller, input: &UnitInput, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_org(caller)?;
    let mut tx = db.begin_write().await?;
    let id = create_unit(&mut tx, caller.org_id, input).await?;
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::OrgUnitCreated,
            (audit::Subject::OrgUnit, id),
            serde_json::json!({ "kind": input.kind, "name": input.name }),
            client_addr,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit of a unit made on a form loaded at `edit.version` (administrators): renamed,
/// its country or site address changed, moved to another parent while nothing hangs on it, or
/// archived (kept with its history, no longer offered) and back. Audited.
pub async fn update_unit(db: &Db, caller: &Caller, edit: &UnitEdit, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_org(caller)?;
    let name = required_text("name", &edit.name, 200)?;
    let t = now();
    // The first archiving time is kept; unarchiving clears it.
    let archived = "archived_at = CASE WHEN $3 = 1 THEN COALESCE(archived_at, $4) ELSE NULL END, version = version + 1";
    let scope = "org_id = $5 AND id = $6 AND version = $7";
    let (sql, extra, parent): (String, Option<String>, Option<i64>) = match edit.kind {
        UnitKind::LegalEntity => {
            (format!("UPDATE legal_entities SET name = $1, country = $2, {archived} WHERE {scope}"), Some(country(&edit.extra)?), None)
        }
        UnitKind::ClientCompany => {
            (format!("UPDATE client_companies SET name = $1, country = $2, {archived} WHERE {scope}"), Some(country(&edit.extra)?), None)
        }
        UnitKind::Department => {
            let parent = edit.parent_id.ok_or(FieldError::new("parent_id", Msg::ErrRequired))?;
            // Moving takes nobody along: people keep their legal entity, so one with people stays.
            let in_use = "SELECT COUNT(*) FROM people WHERE department_id = $1 AND legal_entity_id <> $2";
            refuse_move(db, in_use, edit.id, parent).await?;
            (
                format!(
                    "UPDATE departments SET name = $1, legal_entity_id = (SELECT id FROM legal_entities WHERE org_id = $5 AND id = $2), \
                     {archived} WHERE {scope}"
                ),
                None,
                Some(parent),
            )
        }
        UnitKind::ClientDepartment => {
            let parent = edit.parent_id.ok_or(FieldError::new("parent_id", Msg::ErrRequired))?;
            let in_use = "SELECT COUNT(*) FROM placements WHERE client_department_id = $1 AND client_company_id <> $2";
            refuse_move(db, in_use, edit.id, parent).await?;
            (
                format!(
                    "UPDATE client_departments SET name = $1, site_address = $8, \
                     client_company_id = (SELECT id FROM client_companies WHERE org_id = $5 AND id = $2), {archived} WHERE {scope}"
                ),
                optional_text("extra", &edit.extra, 300)?,
                Some(parent),
            )
        }
    };
    let mut tx = db.begin_write().await?;
    let mut query = sqlx::query(&sql).bind(&name);
    query = match (edit.kind, parent) {
        (UnitKind::Department | UnitKind::ClientDepartment, Some(p)) => query.bind(p),
        _ => query.bind(extra.clone()),
    };
    query = query.bind(i64::from(edit.archived)).bind(t).bind(caller.org_id).bind(edit.id).bind(edit.version);
    if edit.kind == UnitKind::ClientDepartment {
        query = query.bind(extra);
    }
    let done = match query.execute(&mut *tx).await.map_err(super::BackendError::from) {
        Ok(done) => done,
        Err(e) if e.is_unique_violation() => return Err(FieldError::new("name", Msg::ErrNameTaken).into()),
        // A parent of another organisation reads as NULL, which the column refuses.
        Err(e) if e.is_not_null_violation() => return Err(FieldError::new("parent_id", Msg::ErrBadReference).into()),
        Err(e) => return Err(e),
    };
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict.into());
    }
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::OrgUnitChanged,
            (audit::Subject::OrgUnit, edit.id),
            serde_json::json!({ "kind": edit.kind, "name": name, "archived": edit.archived }),
            client_addr,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(edit.version + 1)
}

/// Refuses to move a unit to `parent` while anything of it stays with the old one.
async fn refuse_move(db: &Db, count_sql: &str, id: i64, parent: i64) -> Result<()> {
    let left: i64 = sqlx::query_scalar(count_sql).bind(id).bind(parent).fetch_one(&db.pool).await?;
    if left > 0 {
        return Err(FieldError::new("parent_id", Msg::ErrUnitInUse).into());
    }
    Ok(())
}

/// Saves a legal entity's letterhead (administrators), refusing a stale version. A new seal is
/// the caller's own upload, read as a PNG here (so a certificate never meets a broken one) and
/// moved into the entity; the upload itself goes. Audited.
pub async fn save_letterhead(backend: &Backend, caller: &Caller, l: &Letterhead, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_org(caller)?;
    let fields = [("address", &l.address, 300), ("signer_title", &l.signer_title, 100), ("signer_name", &l.signer_name, 100)];
    let mut errors = Vec::new();
    let mut clean = Vec::new();
    for (field, raw, max) in fields {
        match optional_text(field, raw, max) {
            Ok(v) => clean.push(v.unwrap_or_default()),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors).into());
    }
    let mut tx = backend.db.begin_write().await?;
    let seal: Option<Option<Vec<u8>>> = match l.seal {
        SealChange::Keep => None,
        SealChange::Remove => Some(None),
        SealChange::Replace(file_id) => {
            let sealed: Option<String> = sqlx::query_scalar(
                "DELETE FROM files WHERE org_id = $1 AND id = $2 AND owner_id = $3 AND purpose = 'attachment' \
                 AND request_id IS NULL AND candidate_id IS NULL AND content_type = 'image/png' RETURNING sealed",
            )
            .bind(caller.org_id)
            .bind(file_id)
            .bind(caller.person_id)
            .fetch_optional(&mut *tx)
            .await?;
            let bytes = backend.sealer.open(&sealed.ok_or(FieldError::new("seal", Msg::ErrBadReference))?)?;
            Picture::from_png(&bytes).map_err(|_| FieldError::new("seal", Msg::ErrSealType))?;
            Some(Some(bytes))
        }
    };
    let version: Option<i64> = sqlx::query_scalar(
        "UPDATE legal_entities SET address = $1, signer_title = $2, signer_name = $3, \
         seal_png = CASE WHEN $4 = 1 THEN $5 ELSE seal_png END, version = version + 1 \
         WHERE org_id = $6 AND id = $7 AND version = $8 RETURNING version",
    )
    .bind(&clean[0])
    .bind(&clean[1])
    .bind(&clean[2])
    .bind(i64::from(seal.is_some()))
    .bind(seal.clone().flatten())
    .bind(caller.org_id)
    .bind(l.legal_entity_id)
    .bind(l.version)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(version) = version else {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM legal_entities WHERE org_id = $1 AND id = $2")
            .bind(caller.org_id)
            .bind(l.legal_entity_id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(if exists.is_some() { AppError::Conflict } else { AppError::NotFound }.into());
    };
    let seal_change = match l.seal {
        SealChange::Keep => "kept",
        SealChange::Remove => "removed",
        SealChange::Replace(_) => "replaced",
    };
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::OrgLetterheadChanged,
            (audit::Subject::OrgUnit, l.legal_entity_id),
            serde_json::json!({ "seal": seal_change }),
            client_addr,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}
