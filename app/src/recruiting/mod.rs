//! Recruiting: the jobs list and each job's kanban board.
pub mod api;
mod board;
mod candidate;
mod edit;
mod invitation;
mod jobs;
mod list;
mod live;
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
use shared::recruiting::InvitationStatus;
use shared::Msg;

/// The latest invitation's state as a coloured pill, with the accepted time or the time the
/// candidate proposed instead.
fn invitation_badge(status: InvitationStatus, slot: Option<&str>, proposal: Option<&str>) -> impl IntoView {
    let class = match status {
        InvitationStatus::Confirmed => "status status-active",
        InvitationStatus::Proposed => "status status-invited",
        InvitationStatus::Declined | InvitationStatus::Cancelled => "status status-deactivated",
    };
    let label = t(status.label());
    let text = match (slot, proposal) {
        (Some(s), _) => format!("{label} · {}", shared::format::date_time_text(s, crate::i18n::use_locale())),
        (None, Some(p)) if status == InvitationStatus::Proposed => format!("{label} · {}", t(Msg::InvProposal).replace("{text}", p)),
        _ => label.to_string(),
    };
    view! { <span class=class data-testid="invitation-badge" data-status=status.as_str()>{text}</span> }
}
