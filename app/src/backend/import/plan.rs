//! The diff of a file against the organisation: which people it creates, what it changes on
//! which, who it leaves unchanged and (full imports) whom it deactivates. Computed for the dry
//! run and again, against the data as it is then, when the run is applied.
use super::rows::{Columns, PersonRow, PlacementCells, Read};
use crate::backend::{Backend, Result};
use shared::cabinet::ProtectedField;
use shared::format::Date;
use shared::import::values::currency_of;
use shared::import::{Field, Mode, Outcome, Problem, ReportRow, RowProblem};
use shared::model::{PersonStatus, Roles};
use shared::{Locale, Role};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A person's key: legal entity and personnel number.
pub type Key = (i64, String);

#[derive(sqlx::FromRow)]
pub struct Existing {
    pub id: i64,
    pub legal_entity_id: i64,
    pub personnel_no: String,
    pub family_name: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub department_id: Option<i64>,
    pub hire_date: Option<Date>,
    pub dismissal_date: Option<Date>,
    pub manager_id: Option<i64>,
    pub locale: Option<Locale>,
    pub status: PersonStatus,
    pub roles: Roles,
}

/// The organisation as the file is compared with.
pub struct Context {
    /// id, name, country.
    pub legal_entities: Vec<(i64, String, String)>,
    /// (legal entity, lower-case name) → department.
    pub departments: HashMap<(i64, String), i64>,
    pub people: HashMap<Key, Existing>,
    /// Every address in the organisation → its person.
    pub emails: HashMap<String, i64>,
    /// The phone numbers people without an address sign in with → their person.
    pub phones: HashMap<String, i64>,
    pub secrets: HashMap<i64, BTreeMap<String, String>>,
    /// Opening leave balances imported before: person → (day, hundredths).
    pub openings: HashMap<i64, (Date, i64)>,
    /// id, name, country.
    pub client_companies: Vec<(i64, String, String)>,
    /// (client company, lower-case name) → site.
    pub sites: HashMap<(i64, String), i64>,
    /// (contractor, site, first day) → placement (loaded for files with placement columns).
    pub placements: HashMap<(i64, i64, Date), ExistingPlacement>,
}

#[derive(sqlx::FromRow)]
pub struct ExistingPlacement {
    pub id: i64,
    pub contractor_id: i64,
    pub client_department_id: i64,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub rate_minor: i64,
    pub currency: String,
    pub foreman_id: Option<i64>,
    /// The last day with submitted hours: the placement cannot end before it.
    pub last_day: Option<Date>,
}

/// What a file needs opened or loaded besides people and units.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// Everyone's sealed fields (only a file with such columns compares them).
    pub secrets: bool,
    pub placements: bool,
}

