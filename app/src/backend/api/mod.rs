//! The REST API's own machinery: tokens, idempotent POSTs, page cursors, and the resources'
//! API shapes. The handlers are the server's (`server/src/api`); every resource call goes to
//! the same service, with the same policy checks, as the pages do — the token only narrows
//! what its owner may do.
pub mod cursor;
pub mod idempotency;
pub mod imports;
pub mod org;
pub mod people;
pub mod recruiting;
pub mod requests;
pub mod schema;
pub mod timesheets;
pub mod tokens;

pub use tokens::ApiCaller;
