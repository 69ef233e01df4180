//! The employee cabinet: requests and their approvals, protected personal data, leave and the
//! team calendar.
mod announcements;
pub mod api;
mod certificates;
mod documents;
mod leave;
mod protected;
mod request_link;
mod request_rules;
mod request_types;
mod requests;

pub use announcements::Announcements;
pub use certificates::VerifyPage;
pub use documents::DocumentsPage;
pub use leave::LeavePage;
pub use protected::ProtectedData;
pub use request_link::RequestLinkPage;
pub use request_types::RequestTypesPage;
pub use requests::{InboxPage, RequestPage, RequestsPage};