impl Context {
    pub async fn load(backend: &Backend, org_id: i64, needs: Needs) -> Result<Context> {
        let pool = &backend.db.pool;
        let legal_entities = sqlx::query_as("SELECT id, name, country FROM legal_entities WHERE org_id = $1 ORDER BY id")
            .bind(org_id)
            .fetch_all(pool)
            .await?;
        let departments = sqlx::query_as::<_, (i64, String, i64)>("SELECT legal_entity_id, name, id FROM departments WHERE org_id = $1")
            .bind(org_id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|(le, name, id)| ((le, name.to_lowercase()), id))
            .collect();
        let sql = format!(
            "SELECT p.id, p.legal_entity_id, p.personnel_no, p.family_name, p.given_name, p.patronymic, p.email, p.phone, p.position, \
             p.department_id, p.hire_date, p.dismissal_date, p.manager_id, p.locale, p.status, {} AS roles FROM people p \
             WHERE p.org_id = $1 AND p.personnel_no IS NOT NULL AND p.legal_entity_id IS NOT NULL",
            backend.db.roles_of_p()
        );
        let people = sqlx::query_as::<_, Existing>(&sql)
            .bind(org_id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|p| ((p.legal_entity_id, p.personnel_no.clone()), p))
            .collect();
        let emails = sqlx::query_as::<_, (String, i64)>("SELECT email, id FROM people WHERE org_id = $1 AND email IS NOT NULL")
            .bind(org_id)
            .fetch_all(pool)
            .await?;
        let phones =
            sqlx::query_as::<_, (String, i64)>("SELECT phone, id FROM people WHERE org_id = $1 AND email IS NULL AND phone IS NOT NULL")
                .bind(org_id)
                .fetch_all(pool)
                .await?;
        let sealed: Vec<(i64, String)> = if needs.secrets {
            sqlx::query_as("SELECT person_id, sealed FROM person_secrets WHERE org_id = $1").bind(org_id).fetch_all(pool).await?
        } else {
            Vec::new()
        };
        let openings = sqlx::query_as::<_, (i64, Date, i64)>("SELECT person_id, on_date, hundredths FROM leave_openings WHERE org_id = $1")
            .bind(org_id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|(id, on, h)| (id, (on, h)))
            .collect();
        let client_companies = sqlx::query_as("SELECT id, name, country FROM client_companies WHERE org_id = $1 ORDER BY id")
            .bind(org_id)
            .fetch_all(pool)
            .await?;
        let sites = sqlx::query_as::<_, (i64, String, i64)>("SELECT client_company_id, name, id FROM client_departments WHERE org_id = $1")
            .bind(org_id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|(cc, name, id)| ((cc, name.to_lowercase()), id))
            .collect();
        let placements: Vec<ExistingPlacement> = if needs.placements {
            sqlx::query_as(
                "SELECT pl.id, pl.contractor_id, pl.client_department_id, pl.starts_on, pl.ends_on, pl.rate_minor, pl.currency, \
                 pl.foreman_id, (SELECT MAX(e.day) FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
                 WHERE t.placement_id = pl.id AND t.status <> 'draft') AS last_day FROM placements pl WHERE pl.org_id = $1",
            )
            .bind(org_id)
            .fetch_all(pool)
            .await?
        } else {
            Vec::new()
        };
        let mut secrets = HashMap::new();
        for (id, s) in sealed {
            secrets.insert(id, backend.sealer.open_json(&s)?);
        }
        Ok(Context {
            legal_entities,
            departments,
            people,
            emails: emails.into_iter().collect(),
            phones: phones.into_iter().collect(),
            secrets,
            openings,
            client_companies,
            sites,
            placements: placements.into_iter().map(|p| ((p.contractor_id, p.client_department_id, p.starts_on), p)).collect(),
        })
    }

    /// The legal entity a row names (by name, any case), or the only one when it names none.
    pub fn legal_entity(&self, name: Option<&str>) -> Option<&(i64, String, String)> {
        match name {
            Some(n) => self.legal_entities.iter().find(|(_, le, _)| le.to_lowercase() == n.trim().to_lowercase()),
            None if self.legal_entities.len() == 1 => self.legal_entities.first(),
            None => None,
        }
    }
}

/// A unit the file names and Staffport lacks: created before the people when the run is
/// applied. Until then it goes by a provisional id (-1 for the first of its kind, -2 …).
#[derive(Clone, Debug)]
pub struct NewUnit {
    pub name: String,
    /// The country of a legal entity or client company.
    pub country: String,
    /// The legal entity of a department, the client company of a site (provisional or not).
    pub parent: i64,
    /// Whether a row that will be applied needs it.
    pub used: bool,
}

#[derive(Clone, Debug, Default)]
pub struct NewUnits {
    pub legal_entities: Vec<NewUnit>,
    pub departments: Vec<NewUnit>,
    pub client_companies: Vec<NewUnit>,
    pub sites: Vec<NewUnit>,
}

impl NewUnits {
    /// The provisional id of a unit of `list` (added unless it is there, names in any case).
    fn add(list: &mut Vec<NewUnit>, name: &str, country: &str, parent: i64) -> i64 {
        let same = |u: &NewUnit| u.parent == parent && u.name.to_lowercase() == name.to_lowercase();
        let i = list.iter().position(same).unwrap_or_else(|| {
            list.push(NewUnit { name: name.to_string(), country: country.to_string(), parent, used: false });
            list.len() - 1
        });
        -(i as i64) - 1
    }

    /// The unit a provisional id stands for.
    pub fn of(list: &[NewUnit], provisional: i64) -> Option<&NewUnit> {
        list.get(usize::try_from(-provisional - 1).ok()?)
    }

