//! The page's locale, fixed for one page load (switching reloads the page), and `t()`.
use leptos::prelude::*;
use shared::{Locale, Msg};

/// Provides the locale the server chose for this request; the browser receives the same value
/// through the hydration data.
pub fn provide_locale() -> Locale {
    let shared = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            crate::backend::request::locale()
        }
        #[cfg(not(feature = "ssr"))]
        {
            Locale::default()
        }
    });
    let locale = shared.into_inner();
    provide_context(locale);
    locale
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The text of a message in the page's locale.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_locale())
}
