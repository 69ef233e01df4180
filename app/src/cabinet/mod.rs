//! The employee cabinet: requests and their approvals, protected personal data, leave and the
//! team calendar. (Server functions so far; the pages follow.)
pub mod api;
