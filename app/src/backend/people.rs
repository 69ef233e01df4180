//! The people directory: search, invitations, edits with optimistic locking, roles, deactivation.
use super::policy::{self, PersonScope};
use super::{audit, auth, db::like_contains, now, sessions, Backend, Caller, Db, Result};
use crate::AppError;
use shared::model::{InviteInput, PeoplePage, PersonDetail, PersonEdit, PersonStatus, PersonSummary};
use shared::validation::{optional_text, required_text, search_key, search_query, Email, FieldError, Login};
use shared::{format::Date, Locale, Msg, Role};

pub const PAGE_SIZE: i64 = 25;

/// Builds the lower-cased text the people search matches against: names and the email address
/// (or, without one, the phone number).
pub fn search_text(family: &str, given: &str, contact: &str) -> String {
    search_key(&format!("{family} {given} {family}{given} {contact}"))
}

/// Matches people holding `$3`, or everyone when `$3` is empty.
const ROLE_FILTER: &str = "($3 = '' OR EXISTS (SELECT 1 FROM person_roles fr WHERE fr.person_id = p.id AND fr.role = $3))";

pub async fn list(db: &Db, caller: &Caller, query: &str, role: Option<Role>, page: i64) -> Result<PeoplePage> {
    policy::manage_people(caller)?;
    let org_id = caller.org_id;
    let pattern = like_contains(&search_query("query", query)?);
    let role = role.map(Role::as_str).unwrap_or_default();
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM people p WHERE p.org_id = $1 AND p.search_text LIKE $2 ESCAPE '\\' AND {ROLE_FILTER}"
    ))
    .bind(org_id)
    .bind(&pattern)
    .bind(role)
    .fetch_one(&db.pool)
    .await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let sql = format!(
        "SELECT p.id, p.family_name, p.given_name, p.email, p.phone, p.status, {} AS roles, \
         le.name AS legal_entity, d.name AS department, cc.name AS client_company, \
         (SELECT o.status FROM outbox o WHERE o.person_id = p.id ORDER BY o.id DESC LIMIT 1) AS last_delivery \
         FROM people p LEFT JOIN legal_entities le ON le.id = p.legal_entity_id \
         LEFT JOIN departments d ON d.id = p.department_id \
         LEFT JOIN client_companies cc ON cc.id = p.client_company_id \
         WHERE p.org_id = $1 AND p.search_text LIKE $2 ESCAPE '\\' AND {ROLE_FILTER} \
         ORDER BY p.family_name, p.given_name, p.id LIMIT $4 OFFSET $5",
        db.roles_of_p()
    );
    let items = sqlx::query_as::<_, PersonSummary>(&sql)
        .bind(org_id)
        .bind(&pattern)
        .bind(role)
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(&db.pool)
        .await?;
    Ok(PeoplePage { items, total, page, pages })
}

pub async fn get(db: &Db, caller: &Caller, id: i64) -> Result<PersonDetail> {
    policy::view_person(caller, &scope(db, caller.org_id, id).await?)?;
    detail(db, caller.org_id, id).await
}

/// A person's record, unchecked: for services that checked their caller already.
async fn detail(db: &Db, org_id: i64, id: i64) -> Result<PersonDetail> {
    let sql = format!(
        "SELECT p.id, p.family_name, p.given_name, p.email, p.phone, p.position, p.status, {} AS roles, \
         p.legal_entity_id, p.department_id, p.client_company_id, p.hire_date, p.created_at, p.version, \
         le.name AS legal_entity, le.registration_no AS legal_entity_registration, d.name AS department, \
         m.family_name AS manager_family, m.given_name AS manager_given, p.photo_file_id \
         FROM people p LEFT JOIN legal_entities le ON le.id = p.legal_entity_id LEFT JOIN departments d ON d.id = p.department_id \
         LEFT JOIN people m ON m.id = p.manager_id WHERE p.org_id = $1 AND p.id = $2",
        db.roles_of_p()
    );
    sqlx::query_as::<_, PersonDetail>(&sql).bind(org_id).bind(id).fetch_optional(&db.pool).await?.ok_or(AppError::NotFound.into())
}

