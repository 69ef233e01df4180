//! Staffport's pages, components and server functions. Everything under `backend` is
//! server-only (feature `ssr`) and never compiled into the WASM bundle.
#![recursion_limit = "512"]

pub mod auth;
pub mod cabinet;
pub mod error;
pub mod i18n;
pub mod notifications;
pub mod org;
pub mod people;
pub mod placements;
pub mod recruiting;
pub mod shell;
pub mod timesheets;

#[cfg(feature = "ssr")]
pub mod backend;

pub use error::AppError;
pub use shell::{shell, App};

/// Entry point of the WASM bundle.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
    // A marker for browser tests (and curious people): the page is interactive now.
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