    fn mark(list: &mut [NewUnit], id: i64) {
        if let Ok(i) = usize::try_from(-id - 1) {
            if let Some(u) = list.get_mut(i) {
                u.used = true;
            }
        }
    }

    pub fn used(list: &[NewUnit]) -> impl Iterator<Item = (i64, &NewUnit)> {
        list.iter().enumerate().filter(|(_, u)| u.used).map(|(i, u)| (-(i as i64) - 1, u))
    }

    /// Legal entities, client companies and sites to create (departments are counted apart).
    pub fn count(&self) -> u32 {
        [&self.legal_entities, &self.client_companies, &self.sites].iter().map(|l| Self::used(l).count() as u32).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0 && Self::used(&self.departments).next().is_none()
    }
}

/// A placement a row asks for: found by its person, site and first day, or new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedPlacement {
    /// The site (provisional while it is to be created).
    pub site: i64,
    pub client_company: i64,
    pub existing_id: Option<i64>,
    pub starts_on: Date,
    /// None: as it is (a new placement: open-ended).
    pub ends_on: Option<Date>,
    pub rate_minor: Option<i64>,
    pub currency: Option<String>,
    pub foreman_no: Option<String>,
}

/// One person's part of the plan.
#[derive(Clone, Debug)]
pub struct Planned {
    pub report: ReportRow,
    pub key: Option<Key>,
    /// The person being updated, deactivated or left unchanged.
    pub existing_id: Option<i64>,
    pub row: Option<PersonRow>,
    /// The department (provisional while it is to be created).
    pub department: Option<i64>,
    pub placement: Option<PlannedPlacement>,
}

impl Planned {
    fn applies(&self) -> bool {
        self.report.outcome != Outcome::Error
    }
}

pub struct Plan {
    pub rows: Vec<Planned>,
    pub units: NewUnits,
}

impl Plan {
    /// Placements the plan creates.
    pub fn new_placements(&self) -> u32 {
        self.rows.iter().filter(|r| r.applies() && r.placement.as_ref().is_some_and(|p| p.existing_id.is_none())).count() as u32
    }
}

/// How the file is compared.
#[derive(Clone, Debug)]
pub struct Settings {
    pub mode: Mode,
    /// Units the file names and Staffport lacks are created (else the rows are errors).
    pub create_units: bool,
    /// The country of new legal entities and client companies ("" if none can be told).
    pub country: String,
}

