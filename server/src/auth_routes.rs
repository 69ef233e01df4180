//! Form posts of the sign-in pages. Plain HTML forms (no JavaScript needed): success redirects,
//! failure re-renders the page with a translated message and the right status code.
use crate::form_post::{client_addr, failure_status, read_form, render};
use crate::session_layer::{cookie, LOCALE_COOKIE};
use crate::AppState;
use app::auth::FormOutcome;
use app::backend::request::Caller;
use app::backend::{auth, sessions, tokens};
use app::AppError;
use axum::extract::{Path, Request, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shared::{Locale, Msg};

fn redirect(to: &str, cookies: &[String]) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn session_cookie(state: &AppState, token: &str, max_age: i64) -> String {
    let secure = if state.backend.config.secure_cookies() { "; Secure" } else { "" };
    format!("{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}", sessions::COOKIE)
}

/// Ends the session the request came with, if any (used at sign-in so the id always changes).
async fn end_current_session(state: &AppState, parts: &Parts) {
    if let Some(token) = cookie(&parts.headers, sessions::COOKIE) {
        let _ = sessions::revoke(&state.backend.db, &tokens::hash(token)).await;
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The page that sent the person to sign in (a deep link), to return to.
    #[serde(default)]
    next: String,
}

pub async fn login(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = match read_form::<LoginForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let addr = client_addr(&parts);
    let result = match auth::check_sign_in_form(&form.email, &form.password) {
        Err(e) => Err(AppError::from(e)),
        Ok(()) => auth::sign_in(&state.backend, &form.email, &form.password, &addr).await.map_err(|e| e.into_app_error()),
    };
    match result {
        Ok(signed_in) => {
            end_current_session(&state, &parts).await;
            // A language picked on the sign-in page is the latest explicit choice: keep it.
            if let Some(locale) = cookie(&parts.headers, LOCALE_COOKIE).and_then(Locale::parse) {
                if let Err(e) = auth::set_locale(&state.backend, signed_in.org_id, signed_in.person_id, locale).await {
                    tracing::error!(error = %e, "saving locale at sign-in");
                }
            }
            redirect(&safe_back(&form.next), &[session_cookie(&state, &signed_in.token, state.backend.config.session_absolute_secs)])
        }
        Err(e) => {
            let outcome = FormOutcome { error: Some(e.msg()), notice: None, email: form.email };
            render(&state, parts, outcome, failure_status(&e)).await
        }
    }
}

pub async fn logout(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    end_current_session(&state, &parts).await;
    redirect("/login", &[session_cookie(&state, "", 0)])
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// A link's form, posted to the link itself (invitation or reset): on success a session in the
/// link's organisation, on failure the link's page again with the reason.
async fn link_form(state: AppState, token: String, req: Request, invitation: bool) -> Response {
    let (parts, form) = match read_form::<PasswordForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let addr = client_addr(&parts);
    let backend = &state.backend;
    let result = if invitation {
        auth::accept_invitation(backend, &token, &form.password, &form.confirm, &addr).await
    } else {
        auth::reset_password(backend, &token, &form.password, &form.confirm, &addr).await
    };
    match result {
        Ok(signed_in) => {
            end_current_session(&state, &parts).await;
            redirect("/", &[session_cookie(&state, &signed_in.token, state.backend.config.session_absolute_secs)])
        }
        Err(e) => {
            let e = e.into_app_error();
            let outcome = FormOutcome { error: Some(e.msg()), ..Default::default() };
            render(&state, parts, outcome, failure_status(&e)).await
        }
    }
}

pub async fn accept_invite(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    link_form(state, token, req, true).await
}

pub async fn reset(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    link_form(state, token, req, false).await
}

#[derive(Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    org_id: i64,
}

/// Moves the signed-in person to another organisation of their sign-in (a new session).
pub async fn switch_org(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = match read_form::<SwitchForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(caller) = parts.extensions.get::<Caller>() else {
        return redirect("/login", &[]);
    };
    match auth::switch_org(&state.backend, caller, form.org_id, &client_addr(&parts)).await {
        Ok(signed_in) => redirect("/", &[session_cookie(&state, &signed_in.token, state.backend.config.session_absolute_secs)]),
        Err(e) => {
            let e = e.into_app_error();
            let locale = parts.extensions.get::<app::backend::request::RequestLocale>().map(|l| l.0).unwrap_or_default();
            (failure_status(&e), e.text(locale)).into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    #[serde(default)]
    email: String,
}

pub async fn reset_request(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = match read_form::<ResetRequestForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let locale = parts.extensions.get::<app::backend::request::RequestLocale>().map(|l| l.0).unwrap_or_default();
    let addr = client_addr(&parts);
    let (outcome, status) = match auth::request_reset(&state.backend, &form.email, &addr, locale).await {
        Ok(()) => (FormOutcome { notice: Some(Msg::ResetLinkSent), ..Default::default() }, StatusCode::OK),
        Err(e) => {
            let e = e.into_app_error();
            (FormOutcome { error: Some(e.msg()), email: form.email, ..Default::default() }, failure_status(&e))
        }
    };
    render(&state, parts, outcome, status).await
}

#[derive(Deserialize)]
pub struct LocaleForm {
    #[serde(default)]
    locale: String,
    #[serde(default)]
    back: String,
}

/// Only paths of this site are followed back, so the form cannot be used as an open redirect.
/// The path is read as a browser reads it (tabs and line breaks dropped, `\\` taken for `/`,
/// dot segments resolved) and sent on in that normalised form, so `/\t/evil.test` or
/// `/\\evil.test` cannot become `//evil.test` on the way.
pub fn safe_back(back: &str) -> String {
    let Ok(base) = url::Url::parse("http://staffport.invalid/") else {
        return "/".into();
    };
    match base.join(back) {
        Ok(url) if back.starts_with('/') && url.origin() == base.origin() => {
            let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
            format!("{}{query}", url.path())
        }
        _ => "/".into(),
    }
}

pub async fn set_locale(State(state): State<AppState>, req: Request) -> Response {
    let (parts, form) = match read_form::<LocaleForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let locale = Locale::parse(&form.locale).unwrap_or_default();
    if let Some(caller) = parts.extensions.get::<Caller>() {
        if let Err(e) = auth::set_locale(&state.backend, caller.org_id, caller.person_id, locale).await {
            tracing::error!(error = %e, "saving locale");
        }
    }
    let cookie = format!("{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.code());
    redirect(&safe_back(&form.back), &[cookie])
}

#[cfg(test)]
mod tests {
    #[test]
    fn back_links_stay_on_site() {
        use super::safe_back;
        assert_eq!(safe_back("/people?q=kim"), "/people?q=kim");
        assert_eq!(safe_back("/recruiting/candidates/12"), "/recruiting/candidates/12");
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.test/",
            "/\n/evil.test",
            "\t//evil.test",
            "/\r\n/evil.test",
            "javascript:alert(1)",
            "evil.test",
        ] {
            assert_eq!(safe_back(hostile), "/", "{hostile:?}");
        }
        assert_eq!(safe_back("/a/../../people"), "/people");
    }
}
