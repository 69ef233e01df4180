//! The document shell, the router, the signed-in layout with role-based navigation, and the
//! 404 page.
pub mod conditions;
mod home;
mod nav;
mod pages;
pub mod posted;
mod stale;
pub mod upload;
pub mod widgets;
pub mod work;

use crate::i18n::{provide_locale, t};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::Page;
use shared::model::Viewer;
use shared::Msg;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The shell is rendered on the server only (the browser hydrates `App`).
    let locale = {
        #[cfg(feature = "ssr")]
        {
            crate::backend::request::locale()
        }
        #[cfg(not(feature = "ssr"))]
        {
            shared::Locale::default()
        }
    };
    // Link pages get no bundle (`pages::server_rendered`).
    let hydrates = {
        #[cfg(feature = "ssr")]
        {
            !pages::server_rendered(&crate::backend::request::path())
        }
        #[cfg(not(feature = "ssr"))]
        {
            true
        }
    };
    if !hydrates {
        provide_context(pages::NoBundle);
    }
    let stylesheet = format!("/{}/staffport.css", options.site_pkg_dir);
    // The page's language for the browser bundle, which carries no texts of its own: a file
    // fetched beside the modules, then cached (`backend::catalogs`).
    let catalog = {
        #[cfg(feature = "ssr")]
        {
            crate::backend::catalogs::href(locale)
        }
        #[cfg(not(feature = "ssr"))]
        {
            String::new()
        }
    };
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.ico"/>
                <link rel="stylesheet" href=stylesheet/>
                {hydrates.then(|| view! {
                    // `crossorigin`: the mode the bundle's fetch of it uses, or it is fetched twice.
                    <link rel="preload" r#as="fetch" crossorigin="anonymous" id="sp-messages" href=catalog/>
                    <stale::StoppedNotice locale/>
                    <HydrationScripts options/>
                })}
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
        <Title formatter=title_text text=t(Msg::AppName)/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=Page::Login ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view=Page::AcceptInvite ssr=SsrMode::Async/>
                <Route path=path!("/reset") view=Page::ResetRequest ssr=SsrMode::Async/>
                <Route path=path!("/reset/:token") view=Page::ResetPassword ssr=SsrMode::Async/>
                <Route path=path!("/approve/:token") view=Page::LinkApproval ssr=SsrMode::Async/>
                <Route path=path!("/decide/:token") view=Page::RequestLink ssr=SsrMode::Async/>
                <Route path=path!("/invitation/:token") view=Page::Invitation ssr=SsrMode::Async/>
                <Route path=path!("/verify/:number") view=Page::Verify ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=SignedInLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=Page::Home ssr=SsrMode::Async/>
                    <Route path=path!("people") view=Page::PeopleList ssr=SsrMode::Async/>
                    <Route path=path!("people/new") view=Page::InvitePerson ssr=SsrMode::Async/>
                    <Route path=path!("people/:id") view=Page::Person ssr=SsrMode::Async/>
                    <Route path=path!("profile") view=Page::Profile ssr=SsrMode::Async/>
                    <Route path=path!("notifications") view=Page::Notifications ssr=SsrMode::Async/>
                    <Route path=path!("organisations") view=Page::Organisations ssr=SsrMode::Async/>
                    <Route path=path!("org") view=Page::Org ssr=SsrMode::Async/>
                    <Route path=path!("integrations") view=Page::Integrations ssr=SsrMode::Async/>
                    <Route path=path!("import") view=Page::Import ssr=SsrMode::Async/>
                    <Route path=path!("placements") view=Page::Placements ssr=SsrMode::Async/>
                    <Route path=path!("timesheets") view=Page::MyTimesheets ssr=SsrMode::Async/>
                    <Route path=path!("timesheets/crew") view=Page::CrewTimesheets ssr=SsrMode::Async/>
                    <Route path=path!("timesheets/:id") view=Page::Timesheet ssr=SsrMode::Async/>
                    <Route path=path!("approvals") view=Page::Approvals ssr=SsrMode::Async/>
                    <Route path=path!("summary") view=Page::Summary ssr=SsrMode::Async/>
                    <Route path=path!("holidays") view=Page::Holidays ssr=SsrMode::Async/>
                    <Route path=path!("billing-terms") view=Page::BillingTerms ssr=SsrMode::Async/>
                    <Route path=path!("requests") view=Page::Requests ssr=SsrMode::Async/>
                    <Route path=path!("requests/:id") view=Page::Request ssr=SsrMode::Async/>
                    <Route path=path!("request-types") view=Page::RequestTypes ssr=SsrMode::Async/>
                    <Route path=path!("recruiting") view=Page::Jobs ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/reveals") view=Page::RevealLog ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/candidates") view=Page::Candidates ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/candidates/:id") view=Page::Candidate ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/:id") view=Page::Board ssr=SsrMode::Async/>
                    <Route path=path!("recruiting/:id/settings") view=Page::JobSettings ssr=SsrMode::Async/>
                    <Route path=path!("inbox") view=Page::Inbox ssr=SsrMode::Async/>
                    <Route path=path!("leave") view=Page::Leave ssr=SsrMode::Async/>
                    <Route path=path!("documents") view=Page::Documents ssr=SsrMode::Async/>
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
