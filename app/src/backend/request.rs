//! What the server layers learned about a request (who, which locale, from where), and the one
//! wrapper every server function runs its body in.
use super::{Backend, BackendError, Db};
use crate::AppError;
use shared::model::Viewer;
use shared::{Locale, Role};
use std::future::Future;

/// The signed-in person making the request, resolved from the session cookie.
#[derive(Clone, Debug)]
pub struct Caller {
    pub person_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub family_name: String,
    pub given_name: String,
    /// None for someone who signs in with their phone number.
    pub email: Option<String>,
    pub roles: Vec<Role>,
    pub locale: Option<Locale>,
    pub department_id: Option<i64>,
    pub legal_entity_id: Option<i64>,
    pub client_company_id: Option<i64>,
    pub session_hash: String,
    /// Unread notifications when the request came in (the navigation's badge).
    pub unread_notices: i64,
    /// Organisations the person's account works in.
    pub org_count: i64,
    /// Their own time zone, else their organisation's.
    pub zone: super::zone::Zone,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn viewer(&self, locale: Locale) -> Viewer {
        Viewer {
            id: self.person_id,
            org_name: self.org_name.clone(),
            family_name: self.family_name.clone(),
            given_name: self.given_name.clone(),
            email: self.email.clone(),
            roles: self.roles.clone(),
            locale,
            unread_notices: self.unread_notices,
            time_zone: self.zone.name().to_string(),
            org_count: self.org_count,
        }
    }
}

/// The locale chosen for this request (person's setting, cookie, Accept-Language).
#[derive(Clone, Copy, Debug)]
pub struct RequestLocale(pub Locale);

/// The client's address as the server saw it.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

fn parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}

pub fn caller() -> Option<Caller> {
    parts().and_then(|p| p.extensions.get::<Caller>().cloned())
}

pub fn locale() -> Locale {
    parts().and_then(|p| p.extensions.get::<RequestLocale>().map(|l| l.0)).unwrap_or_default()
}

/// The path of the page being rendered.
pub fn path() -> String {
    parts().map(|p| p.uri.path().to_string()).unwrap_or_default()
}

pub fn client_addr() -> Option<String> {
    parts().and_then(|p| p.extensions.get::<ClientAddr>().map(|a| a.0.clone()))
}

/// What a server function body gets: the backend and whoever is calling.
#[derive(Clone)]
pub struct Ctx {
    pub backend: Backend,
    pub caller: Option<Caller>,
    pub client_addr: Option<String>,
    pub locale: Locale,
}

impl Ctx {
    pub fn db(&self) -> &Db {
        &self.backend.db
    }

    /// The caller, or `Unauthorized` for anonymous requests.
    pub fn signed_in(&self) -> Result<&Caller, BackendError> {
        self.caller.as_ref().ok_or(BackendError::Public(AppError::Unauthorized))
    }
}

/// Runs a server function body: builds its context, and maps its error to what the caller sees,
/// with the matching HTTP status. Internal errors are logged here, once.
pub async fn serve<T, F, Fut>(body: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = Result<T, BackendError>>,
{
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
    let result = match leptos::prelude::use_context::<Backend>() {
        Some(backend) => {
            let ctx = Ctx { backend, caller: caller(), client_addr: client_addr(), locale: locale() };
            body(ctx).await
        }
        None => Err(BackendError::Internal("backend missing from context".into())),
    };
    result.map_err(|e| {
        let err = e.into_app_error();
        if let (Some(response), Ok(status)) = (response, http::StatusCode::from_u16(err.status())) {
            response.set_status(status);
        }
        err
    })
}

/// This response's script nonce, shared by every render pass of the request and read by the
/// security layer, which sets the Content-Security-Policy on HTML responses. (A nonce made per
/// pass, with the header set through Leptos's `ResponseOptions`, sometimes left the header and
/// the scripts with different nonces, and the hydration scripts blocked.)
#[derive(Clone, Debug, Default)]
pub struct NonceSlot(pub std::sync::Arc<std::sync::Mutex<Option<leptos::nonce::Nonce>>>);

impl NonceSlot {
    pub fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|n| n.as_ref().map(|n| n.to_string()))
    }
}

/// Provides the request's nonce to this render pass: the one already made for the request, or
/// a new one (called from the request context).
pub fn provide_request_nonce() {
    let slot = parts().and_then(|p| p.extensions.get::<NonceSlot>().cloned());
    let Some(slot) = slot else {
        leptos::nonce::provide_nonce();
        return;
    };
    let Ok(mut held) = slot.0.lock() else {
        leptos::nonce::provide_nonce();
        return;
    };
    match held.as_ref() {
        Some(nonce) => leptos::prelude::provide_context(nonce.clone()),
        None => {
            leptos::nonce::provide_nonce();
            *held = leptos::nonce::use_nonce();
        }
    }
}

/// The policy of a page: only scripts carrying its nonce run.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}
