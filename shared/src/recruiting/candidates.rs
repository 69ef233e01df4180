//! Candidates: their facts and the three-way merge of concurrent edits, the list, statuses
//! and rejection, bulk actions, and a candidate's page.
use super::{CardView, CustomField, ScoreSummary, Scorecard, StageView, TimelineLine};
use crate::i18n::Labels;
use crate::model::row;
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateInput {
    pub job_id: i64,
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub birth_date: String,
    pub address: String,
    pub source: String,
    pub tags: String,
    /// Values of the job's own fields, by key.
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

/// The facts of a candidate that two people may edit at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateFacts {
    pub full_name: String,
    pub source: String,
    pub tags: String,
    /// The job's own fields, by key (each merged on its own, named `custom:<key>`).
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

impl CandidateFacts {
    pub const FIELDS: [&'static str; 3] = ["full_name", "source", "tags"];

    pub fn get(&self, field: &str) -> &str {
        match field {
            "full_name" => &self.full_name,
            "source" => &self.source,
            "tags" => &self.tags,
            other => other.strip_prefix("custom:").and_then(|k| self.custom.get(k)).map_or("", String::as_str),
        }
    }

    /// Sets a field; an empty custom value is removed.
    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "full_name" => self.full_name = value,
            "source" => self.source = value,
            "tags" => self.tags = value,
            other => {
                if let Some(key) = other.strip_prefix("custom:") {
                    if value.is_empty() {
                        self.custom.remove(key);
                    } else {
                        self.custom.insert(key.to_string(), value);
                    }
                }
            }
        }
    }

    /// Every field name of these facts and the others': the standard ones and each custom key.
    pub fn names(all: &[&CandidateFacts]) -> Vec<String> {
        let mut out: Vec<String> = CandidateFacts::FIELDS.iter().map(|f| f.to_string()).collect();
        for facts in all {
            for key in facts.custom.keys() {
                let name = format!("custom:{key}");
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }
}

/// An edit of a candidate: the facts as the editor loaded them (`base`) and as they want them
/// (`edit`); contacts are write-only here (a non-empty value replaces the sealed one, nobody
/// sees the old one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateEdit {
    pub id: i64,
    pub base: CandidateFacts,
    pub edit: CandidateFacts,
    pub phone: String,
    pub email: String,
    pub birth_date: String,
    pub address: String,
}

/// A three-way merge of an edit with what is stored now: a field the editor changed wins
/// unless someone else changed it too since the editor loaded it (then it is a conflict,
/// listed with its current value); a field only the other person changed keeps their value.
pub fn merge_facts(
    base: &CandidateFacts,
    edit: &CandidateFacts,
    current: &CandidateFacts,
) -> Result<CandidateFacts, Vec<(String, String)>> {
    let mut out = current.clone();
    let mut conflicts = Vec::new();
    for field in CandidateFacts::names(&[base, edit, current]) {
        let (b, e, c) = (base.get(&field).trim(), edit.get(&field).trim(), current.get(&field));
        if e == b {
            continue; // not touched by this editor
        }
        if b != c && e != c {
            conflicts.push((field.clone(), c.to_string()));
        } else {
            out.set(&field, e.to_string());
        }
    }
    if conflicts.is_empty() {
        Ok(out)
    } else {
        Err(conflicts)
    }
}

/// The candidates list: search over name, tags, source and the job's own fields (any script),
/// filters by status, job, stage and source, a page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateQuery {
    pub text: String,
    /// None for every status.
    pub status: Option<CandidateStatus>,
    pub job_id: Option<i64>,
    /// A stage of the chosen job (ignored without one, or if it is not that job's).
    #[serde(default)]
    pub stage_id: Option<i64>,
    pub source: String,
    pub page: i64,
}

row! {
    /// A line of the candidates list (contacts masked).
    pub struct CandidateLine {
        pub id: i64,
        pub job_id: i64,
        pub job_title: String,
        pub full_name: String,
        /// The stage's name (stored as JSON).
        #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::stored::Json<Labels>"))]
        pub stage: Labels,
        pub status: CandidateStatus,
        pub source: String,
        pub tags: String,
        pub phone_masked: String,
        pub email_masked: String,
        pub rejection_reason: Option<RejectionReason>,
        pub updated_at: i64,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidatePage {
    pub items: Vec<CandidateLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The chosen job's stages, for the stage filter (empty without a job).
    #[serde(default)]
    pub stages: Vec<StageView>,
}

stored_enum! {
    /// Why a candidate was rejected (`candidates.rejection_reason`, and the timeline's rejection).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum RejectionReason {
        Skills = "skills",
        Experience = "experience",
        Salary = "salary",
        Fit = "fit",
        Withdrew = "withdrew",
        PositionFilled = "position_filled",
    }
}

impl RejectionReason {
    pub fn label(self) -> crate::Msg {
        match self {
            RejectionReason::Skills => crate::Msg::ReasonSkills,
            RejectionReason::Experience => crate::Msg::ReasonExperience,
            RejectionReason::Salary => crate::Msg::ReasonSalary,
            RejectionReason::Fit => crate::Msg::ReasonFit,
            RejectionReason::Withdrew => crate::Msg::ReasonWithdrew,
            RejectionReason::PositionFilled => crate::Msg::ReasonPositionFilled,
        }
    }
}

stored_enum! {
    /// Where a candidate is in the process (`candidates.status`): in it, paused, or out of it
    /// (hired or rejected: a stage of those kinds closes the candidate).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum CandidateStatus {
        Active = "active",
        OnHold = "on_hold",
        Closed = "closed",
    }
}

