use crate::i18n::t;
use crate::shell::widgets::LocaleSwitch;
use leptos::prelude::*;
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
    }
    items.push(("/notifications", Msg::Notifications));
    items.push(("/profile", Msg::NavProfile));
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
    // What waits for the viewer, as badges on "Inbox" and "Approvals".
    let waiting = Resource::new(
        || (),
        move |_| async move {
            if counted {
                crate::cabinet::api::inbox_counts().await.unwrap_or_default()
            } else {
                shared::cabinet::InboxCounts::default()
            }
        },
    );
    let links = entries(&viewer)
        .into_iter()
        .map(|(href, msg)| {
            let badge = matches!(href, "/approvals" | "/inbox").then(|| {
                view! {
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let counts = waiting.await;
                            let (n, id) = if href == "/approvals" {
                                (counts.timesheets, "waiting-count")
                            } else {
                                (counts.requests + counts.documents + counts.todos, "inbox-count")
                            };
                            (n > 0).then(|| view! { <span class="badge" data-testid=id>{n}</span> })
                        })}
                    </Suspense>
                }
            });
            let unread = (href == "/notifications").then(|| view! { <crate::notifications::UnreadBadge/> });
            view! { <li><a href=href>{t(msg)}{badge}{unread}</a></li> }
        })
        .collect_view();
    view! {
        <header class="topbar">
            <a class="brand" href="/">{t(Msg::AppName)}</a>
            <span class="org">{viewer.org_name.clone()}</span>
            // A checkbox opens the menu on phones without needing JavaScript.
            <input type="checkbox" id="nav-toggle" class="nav-toggle"/>
            <label for="nav-toggle" class="nav-toggle-label">{t(Msg::NavMenu)}</label>
            <nav class="mainnav" aria-label=t(Msg::NavMenu)>
                <ul>{links}</ul>
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
