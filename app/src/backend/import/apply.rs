//! Writing a plan whose units exist (`units` made them): people in batches (each batch one
//! transaction that also advances the run's progress), then line managers and placements,
//! then the leavers of a full import.
//! A run stopped part-way leaves whole batches behind; applying the file again plans only what
//! is still missing, so it finishes without duplicates.
use super::plan::{Context, Key, Plan, PlannedPlacement};
use super::rows::PersonRow;
use crate::backend::cabinet::{leave, secrets};
use crate::backend::db::placeholders;
use crate::backend::{audit, auth, now, people, placements, Backend, BackendError, Result};
use shared::format::Date;
use shared::import::{Invite, Outcome};
use shared::model::{LinkPurpose, PersonStatus};
use shared::{Locale, Role};
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// People written per transaction: large enough to be fast, small enough that SQLite's single
/// writer is free for others between batches and progress moves.
const BATCH: usize = 500;
/// Rows of one multi-row INSERT: 17 parameters each stays far below both backends' limits.
const STATEMENT_ROWS: usize = 100;

/// Who applies, and how.
pub struct Apply<'a> {
    pub backend: &'a Backend,
    pub org_id: i64,
    pub org_name: &'a str,
    pub run_id: i64,
    pub actor: Option<i64>,
    pub invite: Invite,
    /// The invitation's language for people whose row gives none.
    pub locale: Locale,
    /// The organisation's today: leavers' placements end on it.
    pub today: Date,
}

