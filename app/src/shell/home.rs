use crate::i18n::{t, use_locale};
use crate::shell::use_viewer;
use crate::shell::widgets::ErrorNote;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::format::person_name;
use shared::Msg;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let viewer = use_viewer();
    let name = viewer.as_ref().map(|v| person_name(&v.family_name, &v.given_name, locale)).unwrap_or_default();
    let roles = viewer.map(|v| v.roles.iter().map(|r| view! { <li class="tag">{t(r.label())}</li> }).collect_view()).unwrap_or_default();
    view! {
        <Title text=t(Msg::NavHome)/>
        <h1 data-testid="welcome">{Msg::WelcomeName.fill(locale, &[("name", &name)])}</h1>
        <p class="lead">{t(Msg::HomeIntro)}</p>
        <Shortcuts/>
        <h2>{t(Msg::YourRoles)}</h2>
        <ul class="tags" data-testid="roles">{roles}</ul>
        <Notices/>
        <crate::notifications::reminders::MyReminders/>
        <crate::cabinet::Announcements/>
    }
}

/// The person's newest unread notifications; the rest are in the notification centre.
#[component]
fn Notices() -> impl IntoView {
    let data = Resource::new(|| (), |_| crate::notifications::api::notifications());
    let locale = use_locale();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list: Vec<_> = match data.await {
                    Ok(list) => list.into_iter().filter(|n| n.read_at.is_none()).take(5).collect(),
                    Err(error) => return view! { <ErrorNote error/> }.into_any(),
                };
                (!list.is_empty()).then(|| {
                    let items = list
                        .into_iter()
                        .map(|n| crate::notifications::notice_item(n, locale, |_| ()))
                        .collect_view();
                    view! {
                        <h2><a href="/notifications">{t(Msg::Notifications)}</a></h2>
                        <ul class="notices" data-testid="notices">{items}</ul>
                    }
                })
                .into_any()
            })}
        </Suspense>
    }
}

/// Where each role's daily work starts, one tap from home.
#[component]
fn Shortcuts() -> impl IntoView {
    let items = use_viewer().map(|v| super::nav::shortcuts(&v)).unwrap_or_default();
    (!items.is_empty()).then(|| {
        let links = items.into_iter().map(|(href, msg)| view! { <li><a class="button" href=href>{t(msg)}</a></li> }).collect_view();
        view! { <ul class="shortcuts" data-testid="shortcuts">{links}</ul> }
    })
}
