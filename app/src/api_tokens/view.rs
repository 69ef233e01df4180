//! The token lists and their form: a personal token acts as its maker, a service token (made
//! by administrators) with the role chosen. A new token's secret is shown once, here.
use super::api;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{code_checks, field_error, ErrorNote};
use crate::zone::moment;
use crate::AppError;
use leptos::prelude::*;
use shared::api::{NewToken, Scope, TokenInput, TokenKind, TokenView, SERVICE_ROLES};
use shared::{Msg, Role};

/// The lifetimes offered; the server takes 1–366 days.
const DAYS: [i64; 4] = [30, 90, 180, 366];

/// A kind's tokens and the form for a new one. Loaded in the browser by an action, as other
/// sections of pages rendered inside a boundary (leptos#4866).
#[component]
pub fn Tokens(kind: TokenKind) -> impl IntoView {
    let loaded = Action::new(move |_: &()| api::list_tokens(kind));
    let reload = move || {
        loaded.dispatch(());
    };
    Effect::new(move |_| reload());
    let (title, hint) = match kind {
        TokenKind::Personal => (Msg::ApiTokensTitle, Msg::ApiTokensHint),
        TokenKind::Service => (Msg::ServiceTokensTitle, Msg::ServiceTokensHint),
    };
    view! {
        <section class="card tokens" data-kind=kind.as_str()>
            <h2>{t(title)}</h2>
            <p class="muted">{t(hint)}</p>
            {move || loaded.value().get().map(|r| match r {
                Ok(list) => view! { <TokenList list on_change=Callback::new(move |_| reload())/> }.into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
            <TokenForm kind on_made=Callback::new(move |_| reload())/>
        </section>
    }
}

#[component]
fn TokenList(list: Vec<TokenView>, on_change: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let revoke = Action::new(|id: &i64| api::revoke_token(*id));
    Effect::new(move |_| {
        if let Some(Ok(())) = revoke.value().get() {
            on_change.run(());
        }
    });
    let rows = list
        .into_iter()
        .map(|token| {
            let id = token.id;
            let scopes = token.scopes.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
            let used = match (token.last_used_at, &token.last_used_addr) {
                (Some(at), Some(addr)) => Msg::TokenUsed.fill(locale, &[("when", &moment(at, locale)), ("addr", addr)]),
                _ => Msg::TokenUnused.text(locale).to_string(),
            };
            let state = match token.revoked_at {
                Some(at) => Msg::RevokedAt.fill(locale, &[("when", &moment(at, locale))]),
                None => Msg::TokenExpires.fill(locale, &[("when", &moment(token.expires_at, locale))]),
            };
            let live = token.revoked_at.is_none();
            view! {
                <li class="token" data-id=id>
                    <div>
                        <strong>{token.name}</strong> " " <code>{format!("{}…", token.prefix)}</code>
                        {token.role.map(|r| view! { " " <span class="tag">{t(r.label())}</span> })}
                    </div>
                    <div class="muted">{scopes}</div>
                    <div class="muted">{state} " · " {used}</div>
                    {live.then(|| view! {
                        <button type="button" class="secondary" disabled=move || revoke.pending().get()
                            on:click=move |_| { revoke.dispatch(id); }>{t(Msg::Revoke)}</button>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="token-list">{rows}</ul>
        {move || revoke.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
    }
}

#[component]
fn TokenForm(kind: TokenKind, on_made: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<Scope>::new());
    let days = RwSignal::new(90i64);
    let role = RwSignal::new(Role::HrManager);
    let make = Action::new(|input: &TokenInput| api::create_token(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = make.value().get() {
            name.set(String::new());
            scopes.set(Vec::new());
            on_made.run(());
        }
    });
    let error = Signal::derive(move || make.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let role = (kind == TokenKind::Service).then(|| role.get());
        make.dispatch(TokenInput { name: name.get(), scopes: scopes.get(), days: days.get(), role });
    };
    let scope_boxes = code_checks("scopes", Scope::all().into_iter().map(|s| (s, s.name())), scopes);
    view! {
        <form class="token-form" on:submit=submit>
            <label>
                {t(Msg::Name)}
                <input type="text" name="name" maxlength="80" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "name")}
            </label>
            <fieldset class="roles scopes">
                <legend>{t(Msg::TokenScopes)}</legend>
                {scope_boxes}
                {move || field_error(error.get(), "scopes")}
            </fieldset>
            <label>
                {t(Msg::TokenDays)}
                <select name="days" on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(90))>
                    {DAYS.map(|d| view! { <option value=d.to_string() selected=d == 90>{d.to_string()}</option> })}
                </select>
            </label>
            {(kind == TokenKind::Service).then(|| view! {
                <label>
                    {t(Msg::Roles)}
                    <select name="role" on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }>
                        {SERVICE_ROLES.map(|r| view! { <option value=r.as_str() selected=r == Role::HrManager>{t(r.label())}</option> })}
                    </select>
                    {move || field_error(error.get(), "role")}
                </label>
            })}
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || make.value().get().and_then(Result::ok).map(|made: NewToken| view! { <Secret secret=made.secret/> })}
            <div class="buttons">
                <button type="submit" disabled=move || make.pending().get()>{t(Msg::MakeToken)}</button>
            </div>
        </form>
    }
}

/// A secret shown once, selectable whole.
#[component]
pub fn Secret(secret: String) -> impl IntoView {
    view! {
        <div class="alert ok secret" role="status">
            <p>{t(Msg::CopyNow)}</p>
            <input type="text" readonly class="secret-value" value=secret on:focus=move |ev| {
                #[cfg(feature = "hydrate")]
                {
                    use wasm_bindgen::JsCast;
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = ev;
            }/>
        </div>
    }
}
