//! A legal entity's certificate letterhead, edited by administrators on the structure page:
//! address, signer and seal. Saved with the version it was loaded at.
use super::api::save_letterhead;
use crate::i18n::t;
use crate::shell::upload::FileInput;
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::files::{FileRef, Purpose};
use shared::model::{LegalEntity, Letterhead, SealChange};
use shared::Msg;

#[component]
pub fn LetterheadForm(entity: LegalEntity) -> impl IntoView {
    let id = entity.id;
    let version = RwSignal::new(entity.version);
    let address = RwSignal::new(entity.address);
    let signer_title = RwSignal::new(entity.signer_title);
    let signer_name = RwSignal::new(entity.signer_name);
    let has_seal = RwSignal::new(entity.seal_bytes > 0);
    let seal = RwSignal::new(SealChange::Keep);
    let save = Action::new(|l: &Letterhead| save_letterhead(l.clone()));
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            version.set(v);
            has_seal.set(match seal.get_untracked() {
                SealChange::Keep => has_seal.get_untracked(),
                SealChange::Remove => false,
                SealChange::Replace(_) => true,
            });
            seal.set(SealChange::Keep);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(Letterhead {
            legal_entity_id: id,
            version: version.get(),
            address: address.get(),
            signer_title: signer_title.get(),
            signer_name: signer_name.get(),
            seal: seal.get(),
        });
    };
    let input = |label: Msg, field: &'static str, value: RwSignal<String>| {
        view! {
            <label>
                <span>{t(label)}</span>
                <input name=field prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                {move || field_error(error.get(), field)}
            </label>
        }
    };
    view! {
        <details class="letterhead" data-testid="letterhead">
            <summary>{t(Msg::Letterhead)}</summary>
            <form class="inline-form" on:submit=submit>
                <p class="muted">{t(Msg::LetterheadHelp)}</p>
                {input(Msg::Address, "address", address)}
                {input(Msg::SignerTitle, "signer_title", signer_title)}
                {input(Msg::SignerName, "signer_name", signer_name)}
                <FileInput purpose=Purpose::Seal name="seal".to_string() label=Msg::Seal accept="image/png"
                    on_done=move |f: FileRef| seal.set(SealChange::Replace(f.id))/>
                {move || field_error(error.get(), "seal")}
                {move || (has_seal.get() && seal.get() == SealChange::Keep).then(|| view! {
                    <p class="muted" data-testid="seal-on-file">{t(Msg::SealOnFile)}" "
                        <button type="button" class="link" on:click=move |_| seal.set(SealChange::Remove)>{t(Msg::RemoveSeal)}</button>
                    </p>
                })}
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::Saved)}</p> })}
                <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </form>
        </details>
    }
}
