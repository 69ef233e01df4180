//! What a person sees when the bundle stops: a notice to reload instead of a page that silently
//! ignores them. The usual cause is a module of a lazy route that no longer exists (the server
//! was upgraded while the page was open, its build's files are gone) or could not be fetched;
//! in Leptos 0.8 that panics the WASM module.
//!
//! The release bundle aborts on a panic without running a hook (`-Cpanic=immediate-abort`: the
//! panic machinery was 19 KB of every page's main module), so the notice is plain script in the
//! page, not WASM: a stopped module surfaces as a `WebAssembly.RuntimeError` the page's own
//! handler sees. The module loader announces a failed fetch (`staffport:module-failed`, added
//! by `tools/wasm-split`), which tells an upgrade from any other stop. The texts are in the
//! page's language, written by the server into the element's attributes.
use leptos::{nonce::use_nonce, prelude::*};
use shared::{Locale, Msg};

/// Kept small and free of `<`: it is the text of an inline script.
const SCRIPT: &str = r#"(function(){var s=document.currentScript,failed=false;
addEventListener("staffport:module-failed",function(){failed=true});
function stopped(e){var x=e.error||e.reason;
if(!(x instanceof WebAssembly.RuntimeError)||document.getElementById("reload-notice"))return;
var n=document.createElement("div"),m=document.createElement("span"),a=document.createElement("a");
n.id="reload-notice";n.className="reload-notice";n.setAttribute("role","alert");
m.textContent=failed?s.dataset.newVersion:s.dataset.stopped;
a.className="button";a.href=location.href;a.rel="external";a.textContent=s.dataset.reload;
n.append(m,a);document.body.prepend(n)}
addEventListener("error",stopped);addEventListener("unhandledrejection",stopped)})()"#;

/// The handler, before the bundle's own scripts so that it sees the bundle's first trap.
#[component]
pub fn StoppedNotice(locale: Locale) -> impl IntoView {
    view! {
        <script
            nonce=use_nonce()
            data-new-version=Msg::NewVersion.text(locale)
            data-stopped=Msg::PageStopped.text(locale)
            data-reload=Msg::ReloadPage.text(locale)
            inner_html=SCRIPT
        ></script>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_script_cannot_end_its_element() {
        assert!(!super::SCRIPT.contains('<'));
    }
}
