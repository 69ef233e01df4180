//! Rules of a request type: when a request of the type is filed or decided, a condition over
//! its answers (and, once decided, how: `status` approved / rejected / returned), and what to do
//! when it holds (YES) or not (NO). Evaluated by the same condition code as recruiting's rules.
use crate::recruiting::automation::{Cmp, Condition};
use crate::requests::FieldDef;
use crate::stored::stored_enum;
use crate::validation::FieldError;
use crate::{Msg, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

stored_enum! {
    /// What starts a request rule.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum RequestEvent {
        Filed = "filed",
        /// Approved at its last step, rejected or returned.
        Decided = "decided",
    }
}

impl RequestEvent {
    pub fn label(self) -> Msg {
        match self {
            RequestEvent::Filed => Msg::TriggerRequestFiled,
            RequestEvent::Decided => Msg::TriggerRequestDecided,
        }
    }
}

/// What a request rule does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum RequestAct {
    /// A notice to every holder of the role (never the requester).
    NotifyRole { role: Role, text: String },
    /// A notice to the requester.
    NotifyRequester { text: String },
    /// A JSON post about the request (its id, type and status; no answers) through the outbox.
    CallWebhook { url: String },
}

impl RequestAct {
    pub fn label(&self) -> Msg {
        match self {
            RequestAct::NotifyRole { .. } => Msg::ActNotifyRole,
            RequestAct::NotifyRequester { .. } => Msg::ActNotifyRequester,
            RequestAct::CallWebhook { .. } => Msg::ActCallWebhook,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestRule {
    pub name: String,
    pub on: RequestEvent,
    pub when: Condition,
    pub then: Vec<RequestAct>,
    pub otherwise: Vec<RequestAct>,
    pub active: bool,
}

/// The outcomes `status` may be compared with.
pub const OUTCOMES: [&str; 3] = ["approved", "rejected", "returned"];

/// What a request rule reads: `status` (once decided) and `answer:<key>` for each answer of a
/// field that is not protected (protected answers are never compared, logged or posted).
pub fn facts(fields: &[FieldDef], answers: &BTreeMap<String, String>, status: Option<&str>) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = fields
        .iter()
        .filter(|f| !f.protected)
        .filter_map(|f| answers.get(&f.key).map(|v| (format!("answer:{}", f.key), v.clone())))
        .collect();
    if let Some(status) = status {
        out.insert("status".into(), status.to_string());
    }
    out
}

/// Checks a type's rules against its fields; errors name `rules.<i>.<part>`.
pub fn check_request_rules(rules: &[RequestRule], fields: &[FieldDef]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if rules.len() > crate::recruiting::automation::MAX_RULES {
        errors.push(FieldError::new("rules", Msg::ErrTooLong));
    }
    for (i, rule) in rules.iter().enumerate() {
        let at = |part: &str| format!("rules.{i}.{part}");
        if rule.name.trim().is_empty() || rule.name.chars().count() > 100 {
            errors.push(FieldError::new(&at("name"), Msg::ErrRequired));
        }
        let (n, depth) = rule.when.size();
        let fits = |(field, cmp, value): (&str, Cmp, &str)| match field {
            "status" => rule.on == RequestEvent::Decided && matches!(cmp, Cmp::Eq | Cmp::Ne) && OUTCOMES.contains(&value.trim()),
            other => {
                other.strip_prefix("answer:").is_some_and(|k| fields.iter().any(|f| f.key == k && !f.protected))
                    && !value.trim().is_empty()
                    && value.chars().count() <= 200
            }
        };
        if n > 20 || depth > 4 || !rule.when.comparisons().into_iter().all(fits) {
            errors.push(FieldError::new(&at("when"), Msg::ErrRuleCondition));
        }
        let acts_fit = rule.then.iter().chain(&rule.otherwise).all(|act| match act {
            RequestAct::NotifyRole { text, .. } | RequestAct::NotifyRequester { text } => {
                !text.trim().is_empty() && text.chars().count() <= 500
            }
            RequestAct::CallWebhook { url } => {
                (url.trim().starts_with("https://") || url.trim().starts_with("http://")) && url.chars().count() <= 500
            }
        });
        if (rule.then.is_empty() && rule.otherwise.is_empty()) || !acts_fit {
            errors.push(FieldError::new(&at("then"), Msg::ErrRuleActions));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Labels;
    use crate::requests::FieldKind;

    fn field(key: &str, protected: bool) -> FieldDef {
        FieldDef { key: key.into(), label: Labels::new("x", "x", "x"), kind: FieldKind::Text, required: false, protected }
    }

    fn rule(on: RequestEvent, field: &str, value: &str) -> RequestRule {
        RequestRule {
            name: "Long trips".into(),
            on,
            when: Condition::Compare { field: field.into(), cmp: Cmp::Eq, value: value.into() },
            then: vec![RequestAct::NotifyRole { role: Role::HrManager, text: "Book the hotel".into() }],
            otherwise: vec![],
            active: true,
        }
    }

    #[test]
    fn rules_read_answers_and_outcomes_but_never_protected_answers() {
        let fields = [field("destination", false), field("passport_no", true)];
        let answers = BTreeMap::from([("destination".to_string(), "Busan".to_string()), ("passport_no".to_string(), "M123".to_string())]);
        let f = facts(&fields, &answers, Some("approved"));
        assert!(rule(RequestEvent::Decided, "answer:destination", "busan").when.holds(&f));
        assert!(rule(RequestEvent::Decided, "status", "approved").when.holds(&f));
        assert!(!f.contains_key("answer:passport_no"));
        assert!(check_request_rules(&[rule(RequestEvent::Decided, "status", "approved")], &fields).is_empty());
        let errors = |r| check_request_rules(&[r], &fields).into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(errors(rule(RequestEvent::Filed, "status", "approved")), ["rules.0.when"], "no outcome when filed");
        assert_eq!(errors(rule(RequestEvent::Decided, "status", "maybe")), ["rules.0.when"]);
        assert_eq!(errors(rule(RequestEvent::Filed, "answer:passport_no", "M123")), ["rules.0.when"]);
        assert_eq!(errors(RequestRule { then: vec![], ..rule(RequestEvent::Filed, "answer:destination", "Busan") }), ["rules.0.then"]);
    }
}
