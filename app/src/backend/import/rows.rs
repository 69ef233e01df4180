//! From lines of cells to people: finds the header line, maps the columns, and reads each
//! row's values, collecting every problem of a row (not only the first).
use super::table::Line;
use shared::cabinet::ProtectedField;
use shared::format::Date;
use shared::import::values::{is_contractor, normalise_phone, parse_amount, parse_date, parse_days, parse_language, split_full_name};
use shared::import::{Field, Preset, Problem, RowProblem};
use shared::validation::Email;
use shared::Locale;
use std::collections::BTreeMap;

/// The file's columns: each header and the field it is read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// The header's line number.
    pub line: u32,
    pub headers: Vec<String>,
    pub fields: Vec<Option<Field>>,
}

impl Columns {
    fn index(&self, field: Field) -> Option<usize> {
        self.fields.iter().position(|f| *f == Some(field))
    }

    pub fn has(&self, field: Field) -> bool {
        self.index(field).is_some()
    }

    pub fn header(&self, field: Field) -> String {
        self.index(field).map_or_else(String::new, |i| self.headers[i].clone())
    }

    /// Required columns the file lacks. The legal entity may be left out when there is only one.
    pub fn missing(&self, one_legal_entity: bool) -> Vec<Field> {
        let mut missing = Vec::new();
        if !self.has(Field::PersonnelNo) {
            missing.push(Field::PersonnelNo);
        }
        let named = self.has(Field::FullName) || (self.has(Field::FamilyName) && self.has(Field::GivenName));
        if !named {
            missing.push(if self.has(Field::FamilyName) { Field::GivenName } else { Field::FullName });
        }
        if !self.has(Field::LegalEntity) && !one_legal_entity {
            missing.push(Field::LegalEntity);
        }
        missing
    }
}

/// The header is the line among the first twenty with the most recognised columns (exports
/// often start with a title and the organisation's name); None when no line has two. Columns
/// mapped by hand (`chosen`: header → field) win over the preset's reading.
pub fn locate_header(lines: &[Line], preset: Preset, chosen: &[(String, Option<Field>)]) -> Option<Columns> {
    let read = |cells: &[String]| {
        let mut fields = preset.map_headers(cells);
        for (header, field) in chosen {
            let Some(i) = cells.iter().position(|c| c.trim() == header.trim()) else { continue };
            // A field is one column's: taken from wherever the preset had put it.
            if let Some(f) = field {
                fields.iter_mut().filter(|x| **x == Some(*f)).for_each(|x| *x = None);
            }
            fields[i] = *field;
        }
        fields
    };
    lines
        .iter()
        .take(20)
        .map(|l| (l, read(&l.cells)))
        .map(|(l, fields)| (fields.iter().flatten().count(), l, fields))
        .filter(|(n, _, _)| *n >= 2)
        .max_by_key(|(n, l, _)| (*n, std::cmp::Reverse(l.number)))
        .map(|(_, l, fields)| Columns { line: l.number, headers: l.cells.clone(), fields })
}

/// A person as a row describes them, every value checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRow {
    pub personnel_no: String,
    /// The legal entity's name as the file spells it (None: the organisation's only one).
    pub legal_entity: Option<String>,
    pub family_name: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub hire_date: Option<Date>,
    pub dismissal_date: Option<Date>,
    pub contractor: Option<bool>,
    pub manager_no: Option<String>,
    pub locale: Option<Locale>,
    pub secrets: BTreeMap<ProtectedField, String>,
    /// An opening leave balance: the day and the hundredths of a day.
    pub leave: Option<(Date, i64)>,
    pub placement: Option<PlacementCells>,
}

/// A contractor's placement as a row gives it; the plan finds or creates its client company
/// and site and matches it with a placement of the same person, site and first day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementCells {
    pub client_company: String,
    pub site: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    /// Hundredths of the currency (required for a new placement).
    pub rate_minor: Option<i64>,
    /// None: the legal entity's country's currency.
    pub currency: Option<String>,
    pub foreman_no: Option<String>,
}

/// The columns of a placement.
pub const PLACEMENT: [Field; 7] =
    [Field::ClientCompany, Field::Site, Field::PlacementStart, Field::PlacementEnd, Field::Rate, Field::Currency, Field::ForemanNo];

