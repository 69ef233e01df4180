//! The board: jobs, cards (contacts masked), moves, and the live events other viewers of a
//! board receive.
use super::{CustomField, EventKind, InvitationStatus, StageView};
use crate::model::row;
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// Whether a job is recruiting (`jobs.status`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum JobStatus {
        Open = "open",
        OnHold = "on_hold",
        Closed = "closed",
    }
}

row! {
    /// A job on the list of jobs.
    pub struct JobLine {
        pub id: i64,
        pub title: String,
        pub status: JobStatus,
        pub candidates: i64,
    }
}

row! {
    /// A card on the board: the key facts, contacts masked.
    pub struct CardView {
        pub id: i64,
        pub version: i64,
        pub stage_id: i64,
        pub position: f64,
        pub full_name: String,
        pub source: String,
        pub tags: String,
        pub phone_masked: String,
        pub email_masked: String,
        pub updated_at: i64,
        /// The latest invitation's status and chosen time, if any.
        pub invitation: Option<InvitationStatus>,
        pub invitation_slot: Option<String>,
        /// The other time the candidate proposed, while the invitation is open.
        pub invitation_proposal: Option<String>,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub job_id: i64,
    pub title: String,
    /// The job's own candidate fields.
    pub fields: Vec<CustomField>,
    pub stages: Vec<StageView>,
    pub cards: Vec<CardView>,
    /// Whether the caller may reveal contacts.
    pub may_reveal: bool,
    /// Whether the caller may change the job's settings.
    pub may_manage: bool,
}

/// Moving a card: to a stage, between two cards of that column (None: an end).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveInput {
    pub candidate_id: i64,
    pub version: i64,
    pub to_stage_id: i64,
    pub after_id: Option<i64>,
    pub before_id: Option<i64>,
}

/// What the viewers of a board hear about: they reload the board (or the card).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardEvent {
    pub job_id: i64,
    pub candidate_id: i64,
    pub kind: BoardChange,
    pub actor_id: i64,
}

/// What changed on a board: something that happened to a candidate, or the stages themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardChange {
    Candidate(EventKind),
    Stages,
}

impl From<EventKind> for BoardChange {
    fn from(kind: EventKind) -> BoardChange {
        BoardChange::Candidate(kind)
    }
}
