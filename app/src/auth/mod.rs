//! Sign-in, invitation acceptance and password reset pages. They are plain HTML forms posted to
//! the server's `/auth/*` routes, so they work before the WASM loads and with JavaScript off.
pub mod api;

use crate::i18n::t;
use crate::shell::{use_viewer, widgets::LocaleSwitch};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use shared::Msg;

/// What a failed or finished form post tells the page it re-renders.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormOutcome {
    pub error: Option<Msg>,
    pub notice: Option<Msg>,
    /// What was typed in the email field, so it is not lost (passwords never are echoed).
    pub email: String,
}

fn outcome() -> FormOutcome {
    SharedValue::new(|| use_context::<FormOutcome>().unwrap_or_default()).into_inner()
}

#[component]
fn AuthCard(title: Msg, outcome: FormOutcome, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title)/>
        <div class="auth-page">
            <div class="card auth-card">
                <p class="brand">{t(Msg::AppName)}</p>
                <h1>{t(title)}</h1>
                {outcome.error.map(|m| view! { <p class="alert error" role="alert" data-testid="form-error">{t(m)}</p> })}
                {outcome.notice.map(|m| view! { <p class="alert notice" role="status" data-testid="form-notice">{t(m)}</p> })}
                {children()}
                <LocaleSwitch/>
            </div>
        </div>
    }
}

/// Where the sign-in page was asked to return to (`?next=`): a path of this site only (the
/// server checks it again before redirecting).
fn next_path() -> Option<String> {
    let next = leptos_router::hooks::use_query_map().read_untracked().get("next")?;
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let next = next_path();
    if use_viewer().is_some() {
        return view! { <Redirect path=next.unwrap_or_else(|| "/".into())/> }.into_any();
    }
    let outcome = outcome();
    let email = outcome.email.clone();
    // The form posts to this page's own address, `next` included, so a refused post keeps it.
    let action = crate::shell::sign_in_then(next.as_deref().unwrap_or("/"));
    view! {
        <AuthCard title=Msg::SignInTitle outcome>
            <form method="post" action=action class="stack">
                {next.map(|next| view! { <input type="hidden" name="next" value=next/> })}
                <label>
                    {t(Msg::EmailOrPhone)}
                    // Text, not email: contractors without an address sign in with their mobile number.
                    <input type="text" name="email" autocomplete="username" autocapitalize="none" spellcheck="false" required value=email/>
                </label>
                <label>
                    {t(Msg::Password)}
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                <button type="submit" class="primary">{t(Msg::SignIn)}</button>
            </form>
            <p><a href="/reset">{t(Msg::ForgotPassword)}</a></p>
        </AuthCard>
    }
    .into_any()
}

fn link_token() -> String {
    use_params_map().read_untracked().get("token").unwrap_or_default()
}

/// Choosing a password through a single-use link (invitation or reset): posted to the link.
#[component]
fn PasswordForm(page: &'static str) -> impl IntoView {
    view! {
        <form method="post" action=format!("{page}{}", link_token()) class="stack">
            <label>
                {t(Msg::NewPassword)}
                <input type="password" name="password" autocomplete="new-password" minlength="10" required/>
            </label>
            <label>
                {t(Msg::ConfirmPassword)}
                <input type="password" name="confirm" autocomplete="new-password" minlength="10" required/>
            </label>
            <button type="submit" class="primary">{t(Msg::SetPassword)}</button>
        </form>
    }
}

/// An invitation to an address that signs in already: its password joins the organisation.
#[component]
fn JoinForm(org_name: String) -> impl IntoView {
    view! {
        <p data-testid="join-existing">{Msg::JoinWithExistingAccount.fill(crate::i18n::use_locale(), &[("org", &org_name)])}</p>
        <form method="post" action=format!("/invite/{}", link_token()) class="stack">
            <label>
                {t(Msg::Password)}
                <input type="password" name="password" autocomplete="current-password" required/>
            </label>
            <button type="submit" class="primary">{t(Msg::JoinOrganisation)}</button>
        </form>
        <p><a href="/reset">{t(Msg::ForgotPassword)}</a></p>
    }
}

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let facts = Resource::new(link_token, api::invitation);
    let outcome = outcome();
    // A refused post already says why; the link's own state is not said twice.
    let said = outcome.error.is_some();
    view! {
        <AuthCard title=Msg::AcceptInviteTitle outcome>
            <Suspense fallback=|| view! { <crate::shell::widgets::Loading/> }>
                {move || facts.get().map(|facts| match facts {
                    Ok(f) if f.has_account => view! { <JoinForm org_name=f.org_name/> }.into_any(),
                    Ok(_) => view! { <p>{t(Msg::ChooseNewPassword)}</p><PasswordForm page="/invite/"/> }.into_any(),
                    Err(_) if said => ().into_any(),
                    Err(e) => view! { <p class="alert error" role="alert" data-testid="form-error">{t(e.msg())}</p> }.into_any(),
                })}
            </Suspense>
        </AuthCard>
    }
}

/// The organisations a sign-in works in, each a form that moves the session there (works
/// without JavaScript).
#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| api::memberships());
    view! {
        <Title text=t(Msg::SwitchOrganisation)/>
        <h1>{t(Msg::SwitchOrganisation)}</h1>
        <Suspense fallback=|| view! { <crate::shell::widgets::Loading/> }>
            {move || list.get().map(|list| match list {
                Ok(list) => view! {
                    <ul class="org-list" data-testid="org-list">
                        {list.into_iter().map(|m| view! {
                            <li>
                                <form method="post" action="/auth/switch-org">
                                    <input type="hidden" name="org_id" value=m.org_id.to_string()/>
                                    <button type="submit" class:primary=!m.current disabled=m.current>{m.org_name}</button>
                                    {m.current.then(|| view! { <span class="muted">{t(Msg::CurrentOrganisation)}</span> })}
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <p class="alert error" role="alert">{t(e.msg())}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    view! {
        <AuthCard title=Msg::ResetTitle outcome=outcome()>
            <PasswordForm page="/reset/"/>
        </AuthCard>
    }
}

#[component]
pub fn ResetRequestPage() -> impl IntoView {
    let outcome = outcome();
    let email = outcome.email.clone();
    view! {
        <AuthCard title=Msg::ResetTitle outcome>
            <p>{t(Msg::ResetIntro)}</p>
            <form method="post" action="/reset" class="stack">
                <label>
                    {t(Msg::EmailOrPhone)}
                    <input type="text" name="email" autocomplete="username" autocapitalize="none" spellcheck="false" required value=email/>
                </label>
                <button type="submit" class="primary">{t(Msg::SendResetLink)}</button>
            </form>
            <p><a href="/login">{t(Msg::SignIn)}</a></p>
        </AuthCard>
    }
}