impl CandidateStatus {
    pub fn label(self) -> crate::Msg {
        match self {
            CandidateStatus::Active => crate::Msg::ActiveCandidates,
            CandidateStatus::OnHold => crate::Msg::OnHold,
            CandidateStatus::Closed => crate::Msg::Closed,
        }
    }
}

/// One action on a selection of candidates (one or many), applied all together or not at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum BulkAction {
    /// To the end of a stage of the candidate's own job, by the stage's position (0-based).
    Move {
        stage_position: i64,
    },
    Tag {
        tag: String,
    },
    /// To the job's rejected stage with a reason; `message` (optional) is emailed to the
    /// candidate.
    Reject {
        /// None until one is chosen (a translated field error, not a decode failure).
        reason: Option<RejectionReason>,
        message: String,
    },
    Hold,
    Resume,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkInput {
    pub ids: Vec<i64>,
    pub action: BulkAction,
}

/// A candidate's page: the facts (contacts masked), the stage, the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateView {
    pub card: CardView,
    pub job_id: i64,
    pub job_title: String,
    pub stage: Labels,
    /// The job's stages, in board order.
    pub stages: Vec<StageView>,
    pub may_reveal: bool,
    pub timeline: Vec<TimelineLine>,
    pub scorecards: Vec<Scorecard>,
    pub summary: ScoreSummary,
    /// The latest résumé, if any.
    pub resume: Option<crate::files::FileRef>,
    /// The job's own fields and this candidate's values of them.
    pub fields: Vec<CustomField>,
    pub custom: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn an_edit_merges_with_other_changes_and_conflicts_only_on_the_same_field() {
        let facts =
            |n: &str, s: &str, t: &str| CandidateFacts { full_name: n.into(), source: s.into(), tags: t.into(), ..Default::default() };
        let base = facts("Kim Minho", "LinkedIn", "rust");
        // Someone else changed the source; this editor changed the tags: both kept.
        let current = facts("Kim Minho", "Referral", "rust");
        assert_eq!(
            merge_facts(&base, &facts("Kim Minho", "LinkedIn", "rust, go"), &current),
            Ok(facts("Kim Minho", "Referral", "rust, go"))
        );
        // Both changed the name differently: a conflict naming the current value.
        let current = facts("Kim Min-ho", "LinkedIn", "rust");
        assert_eq!(
            merge_facts(&base, &facts("김민호", "LinkedIn", "rust"), &current),
            Err(vec![("full_name".into(), "Kim Min-ho".into())])
        );
        // Both made the same change: no conflict.
        assert_eq!(merge_facts(&base, &facts("Kim Min-ho", "LinkedIn", "rust"), &current), Ok(current.clone()));
        // Nothing changed by this editor: the current facts stay as they are.
        assert_eq!(merge_facts(&base, &base, &current), Ok(current.clone()));
        // Once the editor has seen the conflict (base = current), their value wins.
        assert_eq!(merge_facts(&current, &facts("김민호", "LinkedIn", "rust"), &current), Ok(facts("김민호", "LinkedIn", "rust")));
    }
    #[test]
    fn custom_fields_merge_one_by_one() {
        let facts = |years: &str, office: &str| CandidateFacts {
            full_name: "Kim".into(),
            custom: [("years", years), ("office", office)]
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        let base = facts("5", "Seoul");
        // Someone changed the office; this editor the years: both kept.
        assert_eq!(merge_facts(&base, &facts("6", "Seoul"), &facts("5", "Busan")), Ok(facts("6", "Busan")));
        // Both changed the years: a conflict named after the field.
        assert_eq!(merge_facts(&base, &facts("6", "Seoul"), &facts("7", "Seoul")), Err(vec![("custom:years".into(), "7".into())]));
        // Clearing a value removes it.
        assert_eq!(merge_facts(&base, &facts("", "Seoul"), &base), Ok(facts("", "Seoul")));
    }
}
