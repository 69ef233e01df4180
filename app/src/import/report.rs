//! One run's report: the diff in numbers (each a filter), the columns as read, the rows, and
//! applying it, with progress while it runs.
use super::api::{apply_import, import_report};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use shared::format::integer;
use shared::import::report::Report;
use shared::import::{OnErrors, Outcome, RunStatus};
use shared::Msg;

#[component]
pub fn RunReport(id: i64) -> impl IntoView {
    let filter: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let tick = RwSignal::new(0u32);
    let report = Resource::new(move || (id, filter.get(), tick.get()), |(id, filter, _)| import_report(id, filter));
    // While the run applies, its progress is read again every second.
    Effect::new(move |_| {
        if let Some(Ok(r)) = report.get() {
            if r.run.status == RunStatus::Applying {
                set_timeout(move || tick.update(|n| *n += 1), std::time::Duration::from_secs(1));
            }
        }
    });
    view! {
        <section class="card" data-testid="import-report">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <ReportView r filter reload=move || tick.update(|n| *n += 1)/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportView(r: Report, filter: RwSignal<Option<Outcome>>, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let locale = use_locale();
    let run = r.run.clone();
    let c = run.counts;
    let counts = [
        (None, Msg::ImportFilterAll, c.created + c.updated + c.deactivated + c.errors),
        (Some(Outcome::Create), Msg::ImportOutcomeCreate, c.created),
        (Some(Outcome::Update), Msg::ImportOutcomeUpdate, c.updated),
        (Some(Outcome::Unchanged), Msg::ImportOutcomeUnchanged, c.unchanged),
        (Some(Outcome::Deactivate), Msg::ImportOutcomeDeactivate, c.deactivated),
        (Some(Outcome::Error), Msg::ImportOutcomeError, c.errors),
    ]
    .map(|(f, label, n)| {
        view! {
            <button type="button" class="chip" aria-pressed=move || (filter.get() == f).to_string() on:click=move |_| filter.set(f)
                data-testid=format!("import-count-{}", f.map_or("all", Outcome::as_str))>
                {t(label)}" "<strong>{integer(i64::from(n), locale)}</strong>
            </button>
        }
    });
    let columns = run
        .columns
        .iter()
        .filter(|(h, _)| !h.trim().is_empty())
        .map(|(header, field)| {
            let taken = field.map_or_else(|| t(Msg::ImportColumnIgnored).to_string(), |f| t(f.label()).to_string());
            view! { <li>{header.clone()}" → "<span class=if field.is_some() { "" } else { "muted" }>{taken}</span></li> }
        })
        .collect_view();
    let rows = r
        .rows
        .iter()
        .map(|row| {
            let detail = if row.problems.is_empty() {
                row.changed.iter().map(|f| view! { <li>{t(f.label())}</li> }).collect_view().into_any()
            } else {
                row.problems
                    .iter()
                    .map(|p| view! { <li class="field-error">{p.column_label(locale)}": "{t(p.problem.text())}</li> })
                    .collect_view()
                    .into_any()
            };
            let line = if row.line == 0 { String::new() } else { row.line.to_string() };
            view! {
                <tr data-outcome=row.outcome.as_str()>
                    <td data-label=t(Msg::ImportLine)>{line}</td>
                    <td data-label=t(Msg::ImportKey)>{row.key.clone()}</td>
                    <td>{row.name.clone()}</td>
                    <td><span class="status">{t(row.outcome.row_label())}</span></td>
                    <td><ul class="plain">{detail}</ul></td>
                </tr>
            }
        })
        .collect_view();
    let more = (r.matching as usize > r.rows.len()).then(|| view! { <p class="muted">{t(Msg::ImportMore)}</p> });
    let noop = c.is_noop() && c.errors == 0;
    view! {
        <h2>{run.file_name.clone()}" · "<span class="status" data-testid="import-status">{t(run.status.label())}</span></h2>
        <div class="chips" data-testid="import-counts">{counts}</div>
        {(c.departments_created > 0).then(|| view! { <p>{t(Msg::ImportDepartmentsCreated)}": "{c.departments_created}</p> })}
        {(noop && run.status == RunStatus::DryRun).then(|| view! { <p class="alert" data-testid="import-noop">{t(Msg::ImportNothingToChange)}</p> })}
        {(run.status == RunStatus::Applying).then(|| view! {
            <p data-testid="import-progress">
                <progress max=run.rows_total.max(1) value=run.rows_done></progress>" "
                {t(Msg::ImportProgress)}" "{integer(run.rows_done, locale)}" / "{integer(run.rows_total, locale)}
            </p>
        })}
        {matches!(run.status, RunStatus::DryRun | RunStatus::Failed).then(|| (!noop).then(|| view! { <ApplyForm id=run.id reload/> }))}
        <details>
            <summary>{t(Msg::ImportColumns)}</summary>
            <ul class="plain">{columns}</ul>
        </details>
        <div class="table-wrap">
            <table class="list cards" data-testid="import-rows">
                <thead><tr>
                    <th>{t(Msg::ImportLine)}</th><th>{t(Msg::ImportKey)}</th><th>{t(Msg::Name)}</th><th>{t(Msg::Status)}</th><th>{t(Msg::ImportChanges)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {more}
        <p><a href=format!("/exports/import/{}/report.csv", run.id) download>{t(Msg::ImportReportDownload)}</a></p>
    }
}

#[component]
fn ApplyForm(id: i64, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let on_errors = RwSignal::new(OnErrors::Skip);
    let apply = Action::new(move |choice: &OnErrors| apply_import(id, *choice));
    Effect::new(move |_| {
        if let Some(Ok(())) = apply.value().get() {
            reload();
        }
    });
    let error = move || apply.value().get().and_then(Result::err).map(|error: AppError| view! { <ErrorNote error/> });
    view! {
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); apply.dispatch(on_errors.get()); } data-testid="import-apply-form">
            <fieldset class="choices">
                <legend>{t(Msg::ImportOnErrors)}</legend>
                <label class="check">
                    <input type="radio" name="on_errors" checked=move || on_errors.get() == OnErrors::Skip on:change=move |_| on_errors.set(OnErrors::Skip)/>
                    {t(Msg::ImportOnErrorsSkip)}
                </label>
                <label class="check">
                    <input type="radio" name="on_errors" checked=move || on_errors.get() == OnErrors::Refuse on:change=move |_| on_errors.set(OnErrors::Refuse)/>
                    {t(Msg::ImportOnErrorsRefuse)}
                </label>
            </fieldset>
            {error}
            <button type="submit" class="primary" disabled=move || apply.pending().get() data-testid="import-apply">{t(Msg::ImportApply)}</button>
        </form>
    }
}
