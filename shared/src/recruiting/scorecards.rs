//! Scorecards: ratings per criterion and an overall score, checked and summed up.
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// What a scorecard rates from 1 to 5 (stored by name in `scorecards.ratings`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Criterion {
        Skills = "skills",
        ProblemSolving = "problem_solving",
        Communication = "communication",
        Motivation = "motivation",
    }
}

impl Criterion {
    pub fn label(self) -> crate::Msg {
        match self {
            Criterion::Skills => crate::Msg::CritSkills,
            Criterion::ProblemSolving => crate::Msg::CritProblemSolving,
            Criterion::Communication => crate::Msg::CritCommunication,
            Criterion::Motivation => crate::Msg::CritMotivation,
        }
    }
}

/// An evaluator's scorecard: each criterion 1–5 (0: not rated) and an overall 0–100.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScorecardInput {
    pub candidate_id: i64,
    pub ratings: Vec<(Criterion, i64)>,
    pub overall: i64,
    pub note: String,
}

/// Checks a scorecard: 1–5 each (unrated ones left out), overall 0–100.
pub fn check_scorecard(input: &ScorecardInput) -> Result<Vec<(Criterion, i64)>, crate::validation::FieldError> {
    use crate::validation::FieldError;
    if !(0..=100).contains(&input.overall) {
        return Err(FieldError::new("overall", crate::Msg::ErrOverall));
    }
    let mut out = Vec::new();
    for &(key, value) in &input.ratings {
        match value {
            0 => {}
            1..=5 if !out.iter().any(|&(k, _)| k == key) => out.push((key, value)),
            _ => return Err(FieldError::new(key.as_str(), crate::Msg::ErrRating)),
        }
    }
    if input.note.chars().count() > 2000 {
        return Err(FieldError::new("note", crate::Msg::ErrTooLong));
    }
    Ok(out)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub evaluator: String,
    pub mine: bool,
    pub ratings: Vec<(Criterion, i64)>,
    pub overall: i64,
    pub note: String,
}

/// Scorecards summed up: the mean per criterion (over those who rated it) and overall.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreSummary {
    pub evaluators: usize,
    pub criteria: Vec<(Criterion, f64)>,
    pub overall: Option<f64>,
}

pub fn summarise(cards: &[Scorecard]) -> ScoreSummary {
    let mean = |values: Vec<i64>| (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64);
    let criteria = Criterion::ALL
        .into_iter()
        .filter_map(|c| {
            let values = cards.iter().filter_map(|s| s.ratings.iter().find(|&&(k, _)| k == c).map(|&(_, v)| v)).collect();
            mean(values).map(|m| (c, (m * 10.0).round() / 10.0))
        })
        .collect();
    ScoreSummary {
        evaluators: cards.len(),
        criteria,
        overall: mean(cards.iter().map(|s| s.overall).collect()).map(|m| (m * 10.0).round() / 10.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn scorecards_are_checked_and_summed_up_over_those_who_rated() {
        use Criterion::*;
        let input = |ratings: &[(Criterion, i64)], overall| ScorecardInput {
            candidate_id: 1,
            ratings: ratings.to_vec(),
            overall,
            note: String::new(),
        };
        assert_eq!(check_scorecard(&input(&[(Skills, 4), (Communication, 0)], 80)), Ok(vec![(Skills, 4)]));
        assert_eq!(check_scorecard(&input(&[(Skills, 6)], 80)).unwrap_err().field, "skills");
        // An unknown criterion never reaches the check: it does not decode.
        assert!(serde_json::from_str::<ScorecardInput>(r#"{"candidate_id":1,"ratings":[["charm",3]],"overall":80,"note":""}"#).is_err());
        assert_eq!(check_scorecard(&input(&[(Skills, 4), (Skills, 5)], 80)).unwrap_err().field, "skills", "rated once");
        assert_eq!(check_scorecard(&input(&[], 101)).unwrap_err().field, "overall");
        assert_eq!(check_scorecard(&input(&[], -1)).unwrap_err().field, "overall");
        let card = |ratings: &[(Criterion, i64)], overall| Scorecard {
            evaluator: String::new(),
            mine: false,
            ratings: ratings.to_vec(),
            overall,
            note: String::new(),
        };
        let s = summarise(&[card(&[(Skills, 4), (Communication, 3)], 70), card(&[(Skills, 5)], 85)]);
        assert_eq!(s.evaluators, 2);
        assert_eq!(s.criteria, vec![(Skills, 4.5), (Communication, 3.0)]);
        assert_eq!(s.overall, Some(77.5));
        assert_eq!(summarise(&[]), ScoreSummary { evaluators: 0, criteria: vec![], overall: None });
    }
}
