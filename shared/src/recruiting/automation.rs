//! Automation rules of a job: a trigger, a condition tree over the candidate's facts (AND / OR
//! groups of comparisons), and what to do when it holds (YES) or not (NO). The evaluation is
//! here and pure: the server runs it on events, the job settings' editor on the current
//! candidates for its preview, so both agree.
use crate::stored::stored_enum;
use crate::validation::FieldError;
use crate::Msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

stored_enum! {
    /// What starts a rule.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Trigger {
        CandidateCreated = "candidate_created",
        StageEntered = "stage_entered",
        ScorecardSubmitted = "scorecard_submitted",
        InvitationAnswered = "invitation_answered",
        ResumeReceived = "resume_received",
        /// The candidate has been in their stage for the rule's `days` (checked hourly).
        DaysInStage = "days_in_stage",
    }
}

stored_enum! {
    /// How a fact is compared with a rule's value.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Cmp {
        Eq = "eq",
        Ne = "ne",
        Gt = "gt",
        Ge = "ge",
        Lt = "lt",
        Le = "le",
        Contains = "contains",
    }
}

/// A condition: a comparison of one fact, or all / any of a group. An empty `all` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    All {
        of: Vec<Condition>,
    },
    Any {
        of: Vec<Condition>,
    },
    /// `field`: `score` (the scorecards' average overall), `scorecards` (how many), `days` (in
    /// the current stage), `source`, `tags`, `stage` (a stage's id), or `custom:<key>` (the
    /// job's own field).
    Compare {
        field: String,
        cmp: Cmp,
        value: String,
    },
}

impl Default for Condition {
    fn default() -> Self {
        Condition::All { of: Vec::new() }
    }
}

/// What a rule reads of a candidate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub score: Option<f64>,
    pub scorecards: i64,
    pub source: String,
    /// Comma-separated, lower case (as stored).
    pub tags: String,
    pub stage_id: i64,
    /// Whole days since the candidate entered their stage.
    #[serde(default)]
    pub days_in_stage: i64,
    pub custom: BTreeMap<String, String>,
}

/// What a condition reads: a fact by field name (None: not known for this one), and whether a
/// tag is among a list of them.
pub trait Known {
    fn fact(&self, field: &str) -> Option<String>;
    fn has_tag(&self, _tag: &str) -> bool {
        false
    }
}

impl Known for Facts {
    fn fact(&self, field: &str) -> Option<String> {
        match field {
            "score" => self.score.map(|s| s.to_string()),
            "scorecards" => Some(self.scorecards.to_string()),
            "stage" => Some(self.stage_id.to_string()),
            "days" => Some(self.days_in_stage.to_string()),
            "source" => Some(self.source.clone()),
            other => other.strip_prefix("custom:").and_then(|k| self.custom.get(k)).cloned(),
        }
    }

    /// A tag is one of the list, never a part of another tag.
    fn has_tag(&self, tag: &str) -> bool {
        self.tags.split(',').any(|t| t.trim().eq_ignore_ascii_case(tag.trim()))
    }
}

/// Facts by name (a request's answers and status).
impl Known for BTreeMap<String, String> {
    fn fact(&self, field: &str) -> Option<String> {
        self.get(field).cloned()
    }
}

impl Condition {
    pub fn holds(&self, facts: &impl Known) -> bool {
        match self {
            Condition::All { of } => of.iter().all(|c| c.holds(facts)),
            Condition::Any { of } => of.iter().any(|c| c.holds(facts)),
            Condition::Compare { field, cmp, value } => compare(facts, field, *cmp, value),
        }
    }

    /// Comparisons in the tree, and how deep it goes.
    pub fn size(&self) -> (usize, usize) {
        match self {
            Condition::All { of } | Condition::Any { of } => {
                of.iter().map(Condition::size).fold((0, 1), |(n, d), (cn, cd)| (n + cn, d.max(cd + 1)))
            }
            Condition::Compare { .. } => (1, 1),
        }
    }

    /// The top-level group as an editor shows it: whether it is "any", and its members.
    pub fn group(&self) -> (bool, Vec<Condition>) {
        match self {
            Condition::Any { of } => (true, of.clone()),
            Condition::All { of } => (false, of.clone()),
            single => (false, vec![single.clone()]),
        }
    }

    pub fn grouped(any: bool, of: Vec<Condition>) -> Condition {
        if any {
            Condition::Any { of }
        } else {
            Condition::All { of }
        }
    }

