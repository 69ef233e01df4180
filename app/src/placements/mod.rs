//! Placements: which contractor works at which client site, under which foreman, at what rate.
pub mod api;
mod create;
mod edit;
mod list;

pub use list::PlacementsPage;
