//! One language's messages as the browser receives them: a JSON array of texts in the order of
//! `Msg::ALL`, read once before hydration. The server sends it as a file of its own, cached for
//! good (`app::backend::catalogs`), which a page names (`<link rel="preload" id="sp-messages">`),
//! so a later page load does not fetch it again. Both sides are compiled from one
//! `messages.rs`, so the order agrees; a catalog of another length is refused (a page of
//! another build).
use super::Msg;

/// The catalog of `locale` (also safe to place inside a `<script>` element).
#[cfg(not(target_arch = "wasm32"))]
pub fn json(locale: super::Locale) -> String {
    let texts: Vec<&str> = Msg::ALL.iter().map(|m| m.text(locale)).collect();
    // `<` escaped, so no text can close the element.
    serde_json::to_string(&texts).unwrap_or_default().replace('<', "\\u003c")
}

#[cfg(target_arch = "wasm32")]
static CATALOG: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// Installs the page's catalog; false when it is not one of this build's.
#[cfg(target_arch = "wasm32")]
pub fn install(json: &str) -> bool {
    let Ok(texts) = serde_json::from_str::<Vec<String>>(json) else { return false };
    if texts.len() != Msg::ALL.len() {
        return false;
    }
    // Kept for the page's lifetime, as compiled-in texts would be.
    let texts = texts.into_iter().map(|t| &*Box::leak(t.into_boxed_str())).collect();
    CATALOG.set(texts).is_ok()
}

#[cfg(target_arch = "wasm32")]
pub(super) fn text(msg: Msg) -> &'static str {
    CATALOG.get().and_then(|texts| texts.get(msg as usize)).copied().unwrap_or("")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::Locale;

    #[test]
    fn a_catalog_is_one_language_in_message_order_and_cannot_close_its_script() {
        let ko: Vec<String> = serde_json::from_str(&json(Locale::Ko)).expect("json");
        assert_eq!(ko.len(), Msg::ALL.len());
        assert_eq!(ko[Msg::SignIn as usize], "로그인");
        assert_eq!(ko[Msg::ALL.len() - 1], Msg::ALL[Msg::ALL.len() - 1].text(Locale::Ko));
        assert!(!json(Locale::Ru).contains('<'));
    }
}
