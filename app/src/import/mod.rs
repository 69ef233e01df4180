//! Importing people from payroll systems: upload, dry-run report, apply with progress, history.
pub mod api;
mod page;
mod report;

pub use page::ImportPage;
