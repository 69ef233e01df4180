//! Each person's choices of how they are told (per kind, quiet hours, the digest's time), and
//! the organisation's defaults for those who did not choose. Saved whole, version-checked.
use super::super::{audit, policy, Caller, Db, Result};
use crate::AppError;
use shared::notifications::channels::{hhmm, Checked, Choice, Preferences, PreferencesView};
use shared::notifications::Kind;
use sqlx::{Any, Transaction};

type Flags = (String, i64, i64, i64);

fn choices(rows: Vec<Flags>, fallback: impl Fn(Kind) -> Choice) -> Result<Vec<(Kind, Choice)>> {
    let mut stored = Vec::new();
    for (kind, email, messenger, digest) in rows {
        // A kind nobody wrote is a fault of the data, not a choice to drop silently.
        let kind = Kind::parse(&kind).ok_or_else(|| super::BackendError::Internal(format!("unknown notice kind {kind:?}")))?;
        stored.push((kind, Choice { email: email == 1, messenger: messenger == 1, digest: digest == 1 }));
    }
    Ok(Kind::ALL.iter().map(|k| (*k, stored.iter().find(|(s, _)| s == k).map(|(_, c)| *c).unwrap_or_else(|| fallback(*k)))).collect())
}

async fn org_defaults(db: &Db, org_id: i64) -> Result<Vec<(Kind, Choice)>> {
    let rows: Vec<Flags> = sqlx::query_as("SELECT kind, email, messenger, digest FROM notice_defaults WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    choices(rows, Kind::default_choice)
}

/// The caller's own choices, with the organisation's defaults beside them.
pub async fn mine(db: &Db, caller: &Caller) -> Result<PreferencesView> {
    let defaults = org_defaults(db, caller.org_id).await?;
    let rows: Vec<Flags> = sqlx::query_as("SELECT kind, email, messenger, digest FROM notice_choices WHERE person_id = $1")
        .bind(caller.person_id)
        .fetch_all(&db.pool)
        .await?;
    let choices = choices(rows, |k| defaults.iter().find(|(d, _)| *d == k).map(|(_, c)| *c).unwrap_or(k.default_choice()))?;
    type Settings = (Option<i64>, Option<i64>, Option<i64>, i64);
    let settings: Option<Settings> =
        sqlx::query_as("SELECT quiet_from, quiet_to, digest_at, version FROM notice_settings WHERE person_id = $1")
            .bind(caller.person_id)
            .fetch_optional(&db.pool)
            .await?;
    let (quiet_from, quiet_to, digest_at, version) = settings.unwrap_or((None, None, None, 0));
    let time = |m: Option<i64>| m.map(|m| hhmm(m.clamp(0, 1439) as u16)).unwrap_or_default();
    let (email, phone): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT email, phone FROM people WHERE id = $1").bind(caller.person_id).fetch_one(&db.pool).await?;
    Ok(PreferencesView {
        preferences: Preferences { choices, quiet_from: time(quiet_from), quiet_to: time(quiet_to), digest_at: time(digest_at), version },
        defaults,
        time_zone: caller.zone.name().to_string(),
        has_email: email.is_some(),
        has_phone: phone.is_some(),
    })
}

/// Saves the caller's choices; `version` 0 is the first save. Returns the new version.
pub async fn save_mine(db: &Db, caller: &Caller, input: &Preferences) -> Result<i64> {
    let Checked { choices, quiet, digest_at } = input.check().map_err(AppError::Invalid)?;
    let mut tx = db.begin_write().await?;
    let (from, to) = (quiet.map(|q| i64::from(q.0)), quiet.map(|q| i64::from(q.1)));
    let digest_at = digest_at.map(i64::from);
    let done = if input.version == 0 {
        sqlx::query(
            "INSERT INTO notice_settings (person_id, quiet_from, quiet_to, digest_at, version) VALUES ($1, $2, $3, $4, 1) \
             ON CONFLICT (person_id) DO NOTHING",
        )
        .bind(caller.person_id)
        .bind(from)
        .bind(to)
        .bind(digest_at)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE notice_settings SET quiet_from = $2, quiet_to = $3, digest_at = $4, version = version + 1 \
             WHERE person_id = $1 AND version = $5",
        )
        .bind(caller.person_id)
        .bind(from)
        .bind(to)
        .bind(digest_at)
        .bind(input.version)
        .execute(&mut *tx)
        .await?
    };
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict.into());
    }
    sqlx::query("DELETE FROM notice_choices WHERE person_id = $1").bind(caller.person_id).execute(&mut *tx).await?;
    write_choices(&mut tx, "notice_choices (person_id", caller.person_id, &choices).await?;
    tx.commit().await?;
    Ok(input.version + 1)
}

/// The organisation's defaults (for administrators), as a form edits them.
pub async fn defaults(db: &Db, caller: &Caller) -> Result<Preferences> {
    policy::manage_org(caller)?;
    let version: i64 = sqlx::query_scalar("SELECT notice_defaults_version FROM organisations WHERE id = $1")
        .bind(caller.org_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(Preferences { choices: org_defaults(db, caller.org_id).await?, version, ..Preferences::default() })
}

/// Saves the organisation's defaults (quiet hours and the digest are each person's own).
pub async fn save_defaults(db: &Db, caller: &Caller, input: &Preferences, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_org(caller)?;
    let personal = Preferences { quiet_from: String::new(), quiet_to: String::new(), digest_at: String::new(), ..input.clone() };
    let Checked { choices, .. } = personal.check().map_err(AppError::Invalid)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE organisations SET notice_defaults_version = notice_defaults_version + 1 WHERE id = $1 AND notice_defaults_version = $2",
    )
    .bind(caller.org_id)
    .bind(input.version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict.into());
    }
    sqlx::query("DELETE FROM notice_defaults WHERE org_id = $1").bind(caller.org_id).execute(&mut *tx).await?;
    write_choices(&mut tx, "notice_defaults (org_id", caller.org_id, &choices).await?;
    let detail: serde_json::Map<String, serde_json::Value> =
        choices.iter().map(|(k, c)| (k.as_str().to_string(), serde_json::json!([c.email, c.messenger, c.digest]))).collect();
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::OrgNoticeDefaultsChanged,
            (audit::Subject::Organisation, caller.org_id),
            serde_json::Value::Object(detail),
            client_addr,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(input.version + 1)
}

/// `table`: the table and its owner column (`notice_choices (person_id`), whose rows are one
/// per kind.
async fn write_choices(tx: &mut Transaction<'_, Any>, table: &str, owner: i64, choices: &[(Kind, Choice)]) -> Result<()> {
    let sql = format!("INSERT INTO {table}, kind, email, messenger, digest) VALUES {}", super::super::db::placeholders(choices.len(), 5));
    let mut query = sqlx::query(&sql);
    for (kind, c) in choices {
        query = query.bind(owner).bind(*kind).bind(i64::from(c.email)).bind(i64::from(c.messenger)).bind(i64::from(c.digest));
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
