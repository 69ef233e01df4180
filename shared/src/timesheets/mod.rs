//! Contractor timesheets: entry codes, hours as typed, periods, validation rules and the data
//! the pages exchange with the server.
mod codes;
mod hours;
pub mod model;
pub mod payroll;
mod period;
pub mod rules;

pub use codes::{allowed, Code};
pub use hours::{format_cell, format_hours, parse_cell, parse_hours, Entry, DAY_MINUTES, STANDARD_DAY_MINUTES};
pub use period::{Period, PeriodKind};
