//! The recruiting board's data and its pure rules: stages, cards (contacts masked), ordering
//! within a column, and the live events other viewers of a board receive.

pub mod automation;
mod board;
mod candidates;
mod contacts;
mod fields;
mod invitations;
mod scorecards;
mod settings;
mod stages;
mod timeline;

pub use board::*;
pub use candidates::*;
pub use contacts::*;
pub use fields::{check_custom, check_fields, CustomField, CustomKind};
pub use invitations::*;
pub use scorecards::*;
pub use settings::{check_stages, JobSettings, StageEdit, TeamMember, MAX_STAGES};
pub use stages::*;
pub use timeline::*;
