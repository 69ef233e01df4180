//! The approver's queue: timesheets waiting for the viewer's step, grouped by client site, with
//! one button per site to approve everything shown (all or nothing).
use super::api::{approve_many, queue};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::format::hours;
use shared::format::person_name;
use shared::timesheets::model::{BulkApproval, QueueItem};
use shared::Msg;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| queue());
    let bulk = Action::new(|items: &Vec<(i64, i64)>| approve_many(BulkApproval { items: items.clone() }));
    let decided = crate::shell::work::WorkTick::bumper();
    Effect::new(move |_| {
        if bulk.value().get().is_some() {
            decided();
            data.refetch();
        }
    });
    let locale = use_locale();
    let outcome = move || {
        bulk.value().get().map(|r| match r {
            Ok(n) => view! { <p class="alert ok" role="status" data-testid="bulk-done">{Msg::ApprovedCount.fill(locale, &[("count", &n.to_string())])}</p> }.into_any(),
            Err(error) => view! { <ErrorNote error/> }.into_any(),
        })
    };
    view! {
        <Title text=t(Msg::ApprovalsTitle)/>
        <h1>{t(Msg::ApprovalsTitle)}</h1>
        {outcome}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="empty">{t(Msg::NothingWaiting)}</p> }.into_any(),
                    Ok(items) => groups(items)
                        .into_iter()
                        .map(|group| view! { <SiteGroup group bulk/> })
                        .collect_view()
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

/// Items of one client site, in queue order.
fn groups(items: Vec<QueueItem>) -> Vec<Vec<QueueItem>> {
    let mut out: Vec<Vec<QueueItem>> = Vec::new();
    for item in items {
        match out.iter_mut().find(|g| g.first().is_some_and(|f| f.client_department_id == item.client_department_id)) {
            Some(group) => group.push(item),
            None => out.push(vec![item]),
        }
    }
    out
}

#[component]
fn SiteGroup(group: Vec<QueueItem>, bulk: Action<Vec<(i64, i64)>, Result<usize, crate::AppError>>) -> impl IntoView {
    let locale = use_locale();
    let first = group.first().cloned();
    let title = first.as_ref().map(|f| format!("{} · {}", f.client_company, f.client_department)).unwrap_or_default();
    let site = first.as_ref().map(|f| f.client_department.clone()).unwrap_or_default();
    let items: Vec<(i64, i64)> = group.iter().map(|q| (q.id, q.version)).collect();
    let label = Msg::ApproveAllIn.fill(locale, &[("count", &items.len().to_string()), ("name", &site)]);
    let rows = group
        .into_iter()
        .map(|q| {
            view! {
                <tr data-testid="queue-row">
                    <td><a href=format!("/timesheets/{}", q.id)>{person_name(&q.contractor_family, &q.contractor_given, locale)}</a></td>
                    <td>{q.period_start.format(locale)}" – "{q.period_end.format(locale)}</td>
                    <td class="num">{hours(q.total_minutes, locale)}</td>
                    <td><a class="button secondary" href=format!("/timesheets/{}", q.id)>{t(Msg::Open)}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{title}</h2>
            <div class="table-wrap">
                <table class="list">
                    <thead><tr><th>{t(Msg::Contractor)}</th><th>{t(Msg::Period)}</th><th>{t(Msg::Hours)}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="button" class="primary" data-testid="approve-all" disabled=move || bulk.pending().get()
                on:click=move |_| { bulk.dispatch(items.clone()); }>{label}</button>
        </section>
    }
}
