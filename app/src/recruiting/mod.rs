//! Recruiting: the jobs list and each job's kanban board.
pub mod api;
mod board;
mod candidate;
mod jobs;

pub use board::BoardPage;
pub use candidate::CandidatePage;
pub use jobs::JobsPage;