    pub fn comparisons(&self) -> Vec<(&str, Cmp, &str)> {
        match self {
            Condition::All { of } | Condition::Any { of } => of.iter().flat_map(Condition::comparisons).collect(),
            Condition::Compare { field, cmp, value } => vec![(field.as_str(), *cmp, value.as_str())],
        }
    }
}

/// A number written either way (`80`, `80.5`, `80,5`).
pub fn number(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").parse::<f64>().ok().filter(|n| n.is_finite())
}

fn is_numeric(field: &str) -> bool {
    matches!(field, "score" | "scorecards" | "stage" | "days")
}

fn compare(facts: &impl Known, field: &str, cmp: Cmp, value: &str) -> bool {
    if field == "tags" {
        let has = facts.has_tag(value);
        return match cmp {
            Cmp::Contains | Cmp::Eq => has,
            Cmp::Ne => !has,
            _ => false,
        };
    }
    let fact = facts.fact(field);
    // A fact the candidate does not have (no scorecard yet) holds only for "is not".
    let Some(fact) = fact.filter(|f| !f.trim().is_empty()) else { return cmp == Cmp::Ne };
    if let (Some(a), Some(b)) = (number(&fact), number(value)) {
        return match cmp {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Contains => fact.to_lowercase().contains(&value.trim().to_lowercase()),
        };
    }
    let (a, b) = (fact.trim().to_lowercase(), value.trim().to_lowercase());
    match cmp {
        Cmp::Eq => a == b,
        Cmp::Ne => a != b,
        Cmp::Contains => a.contains(&b),
        Cmp::Gt => a > b,
        Cmp::Ge => a >= b,
        Cmp::Lt => a < b,
        Cmp::Le => a <= b,
    }
}

/// What a rule does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Act {
    MoveTo {
        stage_id: i64,
    },
    AddTag {
        tag: String,
    },
    RemoveTag {
        tag: String,
    },
    /// A message to the candidate, `{name}` and `{job}` filled in: an email, or (`sms`) a text
    /// through the SMS / messenger gateway.
    MessageCandidate {
        subject: String,
        body: String,
        #[serde(default)]
        sms: bool,
    },
    /// A notice to the job's owner and hiring team.
    NotifyTeam {
        text: String,
    },
    /// A reminder for the job's owner about the candidate, `days` from now.
    RemindOwner {
        days: u32,
        note: String,
    },
    /// A JSON post about the candidate (no contacts) to an https address, through the outbox.
    CallWebhook {
        url: String,
    },
}

impl Act {
    pub fn label(&self) -> Msg {
        match self {
            Act::MoveTo { .. } => Msg::ActMoveTo,
            Act::AddTag { .. } => Msg::ActAddTag,
            Act::RemoveTag { .. } => Msg::ActRemoveTag,
            Act::MessageCandidate { .. } => Msg::ActMessageCandidate,
            Act::NotifyTeam { .. } => Msg::ActNotifyTeam,
            Act::RemindOwner { .. } => Msg::ActRemindOwner,
            Act::CallWebhook { .. } => Msg::ActCallWebhook,
        }
    }
}

/// A rule as the editor and the store know it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub trigger: Trigger,
    pub when: Condition,
    pub then: Vec<Act>,
    pub otherwise: Vec<Act>,
    pub active: bool,
    /// For [`Trigger::DaysInStage`]: how many days in a stage start the rule.
    #[serde(default)]
    pub days: u32,
}

impl Rule {
    /// The branch the facts take.
    pub fn branch(&self, facts: &Facts) -> (bool, &[Act]) {
        if self.when.holds(facts) {
            (true, &self.then)
        } else {
            (false, &self.otherwise)
        }
    }
}

impl Trigger {
    pub fn label(self) -> Msg {
        match self {
            Trigger::CandidateCreated => Msg::TriggerCandidateCreated,
            Trigger::StageEntered => Msg::TriggerStageEntered,
            Trigger::ScorecardSubmitted => Msg::TriggerScorecardSubmitted,
            Trigger::InvitationAnswered => Msg::TriggerInvitationAnswered,
            Trigger::ResumeReceived => Msg::TriggerResumeReceived,
            Trigger::DaysInStage => Msg::TriggerDaysInStage,
        }
    }
}

impl Cmp {
    pub fn label(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "≠",
            Cmp::Gt => ">",
            Cmp::Ge => "≥",
            Cmp::Lt => "<",
            Cmp::Le => "≤",
            Cmp::Contains => "∋",
        }
    }
}

