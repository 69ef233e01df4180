//! What a person sees when the bundle stops: a notice to reload instead of a page that silently
//! ignores them. The usual cause is a chunk of a lazy route that no longer exists (the server
//! was upgraded while the page was open, its build's files are gone) or could not be fetched;
//! in Leptos 0.8 that panics the WASM module, so this runs from the panic hook, with plain DOM
//! calls (nothing reactive works any more). The texts come from the page's catalog.
use shared::Msg;

/// The message of the panic a failed chunk fetch raises (wasm_split_helpers).
const CHUNK_FAILED: &str = "load callback should succeed";

pub fn show_reload_notice(panic: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("reload-notice").is_some() {
        return;
    }
    let text = if panic.contains(CHUNK_FAILED) { Msg::NewVersion } else { Msg::PageStopped };
    let (Ok(notice), Ok(message), Ok(reload), Some(body)) =
        (document.create_element("div"), document.create_element("span"), document.create_element("a"), document.body())
    else {
        return;
    };
    let _ = notice.set_attribute("id", "reload-notice");
    let _ = notice.set_attribute("class", "reload-notice");
    let _ = notice.set_attribute("role", "alert");
    message.set_text_content(Some(crate::i18n::t(text)));
    let _ = reload.set_attribute("class", "button");
    // The page's own address: reloading fetches the current build's page and bundle.
    let here = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_else(|| "/".into());
    let _ = reload.set_attribute("href", &here);
    // A full page load, not the router's client-side navigation (whose handler may still run).
    let _ = reload.set_attribute("rel", "external");
    reload.set_text_content(Some(crate::i18n::t(Msg::ReloadPage)));
    let _ = notice.append_child(&message);
    let _ = notice.append_child(&reload);
    let _ = body.prepend_with_node_1(&notice);
}
