//! The document shell, the router, the signed-in layout with role-based navigation, and the
//! 404 page.
mod home;
mod nav;
pub mod posted;
pub mod upload;
pub mod widgets;
pub mod work;

use crate::i18n::{provide_locale, t};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use shared::model::Viewer;
use shared::Msg;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = {
        #[cfg(feature = "ssr")]
        {
            crate::backend::request::locale().code()
        }
        #[cfg(not(feature = "ssr"))]
        {
            "en"
        }
    };
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.ico"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The signed-in person, computed on the server from the session and handed to the browser
/// with the hydration data.
pub fn use_viewer() -> Option<Viewer> {
    use_context::<Option<Viewer>>().flatten()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = provide_locale();
    let viewer = SharedValue::new(move || {
        #[cfg(feature = "ssr")]
        {
            crate::backend::request::caller().map(|c| c.viewer(locale))
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = locale;
            None::<Viewer>
        }
    })
    .into_inner();
    provide_context(viewer);
    view! {
        <Stylesheet id="leptos" href="/pkg/staffport.css"/>
        <Title formatter=title_text text=t(Msg::AppName)/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=crate::auth::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view=crate::auth::AcceptInvitePage ssr=SsrMode::Async/>
                <Route path=path!("/reset") view=crate::auth::ResetRequestPage ssr=SsrMode::Async/>
                <Route path=path!("/reset/:token") view=crate::auth::ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/approve/:token") view=crate::timesheets::LinkApprovalPage ssr=SsrMode::Async/>
                <Route path=path!("/invitation/:token") view=crate::recruiting::InvitationPage ssr=SsrMode::Async/>
                <Route path=path!("/verify/:number") view=crate::cabinet::VerifyPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=SignedInLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("people") view=crate::people::PeopleListPage ssr=SsrMode::Async/>
                    <Route path=path!("people/new") view=crate::people::InvitePage ssr=SsrMode::Async/>
                    <Route path=path!("people/:id") view=crate::people::PersonPage ssr=SsrMode::Async/>
                    <Route path=path!("profile") view=crate::people::ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("notifications") view=crate::notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("organisations") view=crate::auth::OrganisationsPage ssr=SsrMode::Async/>
                    <Route path=path!("org") view=crate::org::OrgPage ssr=SsrMode::Async/>
                    <Route path=path!("placements") view=crate::placements::PlacementsPage ssr=SsrMode::Async/>
                    <Route path=path!("timesheets") view=crate::timesheets::MyTimesheetsPage ssr=SsrMode::Async/>
                    <Route path=path!("timesheets/crew") view=crate::timesheets::CrewTimesheetsPage ssr=SsrMode::Async/>
                    <Route path=path!("timesheets/:id") view=crate::timesheets::TimesheetPage ssr=SsrMode::Async/>
                    <Route path=path!("approvals") view=crate::timesheets::ApprovalsPage ssr=SsrMode::Async/>
                    <Route path=path!("summary") view=crate::timesheets::SummaryPage ssr=SsrMode::Async/>
                    <Route path=path!("holidays") view=crate::timesheets::HolidaysPage ssr=SsrMode::Async/>
                    <Route path=path!("billing-terms") view=crate::timesheets::TermsPage ssr=SsrMode::Async/>
                    <Route path=path!("requests") view=crate::cabinet::RequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("requests/:id") view=crate::cabinet::RequestPage ssr=SsrMode::Async/>
                    <Route path=path!("request-types") view=crate::cabinet::RequestTypesPage ssr=SsrMode::Async/>
                    <Route path=path!("recruiting") view=crate::recruiting::JobsPage ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/reveals") view=crate::recruiting::RevealLogPage ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/candidates") view=crate::recruiting::CandidatesPage ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/candidates/:id") view=crate::recruiting::CandidatePage ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/:id") view=crate::recruiting::BoardPage ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/:id/settings") view=crate::recruiting::JobSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("inbox") view=crate::cabinet::InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("leave") view=crate::cabinet::LeavePage ssr=SsrMode::Async/>
                    <Route path=path!("documents") view=crate::cabinet::DocumentsPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Every page's `<title>` passes through here. leptos_meta writes the server-rendered title
/// verbatim, so stored text in it (a candidate's or job's name) could close the element and
/// inject markup; in the browser `document.title` takes plain text, so nothing is escaped there.
fn title_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(&text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// The sign-in page, asked to come back to `path` (with its query) afterwards.
pub fn sign_in_then(path: &str) -> String {
    if path.is_empty() || path == "/" {
        return "/login".into();
    }
    let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
    format!("/login?next={next}")
}

/// Pages behind sign-in: anonymous visitors are sent to the sign-in page, which brings them
/// back here afterwards. On the server that is a real 303 (a browser without JavaScript follows
/// it; a `Location` header on a 200 would leave it on an empty page).
#[component]
fn SignedInLayout() -> impl IntoView {
    match use_viewer() {
        None => {
            let location = leptos_router::hooks::use_location();
            let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
            let here = if query.is_empty() { path } else { format!("{path}?{query}") };
            let target = sign_in_then(&here);
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::SEE_OTHER);
                if let Ok(value) = http::HeaderValue::from_str(&target) {
                    response.insert_header(http::header::LOCATION, value);
                }
            }
            view! { <Redirect path=target/> }.into_any()
        }
        Some(viewer) => {
            crate::notifications::NoticeTick::provide();
            work::WorkTick::provide();
            view! {
            <div class="app">
                <nav::Nav viewer/>
                <main class="content" id="main">
                    <Outlet/>
                </main>
            </div>
            }
            .into_any()
        }
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t(Msg::NotFoundTitle)/>
        <div class="status-page">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundBody)}</p>
            <a class="button" href="/">{t(Msg::BackHome)}</a>
        </div>
    }
}
