//! The employee cabinet: protected personal data, the request catalogue and its approvals
//! (through the general approval engine), leave balances and the team calendar.
pub mod announcements;
pub mod certificates;
pub mod documents;
pub mod leave;
pub mod requests;
pub mod secrets;
