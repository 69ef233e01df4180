//! A job's own candidate fields (years of experience, a notice period, a preferred office…):
//! the list a job defines and the check of a candidate's values against it.
use crate::validation::FieldError;
use crate::Msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kind of a job's own candidate field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomKind {
    #[default]
    Text,
    Number,
    Date,
    /// One of `choices`.
    Choice,
}

impl CustomKind {
    pub const ALL: [CustomKind; 4] = [CustomKind::Text, CustomKind::Number, CustomKind::Date, CustomKind::Choice];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomKind::Text => "text",
            CustomKind::Number => "number",
            CustomKind::Date => "date",
            CustomKind::Choice => "choice",
        }
    }

    pub fn parse(s: &str) -> Option<CustomKind> {
        CustomKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> crate::Msg {
        match self {
            CustomKind::Text => Msg::KindText,
            CustomKind::Number => Msg::KindNumber,
            CustomKind::Date => Msg::KindDate,
            CustomKind::Choice => Msg::KindChoice,
        }
    }
}

/// A field a job asks of its candidates besides the standard ones (years of experience, a
/// notice period, a preferred office…). The key stays when the label changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub key: String,
    pub label: String,
    pub kind: CustomKind,
    #[serde(default)]
    pub choices: Vec<String>,
}

impl CustomField {
    /// The form and error name of the field.
    pub fn name(&self) -> String {
        format!("custom:{}", self.key)
    }
}

/// Checks a job's field list: keys of `a-z0-9_`, unique; a label; choices for a choice field.
pub fn check_fields(fields: &[CustomField]) -> Result<(), FieldError> {
    if fields.len() > 20 {
        return Err(FieldError::new("fields", Msg::ErrTooLong));
    }
    for (i, f) in fields.iter().enumerate() {
        let key_ok =
            !f.key.is_empty() && f.key.len() <= 30 && f.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok || fields[..i].iter().any(|g| g.key == f.key) {
            return Err(FieldError::new(&f.name(), Msg::ErrBadReference));
        }
        if f.label.trim().is_empty() || f.label.chars().count() > 60 {
            return Err(FieldError::new(&f.name(), Msg::ErrRequired));
        }
        if f.kind == CustomKind::Choice && f.choices.iter().all(|c| c.trim().is_empty()) {
            return Err(FieldError::new(&f.name(), Msg::ErrChoicesNeeded));
        }
    }
    Ok(())
}

/// Checks a candidate's values against the job's fields: numbers are numbers, dates are dates,
/// a choice is one of the choices; empty is allowed; unknown keys are dropped.
pub fn check_custom(fields: &[CustomField], values: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for f in fields {
        let value = values.get(&f.key).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() {
            continue;
        }
        let problem = match f.kind {
            CustomKind::Number => {
                value.replace(',', ".").parse::<f64>().map_or(Some(Msg::ErrNumber), |n| (!n.is_finite()).then_some(Msg::ErrNumber))
            }
            CustomKind::Date => crate::format::Date::parse_iso(value).is_none().then_some(Msg::ErrInvalidDate),
            CustomKind::Choice => (!f.choices.iter().any(|c| c.trim() == value)).then_some(Msg::ErrBadReference),
            CustomKind::Text => (value.chars().count() > 500).then_some(Msg::ErrTooLong),
        };
        match problem {
            Some(msg) => errors.push(FieldError::new(&f.name(), msg)),
            None => {
                out.insert(f.key.clone(), value.to_string());
            }
        }
    }
    crate::validation::collected(out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jobs_own_fields_check_their_values_by_kind() {
        let field = |key: &str, kind, choices: &[&str]| CustomField {
            key: key.into(),
            label: key.into(),
            kind,
            choices: choices.iter().map(|c| c.to_string()).collect(),
        };
        let fields = vec![
            field("years", CustomKind::Number, &[]),
            field("start", CustomKind::Date, &[]),
            field("office", CustomKind::Choice, &["Seoul", "Москва"]),
            field("note", CustomKind::Text, &[]),
        ];
        assert_eq!(check_fields(&fields), Ok(()));
        let values = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>();
        assert_eq!(
            check_custom(&fields, &values(&[("years", " 7,5 "), ("office", "Москва"), ("start", ""), ("stray", "x")])),
            Ok(values(&[("years", "7,5"), ("office", "Москва")])),
            "trimmed, empty and unknown left out"
        );
        let errors = check_custom(&fields, &values(&[("years", "seven"), ("start", "2026-02-30"), ("office", "Busan")])).unwrap_err();
        let named: Vec<(&str, crate::Msg)> = errors.iter().map(|e| (e.field.as_str(), e.msg)).collect();
        assert_eq!(
            named,
            [
                ("custom:years", crate::Msg::ErrNumber),
                ("custom:start", crate::Msg::ErrInvalidDate),
                ("custom:office", crate::Msg::ErrBadReference)
            ]
        );
        assert!(check_fields(&[field("a b", CustomKind::Text, &[])]).is_err(), "keys are plain");
        assert!(check_fields(&[field("x", CustomKind::Text, &[]), field("x", CustomKind::Number, &[])]).is_err(), "keys unique");
        assert!(check_fields(&[field("x", CustomKind::Choice, &[" "])]).is_err(), "a choice needs choices");
    }
}
