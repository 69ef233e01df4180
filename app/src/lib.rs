//! Staffport's pages, components and server functions. Everything under `backend` is
//! server-only (feature `ssr`) and never compiled into the WASM bundle.
#![recursion_limit = "512"]

pub mod api_tokens;
pub mod auth;
pub mod cabinet;
pub mod error;
pub mod i18n;
pub mod import;
pub mod integrations;
pub mod notifications;
pub mod org;
pub mod people;
pub mod placements;
pub mod recruiting;
pub mod shell;
pub mod timesheets;
pub mod webhooks;
pub mod wire;
pub mod zone;

#[cfg(feature = "ssr")]
pub mod backend;

pub use error::AppError;
pub use shell::{shell, App};

/// Entry point of the WASM bundle. Hydration is asynchronous: the page's route is a lazy
/// route whose chunk may still be arriving.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    wasm_bindgen_futures::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let href = document.get_element_by_id("sp-messages").and_then(|link| link.get_attribute("href"));
        let catalog = match href {
            Some(href) => fetch_text(&href).await,
            None => None,
        };
        if !shared::i18n::catalog::install(&catalog.unwrap_or_default()) {
            // A page of another build (or its strings could not be fetched): it keeps working
            // as server-rendered HTML.
            leptos::logging::error!("this page's messages do not match the bundle; not hydrating");
            return;
        }
        let Some(body) = document.body() else { return };
        leptos::mount::hydrate_from_async(body, App).await.forget();
        // A marker for browser tests (and curious people): the page is interactive now.
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// A same-origin file as text (CORS mode, same-origin credentials: the request the page's
/// `<link rel="preload" crossorigin>` made, so the browser answers it from that).
#[cfg(feature = "hydrate")]
async fn fetch_text(url: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}