impl Apply<'_> {
    pub async fn run(&self, context: &Context, plan: &Plan) -> Result<()> {
        if !plan.units.is_empty() {
            return Err(BackendError::Internal("an import was applied before its units were created".into()));
        }
        let work: Vec<usize> =
            (0..plan.rows.len()).filter(|&i| matches!(plan.rows[i].report.outcome, Outcome::Create | Outcome::Update)).collect();
        let mut created: HashMap<Key, i64> = HashMap::new();
        let mut done = 0i64;
        for batch in work.chunks(BATCH) {
            let mut tx = self.backend.db.begin_write().await?;
            let mut new = Vec::new();
            for &i in batch {
                let planned = &plan.rows[i];
                let (Some(key), Some(row)) = (&planned.key, &planned.row) else { continue };
                match planned.existing_id {
                    Some(id) => self.update(&mut tx, context, id, key, row, planned.department).await?,
                    None => new.push((key, row, planned.department)),
                }
            }
            let made = self.create(&mut tx, &new).await?;
            // Opening leave balances, once everyone of the batch exists.
            for &i in batch {
                let planned = &plan.rows[i];
                let (Some(key), Some(row)) = (&planned.key, &planned.row) else { continue };
                let Some((on, hundredths)) = row.leave else { continue };
                let id = planned.existing_id.or_else(|| made.get(key).copied());
                if let Some(id) = id {
                    leave::set_opening(&mut tx, self.org_id, id, on, hundredths).await?;
                }
            }
            created.extend(made);
            done += batch.len() as i64;
            self.progress(&mut tx, done).await?;
            tx.commit().await?;
        }
        self.link_managers(context, plan, &created).await?;
        self.place(context, plan, &created).await?;
        let leavers: Vec<i64> =
            plan.rows.iter().filter(|r| r.report.outcome == Outcome::Deactivate).filter_map(|r| r.existing_id).collect();
        for batch in leavers.chunks(BATCH) {
            let mut tx = self.backend.db.begin_write().await?;
            for id in batch {
                self.deactivate(&mut tx, *id).await?;
            }
            done += batch.len() as i64;
            self.progress(&mut tx, done).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    async fn progress(&self, tx: &mut Transaction<'static, Any>, done: i64) -> Result<()> {
        sqlx::query("UPDATE import_runs SET rows_done = $1, heartbeat_at = $2 WHERE id = $3")
            .bind(done)
            .bind(now())
            .bind(self.run_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Creates people with multi-row statements (a first import of fifty thousand is mostly
    /// this): the people, their roles, their sealed fields, then each one's invitation.
    async fn create(&self, tx: &mut Transaction<'static, Any>, new: &[(&Key, &PersonRow, Option<i64>)]) -> Result<HashMap<Key, i64>> {
        let t = now();
        let mut ids: HashMap<Key, i64> = HashMap::new();
        for chunk in new.chunks(STATEMENT_ROWS) {
            let columns = 17;
            let sql = format!(
                "INSERT INTO people (org_id, email, family_name, given_name, patronymic, search_text, phone, position, locale, \
                 legal_entity_id, department_id, hire_date, dismissal_date, personnel_no, status, created_at, updated_at) VALUES {} \
                 RETURNING id, legal_entity_id, personnel_no",
                placeholders(chunk.len(), columns)
            );
            let mut query = sqlx::query_as::<_, (i64, i64, String)>(&sql);
            for (key, row, department) in chunk {
                let contact = row.email.as_deref().or(row.phone.as_deref()).unwrap_or_default();
                query = query
                    .bind(self.org_id)
                    .bind(row.email.clone())
                    .bind(row.family_name.clone())
                    .bind(row.given_name.clone())
                    .bind(row.patronymic.clone())
                    .bind(people::search_text(&row.family_name, &row.given_name, contact))
                    .bind(row.phone.clone())
                    .bind(row.position.clone())
                    .bind(row.locale)
                    .bind(key.0)
                    .bind(*department)
                    .bind(row.hire_date)
                    .bind(row.dismissal_date)
                    .bind(key.1.clone())
                    .bind(PersonStatus::Invited)
                    .bind(t)
                    .bind(t);
            }
            for (id, le, no) in query.fetch_all(&mut **tx).await? {
                ids.insert((le, no), id);
            }
        }
        let id_of = |key: &Key| ids.get(key).copied().ok_or_else(|| BackendError::Internal("an imported person was not created".into()));
        let mut created: Vec<i64> = ids.values().copied().collect();
        created.sort_unstable();
        let data = created.into_iter().map(|id| serde_json::json!({ "id": id })).collect();
        crate::backend::webhooks::emit::emit_many(tx, self.org_id, shared::webhooks::EventType::PersonCreated, data).await?;
        let mut roles = Vec::new();
        let mut sealed = Vec::new();
        for (key, row, _) in new {
            let id = id_of(key)?;
            roles.push((id, if row.contractor == Some(true) { Role::Contractor } else { Role::Employee }));
            if !row.secrets.is_empty() {
                let fields: BTreeMap<String, String> = row.secrets.iter().map(|(f, v)| (f.as_str().to_string(), v.clone())).collect();
                sealed.push((id, self.backend.sealer.seal_json(&fields)?));
            }
        }
        for chunk in roles.chunks(STATEMENT_ROWS) {
            let sql = format!("INSERT INTO person_roles (org_id, person_id, role) VALUES {}", placeholders(chunk.len(), 3));
            let mut query = sqlx::query(&sql);
            for (id, role) in chunk {
                query = query.bind(self.org_id).bind(*id).bind(role.as_str());
            }
            query.execute(&mut **tx).await?;
        }
        for chunk in sealed.chunks(STATEMENT_ROWS) {
            let sql = format!(
                "INSERT INTO person_secrets (person_id, org_id, sealed, key_id, updated_at) VALUES {}",
                placeholders(chunk.len(), 5)
            );
            let mut query = sqlx::query(&sql);
            for (id, text) in chunk {
                query = query.bind(*id).bind(self.org_id).bind(text.clone()).bind(self.backend.sealer.key_id.clone()).bind(t);
            }
            query.execute(&mut **tx).await?;
        }
        if self.invite != Invite::None {
            for (key, row, _) in new {
                // Without the address, the outbox sends by SMS: so SMS goes first where chosen.
                let by_sms = self.invite == Invite::Sms && row.phone.is_some();
                let addressee = people::Addressee {
                    id: id_of(key)?,
                    org_id: self.org_id,
                    email: if by_sms { None } else { row.email.clone() },
                    phone: row.phone.clone(),
                    family_name: row.family_name.clone(),
                    given_name: row.given_name.clone(),
                    locale: row.locale,
                    org_name: self.org_name.to_string(),
                };
                auth::issue_link(tx, self.backend, &addressee, LinkPurpose::Invite, row.locale.unwrap_or(self.locale)).await?;
            }
        }
        Ok(ids)
    }

    /// Writes the row's values; a blank cell (None) keeps what is there.
    async fn update(
        &self,
        tx: &mut Transaction<'static, Any>,
        context: &Context,
        id: i64,
        key: &Key,
        row: &PersonRow,
        department: Option<i64>,
    ) -> Result<()> {
        let Some(before) = context.people.get(key) else { return Ok(()) };
        let email = row.email.clone().or_else(|| before.email.clone());
        let phone = row.phone.clone().or_else(|| before.phone.clone());
        let contact = email.as_deref().or(phone.as_deref()).unwrap_or_default();
        sqlx::query(
            "UPDATE people SET email = $1, family_name = $2, given_name = $3, patronymic = COALESCE($4, patronymic), search_text = $5, \
             phone = COALESCE($6, phone), position = COALESCE($7, position), locale = COALESCE($8, locale), \
             department_id = COALESCE($9, department_id), hire_date = COALESCE($10, hire_date), \
             dismissal_date = COALESCE($11, dismissal_date), updated_at = $12, version = version + 1 WHERE org_id = $13 AND id = $14",
        )
        .bind(&email)
        .bind(&row.family_name)
        .bind(&row.given_name)
        .bind(&row.patronymic)
        .bind(people::search_text(&row.family_name, &row.given_name, contact))
        .bind(&row.phone)
        .bind(&row.position)
        .bind(row.locale)
        .bind(department)
        .bind(row.hire_date)
        .bind(row.dismissal_date)
        .bind(now())
        .bind(self.org_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        crate::backend::webhooks::emit(tx, self.org_id, shared::webhooks::EventType::PersonUpdated, serde_json::json!({ "id": id }))
            .await?;
        if let Some(contractor) = row.contractor {
            let (gone, kept) = if contractor { (Role::Employee, Role::Contractor) } else { (Role::Contractor, Role::Employee) };
            let mut roles: Vec<Role> = before.roles.iter().copied().filter(|r| *r != gone).collect();
            roles.push(kept);
            roles.sort();
            roles.dedup();
            if roles != before.roles.to_vec() {
                people::write_roles(tx, self.org_id, id, &roles).await?;
            }
        }
        self.seal(tx, id, row).await
    }

    async fn seal(&self, tx: &mut Transaction<'static, Any>, id: i64, row: &PersonRow) -> Result<()> {
        if row.secrets.is_empty() {
            return Ok(());
        }
        let changes = row.secrets.iter().map(|(f, v)| (f.as_str().to_string(), v.clone())).collect();
        secrets::update(tx, self.backend, self.org_id, id, &changes).await
    }

    /// Sets line managers by personnel number, once everyone of the file exists.
    async fn link_managers(&self, context: &Context, plan: &Plan, created: &HashMap<Key, i64>) -> Result<()> {
        let id_of = |key: &Key| created.get(key).copied().or_else(|| context.people.get(key).map(|p| p.id));
        let links: Vec<(i64, i64)> = plan
            .rows
            .iter()
            .filter(|r| matches!(r.report.outcome, Outcome::Create | Outcome::Update))
            .filter_map(|r| {
                let key = r.key.as_ref()?;
                let manager = (key.0, r.row.as_ref()?.manager_no.clone()?);
                Some((id_of(key)?, id_of(&manager)?))
            })
            .collect();
        for batch in links.chunks(BATCH) {
            let mut tx = self.backend.db.begin_write().await?;
            for (person, manager) in batch {
                sqlx::query(
                    "UPDATE people SET manager_id = $1, version = version + 1 WHERE org_id = $2 AND id = $3 \
                     AND (manager_id IS NULL OR manager_id <> $1)",
                )
                .bind(manager)
                .bind(self.org_id)
                .bind(person)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Creates or changes the rows' placements, once everyone (and every foreman) exists. A
    /// foreman named by the file gets the foreman role.
    async fn place(&self, context: &Context, plan: &Plan, created: &HashMap<Key, i64>) -> Result<()> {
        let id_of = |key: &Key| created.get(key).copied().or_else(|| context.people.get(key).map(|p| p.id));
        let work: Vec<(i64, i64, &PlannedPlacement, Option<i64>)> = plan
            .rows
            .iter()
            .filter(|r| matches!(r.report.outcome, Outcome::Create | Outcome::Update))
            .filter_map(|r| {
                let key = r.key.as_ref()?;
                let p = r.placement.as_ref()?;
                let foreman = p.foreman_no.as_ref().and_then(|no| id_of(&(key.0, no.clone())));
                Some((id_of(key)?, key.0, p, foreman))
            })
            .collect();
        let foremen: BTreeSet<i64> = work.iter().filter_map(|(.., f)| *f).collect();
        self.grant_foremen(&foremen).await?;
        for batch in work.chunks(BATCH) {
            let mut tx = self.backend.db.begin_write().await?;
            for (person, legal_entity, p, foreman) in batch {
                match p.existing_id {
                    Some(id) => {
                        let changed = sqlx::query(
                            "UPDATE placements SET ends_on = COALESCE($1, ends_on), rate_minor = COALESCE($2, rate_minor), \
                             currency = COALESCE($3, currency), foreman_id = COALESCE($4, foreman_id), version = version + 1, updated_at = $7 \
                             WHERE org_id = $5 AND id = $6 AND NOT (COALESCE($1, ends_on) IS NOT DISTINCT FROM ends_on \
                             AND COALESCE($2, rate_minor) = rate_minor AND COALESCE($3, currency) = currency \
                             AND COALESCE($4, foreman_id) IS NOT DISTINCT FROM foreman_id)",
                        )
                        .bind(p.ends_on)
                        .bind(p.rate_minor)
                        .bind(&p.currency)
                        .bind(*foreman)
                        .bind(self.org_id)
                        .bind(id)
                        .bind(now())
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if let (1.., Some(end)) = (changed, p.ends_on) {
                            let data = serde_json::json!({ "id": id, "ends_on": end.iso() });
                            crate::backend::webhooks::emit(&mut tx, self.org_id, shared::webhooks::EventType::PlacementEnded, data).await?;
                        }
                    }
                    None => {
                        let created: Option<i64> = sqlx::query_scalar(
                            "INSERT INTO placements (org_id, contractor_id, legal_entity_id, client_company_id, client_department_id, \
                             foreman_id, starts_on, ends_on, rate_minor, currency, created_at, updated_at) \
                             SELECT $1, $2, $3, cd.client_company_id, cd.id, $4, $5, $6, $7, $8, $9, $9 FROM client_departments cd \
                             WHERE cd.org_id = $1 AND cd.id = $10 RETURNING id",
                        )
                        .bind(self.org_id)
                        .bind(*person)
                        .bind(*legal_entity)
                        .bind(*foreman)
                        .bind(p.starts_on)
                        .bind(p.ends_on)
                        .bind(p.rate_minor.unwrap_or_default())
                        .bind(&p.currency)
                        .bind(now())
                        .bind(p.site)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if let Some(id) = created {
                            let data = serde_json::json!({ "id": id, "contractor_id": person, "client_department_id": p.site,
                                "starts_on": p.starts_on.iso() });
                            crate::backend::webhooks::emit(&mut tx, self.org_id, shared::webhooks::EventType::PlacementStarted, data)
                                .await?;
                        }
                    }
                }
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Gives the foremen a file names the foreman role, once each and audited — but never to
    /// whoever runs the import: nobody changes their own roles (the placement still names them).
    async fn grant_foremen(&self, foremen: &BTreeSet<i64>) -> Result<()> {
        let mut tx = self.backend.db.begin_write().await?;
        for &person in foremen.iter().filter(|f| Some(**f) != self.actor) {
            let granted = sqlx::query(
                "INSERT INTO person_roles (org_id, person_id, role) SELECT $1, $2, 'foreman' \
                 WHERE NOT EXISTS (SELECT 1 FROM person_roles WHERE person_id = $2 AND role = 'foreman')",
            )
            .bind(self.org_id)
            .bind(person)
            .execute(&mut *tx)
            .await?;
            if granted.rows_affected() > 0 {
                let entry = audit::Entry {
                    org_id: self.org_id,
                    actor_id: self.actor,
                    action: audit::Event::RolesChanged.into(),
                    subject_type: audit::Subject::Person,
                    subject_id: Some(person),
                    detail: serde_json::json!({ "granted": ["foreman"], "import_run": self.run_id }),
                    client_addr: None,
                };
                audit::record(&mut *tx, entry).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// A leaver of a full import: deactivated, signed out at once, placements ended today.
    async fn deactivate(&self, tx: &mut Transaction<'static, Any>, id: i64) -> Result<()> {
        let detail = serde_json::json!({ "import_run": self.run_id });
        if people::deactivate(tx, self.org_id, id, self.actor, None, detail).await? {
            placements::end_all(tx, self.org_id, id, self.today).await?;
        }
        Ok(())
    }
}