pub const MAX_RULES: usize = 20;
const MAX_COMPARISONS: usize = 20;
const MAX_DEPTH: usize = 4;

/// Checks a job's rules against its stages and own fields; errors name `rules.<i>.<part>`.
pub fn check_rules(rules: &[Rule], stage_ids: &[i64], custom_keys: &[String]) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if rules.len() > MAX_RULES {
        errors.push(FieldError::new("rules", Msg::ErrTooLong));
    }
    for (i, rule) in rules.iter().enumerate() {
        let at = |part: &str| format!("rules.{i}.{part}");
        let name = rule.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            errors.push(FieldError::new(&at("name"), Msg::ErrRequired));
        }
        let (n, depth) = rule.when.size();
        if n > MAX_COMPARISONS || depth > MAX_DEPTH {
            errors.push(FieldError::new(&at("when"), Msg::ErrTooLong));
        }
        for (field, cmp, value) in rule.when.comparisons() {
            let known = matches!(field, "score" | "scorecards" | "stage" | "days" | "source" | "tags")
                || field.strip_prefix("custom:").is_some_and(|k| custom_keys.iter().any(|c| c == k));
            let fits = if is_numeric(field) { cmp != Cmp::Contains && number(value).is_some() } else { !value.trim().is_empty() };
            if !known || !fits || value.chars().count() > 200 {
                errors.push(FieldError::new(&at("when"), Msg::ErrRuleCondition));
                break;
            }
        }
        if rule.trigger == Trigger::DaysInStage && !(1..=365).contains(&rule.days) {
            errors.push(FieldError::new(&at("days"), Msg::ErrRuleDays));
        }
        if rule.then.is_empty() && rule.otherwise.is_empty() {
            errors.push(FieldError::new(&at("then"), Msg::ErrRuleActions));
        }
        for act in rule.then.iter().chain(&rule.otherwise) {
            let ok = match act {
                Act::MoveTo { stage_id } => stage_ids.contains(stage_id),
                Act::AddTag { tag } | Act::RemoveTag { tag } => !tag.trim().is_empty() && tag.chars().count() <= 50 && !tag.contains(','),
                Act::MessageCandidate { subject, body, sms } => {
                    (*sms || !subject.trim().is_empty())
                        && !body.trim().is_empty()
                        && subject.chars().count() <= 200
                        && body.chars().count() <= 2000
                }
                Act::NotifyTeam { text } => !text.trim().is_empty() && text.chars().count() <= 500,
                Act::RemindOwner { days, note } => (1..=365).contains(days) && note.chars().count() <= 500,
                // Where it may point is the server's to say: https to public addresses only, unless
                // its settings allow private ones (closed networks, tests).
                Act::CallWebhook { url } => {
                    (url.trim().starts_with("https://") || url.trim().starts_with("http://")) && url.chars().count() <= 500
                }
            };
            if !ok {
                errors.push(FieldError::new(&at("then"), Msg::ErrRuleActions));
                break;
            }
        }
    }
    crate::validation::collected((), errors)
}

/// A job's rules as its settings edit them, with what the preview reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Automation {
    pub rules: Vec<Rule>,
    /// The job's version (rules are saved with it).
    pub version: i64,
    /// The job's current candidates: (id, name, facts), for the preview.
    pub candidates: Vec<(i64, String, Facts)>,
    pub runs: Vec<RunLine>,
}

stored_enum! {
    /// How a rule's run ended.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Outcome {
        /// Took the YES branch.
        Yes = "yes",
        /// Took the NO branch.
        No = "no",
        /// Not run: it would have started itself again (an action of the same chain).
        Looped = "looped",
    }
}

