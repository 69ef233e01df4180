//! The candidates list across the caller's jobs: a GET form (linkable, works before WASM) for
//! search and filters, status views, pages, and bulk actions on the rows selected.
use super::api::{bulk, candidates, jobs};
use crate::i18n::{t, use_locale};
use crate::shell::use_viewer;
use crate::shell::widgets::{encode_query, field_error, ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::format::integer;
use shared::i18n::Labels;
use shared::recruiting::{default_stages, BulkAction, BulkInput, CandidateQuery, CandidateStatus, RejectionReason, StageView};
use shared::{Msg, Role};
use std::collections::BTreeSet;

#[component]
pub fn CandidatesPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let current = move || CandidateQuery {
        text: param("q"),
        status: CandidateStatus::parse(&param("status")),
        job_id: param("job").parse().ok(),
        stage_id: param("stage").parse().ok(),
        source: param("source"),
        page: param("page").parse().unwrap_or(1),
    };
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || (current(), reload.get()), |(q, _)| candidates(q));
    let job_list = Resource::new(|| (), |_| jobs());
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    // The bulk bar's stages follow the results from an effect: read in the view, outside a
    // Suspense, the resource would render differently on the server and in the browser.
    let stages = RwSignal::new(Vec::<StageView>::new());
    Effect::new(move |_| {
        if let Some(Ok(page)) = data.get() {
            stages.set(page.stages);
        }
    });
    let locale = use_locale();
    // A link to this list with one parameter changed (and back to the first page).
    let with = move |key: &'static str, value: String| {
        let mut q = current();
        match key {
            "status" => q.status = CandidateStatus::parse(&value),
            _ => q.page = value.parse().unwrap_or(1),
        }
        let job = q.job_id.map(|j| j.to_string()).unwrap_or_default();
        let stage = q.stage_id.map(|s| s.to_string()).unwrap_or_default();
        format!(
            "/recruiting/candidates?q={}&status={}&job={job}&stage={stage}&source={}&page={}",
            encode_query(&q.text),
            q.status.map_or("", CandidateStatus::as_str),
            encode_query(&q.source),
            if key == "page" { q.page } else { 1 }
        )
    };
    let tabs = std::iter::once("")
        .chain(CandidateStatus::NAMES)
        .map(|s| {
            let label = CandidateStatus::parse(s).map_or(Msg::AllStatuses, CandidateStatus::label);
            view! { <a href=move || with("status", s.to_string()) class:current=move || param("status") == s>{t(label)}</a> }
        })
        .collect_view();
    view! {
        <Title text=t(Msg::Candidates)/>
        <div class="page-head">
            <h1>{t(Msg::Candidates)}</h1>
            {use_viewer().is_some_and(|v| v.has(Role::Admin)).then(|| view! { <a class="button" href="/recruiting/reveals">{t(Msg::RevealLog)}</a> })}
        </div>
        <nav class="tabs" data-testid="status-views">{tabs}</nav>
        <form method="get" action="/recruiting/candidates" class="search" role="search">
            <input type="search" name="q" value=move || param("q") placeholder=t(Msg::SearchCandidates) aria-label=t(Msg::Search)/>
            <input type="hidden" name="status" value=move || param("status")/>
            <select name="job" aria-label=t(Msg::Job)>
                <option value="">{t(Msg::AllJobs)}</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        job_list.await.unwrap_or_default().into_iter().map(|j| {
                            let id = j.id.to_string();
                            view! { <option value=id.clone() selected=move || param("job") == id>{j.title}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
            // The chosen job's stages (after choosing a job, search once to get them), from the
            // results' effect: `data` is read in one boundary only (the results below), as one
            // resource read in two can stall the server's render (leptos#4851).
            {move || {
                let stages = stages.get();
                (!stages.is_empty()).then(|| {
                    let options = stages.into_iter().map(|s| {
                        let id = s.id.to_string();
                        view! { <option value=id.clone() selected=move || param("stage") == id>{s.name.get(locale).to_string()}</option> }
                    }).collect_view();
                    view! { <select name="stage" aria-label=t(Msg::Stage)><option value="">{t(Msg::AllStages)}</option>{options}</select> }
                })
            }}
            <input name="source" value=move || param("source") placeholder=t(Msg::Source) aria-label=t(Msg::Source)/>
            <button type="submit">{t(Msg::Search)}</button>
        </form>
        <BulkBar selected reload=move |_| reload.update(|n| *n += 1) stages/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(result) if result.items.is_empty() => view! { <p class="empty">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(result) => {
                        let rows = result.items.into_iter().map(|c| {
                            let id = c.id;
                            let stage = c.stage.get(locale).to_string();
                            let reason = c.rejection_reason.map(|r| format!(" · {}", t(r.label())));
                            view! {
                                <tr data-testid="candidate-row">
                                    <td><input type="checkbox" aria-label=t(Msg::SelectCandidate).replace("{name}", &c.full_name)
                                        prop:checked=move || selected.with(|s| s.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                        }/></td>
                                    <td><a href=format!("/recruiting/candidates/{id}")>{c.full_name.clone()}</a></td>
                                    <td><a href=format!("/recruiting/{}", c.job_id)>{c.job_title}</a></td>
                                    <td>{stage}{reason}</td>
                                    <td><span class="status">{t(c.status.label())}</span></td>
                                    <td>{c.source}</td>
                                    <td class="tags">{c.tags}</td>
                                    <td class="muted">{c.phone_masked}" "{c.email_masked}</td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <p class="muted" data-testid="candidates-total">{integer(result.total, locale)}</p>
                            <div class="table-wrap">
                                <table class="list">
                                    <thead><tr>
                                        <th></th><th>{t(Msg::Name)}</th><th>{t(Msg::Job)}</th><th>{t(Msg::Stage)}</th><th>{t(Msg::Status)}</th>
                                        <th>{t(Msg::Source)}</th><th>{t(Msg::TagsField)}</th><th>{t(Msg::Phone)}" · "{t(Msg::Email)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <nav class="pager">
                                {(result.page > 1).then(|| view! { <a rel="prev" href=with("page", (result.page - 1).to_string())>{t(Msg::Previous)}</a> })}
                                <span>{Msg::PageOf.fill(locale, &[("page", &result.page.to_string()), ("pages", &result.pages.to_string())])}</span>
                                {(result.page < result.pages).then(|| view! { <a rel="next" href=with("page", (result.page + 1).to_string())>{t(Msg::Next)}</a> })}
                            </nav>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The action bar for the rows selected; also used on a candidate's page with one id.
#[component]
pub fn BulkBar(
    selected: RwSignal<BTreeSet<i64>>,
    #[prop(into)] reload: Callback<()>,
    /// The job's stages when the selection is of one job; else the default stages' names stand
    /// for the stage at each place.
    #[prop(into)]
    stages: Signal<Vec<StageView>>,
    #[prop(optional)] single: bool,
) -> impl IntoView {
    let locale = use_locale();
    let action = RwSignal::new("move".to_string());
    let stage = RwSignal::new(1i64);
    let tag = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let run = Action::new(|input: &BulkInput| bulk(input.clone()));
    let error = Signal::derive(move || run.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = run.value().get() {
            selected.set(BTreeSet::new());
            message.set(String::new());
            reload.run(());
        }
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = match action.get_untracked().as_str() {
            "tag" => BulkAction::Tag { tag: tag.get_untracked() },
            "reject" => BulkAction::Reject { reason: RejectionReason::parse(&reason.get_untracked()), message: message.get_untracked() },
            "hold" => BulkAction::Hold,
            "resume" => BulkAction::Resume,
            _ => BulkAction::Move { stage_position: stage.get_untracked() },
        };
        run.dispatch(BulkInput { ids: selected.get_untracked().into_iter().collect(), action: chosen });
    };
    let stage_options = move || {
        let names: Vec<Labels> = match stages.get() {
            own if !own.is_empty() => own.into_iter().map(|s| s.name).collect(),
            _ => default_stages().into_iter().map(|(name, _)| name).collect(),
        };
        names
            .into_iter()
            .enumerate()
            .map(|(i, name)| view! { <option value=i.to_string() selected=move || stage.get() == i as i64>{name.get(locale).to_string()}</option> })
            .collect_view()
    };
    let reasons = || RejectionReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{t(r.label())}</option> }).collect_view();
    let is = move |a: &'static str| move || action.get() == a;
    view! {
        <form class="card bulk-bar" data-testid="bulk-bar" on:submit=apply>
            {(!single).then(|| view! {
                <span data-testid="selected-count">{move || t(Msg::Selected).replace("{count}", &selected.with(|s| s.len()).to_string())}</span>
            })}
            <select name="action" aria-label=t(Msg::Apply) on:change=move |ev| action.set(event_target_value(&ev))>
                <option value="move">{t(Msg::MoveToStage)}</option>
                <option value="tag">{t(Msg::AddTag)}</option>
                <option value="reject">{t(Msg::Reject)}</option>
                <option value="hold">{t(Msg::Hold)}</option>
                <option value="resume">{t(Msg::Resume)}</option>
            </select>
            <Show when=is("move")>
                <select name="stage" aria-label=t(Msg::Stage) on:change=move |ev| stage.set(event_target_value(&ev).parse().unwrap_or(0))>{stage_options}</select>
            </Show>
            <Show when=is("tag")>
                <input name="tag" aria-label=t(Msg::AddTag) prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "tag")}
            </Show>
            <Show when=is("reject")>
                <select name="reason" aria-label=t(Msg::RejectionReason) on:change=move |ev| reason.set(event_target_value(&ev))>
                    <option value="">{t(Msg::RejectionReason)}</option>
                    {reasons()}
                </select>
                {move || field_error(error.get(), "reason")}
                <label class="wide">
                    {t(Msg::MessageToCandidate)}
                    <textarea name="message" rows="2" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))/>
                </label>
            </Show>
            <button type="submit" disabled=move || run.pending().get() || selected.with(|s| s.is_empty())>{t(Msg::Apply)}</button>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || run.value().get().and_then(Result::ok).map(|n| view! {
                <span role="status" data-testid="bulk-done">{t(Msg::BulkDone).replace("{count}", &n.to_string())}</span>
            })}
        </form>
    }
}