/// The organisation's active people holding `role`, in id order (whom a notice to a role reaches).
pub async fn active_with_role<'e, E>(exec: E, org_id: i64, role: Role) -> Result<Vec<i64>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT p.id FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = $1 \
         WHERE p.org_id = $2 AND p.status = 'active' ORDER BY p.id",
    )
    .bind(role)
    .bind(org_id)
    .fetch_all(exec)
    .await?)
}

/// What the policy needs to decide who may see this person. NotFound outside the org.
pub async fn scope(db: &Db, org_id: i64, id: i64) -> Result<PersonScope> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM people WHERE org_id = $1 AND id = $2").bind(org_id).bind(id).fetch_optional(&db.pool).await?;
    exists.ok_or(AppError::NotFound)?;
    let rows: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT client_company_id, foreman_id FROM placements WHERE org_id = $1 AND contractor_id = $2")
            .bind(org_id)
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    Ok(PersonScope { id, placed_at: rows.iter().map(|r| r.0).collect(), foremen: rows.iter().filter_map(|r| r.1).collect() })
}

/// Enough about a person to write to them: by email, or by SMS to someone without one.
#[derive(Clone, sqlx::FromRow)]
pub struct Addressee {
    pub id: i64,
    pub org_id: i64,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub family_name: String,
    pub given_name: String,
    /// The person's language setting, if they chose one.
    pub locale: Option<Locale>,
    pub org_name: String,
}

impl Addressee {
    pub fn locale(&self) -> Option<Locale> {
        self.locale
    }
}

const ADDRESSEE: &str = "SELECT p.id, p.org_id, p.email, p.phone, p.family_name, p.given_name, p.locale, o.name AS org_name \
     FROM people p JOIN organisations o ON o.id = p.org_id";

/// Active people as messages address them, in id order.
pub async fn addressees(db: &Db, ids: &[i64]) -> Result<Vec<Addressee>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_as(&format!("{ADDRESSEE} WHERE p.id IN ({list}) AND p.status = 'active' ORDER BY p.id")).fetch_all(&db.pool).await?)
}

/// The active membership through which the account of a login is reached (for a password
/// reset): the organisation worked in last, else the oldest.
pub async fn member_by_login(db: &Db, login: &Login) -> Result<Option<Addressee>> {
    let order = "ORDER BY CASE WHEN p.org_id = a.last_org_id THEN 0 ELSE 1 END, p.id LIMIT 1";
    let query = match login {
        Login::Email(email) => {
            sqlx::query_as::<_, Addressee>(&format!(
                "{ADDRESSEE} JOIN accounts a ON a.id = p.account_id WHERE a.email = $1 AND p.status = 'active' {order}"
            ))
            .bind(email.as_str().to_string())
            .fetch_optional(&db.pool)
            .await?
        }
        Login::Phone(candidates) => {
            let mut found = None;
            for phone in candidates {
                found = sqlx::query_as::<_, Addressee>(&format!(
                    "{ADDRESSEE} JOIN accounts a ON a.id = p.account_id WHERE a.phone = $1 AND p.status = 'active' {order}"
                ))
                .bind(phone)
                .fetch_optional(&db.pool)
                .await?;
                if found.is_some() {
                    break;
                }
            }
            found
        }
    };
    Ok(query)
}

/// A new person's data after validation.
pub struct NewPerson {
    pub email: Email,
    pub family_name: String,
    pub given_name: String,
    pub roles: Vec<Role>,
    pub legal_entity_id: Option<i64>,
    pub department_id: Option<i64>,
    pub client_company_id: Option<i64>,
    pub status: PersonStatus,
    /// A person created ready to sign in (demo data) has their account's password here.
    pub password_hash: Option<String>,
}

fn check_names(family: &str, given: &str) -> Result<(String, String), FieldError> {
    Ok((required_text("family_name", family, 100)?, required_text("given_name", given, 100)?))
}

fn check_roles(roles: &[Role]) -> Result<Vec<Role>, FieldError> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(FieldError::new("roles", Msg::ErrNoRoles));
    }
    Ok(roles)
}

