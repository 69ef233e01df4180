//! A job's own candidate fields (years of experience, a notice period, a preferred office…):
//! the list a job defines and the check of a candidate's values against it.
use crate::i18n::Labels;
use crate::stored::stored_enum;
use crate::validation::FieldError;
use crate::Msg;
use serde::{de, Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

stored_enum! {
    /// The kind of a job's own candidate field.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum CustomKind {
        #[default]
        Text = "text",
        Number = "number",
        Date = "date",
        /// One of `choices`.
        Choice = "choice",
    }
}

impl CustomKind {
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
/// notice period, a preferred office…). The key stays when the label changes; the label is
/// written in each language, and every reader sees their own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub key: String,
    #[serde(deserialize_with = "labels_or_text")]
    pub label: Labels,
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

/// A label saved before labels had three languages is one text (JSON string), read as that
/// text in each language; anything but that or the three languages is refused. A visitor
/// rather than an untagged enum, whose buffering code was 4 KB of the board's modules.
fn labels_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Labels, D::Error> {
    struct LabelsOrText;
    impl<'de> de::Visitor<'de> for LabelsOrText {
        type Value = Labels;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a label in each language, or one text")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Labels, E> {
            Ok(Labels::same(text))
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Labels, A::Error> {
            Labels::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(LabelsOrText)
}

/// Checks a job's field list and tidies it: keys of `a-z0-9_`, unique; a label in at least one
/// language (the empty ones take it); choices for a choice field, trimmed, empty ones dropped.
pub fn check_fields(fields: &[CustomField]) -> Result<Vec<CustomField>, FieldError> {
    if fields.len() > 20 {
        return Err(FieldError::new("fields", Msg::ErrTooLong));
    }
    for (i, f) in fields.iter().enumerate() {
        let key_ok =
            !f.key.is_empty() && f.key.len() <= 30 && f.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok || fields[..i].iter().any(|g| g.key == f.key) {
            return Err(FieldError::new(&f.name(), Msg::ErrBadReference));
        }
        f.label.filled(60).map_err(|msg| FieldError::new(&f.name(), msg))?;
        if f.kind == CustomKind::Choice && f.choices.iter().all(|c| c.trim().is_empty()) {
            return Err(FieldError::new(&f.name(), Msg::ErrChoicesNeeded));
        }
    }
    Ok(fields
        .iter()
        .map(|f| CustomField {
            label: f.label.filled(60).unwrap_or_default(),
            choices: f.choices.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
            ..f.clone()
        })
        .collect())
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
            label: Labels::same(key),
            kind,
            choices: choices.iter().map(|c| c.to_string()).collect(),
        };
        let fields = vec![
            field("years", CustomKind::Number, &[]),
            field("start", CustomKind::Date, &[]),
            field("office", CustomKind::Choice, &["Seoul", "Москва"]),
            field("note", CustomKind::Text, &[]),
        ];
        assert_eq!(check_fields(&fields), Ok(fields.clone()));
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

    #[test]
    fn labels_are_written_in_each_language_and_old_single_labels_read_in_all() {
        let mut years = CustomField { key: "years".into(), label: Labels::new("", " 경력 연수 ", ""), ..Default::default() };
        years.choices = vec![" ".into()];
        let tidy = check_fields(std::slice::from_ref(&years)).unwrap();
        assert_eq!((tidy[0].label.clone(), tidy[0].choices.len()), (Labels::same("경력 연수"), 0), "empty languages take the given one");
        years.label = Labels::new(" ", "", "");
        assert_eq!(check_fields(&[years]).unwrap_err().msg, Msg::ErrRequired);

        let old: CustomField = serde_json::from_str(r#"{"key":"office","label":"Office","kind":"choice","choices":["Seoul"]}"#).unwrap();
        assert_eq!(old.label, Labels::same("Office"));
        let new: CustomField =
            serde_json::from_str(r#"{"key":"office","label":{"en":"Office","ko":"근무지","ru":"Офис"},"kind":"text"}"#).unwrap();
        assert_eq!(new.label.get(crate::Locale::Ko), "근무지");
        let bad_labels = [r#"{"en":"Office"}"#, r#"7"#, r#"["Office","근무지","Офис"]"#, r#"null"#];
        for bad in bad_labels.map(|label| format!(r#"{{"key":"k","label":{label},"kind":"text"}}"#)) {
            assert!(serde_json::from_str::<CustomField>(&bad).is_err(), "{bad}");
        }
    }
}