/// A line of the run log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunLine {
    pub rule: String,
    pub candidate: String,
    pub outcome: Outcome,
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(field: &str, cmp: Cmp, value: &str) -> Condition {
        Condition::Compare { field: field.into(), cmp, value: value.into() }
    }

    fn facts(score: Option<f64>, tags: &str) -> Facts {
        Facts {
            score,
            scorecards: score.map_or(0, |_| 2),
            source: "LinkedIn".into(),
            tags: tags.into(),
            stage_id: 7,
            days_in_stage: 3,
            custom: BTreeMap::new(),
        }
    }

    #[test]
    fn conditions_compare_numbers_as_numbers_and_text_without_case() {
        let f = facts(Some(85.5), "rust, senior");
        assert!(cmp("score", Cmp::Ge, "80").holds(&f));
        assert!(cmp("score", Cmp::Ge, "85,5").holds(&f));
        assert!(!cmp("score", Cmp::Gt, "85.5").holds(&f));
        assert!(cmp("source", Cmp::Eq, "linkedin").holds(&f));
        assert!(cmp("source", Cmp::Contains, "link").holds(&f));
        assert!(cmp("tags", Cmp::Contains, "Senior").holds(&f));
        assert!(!cmp("tags", Cmp::Contains, "sen").holds(&f), "a whole tag, not a part of one");
        assert!(cmp("stage", Cmp::Eq, "7").holds(&f));
        assert!(cmp("days", Cmp::Ge, "3").holds(&f) && !cmp("days", Cmp::Gt, "3").holds(&f));
        // No scorecard: no score is ≥ or < anything.
        let none = facts(None, "");
        assert!(!cmp("score", Cmp::Ge, "80").holds(&none) && !cmp("score", Cmp::Lt, "80").holds(&none));
        assert!(cmp("score", Cmp::Ne, "80").holds(&none));
    }

    #[test]
    fn groups_combine_and_an_empty_all_holds() {
        let f = facts(Some(70.0), "hold");
        let high = cmp("score", Cmp::Ge, "80");
        let tagged = cmp("tags", Cmp::Contains, "hold");
        assert!(Condition::default().holds(&f));
        assert!(!Condition::All { of: vec![high.clone(), tagged.clone()] }.holds(&f));
        assert!(Condition::Any { of: vec![high.clone(), tagged.clone()] }.holds(&f));
        let nested = Condition::All { of: vec![Condition::Any { of: vec![high, tagged] }, cmp("scorecards", Cmp::Ge, "2")] };
        assert!(nested.holds(&f));
    }

    #[test]
    fn rules_are_checked_against_the_jobs_stages_and_fields() {
        let rule = Rule {
            name: "Strong".into(),
            trigger: Trigger::ScorecardSubmitted,
            when: cmp("score", Cmp::Ge, "80"),
            then: vec![Act::MoveTo { stage_id: 3 }],
            otherwise: vec![Act::AddTag { tag: "hold".into() }],
            active: true,
            days: 0,
        };
        assert_eq!(check_rules(std::slice::from_ref(&rule), &[1, 2, 3], &[]), Ok(()));
        let bad = |r: Rule| check_rules(&[r], &[1, 2, 3], &["years".into()]).unwrap_err()[0].clone();
        assert_eq!(bad(Rule { then: vec![Act::MoveTo { stage_id: 99 }], ..rule.clone() }).field, "rules.0.then");
        assert_eq!(bad(Rule { when: cmp("score", Cmp::Ge, "high"), ..rule.clone() }).field, "rules.0.when");
        assert_eq!(bad(Rule { when: cmp("custom:salary", Cmp::Eq, "1"), ..rule.clone() }).field, "rules.0.when");
        assert_eq!(bad(Rule { then: vec![], otherwise: vec![], ..rule.clone() }).msg, Msg::ErrRuleActions);
        assert_eq!(bad(Rule { name: " ".into(), ..rule.clone() }).field, "rules.0.name");
        assert_eq!(bad(Rule { trigger: Trigger::DaysInStage, ..rule.clone() }).field, "rules.0.days");
        assert_eq!(bad(Rule { then: vec![Act::CallWebhook { url: "ftp://hooks.example".into() }], ..rule.clone() }).field, "rules.0.then");
        let stale = Rule { trigger: Trigger::DaysInStage, days: 7, when: cmp("days", Cmp::Ge, "7"), ..rule.clone() };
        assert!(check_rules(&[stale], &[3], &[]).is_ok());
        assert!(check_rules(&[Rule { when: cmp("custom:years", Cmp::Ge, "3"), ..rule }], &[3], &["years".into()]).is_ok());
    }

    #[test]
    fn rules_survive_storage_and_refuse_unknown_parts() {
        let rule = Rule {
            name: "Strong".into(),
            trigger: Trigger::ScorecardSubmitted,
            when: Condition::Any { of: vec![cmp("score", Cmp::Ge, "80")] },
            then: vec![Act::MessageCandidate { subject: "Hi".into(), body: "See you".into(), sms: false }],
            otherwise: vec![Act::RemoveTag { tag: "x".into() }],
            active: true,
            days: 0,
        };
        let json = serde_json::to_string(&rule).unwrap();
        assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), rule);
        assert!(serde_json::from_str::<Condition>(r#"{"op":"xor","of":[]}"#).is_err());
        assert!(serde_json::from_str::<Act>(r#"{"do":"delete_candidate"}"#).is_err());
    }
}
