//! "Remind me" beside what a person may come back to, and their reminders on the home page.
use super::api;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::notifications::reminders::{About, ReminderInput};
use shared::Msg;

/// A button that opens a small form: a local day and time, a note.
#[component]
pub fn RemindMe(about: About, id: i64) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let at = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let set = Action::new(|input: &ReminderInput| api::set_reminder(input.clone()));
    let error = Signal::derive(move || set.value().get().and_then(Result::err));
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = set.value().get() {
            done.set(Some(shared::format::date_time_text(&at.get_untracked(), locale)));
            open.set(false);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set.dispatch(ReminderInput { about, id, at: at.get(), note: note.get() });
    };
    view! {
        <div class="remind-me" data-testid="remind-me">
            {move || done.get().map(|when| view! { <p class="alert ok" role="status">{Msg::ReminderSet.fill(locale, &[("when", &when)])}</p> })}
            <Show when=move || open.get() fallback=move || view! {
                <button type="button" class="secondary" on:click=move |_| open.set(true)>{t(Msg::RemindMe)}</button>
            }>
                <form class="inline-form" on:submit=submit>
                    <label>
                        {t(Msg::RemindAt)}
                        <input type="datetime-local" name="at" required prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                        {move || field_error(error.get(), "at")}
                    </label>
                    <label>
                        {t(Msg::RemindNote)}
                        <input name="note" maxlength="500" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                        {move || field_error(error.get(), "note")}
                    </label>
                    {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                    <div class="buttons">
                        <button type="submit" disabled=move || set.pending().get()>{t(Msg::Save)}</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// The person's reminders still to go off (home), each with a way to cancel it.
#[component]
pub fn MyReminders() -> impl IntoView {
    let locale = use_locale();
    let cancel = Action::new(|id: &i64| api::cancel_reminder(*id));
    let data = Resource::new(move || cancel.version().get(), |_| api::my_reminders());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = match data.await {
                    Ok(list) => list,
                    Err(error) => return view! { <ErrorNote error/> }.into_any(),
                };
                (!list.is_empty()).then(|| {
                    let items = list
                        .into_iter()
                        .map(|r| {
                            let note = (!r.note.is_empty()).then(|| format!(" — {}", r.note));
                            view! {
                                <li>
                                    <span class="muted">{crate::zone::moment(r.at, locale)}</span>" "
                                    <a href=r.link>{r.label}</a>{note}" "
                                    <button type="button" class="link cancel-reminder" aria-label=t(Msg::CancelReminder) on:click=move |_| { cancel.dispatch(r.id); }>"×"</button>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <h2>{t(Msg::MyReminders)}</h2>
                        <ul class="notices" data-testid="my-reminders">{items}</ul>
                    }
                })
                .into_any()
            })}
        </Suspense>
    }
}
