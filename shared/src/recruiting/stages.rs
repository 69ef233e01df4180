//! A job's stages: their kinds, the stages a new job starts with, and the order of cards in a
//! column.
use super::CandidateStatus;
use crate::i18n::Labels;
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum StageKind {
        /// Still in the process.
        Active = "active",
        /// The end: hired.
        Hired = "hired",
        /// Aside: rejected.
        Rejected = "rejected",
    }
}

impl StageKind {
    pub fn label(self) -> crate::Msg {
        match self {
            StageKind::Active => crate::Msg::StageActive,
            StageKind::Hired => crate::Msg::StageHired,
            StageKind::Rejected => crate::Msg::StageRejected,
        }
    }
}

/// The stages a new job starts with: applied, screening, interview, offer, hired; rejected aside.
pub fn default_stages() -> Vec<(Labels, StageKind)> {
    vec![
        (Labels::new("Applied", "지원", "Отклик"), StageKind::Active),
        (Labels::new("Screening", "서류 검토", "Скрининг"), StageKind::Active),
        (Labels::new("Interview", "면접", "Собеседование"), StageKind::Active),
        (Labels::new("Offer", "처우 협의", "Оффер"), StageKind::Active),
        (Labels::new("Hired", "입사 확정", "Принят"), StageKind::Hired),
        (Labels::new("Rejected", "불합격", "Отказ"), StageKind::Rejected),
    ]
}

impl StageKind {
    /// The status of a candidate placed in a stage of this kind.
    pub fn candidate_status(self) -> CandidateStatus {
        if self == StageKind::Active {
            CandidateStatus::Active
        } else {
            CandidateStatus::Closed
        }
    }
}

/// Where a card dropped between `before` and `after` (their positions, None at an end) goes:
/// the midpoint, so a move writes one row. Positions only order cards within a column.
pub fn position_between(before: Option<f64>, after: Option<f64>) -> f64 {
    match (before, after) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        (Some(a), None) => a + 1.0,
        (None, Some(b)) => b - 1.0,
        (None, None) => 0.0,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageView {
    pub id: i64,
    pub name: Labels,
    pub kind: StageKind,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_dropped_card_takes_the_midpoint() {
        assert_eq!(position_between(Some(1.0), Some(2.0)), 1.5);
        assert_eq!(position_between(Some(3.0), None), 4.0);
        assert_eq!(position_between(None, Some(0.0)), -1.0);
        assert_eq!(position_between(None, None), 0.0);
        // Fifty drops into the same gap still order strictly.
        let (mut lo, hi) = (1.0, 2.0);
        for _ in 0..50 {
            let mid = position_between(Some(lo), Some(hi));
            assert!(lo < mid && mid < hi);
            lo = mid;
        }
    }
    #[test]
    fn six_default_stages_end_in_hired_and_rejected() {
        let stages = default_stages();
        assert_eq!(stages.len(), 6);
        assert_eq!(stages[4].1, StageKind::Hired);
        assert_eq!(stages[5].1, StageKind::Rejected);
        for (_, k) in &stages {
            assert_eq!(StageKind::parse(k.as_str()), Some(*k));
        }
    }
}