/// Compares the rows with the organisation.
pub fn plan(context: &Context, columns: &Columns, reads: Vec<Read>, settings: &Settings) -> Plan {
    let mut rows: Vec<Planned> = Vec::with_capacity(reads.len());
    // The first row of each key, to tell identical repeats from conflicting ones.
    let mut first_of_key: HashMap<Key, usize> = HashMap::new();
    let mut conflicting: HashSet<Key> = HashSet::new();
    let mut in_file: HashSet<Key> = HashSet::new();
    let mut file_emails: HashMap<String, Key> = HashMap::new();
    let mut file_phones: HashMap<String, Key> = HashMap::new();
    let mut units = NewUnits::default();
    let create = settings.create_units && !settings.country.is_empty();
    for read in reads {
        let mut problems = match &read.person {
            Ok(_) => Vec::new(),
            Err(p) => p.clone(),
        };
        let mut problem = |field: Field, problem: Problem| {
            problems.push(RowProblem { field: Some(field), column: columns.header(field), problem });
        };
        let le: Option<(i64, String)> = match (context.legal_entity(read.legal_entity.as_deref()), &read.legal_entity) {
            (Some((id, _, country)), _) => Some((*id, country.clone())),
            (None, Some(name)) if create => {
                Some((NewUnits::add(&mut units.legal_entities, name.trim(), &settings.country, 0), settings.country.clone()))
            }
            (None, Some(_)) => {
                problem(Field::LegalEntity, Problem::UnknownLegalEntity);
                None
            }
            (None, None) => {
                problem(Field::LegalEntity, Problem::MissingValue);
                None
            }
        };
        let key = le.as_ref().map(|(id, _)| (*id, read.key.clone())).filter(|(_, k)| !k.is_empty());
        if let Some(key) = &key {
            in_file.insert(key.clone());
        }
        let existing = key.as_ref().and_then(|k| context.people.get(k));
        let mut department = None;
        let mut placement = None;
        if let (Ok(person), Some((le_id, country))) = (&read.person, &le) {
            if let Some(name) = &person.department {
                department = match context.departments.get(&(*le_id, name.to_lowercase())) {
                    Some(id) => Some(*id),
                    None if create => Some(NewUnits::add(&mut units.departments, name, "", *le_id)),
                    None => {
                        problem(Field::Department, Problem::UnknownDepartment);
                        None
                    }
                };
            }
            if let Some(cells) = &person.placement {
                let target = Target { context, create, country, person: existing.map(|e| e.id) };
                placement = target.placement(&mut units, cells, &mut problem);
            }
            match (&person.email, existing) {
                // Someone without an address is reached and signs in by phone: unique in the organisation.
                (None, None) | (None, Some(Existing { email: None, .. })) => match &person.phone {
                    None if existing.is_none() => problem(Field::Email, Problem::MissingValue),
                    None => {}
                    Some(phone) => {
                        let owner = context.phones.get(phone);
                        let twice = file_phones.get(phone).is_some_and(|k| Some(k) != key.as_ref());
                        if twice || (owner.is_some() && owner != existing.map(|e| &e.id)) {
                            problem(Field::Phone, Problem::PhoneTaken);
                        } else if let Some(k) = &key {
                            file_phones.insert(phone.clone(), k.clone());
                        }
                    }
                },
                (Some(email), _) => {
                    let owner = context.emails.get(email);
                    let twice = file_emails.get(email).is_some_and(|k| Some(k) != key.as_ref());
                    if twice || (owner.is_some() && owner != existing.map(|e| &e.id)) {
                        problem(Field::Email, Problem::EmailTaken);
                    } else if let Some(k) = &key {
                        file_emails.insert(email.clone(), k.clone());
                    }
                }
                (None, Some(_)) => {}
            }
            if person.manager_no.as_ref() == Some(&person.personnel_no) {
                problem(Field::ManagerNo, Problem::UnknownManager);
            }
            if person.placement.as_ref().and_then(|p| p.foreman_no.as_ref()) == Some(&person.personnel_no) {
                problem(Field::ForemanNo, Problem::UnknownForeman);
            }
        }
        let person = read.person.ok();
        let (outcome, changed) = if !problems.is_empty() {
            (Outcome::Error, Vec::new())
        } else {
            match (existing, &person) {
                (Some(e), Some(p)) => {
                    // A manager new in this file is a change; one already here, if it is another.
                    let person_of = |no: &String| context.people.get(&(e.legal_entity_id, no.clone())).map(|m| m.id);
                    let manager = p.manager_no.as_ref().map(person_of);
                    let mut changed = changes(e, p, department, manager, context.secrets.get(&e.id));
                    if p.leave.is_some() && p.leave != context.openings.get(&e.id).copied() {
                        changed.push(Field::LeaveBalance);
                    }
                    if let Some(pl) = &placement {
                        let before = pl.existing_id.and_then(|_| context.placements.get(&(e.id, pl.site, pl.starts_on)));
                        changed.extend(placement_changes(pl, before, pl.foreman_no.as_ref().map(person_of)));
                    }
                    (if changed.is_empty() { Outcome::Unchanged } else { Outcome::Update }, changed)
                }
                _ => (Outcome::Create, Vec::new()),
            }
        };
        let index = rows.len();
        if let Some(k) = &key {
            match first_of_key.get(k) {
                Some(&first) if rows[first].row == person && problems.is_empty() => {
                    // The same row again: nothing more to do for it.
                    rows.push(Planned {
                        report: ReportRow {
                            line: read.line,
                            key: read.key,
                            name: read.name,
                            outcome: Outcome::Unchanged,
                            changed: vec![],
                            problems,
                        },
                        key: None,
                        existing_id: None,
                        row: None,
                        department: None,
                        placement: None,
                    });
                    continue;
                }
                Some(_) => {
                    conflicting.insert(k.clone());
                }
                None => {
                    first_of_key.insert(k.clone(), index);
                }
            }
        }
        rows.push(Planned {
            report: ReportRow { line: read.line, key: read.key, name: read.name, outcome, changed, problems },
            key,
            existing_id: existing.map(|e| e.id),
            row: person,
            department,
            placement,
        });
    }
    // Every row of a key given twice with different data is an error; so is a manager or a
    // foreman who is neither in Staffport nor a valid row of the file.
    let valid: HashSet<Key> = rows.iter().filter(|r| r.applies()).filter_map(|r| r.key.clone()).collect();
    let known = |k: &Key| context.people.contains_key(k) || valid.contains(k);
    for r in &mut rows {
        let Some(key) = r.key.clone() else { continue };
        if conflicting.contains(&key) {
            fail(r, columns, Field::PersonnelNo, Problem::DuplicateKey);
            continue;
        }
        let manager = r.row.as_ref().and_then(|p| p.manager_no.clone());
        if r.applies() && manager.is_some_and(|no| !known(&(key.0, no))) {
            fail(r, columns, Field::ManagerNo, Problem::UnknownManager);
        }
        let foreman = r.placement.as_ref().and_then(|p| p.foreman_no.clone());
        if r.applies() && foreman.is_some_and(|no| !known(&(key.0, no))) {
            fail(r, columns, Field::ForemanNo, Problem::UnknownForeman);
        }
    }
    // Create only the units that a row to be applied needs.
    for r in rows.iter().filter(|r| r.applies()) {
        if let Some((le, _)) = &r.key {
            NewUnits::mark(&mut units.legal_entities, *le);
        }
        if let Some(d) = r.department {
            NewUnits::mark(&mut units.departments, d);
        }
        if let Some(p) = &r.placement {
            NewUnits::mark(&mut units.client_companies, p.client_company);
            NewUnits::mark(&mut units.sites, p.site);
        }
    }
    if settings.mode == Mode::Full {
        let entities: HashSet<i64> = in_file.iter().map(|(le, _)| *le).collect();
        let mut leavers: Vec<&Existing> = context
            .people
            .iter()
            .filter(|(k, p)| entities.contains(&k.0) && !in_file.contains(*k) && p.status != PersonStatus::Deactivated)
            .map(|(_, p)| p)
            .collect();
        leavers.sort_by(|a, b| (&a.family_name, &a.given_name, a.id).cmp(&(&b.family_name, &b.given_name, b.id)));
        rows.extend(leavers.into_iter().map(|p| Planned {
            report: ReportRow {
                line: 0,
                key: p.personnel_no.clone(),
                name: shared::format::person_name(&p.family_name, &p.given_name, Locale::Ru),
                outcome: Outcome::Deactivate,
                changed: vec![],
                problems: vec![],
            },
            key: Some((p.legal_entity_id, p.personnel_no.clone())),
            existing_id: Some(p.id),
            row: None,
            department: None,
            placement: None,
        }));
    }
    Plan { rows, units }
}