/// Checks that referenced units exist in the caller's organisation.
async fn check_refs(db: &Db, org_id: i64, legal_entity: Option<i64>, department: Option<i64>, client: Option<i64>) -> Result<()> {
    for (table, field, id) in [
        ("legal_entities", "legal_entity_id", legal_entity),
        ("departments", "department_id", department),
        ("client_companies", "client_company_id", client),
    ] {
        let Some(id) = id else { continue };
        let found: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE org_id = $1 AND id = $2"))
            .bind(org_id)
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
        if found.is_none() {
            return Err(FieldError::new(field, Msg::ErrBadReference).into());
        }
    }
    Ok(())
}

/// Inserts a person with roles inside a transaction; a duplicate email becomes a field error.
pub async fn insert<'c>(tx: &mut sqlx::Transaction<'c, sqlx::Any>, org_id: i64, p: &NewPerson) -> Result<i64> {
    let t = now();
    let account = match &p.password_hash {
        // The address's account if it has one (its password stays), else a new one.
        Some(hash) => Some(
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO accounts (email, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $3) \
                 ON CONFLICT (email) DO UPDATE SET updated_at = accounts.updated_at RETURNING id",
            )
            .bind(p.email.as_str())
            .bind(hash)
            .bind(t)
            .fetch_one(&mut **tx)
            .await?,
        ),
        None => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (org_id, email, family_name, given_name, search_text, legal_entity_id, department_id, \
         client_company_id, status, account_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(org_id)
    .bind(p.email.as_str())
    .bind(&p.family_name)
    .bind(&p.given_name)
    .bind(search_text(&p.family_name, &p.given_name, p.email.as_str()))
    .bind(p.legal_entity_id)
    .bind(p.department_id)
    .bind(p.client_company_id)
    .bind(p.status)
    .bind(account)
    .bind(t)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| {
        let e = super::BackendError::from(e);
        if e.is_unique_violation() {
            FieldError::new("email", Msg::ErrEmailTaken).into()
        } else {
            e
        }
    })?;
    write_roles(tx, org_id, id, &p.roles).await?;
    Ok(id)
}

