//! Uploading a file from an `<input type="file">`: the browser sends the file itself as the
//! body of `POST /files` (same origin, so the session cookie and the origin check apply).
use crate::i18n::t;
use leptos::prelude::*;
use shared::files::{FileRef, Purpose};
use shared::Msg;

/// Posts a file as the body of `url`; the answer's text, or the server's translated refusal.
#[cfg(feature = "hydrate")]
pub async fn post_file(url: &str, file: &web_sys::File) -> Result<String, String> {
    use leptos::wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |_| t(Msg::ErrInternal).to_string();
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(file);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(failed)?;
    let window = web_sys::window().ok_or_else(|| t(Msg::ErrInternal).to_string())?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_request(&request)).await.map_err(failed)?.dyn_into().map_err(failed)?;
    let text = JsFuture::from(response.text().map_err(failed)?).await.map_err(failed)?.as_string().unwrap_or_default();
    if response.ok() {
        Ok(text)
    } else {
        let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        Err(body["error"].as_str().map_or_else(|| t(Msg::ErrInternal).to_string(), str::to_string))
    }
}

#[cfg(feature = "hydrate")]
async fn send(file: web_sys::File, purpose: Purpose) -> Result<FileRef, String> {
    use crate::shell::widgets::encode_query;
    let url = format!("/files?purpose={}&name={}", purpose.as_str(), encode_query(&file.name()));
    let text = post_file(&url, &file).await?;
    serde_json::from_str(&text).map_err(|_| t(Msg::ErrInternal).to_string())
}

/// A file input that uploads at once and hands the stored file to `on_done`; the server's
/// refusal (type, size) shows beside it, translated.
#[component]
pub fn FileInput(
    purpose: Purpose,
    name: String,
    label: Msg,
    #[prop(into)] on_done: Callback<FileRef>,
    #[prop(optional)] accept: &'static str,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let done: RwSignal<Option<String>> = RwSignal::new(None);
    let changed = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(file) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0))
            else {
                return;
            };
            busy.set(true);
            error.set(None);
            leptos::task::spawn_local(async move {
                let result = send(file, purpose).await;
                busy.try_set(false);
                match result {
                    Ok(file) => {
                        done.try_set(Some(file.name.clone()));
                        on_done.run(file);
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, purpose, on_done);
    };
    let accept = if accept.is_empty() { "application/pdf,image/jpeg,image/png" } else { accept };
    view! {
        <label class="upload">
            <span>{t(label)}</span>
            <input type="file" name=name accept=accept on:change=changed/>
            {move || busy.get().then(|| view! { <span class="muted" aria-busy="true">{t(Msg::Uploading)}</span> })}
            {move || done.get().map(|n| view! { <span class="uploaded">{n}</span> })}
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </label>
    }
}
