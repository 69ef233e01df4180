//! The organisation's structure: legal entities, departments, client companies and their sites.
pub mod api;
mod edit;
mod letterhead;
mod page;
mod settings;

pub use page::OrgPage;