pub(super) async fn write_roles<'c>(tx: &mut sqlx::Transaction<'c, sqlx::Any>, org_id: i64, person_id: i64, roles: &[Role]) -> Result<()> {
    sqlx::query("DELETE FROM person_roles WHERE org_id = $1 AND person_id = $2").bind(org_id).bind(person_id).execute(&mut **tx).await?;
    for role in roles {
        sqlx::query("INSERT INTO person_roles (org_id, person_id, role) VALUES ($1, $2, $3)")
            .bind(org_id)
            .bind(person_id)
            .bind(role.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn role_names(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.as_str()).collect()
}

/// Invites a person: creates them, grants roles and emails a single-use link, atomically.
pub async fn invite(backend: &Backend, caller: &Caller, input: &InviteInput, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_people(caller)?;
    let email = Email::parse("email", &input.email)?;
    let (family_name, given_name) = check_names(&input.family_name, &input.given_name)?;
    let roles = check_roles(&input.roles)?;
    super::policy::grant_roles(caller, None, &roles)?;
    let db = &backend.db;
    check_refs(db, caller.org_id, input.legal_entity_id, input.department_id, input.client_company_id).await?;
    let person = NewPerson {
        email,
        family_name,
        given_name,
        roles,
        legal_entity_id: input.legal_entity_id,
        department_id: input.department_id,
        client_company_id: input.client_company_id,
        status: PersonStatus::Invited,
        password_hash: None,
    };
    let mut tx = db.begin_write().await?;
    let id = insert(&mut tx, caller.org_id, &person).await?;
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            audit::Event::PersonInvited,
            (audit::Subject::Person, id),
            serde_json::json!({ "roles": role_names(&person.roles) }),
            client_addr,
        ),
    )
    .await?;
    super::webhooks::emit(&mut tx, caller.org_id, shared::webhooks::EventType::PersonCreated, serde_json::json!({ "id": id })).await?;
    let addressee = Addressee {
        id,
        org_id: caller.org_id,
        email: Some(person.email.as_str().to_string()),
        phone: None,
        family_name: person.family_name.clone(),
        given_name: person.given_name.clone(),
        locale: None,
        org_name: caller.org_name.clone(),
    };
    let locale = caller.locale.unwrap_or_default();
    auth::issue_link(&mut tx, backend, &addressee, shared::model::LinkPurpose::Invite, locale).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit made on a form loaded at `edit.version`; refuses if someone saved since.
pub async fn update(backend: &Backend, caller: &Caller, edit: &PersonEdit, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_people(caller)?;
    let (family_name, given_name) = check_names(&edit.family_name, &edit.given_name)?;
    let phone = optional_text("phone", &edit.phone, 40)?;
    let position = optional_text("position", &edit.position, 100)?;
    let hire_date = match optional_text("hire_date", &edit.hire_date, 10)? {
        Some(d) => Some(Date::parse_iso(&d).ok_or(FieldError::new("hire_date", Msg::ErrInvalidDate))?.iso()),
        None => None,
    };
    let roles = check_roles(&edit.roles)?;
    let db = &backend.db;
    let before = detail(db, caller.org_id, edit.id).await?;
    // Someone without an address signs in with their number: it stays, in international form.
    let phone = match (&before.email, Login::parse("phone", &edit.phone)) {
        (Some(_), _) => phone,
        (None, Ok(Login::Phone(numbers))) => numbers.into_iter().next(),
        (None, _) => return Err(FieldError::new("phone", Msg::ErrPhoneLogin).into()),
    };
    let old_roles = before.roles.to_vec();
    let roles_changed = old_roles != roles;
    if roles_changed {
        // Both what is added and what is removed need the right to grant it.
        let touched: Vec<Role> =
            roles.iter().chain(old_roles.iter()).filter(|r| roles.contains(r) != old_roles.contains(r)).copied().collect();
        super::policy::grant_roles(caller, Some(edit.id), &touched)?;
    }
    check_refs(db, caller.org_id, edit.legal_entity_id, edit.department_id, edit.client_company_id).await?;
    let mut tx = db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE people SET family_name = $1, given_name = $2, search_text = $3, phone = $4, position = $5, \
         legal_entity_id = $6, department_id = $7, client_company_id = $8, hire_date = $9, updated_at = $10, version = version + 1 \
         WHERE org_id = $11 AND id = $12 AND version = $13",
    )
    .bind(&family_name)
    .bind(&given_name)
    .bind(search_text(&family_name, &given_name, before.email.as_deref().or(before.phone.as_deref()).unwrap_or_default()))
    .bind(phone)
    .bind(position)
    .bind(edit.legal_entity_id)
    .bind(edit.department_id)
    .bind(edit.client_company_id)
    .bind(hire_date)
    .bind(now())
    .bind(caller.org_id)
    .bind(edit.id)
    .bind(edit.version)
    .execute(&mut *tx)
    .await
    .map_err(|e| match super::BackendError::from(e) {
        e if e.is_unique_violation() => FieldError::new("phone", Msg::ErrPhoneTaken).into(),
        e => e,
    })?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict.into());
    }
    if roles_changed {
        write_roles(&mut tx, caller.org_id, edit.id, &roles).await?;
        audit::record(
            &mut *tx,
            audit::Entry::by(
                caller,
                audit::Event::RolesChanged,
                (audit::Subject::Person, edit.id),
                serde_json::json!({ "from": role_names(&old_roles), "to": role_names(&roles) }),
                client_addr,
            ),
        )
        .await?;
        // Sessions carry roles only through fresh lookups, so nothing else to refresh.
    }
    let data = serde_json::json!({ "id": edit.id, "version": edit.version + 1 });
    super::webhooks::emit(&mut tx, caller.org_id, shared::webhooks::EventType::PersonUpdated, data).await?;
    tx.commit().await?;
    Ok(edit.version + 1)
}

