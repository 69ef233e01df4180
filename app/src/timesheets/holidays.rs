//! Public holiday calendars (administrators): days shaded in the grid and flagged in reviews.
use super::api::{list_holidays, save_holiday};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{field_error, ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::format::Date;
use shared::timesheets::model::Holiday;
use shared::Msg;

#[component]
pub fn HolidaysPage() -> impl IntoView {
    let params = use_query_map();
    let year = move || {
        params
            .read()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (1900..=2999).contains(y))
            .unwrap_or_else(|| Date::parse_month(&super::this_month()).map_or(2026, |d| d.year))
    };
    let save = Action::new(|(h, remove): &(Holiday, bool)| save_holiday(h.clone(), *remove));
    let data = Resource::new(move || (year(), save.version().get()), |(y, _)| list_holidays(y));
    let country = RwSignal::new("KR".to_string());
    let day = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let locale = use_locale();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch((Holiday { country: country.get(), day: day.get(), name: name.get() }, false));
    };
    view! {
        <Title text=t(Msg::HolidaysTitle)/>
        <h1>{t(Msg::HolidaysTitle)}</h1>
        <nav class="month-nav">
            <a href=move || format!("/holidays?year={}", year() - 1)>"‹ "{move || year() - 1}</a>
            <strong>{year}</strong>
            <a href=move || format!("/holidays?year={}", year() + 1)>{move || year() + 1}" ›"</a>
        </nav>
        <form class="card inline-form" on:submit=add>
            <label>
                <span>{t(Msg::Country)}</span>
                <input name="country" maxlength="2" size="3" prop:value=move || country.get() on:input=move |ev| country.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "country")}
            </label>
            <label>
                <span>{t(Msg::Date)}</span>
                <input type="date" name="day" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "day")}
            </label>
            <label>
                <span>{t(Msg::Name)}</span>
                <input name="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "name")}
            </label>
            <button type="submit" class="primary">{t(Msg::Add)}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|h| {
                                let label = Date::parse_iso(&h.day).map(|d| d.format(locale)).unwrap_or_default();
                                let remove = h.clone();
                                view! {
                                    <tr>
                                        <td>{h.country.clone()}</td>
                                        <td>{label}</td>
                                        <td>{h.name.clone()}</td>
                                        <td><button type="button" class="link" on:click=move |_| { save.dispatch((remove.clone(), true)); }>{t(Msg::Remove)}</button></td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="list" data-testid="holidays">
                                    <thead><tr><th>{t(Msg::Country)}</th><th>{t(Msg::Date)}</th><th>{t(Msg::Name)}</th><th></th></tr></thead>
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