fn fail(r: &mut Planned, columns: &Columns, field: Field, problem: Problem) {
    r.report.outcome = Outcome::Error;
    r.report.changed.clear();
    if !r.report.problems.iter().any(|p| p.problem == problem) {
        r.report.problems.push(RowProblem { field: Some(field), column: columns.header(field), problem });
    }
}

/// The fields a row changes on a person. A blank cell leaves a value as it is.
fn changes(
    e: &Existing,
    p: &PersonRow,
    department: Option<i64>,
    manager: Option<Option<i64>>,
    secrets: Option<&BTreeMap<String, String>>,
) -> Vec<Field> {
    let mut changed = Vec::new();
    let mut check = |field: Field, differs: bool| {
        if differs {
            changed.push(field);
        }
    };
    check(Field::FamilyName, e.family_name != p.family_name);
    check(Field::GivenName, e.given_name != p.given_name);
    check(Field::Patronymic, p.patronymic.is_some() && e.patronymic != p.patronymic);
    check(Field::Email, p.email.is_some() && p.email != e.email);
    check(Field::Phone, p.phone.is_some() && e.phone != p.phone);
    check(Field::Position, p.position.is_some() && e.position != p.position);
    check(Field::Department, department.is_some() && e.department_id != department);
    check(Field::HireDate, p.hire_date.is_some() && e.hire_date != p.hire_date);
    check(Field::DismissalDate, p.dismissal_date.is_some() && e.dismissal_date != p.dismissal_date);
    check(Field::Kind, p.contractor.is_some_and(|c| e.roles.contains(&Role::Contractor) != c || e.roles.contains(&Role::Employee) == c));
    check(Field::ManagerNo, manager.is_some_and(|m| m.is_none() || m != e.manager_id));
    check(Field::Language, p.locale.is_some() && e.locale != p.locale);
    for (protected, value) in &p.secrets {
        if let Some(field) = field_of(*protected) {
            check(field, secrets.and_then(|s| s.get(protected.as_str())) != Some(value));
        }
    }
    changed
}

