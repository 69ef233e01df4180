//! "Remind me": a person's own reminder about something they can open, at a local day and time,
//! with a note.
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// What a reminder is about.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum About {
        Candidate = "candidate",
        Request = "request",
        Timesheet = "timesheet",
        Person = "person",
        Document = "document",
    }
}

impl About {
    /// The page a reminder of this kind opens.
    pub fn path(self, id: i64) -> String {
        match self {
            About::Candidate => format!("/recruiting/candidates/{id}"),
            About::Request => format!("/requests/{id}"),
            About::Timesheet => format!("/timesheets/{id}"),
            About::Person => format!("/people/{id}"),
            About::Document => "/documents".to_string(),
        }
    }
}

/// A reminder to set: `at` as the form gives it (`YYYY-MM-DDTHH:MM`, the person's local time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderInput {
    pub about: About,
    pub id: i64,
    pub at: String,
    pub note: String,
}

/// A reminder not gone off yet, as the home page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderView {
    pub id: i64,
    pub about: About,
    /// Its name when it was set (a candidate's, a request type's, a document's title).
    pub label: String,
    pub link: String,
    pub note: String,
    /// The instant (UTC seconds).
    pub at: i64,
}

/// Longest note kept.
pub const NOTE_MAX: usize = 500;
