//! Recruiting: the jobs list and each job's kanban board.
pub mod api;
mod board;
mod candidate;
mod edit;
mod invitation;
mod jobs;
mod list;
mod reveals;
mod scorecards;
mod settings;

pub use board::BoardPage;
pub use candidate::CandidatePage;
pub use invitation::InvitationPage;
pub use jobs::JobsPage;
pub use list::CandidatesPage;
pub use reveals::RevealLogPage;
pub use settings::JobSettingsPage;

use crate::i18n::t;
use leptos::prelude::*;

/// The latest invitation's state as a coloured pill, with the accepted time.
fn invitation_badge(status: &str, slot: Option<&str>) -> impl IntoView {
    let class = match status {
        "confirmed" => "status status-active",
        "proposed" => "status status-invited",
        _ => "status status-deactivated",
    };
    let text = match slot {
        Some(s) => format!("{} · {}", t(shared::recruiting::invitation_label(status)), s.replace('T', " ")),
        None => t(shared::recruiting::invitation_label(status)).to_string(),
    };
    view! { <span class=class data-testid="invitation-badge" data-status=status.to_string()>{text}</span> }
}
