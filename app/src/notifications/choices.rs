//! How people are told: a person's own choices (on their profile) and the organisation's
//! defaults (on the structure page) — one list of kinds, each with its ways.
use super::api;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::notifications::channels::{Choice, Preferences, PreferencesView};
use shared::notifications::Kind;
use shared::Msg;

/// Every kind with its three ways; `defaults` (the organisation's) named under each kind when
/// given. A mandatory kind is marked; the server refuses it reaching nowhere.
#[component]
fn KindList(
    choices: RwSignal<Vec<(Kind, Choice)>>,
    defaults: Option<Vec<(Kind, Choice)>>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let describe = move |c: Choice| {
        let ways: Vec<&str> = [(c.email, Msg::Email), (c.messenger, Msg::ChannelMessenger), (c.digest, Msg::ChannelDigest)]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, m)| m.text(locale))
            .collect();
        if ways.is_empty() {
            Msg::AppOnly.text(locale).to_string()
        } else {
            ways.join(", ")
        }
    };
    Kind::ALL
        .into_iter()
        .map(|kind| {
            let get = move || choices.with(|all| all.iter().find(|(k, _)| *k == kind).map(|(_, c)| *c).unwrap_or_default());
            let set = move |change: fn(&mut Choice, bool), on: bool| {
                choices.update(|all| {
                    if let Some((_, c)) = all.iter_mut().find(|(k, _)| *k == kind) {
                        change(c, on);
                    }
                })
            };
            let default = defaults.as_ref().and_then(|d| d.iter().find(|(k, _)| *k == kind)).map(|(_, c)| *c);
            let way = move |msg: Msg, way: &'static str, read: fn(Choice) -> bool, change: fn(&mut Choice, bool)| {
                view! {
                    <label class="check">
                        <input type="checkbox" name=format!("{}_{way}", kind.as_str())
                            prop:checked=move || read(get())
                            prop:disabled=move || msg != Msg::ChannelDigest && get().digest
                            on:change=move |ev| set(change, event_target_checked(&ev))/>
                        {t(msg)}
                    </label>
                }
            };
            view! {
                <fieldset class="roles notice-kind" data-kind=kind.as_str()>
                    <legend>
                        {t(kind.label())}
                        {kind.mandatory().then(|| view! { " " <span class="tag">{t(Msg::NoticeRequired)}</span> })}
                    </legend>
                    {way(Msg::Email, "email", |c| c.email, |c, on| c.email = on)}
                    {way(Msg::ChannelMessenger, "messenger", |c| c.messenger, |c, on| c.messenger = on)}
                    {way(Msg::ChannelDigest, "digest", |c| c.digest, |c, on| c.digest = on)}
                    {default.map(|d| view! { <p class="muted">{Msg::OrgDefaultIs.fill(locale, &[("value", &describe(d))])}</p> })}
                    {move || field_error(error.get(), kind.as_str())}
                </fieldset>
            }
        })
        .collect_view()
}

type SaveAction = Action<Preferences, Result<i64, AppError>>;

/// A save of preferences that keeps `version` current, its error for the fields.
fn versioned(save: SaveAction, version: RwSignal<i64>) -> Signal<Option<AppError>> {
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            version.set(v);
        }
    });
    Signal::derive(move || save.value().get().and_then(Result::err))
}

/// What a save said (an error not about a field, or "Saved."), and its button.
fn save_row(save: SaveAction, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
        {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::Saved)}</p> })}
        <div class="buttons">
            <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
        </div>
    }
}

/// The signed-in person's own choices, quiet hours and digest time (on their profile). Loaded
/// in the browser by an action: the profile renders it inside its boundary (leptos#4866).
#[component]
pub fn NoticeChoices() -> impl IntoView {
    let loaded = Action::new(|_: &()| api::preferences());
    Effect::new(move |_| {
        loaded.dispatch(());
    });
    move || {
        loaded.value().get().map(|r| match r {
            Ok(view) => view! { <ChoicesForm view/> }.into_any(),
            Err(error) => view! { <ErrorNote error/> }.into_any(),
        })
    }
}

#[component]
fn ChoicesForm(view: PreferencesView) -> impl IntoView {
    let locale = use_locale();
    let PreferencesView { preferences: p, defaults, time_zone, has_email, has_phone } = view;
    let choices = RwSignal::new(p.choices);
    let (quiet_from, quiet_to, digest_at) = (RwSignal::new(p.quiet_from), RwSignal::new(p.quiet_to), RwSignal::new(p.digest_at));
    let version = RwSignal::new(p.version);
    let save = Action::new(|p: &Preferences| api::save_preferences(p.clone()));
    let error = versioned(save, version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(Preferences {
            choices: choices.get(),
            quiet_from: quiet_from.get(),
            quiet_to: quiet_to.get(),
            digest_at: digest_at.get(),
            version: version.get(),
        });
    };
    let time = move |label: Msg, name: &'static str, value: RwSignal<String>| {
        view! {
            <label>
                {t(label)}
                <input type="time" name=name prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                {move || field_error(error.get(), name)}
            </label>
        }
    };
    view! {
        <form class="card stack" id="notices" on:submit=submit data-testid="my-notices">
            <h2>{t(Msg::NoticeSettings)}</h2>
            <p class="muted">{Msg::NoticeSettingsHint.fill(locale, &[("zone", &time_zone)])}</p>
            {(!has_email).then(|| view! { <p class="muted">{t(Msg::NoEmailOnFile)}</p> })}
            {(!has_phone).then(|| view! { <p class="muted">{t(Msg::NoPhoneOnFile)}</p> })}
            <KindList choices defaults=Some(defaults) error/>
            <div class="time-fields">
                {time(Msg::QuietFrom, "quiet_from", quiet_from)}
                {time(Msg::QuietTo, "quiet_to", quiet_to)}
                {time(Msg::DigestAt, "digest_at", digest_at)}
            </div>
            {save_row(save, error)}
        </form>
    }
}

/// The organisation's defaults (administrators, on the structure page), loaded like the above.
#[component]
pub fn NoticeDefaults() -> impl IntoView {
    let loaded = Action::new(|_: &()| api::defaults());
    Effect::new(move |_| {
        loaded.dispatch(());
    });
    move || {
        loaded.value().get().map(|r| match r {
            Ok(p) => view! { <DefaultsForm p/> }.into_any(),
            Err(error) => view! { <ErrorNote error/> }.into_any(),
        })
    }
}

#[component]
fn DefaultsForm(p: Preferences) -> impl IntoView {
    let choices = RwSignal::new(p.choices);
    let version = RwSignal::new(p.version);
    let save = Action::new(|p: &Preferences| api::save_defaults(p.clone()));
    let error = versioned(save, version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(Preferences { choices: choices.get(), version: version.get(), ..Preferences::default() });
    };
    view! {
        <form class="card stack" on:submit=submit data-testid="notice-defaults">
            <h2>{t(Msg::NoticeDefaults)}</h2>
            <p class="muted">{t(Msg::NoticeDefaultsHint)}</p>
            <KindList choices defaults=None error/>
            {save_row(save, error)}
        </form>
    }
}
