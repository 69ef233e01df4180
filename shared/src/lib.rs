//! Pure domain types shared by the server and the browser: no I/O, builds for wasm32 and native.
pub mod api;
pub mod approvals;
pub mod audit;
pub mod cabinet;
pub mod files;
pub mod format;
pub mod i18n;
pub mod import;
pub mod leave;
pub mod model;
pub mod notifications;
pub mod outbox;
pub mod recruiting;
pub mod request_rules;
pub mod requests;
pub mod roles;
pub mod stored;
pub mod timesheets;
pub mod validation;
pub mod webhooks;

pub use i18n::{Locale, Msg};
pub use roles::Role;
