//! The organisation's structure: legal entities, departments, client companies and their sites.
pub mod api;
mod edit;
mod letterhead;
mod page;

pub use page::OrgPage;
