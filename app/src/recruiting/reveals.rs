//! The reveal log page (administrators): who saw which candidate's contact, when, from where.
use super::api::reveal_log;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{ErrorNote, Loading};
use crate::zone::moment;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::format::person_name;
use shared::Msg;

#[component]
pub fn RevealLogPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let data = Resource::new(page, reveal_log);
    let locale = use_locale();
    view! {
        <Title text=t(Msg::RevealLog)/>
        <h1>{t(Msg::RevealLog)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(lines) if lines.is_empty() => view! { <p class="empty">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(lines) => {
                        let full = lines.len() as i64 == 50;
                        let rows = lines.into_iter().map(|l| {
                            let who = match (&l.actor_family, &l.actor_given) {
                                (Some(f), Some(g)) => person_name(f, g, locale),
                                _ => String::new(),
                            };
                            view! {
                                <tr data-testid="reveal-line">
                                    <td>{moment(l.created_at, locale)}</td>
                                    <td>{who}</td>
                                    <td>{l.candidate_id.map(|id| view! { <a href=format!("/recruiting/candidates/{id}")>{l.candidate_name.clone().unwrap_or_default()}</a> })}</td>
                                    <td>{t(super::edit::field_label(&l.field))}</td>
                                    <td class="muted">{l.client_addr.unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="list">
                                    <thead><tr>
                                        <th>{t(Msg::ColWhen)}</th><th>{t(Msg::ColWho)}</th><th>{t(Msg::Candidates)}</th><th>{t(Msg::ColField)}</th><th>{t(Msg::ColClientAddress)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <nav class="pager">
                                {(page() > 1).then(|| view! { <a rel="prev" href=format!("/recruiting/reveals?page={}", page() - 1)>{t(Msg::Previous)}</a> })}
                                {full.then(|| view! { <a rel="next" href=format!("/recruiting/reveals?page={}", page() + 1)>{t(Msg::Next)}</a> })}
                            </nav>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
