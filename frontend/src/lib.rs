//! The WASM entry point: hydrates the server-rendered page. Nothing else lives here.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        app::shell::stale::show_reload_notice(&info.to_string());
    }));
    app::hydrate();
}
