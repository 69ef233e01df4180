use super::api::list_placements;
use crate::i18n::{t, use_locale};
use crate::org::api::get_org_structure;
use crate::shell::use_viewer;
use crate::shell::widgets::{ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::format::{amount_minor, person_name};
use shared::Msg;

#[component]
pub fn PlacementsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_placements());
    let manager = use_viewer().is_some_and(|v| v.is_staff_manager());
    // Managers pick sites (and legal entities) from the structure, loaded once for the page.
    let structure = manager.then(|| Resource::new(|| (), |_| get_org_structure()));
    let locale = use_locale();
    view! {
        <Title text=t(Msg::PlacementsTitle)/>
        <h1>{t(Msg::PlacementsTitle)}</h1>
        // The new-placement form has its own boundary: reloading the list keeps it (and what it says).
        {structure.map(|structure| view! {
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match structure.await {
                        Ok(s) => view! { <super::create::NewPlacement s on_created=move || data.refetch()/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let sites = match structure {
                    Some(s) => s.await.as_ref().map(super::create::live_sites).unwrap_or_default(),
                    None => Vec::new(),
                };
                match data.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(rows) => {
                        let rows = rows
                            .into_iter()
                            .map(|p| {
                                let editing = manager.then(|| {
                                    view! { <super::edit::EditPlacement placement=p.clone() sites=sites.clone() reload=move || data.refetch()/> }
                                });
                                let foreman = match (p.foreman_family, p.foreman_given) {
                                    (Some(f), Some(g)) => person_name(&f, &g, locale),
                                    _ => t(Msg::NotSet).to_string(),
                                };
                                let period = format!(
                                    "{} – {}",
                                    p.starts_on.format(locale),
                                    p.ends_on.map(|d| d.format(locale)).unwrap_or_else(|| t(Msg::OpenEnded).to_string())
                                );
                                view! {
                                    <tr>
                                        <td><a href=format!("/people/{}", p.contractor_id)>{person_name(&p.contractor_family, &p.contractor_given, locale)}</a></td>
                                        <td data-label=t(Msg::ClientCompany)>{p.client_company}</td>
                                        <td data-label=t(Msg::ClientDepartment)>{p.client_department}</td>
                                        <td data-label=t(Msg::Foreman)>{foreman}</td>
                                        <td data-label=t(Msg::Period)>{period}</td>
                                        <td class="num" data-label=t(Msg::Rate)>{amount_minor(p.rate_minor, locale)} " " {p.currency}</td>
                                        {manager.then(|| view! { <td>{editing}</td> })}
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="list cards" data-testid="placements-table">
                                    <thead><tr>
                                        <th>{t(Msg::Contractor)}</th><th>{t(Msg::ClientCompany)}</th><th>{t(Msg::ClientDepartment)}</th>
                                        <th>{t(Msg::Foreman)}</th><th>{t(Msg::Period)}</th><th>{t(Msg::Rate)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
