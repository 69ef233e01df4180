//! Requests: file one from the catalogue (a form built from the type's fields), follow it, and
//! decide on those waiting for you.
use super::api::{decide_request, get_request, inbox, my_requests, request_types, submit_request};
use crate::i18n::{t, use_locale};
use crate::shell::upload::FileInput;
use crate::shell::widgets::{ErrorNote, Loading};
use crate::zone::moment;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::approvals::{Action as Act, Status};
use shared::cabinet::{RequestDecision, RequestInput, RequestLine, RequestTypeView, RequestView};
use shared::files::{FileRef, Purpose};
use shared::format::person_name;
use shared::requests::FieldKind;
use shared::{Locale, Msg};
use std::collections::BTreeMap;

#[component]
pub fn RequestsPage() -> impl IntoView {
    let types = Resource::new(|| (), |_| request_types());
    // The list's type names, fetched on their own: one resource read in two boundaries can stall
    // the server's render (leptos#4851), and reading them with `get` would race their fetch.
    let names = Resource::new(|| (), |_| request_types());
    let submit = Action::new(|input: &RequestInput| submit_request(input.clone()));
    let mine = Resource::new(move || submit.version().get(), |_| my_requests());
    view! {
        <Title text=t(Msg::RequestsTitle)/>
        <h1>{t(Msg::RequestsTitle)}</h1>
        <super::certificates::MyCertificates/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match types.await {
                    Ok(types) => view! { <NewRequest types submit/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let names = names.await.unwrap_or_default();
                match mine.await {
                    Ok(lines) => view! { <Lines lines names/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewRequest(types: Vec<RequestTypeView>, submit: Action<RequestInput, Result<i64, crate::AppError>>) -> impl IntoView {
    let locale = use_locale();
    // `?type=vacation` (the leave page's "Request leave") opens that type; else the first.
    let asked = leptos_router::hooks::use_query_map().read_untracked().get("type");
    let first = asked.filter(|code| types.iter().any(|t| &t.code == code)).or_else(|| types.first().map(|t| t.code.clone()));
    let chosen = RwSignal::new(first.unwrap_or_default());
    let answers: RwSignal<BTreeMap<String, String>> = RwSignal::new(BTreeMap::new());
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            answers.set(BTreeMap::new());
        }
    });
    let types = StoredValue::new(types);
    let options = types.with_value(|ts| {
        ts.iter()
            .map(|ty| view! { <option value=ty.code.clone() selected=ty.code == chosen.get_untracked()>{ty.name.get(locale).to_string()}</option> })
            .collect_view()
    });
    let set = move |key: String, value: String| {
        answers.update(|a| {
            a.insert(key, value);
        })
    };
    let fields = move || {
        let code = chosen.get();
        let Some(ty) = types.with_value(|ts| ts.iter().find(|ty| ty.code == code).cloned()) else { return ().into_any() };
        ty.fields
            .into_iter()
            .map(|f| {
                let key = f.key.clone();
                let label = f.label.get(locale).to_string();
                let get = {
                    let key = key.clone();
                    move || answers.with(|a| a.get(&key).cloned().unwrap_or_default())
                };
                let input = match &f.kind {
                    FieldKind::DateRange => {
                        let part = move |i: usize| {
                            let get = get.clone();
                            move || get().split('/').nth(i).unwrap_or_default().to_string()
                        };
                        let (k1, k2) = (key.clone(), key.clone());
                        let (from, to) = (part(0), part(1));
                        let (from2, to2) = (from.clone(), to.clone());
                        view! {
                            <span class="range">
                                <input type="date" name=format!("{key}_from") aria-label=t(Msg::From) prop:value=from
                                    on:input=move |ev| set(k1.clone(), format!("{}/{}", event_target_value(&ev), to2()))/>
                                <input type="date" name=format!("{key}_to") aria-label=t(Msg::To) prop:value=to
                                    on:input=move |ev| set(k2.clone(), format!("{}/{}", from2(), event_target_value(&ev)))/>
                            </span>
                        }
                        .into_any()
                    }
                    FieldKind::Choice { options } => {
                        let k = key.clone();
                        let opts = options
                            .iter()
                            .map(|(value, l)| view! { <option value=value.clone()>{l.get(locale).to_string()}</option> })
                            .collect_view();
                        view! {
                            <select name=key.clone() on:change=move |ev| set(k.clone(), event_target_value(&ev))>
                                <option value="">"—"</option>
                                {opts}
                            </select>
                        }
                        .into_any()
                    }
                    FieldKind::File => {
                        let k = key.clone();
                        let done = move |file: FileRef| set(k.clone(), file.answer());
                        view! { <FileInput purpose=Purpose::Attachment name=key.clone() label=Msg::UploadFile on_done=done/> }.into_any()
                    }
                    kind => {
                        let k = key.clone();
                        let kind = match kind {
                            FieldKind::Date => "date",
                            FieldKind::Number => "number",
                            _ => "text",
                        };
                        view! { <input type=kind name=key.clone() prop:value=get on:input=move |ev| set(k.clone(), event_target_value(&ev))/> }
                            .into_any()
                    }
                };
                view! {
                    <label>
                        <span>{label}{f.required.then_some(" *")}</span>
                        {input}
                        {move || error.get().and_then(|e| e.field(&key)).map(|m| view! { <span class="field-error">{t(m)}</span> })}
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(RequestInput { type_code: chosen.get_untracked(), answers: answers.get_untracked() });
    };
    view! {
        <form class="card stack" on:submit=send data-testid="new-request">
            <h2>{t(Msg::NewRequest)}</h2>
            <label>
                <span>{t(Msg::RequestType)}</span>
                <select name="type" on:change=move |ev| {
                    chosen.set(event_target_value(&ev));
                    answers.set(BTreeMap::new());
                    // The last request's outcome is not about the type now chosen.
                    submit.value().set(None);
                }>{options}</select>
            </label>
            {fields}
            {move || error.get().filter(|e| !matches!(e, crate::AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || matches!(submit.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::RequestSubmitted)}</p> })}
            <button type="submit" class="primary" disabled=move || submit.pending().get()>{t(Msg::ActionSubmit)}</button>
        </form>
    }
}

/// A list of requests, each linking to its page.
#[component]
pub fn Lines(lines: Vec<RequestLine>, names: Vec<RequestTypeView>) -> impl IntoView {
    let locale = use_locale();
    if lines.is_empty() {
        return view! { <p class="empty">{t(Msg::NothingWaiting)}</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .map(|l| {
            let name = names.iter().find(|n| n.code == l.type_code).map(|n| n.name.get(locale).to_string()).unwrap_or(l.type_code.clone());
            let status = t(l.status.label());
            let due = l.due_at.map(|d| Msg::DueOn.fill(locale, &[("date", &crate::zone::day(d).format(locale))]));
            view! {
                <tr data-testid="request-row">
                    <td><a href=format!("/requests/{}", l.id)>{name}</a></td>
                    <td>{person_name(&l.requester_family, &l.requester_given, locale)}</td>
                    <td>{crate::zone::day(l.created_at).format(locale)}</td>
                    <td>{status}{due.map(|d| view! { <div class="muted">{d}</div> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="list">
                <thead><tr><th>{t(Msg::RequestType)}</th><th>{t(Msg::Requester)}</th><th>{t(Msg::Date)}</th><th>{t(Msg::Status)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Everything waiting for me: requests to decide, documents to sign, timesheets to approve,
/// and my own requests still in progress.
#[component]
pub fn InboxPage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async {
            let counts = super::api::inbox_counts().await?;
            let mine =
                my_requests().await?.into_iter().filter(|r| matches!(r.status, Status::Submitted | Status::Returned)).collect::<Vec<_>>();
            Ok::<_, crate::AppError>((inbox().await?, request_types().await?, counts, mine))
        },
    );
    let locale = use_locale();
    view! {
        <Title text=t(Msg::InboxTitle)/>
        <h1>{t(Msg::InboxTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((lines, names, counts, mine)) => view! {
                        <Lines lines names=names.clone()/>
                        {(counts.documents > 0).then(|| view! {
                            <p class="alert info"><a href="/documents" data-testid="inbox-documents">{Msg::DocumentsToSign.fill(locale, &[("count", &counts.documents.to_string())])}</a></p>
                        })}
                        {(counts.timesheets > 0).then(|| view! {
                            <p class="alert info"><a href="/approvals" data-testid="inbox-timesheets">{Msg::TimesheetsToApprove.fill(locale, &[("count", &counts.timesheets.to_string())])}</a></p>
                        })}
                        <h2>{t(Msg::MyOpenRequests)}</h2>
                        <Lines lines=mine names/>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default();
    let decide = Action::new(|d: &RequestDecision| decide_request(d.clone()));
    let data = Resource::new(move || (id(), decide.version().get()), |(id, _)| get_request(id));
    let decided = crate::shell::work::WorkTick::bumper();
    Effect::new(move |_| {
        if let Some(Ok(_)) = decide.value().get() {
            decided();
        }
    });
    let comment = RwSignal::new(String::new());
    let locale = use_locale();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(r) => {
                        let answers = answers_view(&r, locale);
                        let history = history_view(&r, locale);
                        let (rid, version) = (r.id, r.version);
                        let buttons = r
                            .actions
                            .iter()
                            .copied()
                            .filter(|a| *a != Act::Submit)
                            .map(|a| {
                                let class = if a == Act::Approve { "primary" } else { "secondary" };
                                view! {
                                    <button type="button" class=class data-action=a.as_str() on:click=move |_| {
                                        decide.dispatch(RequestDecision { request_id: rid, version, action: a, comment: comment.get_untracked() });
                                    }>{t(a.label())}</button>
                                }
                            })
                            .collect_view();
                        let deciding = r.actions.iter().any(|a| *a != Act::Submit);
                        view! {
                            <Title text=r.type_name.get(locale).to_string()/>
                            <div class="card">
                                <h1>{r.type_name.get(locale).to_string()}</h1>
                                <p>{person_name(&r.requester_family, &r.requester_given, locale)}" · "
                                    <span data-testid="request-status">{t(r.status.label())}</span></p>
                                <dl class="facts">{answers}</dl>
                                <h2>{t(Msg::History)}</h2>
                                <ol class="history">{history}</ol>
                            </div>
                            <crate::notifications::reminders::RemindMe about=shared::notifications::reminders::About::Request id=rid/>
                            {deciding.then(|| view! {
                                <section class="card decision">
                                    <label><span>{t(Msg::Comment)}</span>
                                        <textarea rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                                    </label>
                                    <div class="buttons">{buttons}</div>
                                </section>
                            })}
                            {move || decide.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A request's answers as a list of facts. An optional field left blank says nothing.
pub(super) fn answers_view(r: &RequestView, locale: Locale) -> impl IntoView {
    r.answers
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(f, v)| {
            let shown = match (&f.kind, FileRef::parse_answer(v)) {
                (FieldKind::File, Some((id, name))) => {
                    view! { <a href=format!("/files/{id}") rel="external" download>{name.to_string()}</a> }.into_any()
                }
                _ => f.answer_text(v, locale).into_any(),
            };
            view! { <dt>{f.label.get(locale).to_string()}</dt><dd>{shown}</dd> }
        })
        .collect_view()
}

/// Who did what to a request, when, with their comments.
pub(super) fn history_view(r: &RequestView, locale: Locale) -> impl IntoView {
    r.history
        .iter()
        .map(|h| {
            let who = match (&h.actor_family, &h.actor_given) {
                (Some(f), Some(g)) => person_name(f, g, locale),
                _ => String::new(),
            };
            view! { <li><strong>{t(h.action.label())}</strong>" · "{who}" · "{moment(h.at, locale)}{(!h.comment.is_empty()).then(|| view! { <blockquote>{h.comment.clone()}</blockquote> })}</li> }
        })
        .collect_view()
}
