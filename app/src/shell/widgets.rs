//! Small pieces shared by many pages.
use crate::i18n::t;
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use shared::{Locale, Msg};

/// Switches the language with a plain form post, so it works before (or without) WASM.
#[component]
pub fn LocaleSwitch() -> impl IntoView {
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    let current = crate::i18n::use_locale();
    view! {
        <form method="post" action="/locale" class="locale-switch" aria-label=t(Msg::Language)>
            <input type="hidden" name="back" value=back/>
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button type="submit" name="locale" value=l.code() class:active=l == current lang=l.code()>
                            {l.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}

/// A translated error message; field errors are shown beside their fields instead.
#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    view! { <p class="alert error" role="alert">{error.text(crate::i18n::use_locale())}</p> }
}

/// The message for `field` in an action's last error, if any.
/// A checkbox per item (named by its code), the ticked ones kept in `chosen`: scopes of a token,
/// events of a webhook.
pub fn code_checks<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    items: impl IntoIterator<Item = (T, String)>,
    chosen: RwSignal<Vec<T>>,
) -> impl IntoView {
    items
        .into_iter()
        .map(|(item, code)| {
            view! {
                <label class="check">
                    <input type="checkbox" name=name value=code.clone()
                        prop:checked=move || chosen.with(|c| c.contains(&item))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| if on { c.push(item) } else { c.retain(|x| *x != item) });
                        }/>
                    <code>{code}</code>
                </label>
            }
        })
        .collect_view()
}

pub fn field_error(error: Option<AppError>, field: &'static str) -> impl IntoView {
    error.and_then(|e| e.field(field)).map(|m| view! { <span class="field-error">{t(m)}</span> })
}

/// The frame of a page opened from a message (no navigation): its title, the brand, the page.
#[component]
pub fn LinkFrame(title: Msg, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title)/>
        <main class="content link-page" id="main">
            <p class="brand">{t(Msg::AppName)}</p>
            {children()}
        </main>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">{t(Msg::Loading)}</p> }
}

/// Percent-encodes a query-string value.
pub fn encode_query(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses an optional id from a `<select>` value.
pub fn parse_id(value: &str) -> Option<i64> {
    value.parse().ok().filter(|v| *v > 0)
}

/// English, Korean and Russian inputs for one text written in each language (a stage's name,
/// a field's label): `read` gives the text now, `write` stores one language's. Inputs are named
/// `{name}_en`, `{name}_ko`, `{name}_ru`.
pub fn labels_inputs(
    name: &'static str,
    read: impl Fn() -> shared::i18n::Labels + Copy + Send + Sync + 'static,
    write: impl Fn(Locale, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    Locale::ALL
        .into_iter()
        .map(|locale| {
            let language = match locale {
                Locale::En => Msg::LangEn,
                Locale::Ko => Msg::LangKo,
                Locale::Ru => Msg::LangRu,
            };
            view! {
                <label>
                    {t(language)}
                    <input name=format!("{name}_{}", locale.code()) lang=locale.code()
                        prop:value=move || read().get(locale).to_string()
                        on:input=move |ev| write(locale, event_target_value(&ev))/>
                </label>
            }
        })
        .collect_view()
}
