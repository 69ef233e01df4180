//! Importing people from payroll systems (1C:ZUP, Douzone, spreadsheets): the columns and
//! presets, the values as those files write them, and the report of a run. Pure rules; the
//! server reads files and writes the database (`app::backend::import`).
pub mod fields;
pub mod report;
pub mod values;

pub use fields::{Field, Preset};
pub use report::{Counts, Invite, Mode, OnErrors, Outcome, Problem, ReportRow, RowProblem, RunStatus};