/// A protected field's import column.
pub fn field_of(protected: ProtectedField) -> Option<Field> {
    Field::ALL.into_iter().find(|f| f.protected() == Some(protected))
}

/// Where a row's placement goes: finds (or, when allowed, plans) its client company and site.
struct Target<'a> {
    context: &'a Context,
    create: bool,
    /// The legal entity's country: of new client companies, and its currency by default.
    country: &'a str,
    person: Option<i64>,
}

impl Target<'_> {
    fn placement(&self, units: &mut NewUnits, cells: &PlacementCells, problem: &mut dyn FnMut(Field, Problem)) -> Option<PlannedPlacement> {
        let name = cells.client_company.to_lowercase();
        let client_company = match self.context.client_companies.iter().find(|(_, n, _)| n.to_lowercase() == name) {
            Some((id, _, _)) => *id,
            None if self.create => NewUnits::add(&mut units.client_companies, &cells.client_company, self.country, 0),
            None => {
                problem(Field::ClientCompany, Problem::UnknownClientCompany);
                return None;
            }
        };
        let site = match self.context.sites.get(&(client_company, cells.site.to_lowercase())) {
            Some(id) => *id,
            None if self.create => NewUnits::add(&mut units.sites, &cells.site, "", client_company),
            None => {
                problem(Field::Site, Problem::UnknownSite);
                return None;
            }
        };
        let existing = self.person.and_then(|p| self.context.placements.get(&(p, site, cells.starts_on)));
        let mut currency = cells.currency.clone();
        match existing {
            None => {
                if cells.rate_minor.is_none() {
                    problem(Field::Rate, Problem::MissingValue);
                }
                currency = currency.or_else(|| currency_of(self.country).map(String::from));
                if currency.is_none() {
                    problem(Field::Currency, Problem::MissingValue);
                }
            }
            Some(e) => {
                if cells.ends_on.is_some_and(|end| e.last_day.is_some_and(|last| last > end)) {
                    problem(Field::PlacementEnd, Problem::PlacementHasLaterHours);
                }
            }
        }
        Some(PlannedPlacement {
            site,
            client_company,
            existing_id: existing.map(|e| e.id),
            starts_on: cells.starts_on,
            ends_on: cells.ends_on,
            rate_minor: cells.rate_minor,
            currency,
            foreman_no: cells.foreman_no.clone(),
        })
    }
}

/// What a row changes on a person's placement: a new one is a change of site. `foreman`: the
/// foreman's id (None inside: new in this file) when the row names one.
fn placement_changes(p: &PlannedPlacement, before: Option<&ExistingPlacement>, foreman: Option<Option<i64>>) -> Vec<Field> {
    let Some(e) = before else { return vec![Field::Site] };
    let mut changed = Vec::new();
    if p.ends_on.is_some() && p.ends_on != e.ends_on {
        changed.push(Field::PlacementEnd);
    }
    if p.rate_minor.is_some_and(|r| r != e.rate_minor) {
        changed.push(Field::Rate);
    }
    if p.currency.as_ref().is_some_and(|c| *c != e.currency) {
        changed.push(Field::Currency);
    }
    if foreman.is_some_and(|f| f.is_none() || f != e.foreman_id) {
        changed.push(Field::ForemanNo);
    }
    changed
}
