use super::api::invite_person;
use super::form::{IdSelect, RolesField, TextField, UnitOptions};
use crate::i18n::t;
use crate::org::api::get_org_structure;
use crate::shell::widgets::{ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use shared::model::InviteInput;
use shared::{Msg, Role};

#[component]
pub fn InvitePage() -> impl IntoView {
    let structure = Resource::new(|| (), |_| get_org_structure());
    view! {
        <Title text=t(Msg::InvitePerson)/>
        <h1>{t(Msg::InvitePerson)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match structure.await {
                    Ok(s) => view! { <InviteForm options=UnitOptions::from(&s)/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InviteForm(options: UnitOptions) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let family = RwSignal::new(String::new());
    let given = RwSignal::new(String::new());
    let roles = RwSignal::new(vec![Role::Employee]);
    let legal_entity = RwSignal::new(None);
    let department = RwSignal::new(None);
    let client = RwSignal::new(None);
    let action = Action::new(|input: &InviteInput| invite_person(input.clone()));
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/people/{id}"), Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(InviteInput {
            email: email.get(),
            family_name: family.get(),
            given_name: given.get(),
            roles: roles.get(),
            legal_entity_id: legal_entity.get(),
            department_id: department.get(),
            client_company_id: client.get(),
        });
    };
    view! {
        <form class="card stack" on:submit=submit>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            <TextField label=Msg::Email name="email" value=email error kind="email"/>
            <div class="row">
                <TextField label=Msg::FamilyName name="family_name" value=family error/>
                <TextField label=Msg::GivenName name="given_name" value=given error/>
            </div>
            <RolesField roles error/>
            <IdSelect label=Msg::LegalEntity name="legal_entity_id" options=options.legal_entities value=legal_entity error/>
            <IdSelect label=Msg::Department name="department_id" options=options.departments value=department error/>
            <IdSelect label=Msg::ClientCompany name="client_company_id" options=options.client_companies value=client error/>
            <button type="submit" class="primary" disabled=move || action.pending().get()>{t(Msg::SendInvitation)}</button>
        </form>
    }
}