/// A data line read: the person, or what is wrong with it (with the key when it could be read,
/// so a full import does not take a broken row for a leaver).
#[derive(Clone, Debug)]
pub struct Read {
    pub line: u32,
    pub key: String,
    pub name: String,
    /// The legal entity's name as the row gives it, read even when the row has problems.
    pub legal_entity: Option<String>,
    pub person: Result<PersonRow, Vec<RowProblem>>,
}

const LIMITS: [(Field, usize); 12] = [
    (Field::PersonnelNo, 40),
    (Field::FamilyName, 100),
    (Field::GivenName, 100),
    (Field::Patronymic, 100),
    (Field::FullName, 300),
    (Field::Position, 100),
    (Field::Department, 200),
    (Field::LegalEntity, 200),
    (Field::ManagerNo, 40),
    (Field::ClientCompany, 200),
    (Field::Site, 200),
    (Field::ForemanNo, 40),
];

/// Reads the data lines under the header. `country` gives the country of local phone numbers
/// for a row's legal entity name.
pub fn read_rows(lines: &[Line], columns: &Columns, country: &dyn Fn(Option<&str>) -> String) -> Vec<Read> {
    lines
        .iter()
        .filter(|l| l.number > columns.line && l.cells.iter().any(|c| !c.trim().is_empty()))
        .map(|l| read_row(l, columns, country))
        .collect()
}

