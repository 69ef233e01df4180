//! The diff of a file against the organisation: which people it creates, what it changes on
//! which, who it leaves unchanged and (full imports) whom it deactivates. Computed for the dry
//! run and again, against the data as it is then, when the run is applied.
use super::rows::{Columns, PersonRow, Read};
use crate::backend::{Backend, Result};
use shared::cabinet::ProtectedField;
use shared::format::Date;
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
}

impl Context {
    /// `with_secrets`: open everyone's sealed fields (only a file with such columns needs them).
    pub async fn load(backend: &Backend, org_id: i64, with_secrets: bool) -> Result<Context> {
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
        let sealed: Vec<(i64, String)> = if with_secrets {
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

/// Where a person's department comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DepartmentRef {
    Existing(i64),
    /// Created by the run (its name as the file spells it).
    New(String),
}

/// One person's part of the plan.
#[derive(Clone, Debug)]
pub struct Planned {
    pub report: ReportRow,
    pub key: Option<Key>,
    /// The person being updated, deactivated or left unchanged.
    pub existing_id: Option<i64>,
    pub row: Option<PersonRow>,
    pub department: Option<DepartmentRef>,
}

pub struct Plan {
    pub rows: Vec<Planned>,
    /// (legal entity, name) of departments to create.
    pub new_departments: Vec<(i64, String)>,
}

/// Compares the rows with the organisation. `file_problems` (missing columns) make every row
/// wait: nothing is planned but the problems.
pub fn plan(context: &Context, columns: &Columns, reads: Vec<Read>, mode: Mode, create_departments: bool) -> Plan {
    let mut rows: Vec<Planned> = Vec::with_capacity(reads.len());
    // The first row of each key, to tell identical repeats from conflicting ones.
    let mut first_of_key: HashMap<Key, usize> = HashMap::new();
    let mut conflicting: HashSet<Key> = HashSet::new();
    let mut in_file: HashSet<Key> = HashSet::new();
    let mut file_emails: HashMap<String, Key> = HashMap::new();
    let mut file_phones: HashMap<String, Key> = HashMap::new();
    let mut new_departments: Vec<(i64, String)> = Vec::new();
    for read in reads {
        let mut problems = match &read.person {
            Ok(_) => Vec::new(),
            Err(p) => p.clone(),
        };
        let mut problem = |field: Field, problem: Problem| {
            problems.push(RowProblem { field: Some(field), column: columns.header(field), problem });
        };
        let le = context.legal_entity(read.legal_entity.as_deref());
        if le.is_none() {
            problem(Field::LegalEntity, if read.legal_entity.is_some() { Problem::UnknownLegalEntity } else { Problem::MissingValue });
        }
        let key = le.map(|(id, _, _)| (*id, read.key.clone())).filter(|(_, k)| !k.is_empty());
        if let Some(key) = &key {
            in_file.insert(key.clone());
        }
        let existing = key.as_ref().and_then(|k| context.people.get(k));
        let mut department = None;
        if let (Ok(person), Some((le_id, _, _))) = (&read.person, le) {
            if let Some(name) = &person.department {
                department = match context.departments.get(&(*le_id, name.to_lowercase())) {
                    Some(id) => Some(DepartmentRef::Existing(*id)),
                    None if create_departments => {
                        if !new_departments.iter().any(|(l, n)| l == le_id && n.to_lowercase() == name.to_lowercase()) {
                            new_departments.push((*le_id, name.clone()));
                        }
                        Some(DepartmentRef::New(name.clone()))
                    }
                    None => {
                        problem(Field::Department, Problem::UnknownDepartment);
                        None
                    }
                };
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
        }
        let person = read.person.ok();
        let (outcome, changed) = if !problems.is_empty() {
            (Outcome::Error, Vec::new())
        } else {
            match (existing, &person) {
                (Some(e), Some(p)) => {
                    // A manager new in this file is a change; one already here, if it is another.
                    let manager = p.manager_no.as_ref().map(|no| context.people.get(&(e.legal_entity_id, no.clone())).map(|m| m.id));
                    let mut changed = changes(e, p, department.as_ref(), manager, context.secrets.get(&e.id));
                    if p.leave.is_some() && p.leave != context.openings.get(&e.id).copied() {
                        changed.push(Field::LeaveBalance);
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
        });
    }
    // Every row of a key given twice with different data is an error; so is a manager who is
    // neither in Staffport nor a valid row of the file.
    let valid: HashSet<Key> = rows.iter().filter(|r| r.report.outcome != Outcome::Error).filter_map(|r| r.key.clone()).collect();
    for r in &mut rows {
        let Some(key) = r.key.clone() else { continue };
        if conflicting.contains(&key) {
            fail(r, columns, Field::PersonnelNo, Problem::DuplicateKey);
        } else if let Some(no) = r.row.as_ref().and_then(|p| p.manager_no.clone()) {
            let manager = (key.0, no);
            if r.report.outcome != Outcome::Error && !context.people.contains_key(&manager) && !valid.contains(&manager) {
                fail(r, columns, Field::ManagerNo, Problem::UnknownManager);
            }
        }
    }
    // Keep only the departments a row that will be applied still needs.
    new_departments.retain(|(le, name)| {
        rows.iter().any(|r| {
            r.report.outcome != Outcome::Error
                && r.key.as_ref().is_some_and(|k| k.0 == *le)
                && r.department == Some(DepartmentRef::New(name.clone()))
        })
    });
    if mode == Mode::Full {
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
        }));
    }
    Plan { rows, new_departments }
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
    department: Option<&DepartmentRef>,
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
    check(
        Field::Department,
        match department {
            Some(DepartmentRef::Existing(id)) => e.department_id != Some(*id),
            Some(DepartmentRef::New(_)) => true,
            None => false,
        },
    );
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
