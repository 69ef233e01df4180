//! Contractor timesheets: the month grid (contractor and foreman), the approver's queue and
//! timesheet page, the emailed-link approval page, the hours summary and holiday calendars.
pub mod api;
mod grid;
mod holidays;
mod link;
mod payroll;
mod queue;
mod review;
mod summary;
mod terms;

pub use grid::{CrewTimesheetsPage, MyTimesheetsPage};
pub use holidays::HolidaysPage;
pub use link::LinkApprovalPage;
pub use queue::ApprovalsPage;
pub use review::TimesheetPage;
pub use summary::SummaryPage;
pub use terms::TermsPage;

use shared::format::Date;

/// The current month as `YYYY-MM` (the server's clock while rendering, the browser's after).
pub fn this_month() -> String {
    today().month_key()
}

/// Today in the reader's time zone (in Seoul, not yesterday until 09:00).
pub fn today() -> Date {
    #[cfg(feature = "ssr")]
    let now = crate::backend::now();
    #[cfg(not(feature = "ssr"))]
    let now = {
        let ms = leptos::prelude::window().performance().map(|p| p.time_origin() + p.now()).unwrap_or_default();
        (ms / 1000.0) as i64
    };
    crate::zone::day(now)
}
