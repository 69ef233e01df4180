//! Leave: my balance with its history, and the team calendar of a month.
use super::api::{leave_balance, team_calendar};
use crate::i18n::{t, use_locale};
use crate::shell::use_viewer;
use crate::shell::widgets::{ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::cabinet::Absence;
use shared::format::{person_name, Date};
use shared::leave::format_days;
use shared::Msg;

#[component]
pub fn LeavePage() -> impl IntoView {
    let me = use_viewer().map(|v| v.id).unwrap_or_default();
    let params = use_query_map();
    let month = move || params.read().get("month").filter(|m| Date::parse_month(m).is_some()).unwrap_or_else(crate::timesheets::this_month);
    let balance = Resource::new(move || me, leave_balance);
    let calendar = Resource::new(month, team_calendar);
    let locale = use_locale();
    let days = move |h: i64| Msg::DaysCount.fill(locale, &[("days", &format_days(h))]);
    view! {
        <Title text=t(Msg::LeaveTitle)/>
        <h1>{t(Msg::LeaveTitle)}</h1>
        <p><a class="button primary" href="/requests?type=vacation" data-testid="request-leave">{t(Msg::RequestLeave)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match balance.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(b) => {
                        let history = b
                            .history
                            .iter()
                            .rev()
                            .take(24)
                            .map(|l| view! { <tr><td>{l.on.format(locale)}</td><td>{t(l.reason.label())}</td><td class="num">{format_days(l.hundredths)}</td></tr> })
                            .collect_view();
                        view! {
                            <dl class="facts card">
                                <dt>{t(Msg::Granted)}</dt><dd>{days(b.granted)}</dd>
                                <dt>{t(Msg::Taken)}</dt><dd>{days(b.taken)}</dd>
                                <dt>{t(Msg::Expired)}</dt><dd data-testid="leave-expired">{days(b.expired)}</dd>
                                <dt>{t(Msg::Balance)}</dt><dd data-testid="leave-balance">{days(b.balance)}</dd>
                            </dl>
                            <div class="table-wrap"><table class="list"><tbody>{history}</tbody></table></div>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
        <h2>{t(Msg::TeamCalendar)}" · "{move || Date::parse_month(&month()).map(|m| m.month_title(locale)).unwrap_or_default()}</h2>
        <form method="get" action="/leave" class="inline-form">
            <input type="month" name="month" value=month aria-label=t(Msg::Month)/>
            <button type="submit" class="secondary">{t(Msg::Show)}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match calendar.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(list) => {
                        let first = Date::parse_month(&month()).unwrap_or_else(|| Date::from_unix(0)).first_of_month();
                        view! { <MonthGrid first list/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The month as a grid: a row per person, a column per day, each absence's days marked with
/// its kind (weekends shaded). The dates and kind are in each mark's title for screen readers.
#[component]
fn MonthGrid(first: Date, list: Vec<Absence>) -> impl IntoView {
    let locale = use_locale();
    let last = first.last_of_month();
    let days: Vec<Date> = (first.days()..=last.days()).map(Date::from_days).collect();
    // People in the order they first appear (the server sorts by start date).
    let mut people: Vec<(i64, String, Vec<Absence>)> = Vec::new();
    for a in list {
        match people.iter_mut().find(|p| p.0 == a.person_id) {
            Some(p) => p.2.push(a),
            None => people.push((a.person_id, person_name(&a.family_name, &a.given_name, locale), vec![a])),
        }
    }
    let head = days
        .iter()
        .map(|d| view! { <th class:weekend=d.is_weekend() scope="col" title=d.weekday_short(locale)>{d.day}</th> })
        .collect_view();
    let rows = people
        .into_iter()
        .map(|(_, name, absences)| {
            let cells = days
                .iter()
                .map(|d| {
                    let hit = absences.iter().find(|a| a.starts_on <= *d && *d <= a.ends_on);
                    match hit {
                        Some(a) => {
                            let title = format!("{} · {} – {}", t(a.kind.label()), a.starts_on.format(locale), a.ends_on.format(locale));
                            view! { <td class=format!("away {}", a.kind) class:weekend=d.is_weekend() title=title></td> }.into_any()
                        }
                        None => view! { <td class:weekend=d.is_weekend()></td> }.into_any(),
                    }
                })
                .collect_view();
            let kinds = absences
                .iter()
                .map(|a| format!("{}: {} – {}", t(a.kind.label()), a.starts_on.format(locale), a.ends_on.format(locale)))
                .collect::<Vec<_>>()
                .join("; ");
            view! { <tr data-testid="absence"><th scope="row" title=kinds>{name}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="month-grid">
                <thead><tr><th></th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
