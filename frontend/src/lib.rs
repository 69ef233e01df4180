//! The WASM entry point: hydrates the server-rendered page. Nothing else lives here.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // The release bundle aborts on a panic without a hook (the page's own script shows the
    // reload notice: `app::shell::stale`); a development build says why in the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    app::hydrate();
}
