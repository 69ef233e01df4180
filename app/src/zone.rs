//! Instants as people read them: in their time zone (their own, else their organisation's; the
//! viewer carries its name). The server renders with chrono-tz and the browser, after
//! hydration, with its own Intl data: the same offsets, so nothing changes under the reader.
use crate::i18n::t;
use crate::shell::use_viewer;
use crate::shell::widgets::field_error;
use crate::AppError;
use leptos::prelude::*;
use shared::format::Date;
use shared::{Locale, Msg};

/// Seconds `zone` is ahead of UTC at `at`. Zone names come from the server, which has checked
/// them; a name the browser does not know reads as UTC.
pub fn offset_at(zone: &str, at: i64) -> i32 {
    #[cfg(feature = "ssr")]
    {
        use crate::backend::zone;
        zone::stored(zone).map(|z| zone::offset_at(z, at)).unwrap_or(0)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        intl::offset_at(zone, at)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        let _ = (zone, at);
        0
    }
}

/// The zone of a page opened from a link, where nobody is signed in: set by the page from what
/// it loaded (the link's person's, or the organisation's).
#[derive(Clone, Debug)]
pub struct PageZone(pub String);

/// The reader's zone: the signed-in viewer's, else the link page's, else UTC.
fn reader_zone() -> String {
    use_viewer().map(|v| v.time_zone).or_else(|| use_context::<PageZone>().map(|z| z.0)).unwrap_or_else(|| "UTC".to_string())
}

/// An instant as a date and a time in the reader's zone.
pub fn moment(at: i64, locale: Locale) -> String {
    shared::format::moment(at, offset_at(&reader_zone(), at), locale)
}

/// The day an instant falls on in the reader's zone.
pub fn day(at: i64) -> Date {
    Date::from_unix(at + i64::from(offset_at(&reader_zone(), at)))
}

/// Zones offered first (any IANA name is accepted): the markets we serve.
const COMMON_ZONES: [&str; 12] = [
    "Asia/Seoul",
    "Europe/Moscow",
    "Europe/Kaliningrad",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Vladivostok",
    "Asia/Almaty",
    "Asia/Tashkent",
    "Asia/Tokyo",
    "UTC",
];

/// A time zone field: any IANA name, the common ones offered as one types.
#[component]
pub fn ZoneInput(value: RwSignal<String>, error: Signal<Option<AppError>>, #[prop(optional)] disabled: bool) -> impl IntoView {
    let zones = COMMON_ZONES.map(|z| view! { <option value=z/> });
    view! {
        <label>
            <span>{t(Msg::TimeZone)}</span>
            <input name="time_zone" list="time-zones" autocomplete="off" autocapitalize="none" spellcheck="false" disabled=disabled
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <datalist id="time-zones">{zones}</datalist>
            {move || field_error(error.get(), "time_zone")}
        </label>
    }
}

/// The signed-in person's own zone, on their profile. Saving reloads the page: every time on
/// it is read again in the new zone.
#[component]
pub fn OwnZone() -> impl IntoView {
    let zone = RwSignal::new(reader_zone());
    let save = Action::new(|z: &String| crate::people::api::set_own_time_zone(z.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = leptos::prelude::window().location().reload();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(zone.get());
    };
    view! {
        <form class="card stack" on:submit=submit data-testid="own-time-zone">
            <ZoneInput value=zone error/>
            <p class="muted">{t(Msg::OwnTimeZoneHint)}</p>
            <div class="buttons">
                <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </div>
        </form>
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod intl {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `Intl.DateTimeFormat(locales, options)`, which throws on an unknown time zone.
        #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
        fn date_time_format(locales: &JsValue, options: &JsValue) -> Result<js_sys::Intl::DateTimeFormat, JsValue>;
    }

    thread_local! {
        /// One formatter per zone: making them is the slow part.
        static FORMATS: std::cell::RefCell<std::collections::HashMap<String, Option<js_sys::Intl::DateTimeFormat>>> =
            Default::default();
    }

    fn format(zone: &str) -> Option<js_sys::Intl::DateTimeFormat> {
        FORMATS.with(|f| {
            f.borrow_mut()
                .entry(zone.to_string())
                .or_insert_with(|| {
                    let options = js_sys::Object::new();
                    for (k, v) in [
                        ("timeZone", zone),
                        ("hourCycle", "h23"),
                        ("year", "numeric"),
                        ("month", "numeric"),
                        ("day", "numeric"),
                        ("hour", "numeric"),
                        ("minute", "numeric"),
                        ("second", "numeric"),
                    ] {
                        js_sys::Reflect::set(&options, &k.into(), &v.into()).ok()?;
                    }
                    date_time_format(&js_sys::Array::of1(&"en-US".into()), &options).ok()
                })
                .clone()
        })
    }

    /// The zone's wall clock at `at`, read back as if it were UTC, minus `at`.
    pub fn offset_at(zone: &str, at: i64) -> i32 {
        let Some(format) = format(zone) else { return 0 };
        let parts = format.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(at as f64 * 1000.0)));
        let mut field = std::collections::HashMap::new();
        for part in parts.iter() {
            let get = |k: &str| js_sys::Reflect::get(&part, &k.into()).ok().and_then(|v| v.as_string());
            if let (Some(kind), Some(value)) = (get("type"), get("value")) {
                if let Ok(n) = value.parse::<i64>() {
                    field.insert(kind, n);
                }
            }
        }
        let n = |k: &str| field.get(k).copied().unwrap_or_default();
        let date = shared::format::Date { year: n("year") as i32, month: n("month") as u8, day: n("day") as u8 };
        let wall = date.days() * 86_400 + n("hour") * 3600 + n("minute") * 60 + n("second");
        (wall - at) as i32
    }
}