/// Deactivates (ending every session at once) or reactivates a person.
pub async fn set_active(backend: &Backend, caller: &Caller, id: i64, active: bool, client_addr: Option<&str>) -> Result<()> {
    policy::manage_people(caller)?;
    if !active && id == caller.person_id {
        return Err(FieldError::new("status", Msg::ErrCannotDeactivateSelf).into());
    }
    let target = detail(&backend.db, caller.org_id, id).await?;
    // Deactivating an admin or HR manager is a privileged act, like granting the role (taking
    // other roles away by deactivation only lessens what someone can do).
    let over_accounts: Vec<Role> = target.roles.iter().copied().filter(|r| matches!(r, Role::Admin | Role::HrManager)).collect();
    super::policy::grant_roles(caller, Some(id), &over_accounts)?;
    let mut tx = backend.db.begin_write().await?;
    if active {
        let done = sqlx::query(
            "UPDATE people SET status = CASE WHEN account_id IS NULL THEN 'invited' ELSE 'active' END, \
             updated_at = $1, version = version + 1 WHERE org_id = $2 AND id = $3 AND status = 'deactivated'",
        )
        .bind(now())
        .bind(caller.org_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            audit::record(
                &mut *tx,
                audit::Entry::by(
                    caller,
                    audit::Event::PersonReactivated,
                    (audit::Subject::Person, id),
                    serde_json::json!({ "sessions_revoked": 0 }),
                    client_addr,
                ),
            )
            .await?;
            let data = serde_json::json!({ "id": id, "status": "active" });
            super::webhooks::emit(&mut tx, caller.org_id, shared::webhooks::EventType::PersonUpdated, data).await?;
        }
    } else {
        deactivate(&mut tx, caller.org_id, id, Some(caller.person_id), client_addr, serde_json::json!({})).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deactivates a person in the caller's transaction, ending every session of theirs at once,
/// and records it (`detail` joins the count of sessions ended). False if they were inactive.
pub async fn deactivate(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    org_id: i64,
    id: i64,
    actor: Option<i64>,
    client_addr: Option<&str>,
    mut detail: serde_json::Value,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE people SET status = 'deactivated', updated_at = $1, version = version + 1 \
         WHERE org_id = $2 AND id = $3 AND status <> 'deactivated'",
    )
    .bind(now())
    .bind(org_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let revoked = sessions::revoke_person(&mut **tx, org_id, id).await?;
    detail["sessions_revoked"] = revoked.into();
    audit::record(
        &mut **tx,
        audit::Entry {
            org_id,
            actor_id: actor,
            action: audit::Event::PersonDeactivated.into(),
            subject_type: audit::Subject::Person,
            subject_id: Some(id),
            detail,
            client_addr,
        },
    )
    .await?;
    super::webhooks::emit(tx, org_id, shared::webhooks::EventType::PersonDeactivated, serde_json::json!({ "id": id })).await?;
    Ok(true)
}

/// Deactivates everyone whose dismissal date has come (at `at`, in their organisation's time zone),
/// ending their placements: the scheduled job behind imported dismissal dates.
pub async fn dismiss_due(db: &Db, at: i64) -> Result<u64> {
    let zones = super::zone::of_organisations(db).await?;
    // No zone's today is later than UTC's plus 14 hours.
    let due: Vec<(i64, i64, Date)> = sqlx::query_as(
        "SELECT org_id, id, dismissal_date FROM people WHERE dismissal_date IS NOT NULL AND dismissal_date <= $1 AND status <> 'deactivated'",
    )
    .bind(Date::from_unix(at + 14 * 3600))
    .fetch_all(&db.pool)
    .await?;
    let due = due.into_iter().filter_map(|(org_id, id, day)| {
        let today = super::zone::today(zones.get(&org_id).copied().unwrap_or(super::zone::UTC), at);
        (day <= today).then_some((org_id, id, today))
    });
    let mut done = 0;
    for (org_id, id, today) in due {
        let mut tx = db.begin_write().await?;
        if deactivate(&mut tx, org_id, id, None, None, serde_json::json!({ "dismissed_on": today.iso() })).await? {
            super::placements::end_all(&mut tx, org_id, id, today).await?;
            done += 1;
        }
        tx.commit().await?;
    }
    Ok(done)
}
