//! Placements: which contractor works at which client site, under which foreman, at what rate.
pub mod api;
mod page;

pub use page::PlacementsPage;
