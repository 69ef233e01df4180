//! Server-side sessions. The cookie carries 256 random bits; the table keeps only their hash,
//! so a copy of the database cannot be replayed as cookies.
use super::{now, tokens, Caller, Config, Db, Result};
use shared::model::{PersonStatus, Roles};
use shared::Locale;

pub const COOKIE: &str = "sp_session";
/// Writing last_seen on every request would turn reads into writes; once a minute is enough.
const TOUCH_EVERY_SECS: i64 = 60;

/// Starts a session and returns the cookie value.
pub async fn create(db: &Db, config: &Config, org_id: i64, person_id: i64) -> Result<String> {
    let token = tokens::new_token();
    let t = now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, org_id, person_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(tokens::hash(&token))
    .bind(org_id)
    .bind(person_id)
    .bind(t)
    .bind(t + config.session_absolute_secs)
    .execute(db.writes())
    .await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    last_seen_at: i64,
    expires_at: i64,
    #[sqlx(flatten)]
    person: PersonRow,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    person_id: i64,
    org_id: i64,
    family_name: String,
    given_name: String,
    email: Option<String>,
    locale: Option<Locale>,
    department_id: Option<i64>,
    legal_entity_id: Option<i64>,
    client_company_id: Option<i64>,
    org_name: String,
    status: PersonStatus,
    roles: Roles,
    unread: i64,
    org_count: i64,
    time_zone: String,
}

/// The person behind a cookie, if the session is live and the person still active; the
/// session counts as used now.
pub async fn resolve(db: &Db, config: &Config, token: &str) -> Result<Option<Caller>> {
    let hash = tokens::hash(token);
    let Some((caller, last_seen_at)) = lookup(db, config, &hash).await? else {
        return Ok(None);
    };
    let t = now();
    if t - last_seen_at >= TOUCH_EVERY_SECS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(t).bind(&hash).execute(db.writes()).await?;
    }
    Ok(Some(caller))
}

/// Whether the session of `token_hash` is still live and its person active, as its caller now
/// (roles may have changed). Does not count as use: an open page's event stream asks this
/// without keeping an unattended session alive.
pub async fn still_live(db: &Db, config: &Config, token_hash: &str) -> Result<Option<Caller>> {
    Ok(lookup(db, config, token_hash).await?.map(|(caller, _)| caller))
}

/// The person columns of a caller; `p` is the person, `o` their organisation.
fn person_columns(db: &Db) -> String {
    format!(
        "p.id AS person_id, p.org_id, p.family_name, p.given_name, p.email, p.locale, p.department_id, p.legal_entity_id, \
         p.client_company_id, o.name AS org_name, p.status, {} AS roles, \
         (SELECT COUNT(*) FROM notifications n WHERE n.person_id = p.id AND n.read_at IS NULL) AS unread, \
         (SELECT COUNT(*) FROM people m WHERE m.account_id = p.account_id AND m.status = 'active') AS org_count, \
         COALESCE(p.time_zone, o.time_zone) AS time_zone",
        db.roles_of_p()
    )
}

impl PersonRow {
    fn caller(self, session_hash: &str) -> Result<Caller> {
        Ok(Caller {
            person_id: self.person_id,
            org_id: self.org_id,
            org_name: self.org_name,
            family_name: self.family_name,
            given_name: self.given_name,
            email: self.email,
            roles: self.roles.into_vec(),
            locale: self.locale,
            department_id: self.department_id,
            legal_entity_id: self.legal_entity_id,
            client_company_id: self.client_company_id,
            session_hash: session_hash.to_string(),
            unread_notices: self.unread,
            org_count: self.org_count,
            zone: super::zone::stored(&self.time_zone)?,
        })
    }
}

async fn lookup(db: &Db, config: &Config, hash: &str) -> Result<Option<(Caller, i64)>> {
    let sql = format!(
        "SELECT s.last_seen_at, s.expires_at, {} FROM sessions s JOIN people p ON p.id = s.person_id AND p.org_id = s.org_id \
         JOIN organisations o ON o.id = s.org_id WHERE s.token_hash = $1",
        person_columns(db)
    );
    let Some(row) = sqlx::query_as::<_, SessionRow>(&sql).bind(hash).fetch_optional(&db.pool).await? else {
        return Ok(None);
    };
    let t = now();
    if row.person.status != PersonStatus::Active || t >= row.expires_at || t - row.last_seen_at > config.session_idle_secs {
        revoke(db, hash).await?;
        return Ok(None);
    }
    Ok(Some((row.person.caller(hash)?, row.last_seen_at)))
}

/// An active person as the backend sees a caller, without a session: the one a single-use link
/// was issued to, acting through it.
pub async fn caller_of(db: &Db, org_id: i64, person_id: i64) -> Result<Option<Caller>> {
    let sql = format!(
        "SELECT {} FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.org_id = $1 AND p.id = $2 AND p.status = 'active'",
        person_columns(db)
    );
    let row = sqlx::query_as::<_, PersonRow>(&sql).bind(org_id).bind(person_id).fetch_optional(&db.pool).await?;
    row.map(|r| r.caller("")).transpose()
}

/// [`caller_of`] for many active people at once (a batch of a scheduled job), in id order.
pub async fn callers_of(db: &Db, ids: &[i64]) -> Result<Vec<Caller>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT {} FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.id IN ({list}) AND p.status = 'active' ORDER BY p.id",
        person_columns(db)
    );
    sqlx::query_as::<_, PersonRow>(&sql).fetch_all(&db.pool).await?.into_iter().map(|r| r.caller("")).collect()
}

pub async fn revoke(db: &Db, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(db.writes()).await?;
    Ok(())
}

/// Ends every session of a person (deactivation, password reset).
pub async fn revoke_person<'e, E>(exec: E, org_id: i64, person_id: i64) -> Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND person_id = $2").bind(org_id).bind(person_id).execute(exec).await?;
    Ok(done.rows_affected())
}

/// Ends every session of every membership of an account (its password changed).
pub async fn revoke_account<'e, E>(exec: E, account_id: i64) -> Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("DELETE FROM sessions WHERE person_id IN (SELECT id FROM people WHERE account_id = $1)")
        .bind(account_id)
        .execute(exec)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes expired sessions; run periodically by the server.
pub async fn purge_expired(db: &Db, config: &Config) -> Result<u64> {
    let t = now();
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2")
        .bind(t)
        .bind(t - config.session_idle_secs)
        .execute(db.writes())
        .await?;
    Ok(done.rows_affected())
}
