//! One timesheet as an approver sees it, and the decision panel (approve, return with a
//! comment on a day or the whole period, reopen) shared by the signed-in page and the
//! emailed-link page.
use super::api::{decide, get_timesheet, link_decide};
use crate::i18n::{t, use_locale};
use crate::shell::posted::Posted;
use crate::shell::widgets::{ErrorNote, Loading};
use crate::zone::moment;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::approvals::{Action as Act, Chain, Status};
use shared::format::{hours, person_name};
use shared::timesheets::model::{Decision, TimesheetView};
use shared::timesheets::Code;
use shared::Msg;

#[component]
pub fn TimesheetPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default();
    let data = Resource::new(id, get_timesheet);
    view! {
        <Title text=t(Msg::TimesheetTitle)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(sheet) => view! {
                        <TimesheetCard sheet=sheet.clone()/>
                        <crate::notifications::reminders::RemindMe about=shared::notifications::reminders::About::Timesheet id=sheet.id/>
                        <DecisionPanel sheet token=None on_done=move |_| data.refetch()/>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A status with the step it waits for: "Submitted · Waiting for: Client approval".
pub fn status_text(status: Status, step: u8) -> String {
    let chain = Chain::timesheet();
    match (status, chain.step(step)) {
        (Status::Submitted, Some(s)) => {
            format!("{} · {}", t(status.label()), Msg::WaitingFor.fill(crate::i18n::use_locale(), &[("step", t(s.label))]))
        }
        _ => t(status.label()).to_string(),
    }
}

#[component]
pub fn TimesheetCard(sheet: TimesheetView) -> impl IntoView {
    let locale = use_locale();
    // On the approval link's page nobody is signed in: times read in the organisation's zone.
    provide_context(crate::zone::PageZone(sheet.time_zone.clone()));
    let name = person_name(&sheet.contractor_family, &sheet.contractor_given, locale);
    let period = format!("{} – {}", sheet.period_start.format(locale), sheet.period_end.format(locale));
    let totals = Code::ALL
        .iter()
        .zip(sheet.totals.iter())
        .filter(|(_, m)| **m != 0)
        .map(|(c, m)| view! { <li><span class="code">{c.letters()}</span>" "{t(c.label())}": "<strong>{hours(*m, locale)}</strong></li> })
        .collect_view();
    let total: i64 = sheet.totals.iter().sum();
    let days = sheet
        .days
        .iter()
        .map(|d| {
            let label = format!("{} {}", d.day.day, d.day.weekday_short(locale));
            let warnings = d.warnings.iter().map(|w| view! { <div class="warning">{t(*w)}</div> }).collect_view();
            view! {
                <tr class:day-off=d.day_off data-day=d.day.iso()>
                    <th scope="row">{label}</th>
                    <td class="num hours">{d.text.clone()}</td>
                    <td>{d.holiday.clone()}{(!d.note.is_empty()).then(|| view! { <div class="note">{d.note.clone()}</div> })}{warnings}</td>
                </tr>
            }
        })
        .collect_view();
    let history = sheet
        .history
        .iter()
        .map(|h| {
            let who = match (&h.actor_family, &h.actor_given) {
                (Some(f), Some(g)) => person_name(f, g, locale),
                _ => String::new(),
            };
            let when = moment(h.at, locale);
            let about = h.day.map(|d| format!(" ({})", d.format(locale))).unwrap_or_default();
            view! {
                <li>
                    <strong>{t(h.action.label())}</strong>" · "{who}" · "{when}
                    {h.via_link.then(|| view! { <span class="tag">{t(Msg::ViaLink)}</span> })}
                    {(!h.comment.is_empty()).then(|| view! { <blockquote>{h.comment.clone()}{about}</blockquote> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card timesheet" data-testid="timesheet">
            <h1>{name}</h1>
            <p class="muted">{sheet.client_company.clone()}" · "{sheet.client_department.clone()}" · "{sheet.legal_entity.clone()}</p>
            <p><strong>{period}</strong>" · "<span class="status" data-testid="timesheet-status">{status_text(sheet.status, sheet.step)}</span></p>
            <ul class="totals" data-testid="timesheet-totals">
                {totals}
                <li><strong>{t(Msg::Total)}": "{hours(total, locale)}</strong></li>
            </ul>
            <div class="table-wrap">
                <table class="list days">
                    <thead><tr><th>{t(Msg::Day)}</th><th>{t(Msg::Hours)}</th><th>{t(Msg::Note)}</th></tr></thead>
                    <tbody>{days}</tbody>
                </table>
            </div>
            <h2>{t(Msg::History)}</h2>
            <ol class="history" data-testid="history">{history}</ol>
        </div>
    }
}

/// The actions open to the viewer. `token`: acting through an emailed link instead of an account;
/// then the panel is a form posted to the link (it works without JavaScript) and `on_done`
/// receives the timesheet as it now stands. `posted`: what a refused post left (message, text).
#[component]
pub fn DecisionPanel(
    sheet: TimesheetView,
    token: Option<String>,
    #[prop(optional)] posted: Posted<TimesheetView>,
    #[prop(into)] on_done: Callback<Option<TimesheetView>>,
) -> impl IntoView {
    let actions: Vec<Act> = sheet.actions.iter().copied().filter(|a| *a != Act::Submit).collect();
    let comment = RwSignal::new(posted.typed("comment"));
    let day = RwSignal::new(posted.typed("day"));
    let by_link = token.is_some();
    let token = StoredValue::new(token);
    let run = Action::new(move |d: &Decision| {
        let (d, token) = (d.clone(), token.get_value());
        async move {
            match token {
                Some(token) => link_decide(token, d).await.map(Some),
                None => decide(d).await.map(|_| None),
            }
        }
    });
    let decided = crate::shell::work::WorkTick::bumper();
    Effect::new(move |_| {
        if let Some(Ok(now)) = run.value().get() {
            decided();
            comment.set(String::new());
            on_done.run(now);
        }
    });
    let refused = StoredValue::new(posted.error.clone());
    let error = move || match run.value().get() {
        Some(result) => result.err(),
        None => refused.get_value(),
    };
    let (id, version) = (sheet.id, sheet.version);
    let needs_comment = actions.iter().any(|a| a.needs_comment());
    let locale = use_locale();
    let day_options = sheet
        .days
        .iter()
        .map(|d| {
            let selected = day.get_untracked() == d.day.iso();
            view! { <option value=d.day.iso() selected=selected>{d.day.format(locale)}</option> }
        })
        .collect_view();
    let buttons = actions
        .iter()
        .map(|a| {
            let a = *a;
            let class = if a == Act::Approve { "primary" } else { "secondary" };
            // Without JavaScript the button submits the form; with it, the decision is sent here.
            let click = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                run.dispatch(Decision {
                    timesheet_id: id,
                    version,
                    action: a,
                    comment: comment.get_untracked(),
                    day: Some(day.get_untracked()).filter(|d| !d.is_empty()),
                });
            };
            view! { <button type="submit" name="action" value=a.as_str() class=class data-action=a.as_str() on:click=click disabled=move || run.pending().get()>{t(a.label())}</button> }
        })
        .collect_view();
    let total = hours(sheet.totals.iter().sum(), locale);
    (!actions.is_empty()).then(|| {
        view! {
            <form class="card decision" data-testid="decision" method=by_link.then_some("post")>
                <input type="hidden" name="timesheet_id" value=id.to_string()/>
                <input type="hidden" name="version" value=version.to_string()/>
                <p class="decision-total">{t(Msg::Total)}": "<strong>{total}</strong></p>
                {needs_comment.then(|| view! {
                    <label>
                        <span>{t(Msg::Comment)}</span>
                        <textarea name="comment" rows="2" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))>{comment.get_untracked()}</textarea>
                        {move || error().and_then(|e| e.field("comment")).map(|m| view! { <span class="field-error">{t(m)}</span> })}
                    </label>
                    <label>
                        <span>{t(Msg::AboutDay)}</span>
                        <select name="day" on:change=move |ev| day.set(event_target_value(&ev))>
                            <option value="">{t(Msg::WholePeriod)}</option>
                            {day_options}
                        </select>
                    </label>
                })}
                <div class="buttons">{buttons}</div>
                {move || error().filter(|e| e.field("comment").is_none()).map(|error| view! { <ErrorNote error/> })}
            </form>
        }
    })
}
