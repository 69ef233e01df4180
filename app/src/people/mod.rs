//! The people directory: list and search, a person's page, invitations, the own profile.
pub mod api;
pub mod form;
mod invitation;
mod invite;
mod list;
mod person;

pub use invite::InvitePage;
pub use list::PeopleListPage;
pub use person::{PersonPage, ProfilePage};
