use super::api::list_people;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{encode_query, ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::format::{integer, person_name};
use shared::model::PersonStatus;
use shared::outbox::Delivery;
use shared::Msg;

/// The people list: a GET form for search, so results are linkable and work without WASM.
#[component]
pub fn PeopleListPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let data = Resource::new(move || (q(), page()), |(q, page)| list_people(q, None, page));
    let locale = use_locale();
    view! {
        <Title text=t(Msg::PeopleTitle)/>
        <div class="page-head">
            <h1>{t(Msg::PeopleTitle)}</h1>
            <div class="buttons">
                <super::invitation::InviteAllButton/>
                <a class="button" href="/import" data-testid="people-import">{t(Msg::NavImport)}</a>
                <a class="button primary" href="/people/new">{t(Msg::InvitePerson)}</a>
            </div>
        </div>
        <form method="get" action="/people" class="search" role="search">
            <input type="search" name="q" value=q placeholder=t(Msg::SearchPlaceholder) aria-label=t(Msg::Search)/>
            <button type="submit">{t(Msg::Search)}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(result) if result.items.is_empty() => view! { <p class="empty">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(result) => {
                        let rows = result
                            .items
                            .into_iter()
                            .map(|p| {
                                let roles = p.roles.iter().map(|r| t(r.label())).collect::<Vec<_>>().join(", ");
                                let status = p.status;
                                view! {
                                    <tr>
                                        <td><a href=format!("/people/{}", p.id)>{person_name(&p.family_name, &p.given_name, locale)}</a></td>
                                        <td class="muted">{p.email.or(p.phone).unwrap_or_default()}</td>
                                        <td>{roles}</td>
                                        <td>{p.legal_entity.or(p.client_company).unwrap_or_default()}</td>
                                        <td>
                                            <span class=format!("status status-{}", status.as_str())>{t(status.label())}</span>
                                            {(status == PersonStatus::Invited && p.last_delivery == Some(Delivery::Failed))
                                                .then(|| view! { <span class="status status-failed" data-testid="not-delivered">{t(Msg::DeliveryFailed)}</span> })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let link = move |n: i64| format!("/people?q={}&page={n}", encode_query(&q()));
                        view! {
                            <p class="muted" data-testid="people-total">{Msg::TotalPeople.fill(locale, &[("count", &integer(result.total, locale))])}</p>
                            <div class="table-wrap">
                                <table class="list" data-testid="people-table">
                                    <thead><tr>
                                        <th>{t(Msg::Name)}</th><th>{t(Msg::Email)}</th><th>{t(Msg::Roles)}</th>
                                        <th>{t(Msg::LegalEntity)}</th><th>{t(Msg::Status)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <nav class="pager">
                                {(result.page > 1).then(|| view! { <a rel="prev" href=link(result.page - 1)>{t(Msg::Previous)}</a> })}
                                <span>{Msg::PageOf.fill(locale, &[("page", &result.page.to_string()), ("pages", &result.pages.to_string())])}</span>
                                {(result.page < result.pages).then(|| view! { <a rel="next" href=link(result.page + 1)>{t(Msg::Next)}</a> })}
                            </nav>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
