//! Protected personal data on a profile: masked, with an audited "show" per field for those
//! allowed (the person and HR; the server decides).
use super::api::{protected_data, reveal};
use crate::i18n::t;
use crate::shell::widgets::ErrorNote;
use leptos::prelude::*;
use shared::Msg;

/// Read once the page is live: the card sits inside its page's boundary, where a resource
/// created while the server renders can stall the render (leptos#4866); an action dispatched by
/// an effect runs in the browser only.
#[component]
pub fn ProtectedData(person_id: i64) -> impl IntoView {
    let data = Action::new(move |_: &()| protected_data(person_id));
    Effect::new(move |_| {
        data.dispatch(());
    });
    move || {
        data.value().get().and_then(Result::ok).map(|fields| {
            let rows = fields
                .into_iter()
                .map(|f| {
                    let shown = RwSignal::new(f.masked.clone());
                    let key = f.key.as_str().to_string();
                    let show = Action::new(move |_: &()| reveal(person_id, key.clone()));
                    Effect::new(move |_| {
                        if let Some(Ok(v)) = show.value().get() {
                            shown.set(v);
                        }
                    });
                    view! {
                        <dt>{t(f.key.label())}</dt>
                        <dd data-testid=format!("protected-{}", f.key)>
                            {move || shown.get()}" "
                            {f.set.then(|| view! { <button type="button" class="link" on:click=move |_| { show.dispatch(()); }>{t(Msg::ShowValue)}</button> })}
                            {move || show.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
                        </dd>
                    }
                })
                .collect_view();
            view! {
                <div class="card">
                    <h2>{t(Msg::ProtectedData)}</h2>
                    <dl class="facts">{rows}</dl>
                </div>
            }
        })
    }
}
