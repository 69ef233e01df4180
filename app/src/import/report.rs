//! One run's report: the diff in numbers (each a filter), the columns as read, the rows, and
//! applying it, with progress while it runs.
use super::api::{apply_import, import_report, recheck_import, save_import_source};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{field_error, ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use shared::format::integer;
use shared::import::report::{Report, SourceInput};
use shared::import::{Field, OnErrors, Outcome, RunStatus};
use shared::Msg;

#[component]
pub fn RunReport(id: i64, on_run: impl Fn(i64) + Copy + Send + Sync + 'static) -> impl IntoView {
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
                        Ok(r) => view! { <ReportView r filter reload=move || tick.update(|n| *n += 1) on_run/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportView(
    r: Report,
    filter: RwSignal<Option<Outcome>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    on_run: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
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
    let checkable = matches!(run.status, RunStatus::DryRun | RunStatus::Failed);
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
        {[
            (Msg::ImportDepartmentsCreated, c.departments_created),
            (Msg::ImportUnitsCreated, c.units_created),
            (Msg::ImportPlacementsCreated, c.placements_created),
        ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| view! { <p data-testid="import-structure">{t(label)}": "{integer(i64::from(n), locale)}</p> })
            .collect_view()}
        {(noop && run.status == RunStatus::DryRun).then(|| view! { <p class="alert" data-testid="import-noop">{t(Msg::ImportNothingToChange)}</p> })}
        {(run.status == RunStatus::Applying).then(|| view! {
            <p data-testid="import-progress">
                <progress max=run.rows_total.max(1) value=run.rows_done></progress>" "
                {t(Msg::ImportProgress)}" "{integer(run.rows_done, locale)}" / "{integer(run.rows_total, locale)}
            </p>
        })}
        {matches!(run.status, RunStatus::DryRun | RunStatus::Failed).then(|| (!noop).then(|| view! { <ApplyForm id=run.id reload/> }))}
        <ColumnsForm id=run.id columns=run.columns.clone() editable=checkable on_run/>
        <SaveSource run_id=run.id/>
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

/// The columns as read, each with what it was taken as; while the run can still be applied,
/// the administrator maps them by hand and the file is checked again with that mapping.
#[component]
fn ColumnsForm(
    id: i64,
    columns: Vec<(String, Option<Field>)>,
    editable: bool,
    on_run: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let chosen = RwSignal::new(columns.clone());
    let recheck = Action::new(move |columns: &Vec<(String, Option<Field>)>| recheck_import(id, columns.clone()));
    Effect::new(move |_| {
        if let Some(Ok(new)) = recheck.value().get() {
            on_run(new);
        }
    });
    let rows = columns
        .into_iter()
        .enumerate()
        .filter(|(_, (h, _))| !h.trim().is_empty())
        .map(|(i, (header, field))| {
            let options = std::iter::once((String::new(), t(Msg::ImportColumnIgnored).to_string(), field.is_none()))
                .chain(Field::ALL.into_iter().map(|f| (f.as_str().to_string(), t(f.label()).to_string(), field == Some(f))))
                .map(|(value, label, selected)| view! { <option value=value selected=selected>{label}</option> })
                .collect_view();
            let taken = field.map_or_else(|| t(Msg::ImportColumnIgnored).to_string(), |f| t(f.label()).to_string());
            view! {
                <li>
                    <span>{header.clone()}" → "</span>
                    {if editable {
                        view! {
                            <select aria-label=header on:change=move |ev| {
                                let f = Field::parse(&event_target_value(&ev));
                                chosen.update(|c| if let Some(col) = c.get_mut(i) { col.1 = f });
                            }>{options}</select>
                        }.into_any()
                    } else {
                        view! { <span class=if field.is_some() { "" } else { "muted" }>{taken}</span> }.into_any()
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="columns-read" data-testid="import-columns">
            <summary>{t(Msg::ImportColumns)}</summary>
            <ul class="plain stack">{rows}</ul>
            {move || recheck.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            {editable.then(|| view! {
                <button type="button" on:click=move |_| { recheck.dispatch(chosen.get_untracked()); } disabled=move || recheck.pending().get()
                    data-testid="import-recheck">{t(Msg::ImportRecheck)}</button>
            })}
        </details>
    }
}

/// Saves how this run read its file as a named source, with a watched folder if given.
#[component]
fn SaveSource(run_id: i64) -> impl IntoView {
    let form = RwSignal::new(SourceInput { run_id, ..SourceInput::default() });
    let save = Action::new(|input: &SourceInput| save_import_source(input.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let text = |label: Msg, name: &'static str, get: fn(&SourceInput) -> String, set: fn(&mut SourceInput, String)| {
        view! {
            <label>
                <span>{t(label)}</span>
                <input name=name prop:value=move || form.with(get) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
                {move || field_error(error.get(), name)}
            </label>
        }
    };
    view! {
        <details data-testid="import-save-source">
            <summary>{t(Msg::ImportSourceSave)}</summary>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); save.dispatch(form.get_untracked()); }>
                {text(Msg::ImportSourceName, "name", |f| f.name.clone(), |f, v| f.name = v)}
                {text(Msg::ImportFolder, "folder", |f| f.folder.clone(), |f, v| f.folder = v)}
                {text(Msg::ImportDailyAt, "daily_at", |f| f.daily_at.clone(), |f, v| f.daily_at = v)}
                <label class="check">
                    <input type="checkbox" name="refuse" prop:checked=move || form.with(|f| f.on_errors == OnErrors::Refuse)
                        on:change=move |ev| form.update(|f| f.on_errors = if event_target_checked(&ev) { OnErrors::Refuse } else { OnErrors::Skip })/>
                    {t(Msg::ImportOnErrorsRefuse)}
                </label>
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert notice" role="status">{t(Msg::ImportSaved)}</p> })}
                <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </form>
        </details>
    }
}
