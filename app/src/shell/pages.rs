//! Every page but the shell is a lazy route. Pages are grouped into areas, and each area is one
//! split point: its code (and code only it uses) goes into WASM modules the browser fetches
//! with the page (the server preloads the modules of the area it renders) or on the first
//! navigation into the area. One split point per page would cut the bundle into a module for
//! every distinct set of pages sharing a function: 35 pages made about 900 modules, each a
//! request. The link pages people open from a message are served without the bundle
//! (`server_rendered`), and the browser's router loads them from the server too.
//! A page added later joins an area here.
use leptos::prelude::*;
use leptos_router::ChooseView;

/// The pages people open from a message or before signing in: sign-in, password reset,
/// invitation acceptance, the approval link, the candidate's invitation reply and certificate
/// verification. Each is a form posted to the server (they must work without JavaScript
/// anyway), so they are served as plain HTML with no bundle: a phone on a slow network gets a
/// working page in one round trip instead of fetching the framework first. Their routes stay in
/// the router: an in-app link to one loads it from the server.
#[cfg(feature = "ssr")]
const SERVER_RENDERED: [&str; 7] = ["/login", "/reset", "/invite", "/approve", "/decide", "/invitation", "/verify"];

#[cfg(feature = "ssr")]
pub fn server_rendered(path: &str) -> bool {
    SERVER_RENDERED.iter().any(|page| path.strip_prefix(page).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

/// In the context of a server-rendered page: it names no modules to preload.
#[derive(Clone, Copy)]
pub struct NoBundle;

/// `show!(page, Page => component, …)`: the view of `page` if it is one of these pages.
macro_rules! show {
    ($page:expr, $($variant:ident => $component:path),*) => {
        match $page {
            $(Page::$variant => {
                use $component as Shown;
                view! { <Shown/> }.into_any()
            })*
            _ => ().into_any(),
        }
    };
}

/// `pages! { server { Page => component, … } area fn_name, preload_fn_name { Page => component, … } … }`:
/// the `Page` every route shows, the lazy function rendering each area's pages, and how a page
/// is chosen and preloaded. One route type for every page: the router's code for a route
/// (choosing, preloading, erasing the view) is generic over it, and a type per page put 37
/// copies of it into the main module every signed-in page loads (42 KB raw, 1 KB brotli).
macro_rules! pages {
    (
        server { $($server:ident => $server_page:path),* $(,)? }
        $(area $area:ident, $preload:ident { $($route:ident => $page:path),* $(,)? })*
    ) => {
        /// A page the router shows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Page { $($server,)* $($($route,)*)* }

        impl ChooseView for Page {
            async fn choose(self) -> AnyView {
                match self {
                    $(Page::$server)|* => self.server_rendered(),
                    $($(Page::$route)|* => {
                        #[cfg(feature = "ssr")]
                        if use_context::<NoBundle>().is_none() {
                            crate::backend::bundle::preload(stringify!($area));
                        }
                        $area(self).await
                    })*
                }
            }

            async fn preload(&self) {
                match self {
                    $(Page::$server)|* => {}
                    $($(Page::$route)|* => {
                        // The preload function exists where the bundle is split.
                        #[cfg(target_arch = "wasm32")]
                        $preload().await;
                    })*
                }
            }
        }

        impl Page {
            /// A page the server renders; the browser's router hands it back to the server
            /// (a full page load) when an in-app link leads to one.
            fn server_rendered(self) -> AnyView {
                #[cfg(feature = "ssr")]
                {
                    show!(self, $($server => $server_page),*)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    load_from_server();
                    ().into_any()
                }
            }
        }

        $(
            #[leptos::lazy]
            fn $area(page: Page) -> AnyView {
                show!(page, $($route => $page),*)
            }
        )*
    };
}

/// The router is navigating to a page only the server renders: the browser loads it instead.
/// The router has already put the address in the history, so the load replaces that entry
/// (Back returns to the page the link was on, as the browser test checks).
#[cfg(not(feature = "ssr"))]
fn load_from_server() {
    let location = leptos_router::hooks::use_location();
    let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
    let here = if query.is_empty() { path } else { format!("{path}?{query}") };
    let _ = window().location().replace(&here);
}

pages! {
    // The link pages are always loaded from the server, also when a link inside the app leads
    // to one (a certificate's check, say): none of their code is in the bundle, and the areas
    // left share code in fewer ways, so a page fetches fewer, larger modules.
    server {
        Login => crate::auth::LoginPage,
        AcceptInvite => crate::auth::AcceptInvitePage,
        ResetRequest => crate::auth::ResetRequestPage,
        ResetPassword => crate::auth::ResetPasswordPage,
        LinkApproval => crate::timesheets::LinkApprovalPage,
        RequestLink => crate::cabinet::RequestLinkPage,
        Invitation => crate::recruiting::InvitationPage,
        Verify => crate::cabinet::VerifyPage,
    }
    area home, __preload_home { Home => super::home::HomePage }
    area people, __preload_people {
        PeopleList => crate::people::PeopleListPage,
        InvitePerson => crate::people::InvitePage,
        Person => crate::people::PersonPage,
        Profile => crate::people::ProfilePage,
        Notifications => crate::notifications::NotificationsPage,
        Organisations => crate::auth::OrganisationsPage,
        Org => crate::org::OrgPage,
        Import => crate::import::ImportPage,
        Placements => crate::placements::PlacementsPage,
        Integrations => crate::integrations::IntegrationsPage,
    }
    // The grids contractors and foremen fill on a phone every day, apart from the pages of
    // those who review them (the queue opens timesheets, so one timesheet goes with the queue).
    area timesheets, __preload_timesheets {
        MyTimesheets => crate::timesheets::MyTimesheetsPage,
        CrewTimesheets => crate::timesheets::CrewTimesheetsPage,
    }
    area approvals, __preload_approvals {
        Approvals => crate::timesheets::ApprovalsPage,
        Timesheet => crate::timesheets::TimesheetPage,
        Summary => crate::timesheets::SummaryPage,
        Holidays => crate::timesheets::HolidaysPage,
        BillingTerms => crate::timesheets::TermsPage,
    }
    area cabinet, __preload_cabinet {
        Requests => crate::cabinet::RequestsPage,
        Request => crate::cabinet::RequestPage,
        RequestTypes => crate::cabinet::RequestTypesPage,
        Inbox => crate::cabinet::InboxPage,
        Leave => crate::cabinet::LeavePage,
        Documents => crate::cabinet::DocumentsPage,
    }
    // The board is where a recruiter's day starts, apart from the rest of recruiting.
    area board, __preload_board { Board => crate::recruiting::BoardPage }
    area recruiting, __preload_recruiting {
        Jobs => crate::recruiting::JobsPage,
        RevealLog => crate::recruiting::RevealLogPage,
        Candidates => crate::recruiting::CandidatesPage,
        Candidate => crate::recruiting::CandidatePage,
        JobSettings => crate::recruiting::JobSettingsPage,
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn link_pages_are_server_rendered_and_nothing_else() {
        for path in ["/login", "/reset", "/reset/abc", "/invite/abc", "/approve/abc", "/decide/abc", "/invitation/abc", "/verify/C-1"] {
            assert!(super::server_rendered(path), "{path}");
        }
        for path in ["/", "/timesheets", "/loginx", "/invitations", "/recruiting/1", "/people/1"] {
            assert!(!super::server_rendered(path), "{path}");
        }
    }
}
