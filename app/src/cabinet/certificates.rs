//! Certificates: the employee's list with PDF downloads, and the public check page.
use super::api::{my_certificates, verify_certificate};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{ErrorNote, LinkFrame, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Msg;

#[component]
pub fn MyCertificates() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_certificates());
    let locale = use_locale();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().filter(|l| !l.is_empty()).map(|list| {
                    let rows = list
                        .into_iter()
                        .map(|c| view! {
                            <li data-testid="certificate">
                                <a href=format!("/certificates/{}", c.id) rel="external" download>{c.number.clone()}</a>
                                " · "{crate::zone::day(c.issued_at).format(locale)}
                            </li>
                        })
                        .collect_view();
                    view! { <section class="card"><h2>{t(Msg::MyCertificates)}</h2><ul>{rows}</ul></section> }
                })
            })}
        </Suspense>
    }
}

/// `/verify/:number`: confirms what a certificate says, without signing in.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(number, verify_certificate);
    let locale = use_locale();
    view! {
        <LinkFrame title=Msg::VerifyTitle>
            <h1>{t(Msg::VerifyTitle)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => view! {
                            <p class="alert ok" data-testid="verified">
                                {Msg::CertificateValid.fill(locale, &[("org", &c.organisation), ("name", &c.person), ("date", &crate::zone::day(c.issued_at).format(locale))])}
                            </p>
                            <p class="muted">{c.number}" · SHA-256 "{c.sha256}</p>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </LinkFrame>
    }
}