fn read_row(line: &Line, columns: &Columns, country: &dyn Fn(Option<&str>) -> String) -> Read {
    let mut problems = Vec::new();
    let cell = |field: Field| -> Option<String> {
        let i = columns.index(field)?;
        let v = line.cells.get(i).map(|c| c.trim()).unwrap_or_default();
        (!v.is_empty()).then(|| v.to_string())
    };
    let mut problem = |field: Field, problem: Problem| {
        problems.push(RowProblem { field: Some(field), column: columns.header(field), problem });
    };
    for (field, limit) in LIMITS {
        if cell(field).is_some_and(|v| v.chars().count() > limit) {
            problem(field, Problem::TooLong);
        }
    }
    let key = cell(Field::PersonnelNo).unwrap_or_default();
    if key.is_empty() {
        problem(Field::PersonnelNo, Problem::MissingValue);
    }
    let (family_name, given_name, patronymic) = match (cell(Field::FamilyName), cell(Field::GivenName), cell(Field::FullName)) {
        (Some(f), Some(g), _) => (f, g, cell(Field::Patronymic)),
        (_, _, Some(full)) => match split_full_name(&full) {
            Some(parts) => (parts.family, parts.given, cell(Field::Patronymic).or(parts.patronymic)),
            None => {
                problem(Field::FullName, Problem::NameUnsplittable);
                Default::default()
            }
        },
        (f, _, None) if columns.has(Field::FamilyName) => {
            problem(if f.is_none() { Field::FamilyName } else { Field::GivenName }, Problem::MissingValue);
            Default::default()
        }
        _ => {
            problem(Field::FullName, Problem::MissingValue);
            Default::default()
        }
    };
    // As payroll lists write it: family name first (a Hangul name without a space).
    let name = shared::format::person_name(&family_name, &given_name, Locale::Ru);
    let legal_entity = cell(Field::LegalEntity);
    let email = cell(Field::Email).and_then(|raw| match Email::parse("email", &raw) {
        Ok(e) => Some(e.as_str().to_string()),
        Err(_) => {
            problem(Field::Email, Problem::MalformedEmail);
            None
        }
    });
    let phone = cell(Field::Phone).and_then(|raw| {
        let normalised = normalise_phone(&raw, &country(legal_entity.as_deref()));
        if normalised.is_none() {
            problem(Field::Phone, Problem::MalformedPhone);
        }
        normalised
    });
    let mut date = |field: Field| {
        cell(field).and_then(|raw| {
            let d = parse_date(&raw);
            if d.is_none() {
                problem(field, Problem::ImpossibleDate);
            }
            d
        })
    };
    let hire_date = date(Field::HireDate);
    let dismissal_date = date(Field::DismissalDate);
    let placement_dates = (
        match cell(Field::PlacementStart) {
            Some(_) => date(Field::PlacementStart),
            // A placement without its own first day starts with the employment.
            None => hire_date,
        },
        date(Field::PlacementEnd),
    );
    if let (Some(h), Some(d)) = (hire_date, dismissal_date) {
        if d < h {
            problem(Field::DismissalDate, Problem::DismissedBeforeHired);
        }
    }
    let mut contractor = cell(Field::Kind).and_then(|raw| {
        let kind = is_contractor(&raw);
        if kind.is_none() {
            problem(Field::Kind, Problem::UnknownKind);
        }
        kind
    });
    let placement = if PLACEMENT.iter().any(|f| cell(*f).is_some()) {
        let (start, end) = placement_dates;
        let mut required = |field: Field| {
            let v = cell(field);
            if v.is_none() {
                problem(field, Problem::MissingValue);
            }
            v
        };
        let (client_company, site) = (required(Field::ClientCompany), required(Field::Site));
        if start.is_none() && cell(Field::PlacementStart).is_none() {
            problem(Field::PlacementStart, Problem::MissingValue);
        }
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                problem(Field::PlacementEnd, Problem::EndsBeforeStart);
            }
        }
        let rate_minor = cell(Field::Rate).and_then(|raw| {
            let r = parse_amount(&raw);
            if r.is_none() {
                problem(Field::Rate, Problem::MalformedAmount);
            }
            r
        });
        let currency = cell(Field::Currency).and_then(|raw| {
            let c = shared::validation::currency("currency", &raw).ok();
            if c.is_none() {
                problem(Field::Currency, Problem::MalformedCurrency);
            }
            c
        });
        // Only contractors are placed; a placement makes a row without a kind a contractor's.
        match contractor {
            Some(false) => problem(Field::Kind, Problem::NotAContractor),
            None => contractor = Some(true),
            Some(true) => {}
        }
        match (client_company, site, start) {
            (Some(client_company), Some(site), Some(starts_on)) => Some(PlacementCells {
                client_company,
                site,
                starts_on,
                ends_on: end,
                rate_minor,
                currency,
                foreman_no: cell(Field::ForemanNo),
            }),
            _ => None,
        }
    } else {
        None
    };
    let locale = cell(Field::Language).and_then(|raw| {
        let l = parse_language(&raw);
        if l.is_none() {
            problem(Field::Language, Problem::UnknownLanguage);
        }
        l
    });
    let leave_days = cell(Field::LeaveBalance).and_then(|raw| {
        let days = parse_days(&raw);
        if days.is_none() {
            problem(Field::LeaveBalance, Problem::MalformedNumber);
        }
        days
    });
    let leave_on = cell(Field::LeaveBalanceOn).and_then(|raw| {
        let day = parse_date(&raw);
        if day.is_none() {
            problem(Field::LeaveBalanceOn, Problem::ImpossibleDate);
        }
        day
    });
    // A balance needs its day, and a day its balance.
    let leave = match (leave_days, leave_on, cell(Field::LeaveBalance).is_some(), cell(Field::LeaveBalanceOn).is_some()) {
        (Some(days), Some(on), _, _) => Some((on, days)),
        (_, _, true, false) => {
            problem(Field::LeaveBalanceOn, Problem::MissingValue);
            None
        }
        (_, _, false, true) => {
            problem(Field::LeaveBalance, Problem::MissingValue);
            None
        }
        _ => None,
    };
    let secrets = Field::ALL.into_iter().filter_map(|f| Some((f.protected()?, cell(f)?))).collect();
    let person = PersonRow {
        personnel_no: key.clone(),
        legal_entity,
        family_name,
        given_name,
        patronymic,
        email,
        phone,
        position: cell(Field::Position),
        department: cell(Field::Department),
        hire_date,
        dismissal_date,
        contractor,
        manager_no: cell(Field::ManagerNo),
        locale,
        secrets,
        leave,
        placement,
    };
    Read {
        line: line.number,
        key,
        name,
        legal_entity: person.legal_entity.clone(),
        person: if problems.is_empty() { Ok(person) } else { Err(problems) },
    }
}
