//! The page other systems are connected from: the caller's API tokens, and for administrators
//! the organisation's service tokens and webhooks; a link to the API reference.
use crate::api_tokens::view::Tokens;
use crate::i18n::t;
use crate::shell::use_viewer;
use crate::webhooks::view::Webhooks;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::api::TokenKind;
use shared::{Msg, Role};

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let admin = use_viewer().is_some_and(|v| v.has(Role::Admin));
    view! {
        <Title text=t(Msg::NavIntegrations)/>
        <h1>{t(Msg::NavIntegrations)}</h1>
        <p><a href="/api/v1/reference" rel="external">{t(Msg::ApiReference)}</a></p>
        <Tokens kind=TokenKind::Personal/>
        {admin.then(|| view! {
            <Tokens kind=TokenKind::Service/>
            <Webhooks/>
        })}
    }
}
