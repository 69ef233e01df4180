//! Recruiting: the jobs list and each job's kanban board.
pub mod api;
mod board;
mod jobs;

pub use board::BoardPage;
pub use jobs::JobsPage;
