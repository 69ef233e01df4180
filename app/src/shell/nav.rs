use crate::i18n::t;
use crate::shell::widgets::LocaleSwitch;
use leptos::prelude::*;
use shared::cabinet::InboxCounts;
use shared::format::person_name;
use shared::model::Viewer;
use shared::{Msg, Role};

/// The navigation entries a person sees, by role. The server checks every page's data anyway.
pub fn entries(viewer: &Viewer) -> Vec<(&'static str, Msg)> {
    let mut items = vec![("/", Msg::NavHome)];
    if viewer.is_staff_manager() {
        items.push(("/people", Msg::NavPeople));
        items.push(("/org", Msg::NavOrganisation));
    }
    if viewer.is_staff_manager() || [Role::ClientManager, Role::Foreman, Role::Contractor].iter().any(|r| viewer.has(*r)) {
        items.push(("/placements", Msg::NavPlacements));
    }
    if viewer.has(Role::Employee) {
        items.push(("/requests", Msg::NavRequests));
        items.push(("/inbox", Msg::NavInbox));
        items.push(("/leave", Msg::NavLeave));
        items.push(("/documents", Msg::NavDocuments));
    }
    if viewer.has(Role::Recruiter) || viewer.has(Role::Admin) {
        items.push(("/recruiting", Msg::NavRecruiting));
    }
    if viewer.has(Role::Contractor) {
        items.push(("/timesheets", Msg::NavTimesheets));
    }
    if viewer.has(Role::Foreman) {
        items.push(("/timesheets/crew", Msg::NavCrew));
    }
    if is_approver(viewer) {
        items.push(("/approvals", Msg::NavApprovals));
    }
    if is_approver(viewer) || viewer.has(Role::Foreman) {
        items.push(("/summary", Msg::NavSummary));
    }
    if viewer.has(Role::Admin) {
        items.push(("/billing-terms", Msg::NavTerms));
        items.push(("/holidays", Msg::NavHolidays));
        items.push(("/request-types", Msg::NavRequestTypes));
        items.push(("/integrations", Msg::NavIntegrations));
    }
    items.push(("/notifications", Msg::Notifications));
    items.push(("/profile", Msg::NavProfile));
    items
}

/// The home page's shortcuts to each role's daily work (the navigation lists everything).
pub fn shortcuts(viewer: &Viewer) -> Vec<(&'static str, Msg)> {
    let mut items = Vec::new();
    if viewer.has(Role::Contractor) {
        items.push(("/timesheets", Msg::HomeFillTimesheet));
    }
    if viewer.has(Role::Foreman) {
        items.push(("/timesheets/crew", Msg::HomeCrewHours));
    }
    if is_approver(viewer) {
        items.push(("/approvals", Msg::HomeApprovals));
    }
    if viewer.has(Role::Employee) {
        items.push(("/requests?type=vacation", Msg::RequestLeave));
        items.push(("/inbox", Msg::HomeInbox));
    }
    if viewer.has(Role::Recruiter) {
        items.push(("/recruiting", Msg::HomeRecruiting));
    }
    items
}

/// Provider managers and client managers approve timesheets.
fn is_approver(viewer: &Viewer) -> bool {
    viewer.is_staff_manager() || viewer.has(Role::ClientManager)
}

#[component]
pub fn Nav(viewer: Viewer) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    let name = person_name(&viewer.family_name, &viewer.given_name, locale);
    let counted = is_approver(&viewer) || viewer.has(Role::Employee);
    // What waits for the viewer, as badges on "Inbox" and "Approvals": one resource read in one
    // boundary only (Leptos' SSR can stall when one is read in two, leptos-rs/leptos#4851).
    let waiting = Resource::new(super::work::WorkTick::tracker(), move |_| async move {
        if counted {
            crate::cabinet::api::inbox_counts().await.unwrap_or_default()
        } else {
            InboxCounts::default()
        }
    });
    let unread = crate::notifications::use_unread(viewer.unread_notices);
    let entries = StoredValue::new(entries(&viewer));
    let links = move |counts: InboxCounts| {
        entries
            .get_value()
            .into_iter()
            .map(|(href, msg)| {
                let badge = match href {
                    "/approvals" => (counts.timesheets > 0)
                        .then(|| view! { <span class="badge" data-testid="waiting-count">{counts.timesheets}</span> }.into_any()),
                    "/inbox" => {
                        let n = counts.requests + counts.documents + counts.todos;
                        (n > 0).then(|| view! { <span class="badge" data-testid="inbox-count">{n}</span> }.into_any())
                    }
                    "/notifications" => Some((move || crate::notifications::unread_badge(unread.get(), locale)).into_any()),
                    _ => None,
                };
                view! { <li><a href=href>{t(msg)}{badge}</a></li> }
            })
            .collect_view()
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/">{t(Msg::AppName)}</a>
            // The organisation worked in; with more than one, it leads to the switcher.
            {if viewer.org_count > 1 {
                view! { <a class="org" href="/organisations" title=t(Msg::SwitchOrganisation) data-testid="org-switch">{viewer.org_name.clone()}</a> }.into_any()
            } else {
                view! { <span class="org">{viewer.org_name.clone()}</span> }.into_any()
            }}
            // A checkbox opens the menu on phones without needing JavaScript.
            <input type="checkbox" id="nav-toggle" class="nav-toggle" aria-label=t(Msg::NavMenu)/>
            <label for="nav-toggle" class="nav-toggle-label">{t(Msg::NavMenu)}</label>
            <nav class="mainnav" aria-label=t(Msg::NavMenu)>
                <ul>
                    <Transition fallback=move || links(InboxCounts::default())>
                        {move || Suspend::new(async move { links(waiting.await) })}
                    </Transition>
                </ul>
                <div class="who">
                    <span class="person-name" data-testid="viewer-name">{name}</span>
                    <form method="post" action="/auth/logout">
                        <button type="submit" class="link">{t(Msg::SignOut)}</button>
                    </form>
                </div>
                <LocaleSwitch/>
            </nav>
        </header>
    }
}
