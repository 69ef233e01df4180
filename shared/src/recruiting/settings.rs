//! A job's settings as its recruiters edit them: the stages (renamed, reordered, added, removed
//! while empty) and the hiring team, beside the job's own fields and team-chat webhook.
use super::{CustomField, StageKind};
use crate::i18n::Labels;
use crate::model::row;
use crate::validation::FieldError;
use crate::{Locale, Msg};
use serde::{Deserialize, Serialize};

/// At most this many stages on a board.
pub const MAX_STAGES: usize = 15;

/// A stage in the editor. `id` is None for a stage not saved yet; `candidates` is how many are
/// in it now (read-only: a stage with candidates cannot be removed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageEdit {
    pub id: Option<i64>,
    pub name: Labels,
    pub kind: StageKind,
    #[serde(default)]
    pub candidates: i64,
}

impl StageEdit {
    /// The form and error name of the stage at `index`.
    pub fn name_at(index: usize) -> String {
        format!("stage:{index}")
    }
}

row! {
    /// Someone on (or to be put on) a job's hiring team.
    pub struct TeamMember {
        pub id: i64,
        pub family_name: String,
        pub given_name: String,
        pub email: Option<String>,
    }
}

/// Everything the settings page edits, with the job's version: each save names it, and a
/// save over someone else's is refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobSettings {
    pub job_id: i64,
    pub title: String,
    pub version: i64,
    pub stages: Vec<StageEdit>,
    pub owner: TeamMember,
    /// The team besides the owner.
    pub team: Vec<TeamMember>,
    pub fields: Vec<CustomField>,
    pub webhook_url: String,
    /// The language written to candidates in (None: the organisation's, `org_language`).
    pub language: Option<Locale>,
    pub org_language: Locale,
}

/// Checks a job's stages and tidies them: 1 to [`MAX_STAGES`]; the first active (new candidates
/// start there); exactly one hired and one rejected stage (closing and rejecting go there);
/// a name in at least one language, which the empty languages take; each stage once.
pub fn check_stages(stages: &[StageEdit]) -> Result<Vec<StageEdit>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(stages.len());
    for (i, s) in stages.iter().enumerate() {
        let name = match s.name.filled(40) {
            Ok(name) => name,
            Err(msg) => {
                errors.push(FieldError::new(&StageEdit::name_at(i), msg));
                continue;
            }
        };
        if s.id.is_some() && stages[..i].iter().any(|t| t.id == s.id) {
            errors.push(FieldError::new(&StageEdit::name_at(i), Msg::ErrBadReference));
            continue;
        }
        out.push(StageEdit { name, ..s.clone() });
    }
    let count = |kind| stages.iter().filter(|s| s.kind == kind).count();
    if stages.is_empty() || stages.len() > MAX_STAGES {
        errors.push(FieldError::new("stages", Msg::ErrStageCount));
    } else if stages.first().is_some_and(|s| s.kind != StageKind::Active) {
        errors.push(FieldError::new("stages", Msg::ErrFirstStageActive));
    } else if count(StageKind::Hired) != 1 || count(StageKind::Rejected) != 1 {
        errors.push(FieldError::new("stages", Msg::ErrHiredRejectedOnce));
    }
    crate::validation::collected(out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recruiting::default_stages;

    fn defaults() -> Vec<StageEdit> {
        default_stages()
            .into_iter()
            .enumerate()
            .map(|(i, (name, kind))| StageEdit { id: Some(i as i64 + 1), name, kind, candidates: 0 })
            .collect()
    }

    fn named(errors: &[FieldError]) -> Vec<(&str, Msg)> {
        errors.iter().map(|e| (e.field.as_str(), e.msg)).collect()
    }

    #[test]
    fn the_default_stages_pass_and_a_new_stage_takes_its_one_name_in_every_language() {
        assert_eq!(check_stages(&defaults()), Ok(defaults()));
        let mut stages = defaults();
        stages.insert(2, StageEdit { id: None, name: Labels::new("", " 과제 ", ""), kind: StageKind::Active, candidates: 0 });
        let checked = check_stages(&stages).unwrap();
        assert_eq!(checked[2].name, Labels::new("과제", "과제", "과제"));
        assert_eq!(checked.len(), 7);
    }

    #[test]
    fn each_problem_is_named_after_its_stage() {
        let mut stages = defaults();
        stages[1].name = Labels::new(" ", "", "");
        stages[2].name.ru = "С".repeat(41);
        stages[3].id = stages[0].id;
        let errors = check_stages(&stages).unwrap_err();
        assert_eq!(named(&errors), [("stage:1", Msg::ErrRequired), ("stage:2", Msg::ErrTooLong), ("stage:3", Msg::ErrBadReference)]);
    }

    #[test]
    fn the_board_keeps_a_start_one_hired_and_one_rejected_stage() {
        let whole = |stages: &[StageEdit]| named(&check_stages(stages).unwrap_err()).into_iter().map(|(_, m)| m).collect::<Vec<_>>();
        assert_eq!(whole(&[]), [Msg::ErrStageCount]);
        let mut too_many = defaults();
        too_many.extend((0..10).map(|_| StageEdit { id: None, name: Labels::new("x", "", ""), kind: StageKind::Active, candidates: 0 }));
        assert_eq!(whole(&too_many), [Msg::ErrStageCount]);
        let mut hired_first = defaults();
        hired_first.rotate_right(2);
        assert_eq!(whole(&hired_first), [Msg::ErrFirstStageActive]);
        let mut no_rejected = defaults();
        no_rejected.pop();
        assert_eq!(whole(&no_rejected), [Msg::ErrHiredRejectedOnce]);
        let mut two_hired = defaults();
        two_hired[3].kind = StageKind::Hired;
        assert_eq!(whole(&two_hired), [Msg::ErrHiredRejectedOnce]);
    }
}
