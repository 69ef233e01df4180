//! The hours summary: approved hours by client → site → foreman → contractor for a month, the
//! invoicing basis per client and legal entity, exports and a printable layout. Filters live in
//! the URL, so every level can be bookmarked, printed or opened without JavaScript.
use super::api::summary;
use super::payroll::PayrollLinks;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::format::{hours, integer, money, Date};
use shared::timesheets::model::{Summary, SummaryLevel, SummaryQuery};
use shared::timesheets::Code;
use shared::Msg;

/// The query string of a summary query (for links and exports).
pub fn query_string(q: &SummaryQuery) -> String {
    let mut s = format!("month={}", q.month);
    for (k, v) in
        [("client_company_id", q.client_company_id), ("client_department_id", q.client_department_id), ("foreman_id", q.foreman_id)]
    {
        if let Some(v) = v {
            s.push_str(&format!("&{k}={v}"));
        }
    }
    s
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    let params = use_query_map();
    let query = move || {
        let p = params.read();
        let id = |k: &str| p.get(k).and_then(|v| v.parse::<i64>().ok());
        SummaryQuery {
            month: p.get("month").filter(|m| Date::parse_month(m).is_some()).unwrap_or_else(super::this_month),
            client_company_id: id("client_company_id"),
            client_department_id: id("client_department_id"),
            foreman_id: id("foreman_id"),
        }
    };
    let data = Resource::new(query, summary);
    view! {
        <Title text=t(Msg::SummaryTitle)/>
        <h1>{t(Msg::SummaryTitle)}</h1>
        <form method="get" action="/summary" class="inline-form no-print">
            <label>
                <span>{t(Msg::Month)}</span>
                <input type="month" name="month" value=move || query().month/>
            </label>
            <button type="submit" class="secondary">{t(Msg::Show)}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! { <SummaryView s/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SummaryView(s: Summary) -> impl IntoView {
    let locale = use_locale();
    // Hours for payroll carry personnel numbers: the provider's managers only.
    let staff = crate::shell::use_viewer().is_some_and(|v| v.is_staff_manager());
    let q = s.query.clone();
    let month_title = Date::parse_month(&q.month).map(|m| m.month_title(locale)).unwrap_or_default();
    let drill = move |id: i64| {
        let mut next = q.clone();
        match s.level {
            SummaryLevel::Company => next.client_company_id = Some(id),
            SummaryLevel::Department => next.client_department_id = Some(id),
            SummaryLevel::Foreman => next.foreman_id = Some(id),
            SummaryLevel::Contractor => return None,
        }
        Some(format!("/summary?{}", query_string(&next)))
    };
    let head = Code::ALL.iter().map(|c| view! { <th class="num" title=t(c.label())>{c.letters()}</th> }).collect_view();
    let mut totals = [0i64; 8];
    let lines = s
        .lines
        .iter()
        .map(|l| {
            for (t, m) in totals.iter_mut().zip(&l.minutes) {
                *t += m;
            }
            let label = if l.label.is_empty() { t(Msg::NoForeman).to_string() } else { l.label.clone() };
            let name = match drill(l.id) {
                Some(href) => view! { <a href=href>{label}</a> }.into_any(),
                None => view! { <span>{label}</span> }.into_any(),
            };
            let cells = l.minutes.iter().map(|m| view! { <td class="num">{hours(*m, locale)}</td> }).collect_view();
            view! {
                <tr data-testid="summary-line">
                    <td>{name}</td>
                    <td class="num">{integer(l.timesheets, locale)}</td>
                    {cells}
                    <td class="num">{money(l.amount_minor, &l.currency, locale)}</td>
                </tr>
            }
        })
        .collect_view();
    let total_cells = totals.iter().map(|m| view! { <td class="num">{hours(*m, locale)}</td> }).collect_view();
    let basis = s
        .basis
        .iter()
        .map(|b| {
            view! {
                <tr data-testid="basis-line">
                    <td>{b.client_company.clone()}</td>
                    <td>{b.legal_entity.clone()}</td>
                    <td class="num">{hours(b.billable_minutes, locale)}</td>
                    <td class="num">{money(b.amount_minor, &b.currency, locale)}</td>
                </tr>
            }
        })
        .collect_view();
    let qs = query_string(&s.query);
    let top = format!("/summary?month={}", s.query.month);
    let pending = (s.pending > 0)
        .then(|| view! { <p class="alert info">{Msg::PendingNotCounted.fill(locale, &[("count", &s.pending.to_string())])}</p> });
    view! {
        <h2>{month_title}</h2>
        <nav class="crumbs no-print"><a href=top>{t(Msg::AllClients)}</a></nav>
        {pending}
        <div class="buttons no-print">
            <a class="button secondary" href=format!("/exports/timesheets.csv?{qs}") data-testid="export-csv" rel="external" download>{t(Msg::ExportCsv)}</a>
            <a class="button secondary" href=format!("/exports/timesheets.xlsx?{qs}") data-testid="export-xlsx" rel="external" download>{t(Msg::ExportXlsx)}</a>
            <PrintButton/>
        </div>
        {staff.then(|| view! { <PayrollLinks month=s.query.month.clone()/> })}
        <div class="table-wrap">
            <table class="list summary" data-testid="summary-table">
                <thead><tr><th>{t(Msg::Name)}</th><th class="num">{t(Msg::Timesheets)}</th>{head}<th class="num">{t(Msg::Amount)}</th></tr></thead>
                <tbody>{lines}</tbody>
                <tfoot><tr data-testid="summary-total"><th>{t(Msg::Total)}</th><td></td>{total_cells}<td></td></tr></tfoot>
            </table>
        </div>
        <h2>{t(Msg::InvoiceBasis)}</h2>
        <div class="table-wrap">
            <table class="list">
                <thead><tr><th>{t(Msg::ClientCompany)}</th><th>{t(Msg::LegalEntity)}</th><th class="num">{t(Msg::BillableHours)}</th><th class="num">{t(Msg::Amount)}</th></tr></thead>
                <tbody>{basis}</tbody>
            </table>
        </div>
    }
}

#[component]
fn PrintButton() -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = leptos::prelude::window().print();
        }
    };
    view! { <button type="button" class="secondary" on:click=print>{t(Msg::Print)}</button> }
}
