use super::api::{get_person, set_person_active, update_person};
use super::form::{IdSelect, RolesField, TextField, UnitOptions};
use crate::i18n::{t, use_locale};
use crate::org::api::get_org_structure;
use crate::shell::upload::FileInput;
use crate::shell::use_viewer;
use crate::shell::widgets::{ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::files::{FileRef, Purpose};
use shared::format::{person_name, Date};
use shared::model::{PersonDetail, PersonEdit, PersonStatus};
use shared::Msg;

/// A person's page: editable for admins and HR, read-only for others allowed to see it.
#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default();
    let manager = use_viewer().is_some_and(|v| v.is_staff_manager());
    let data = Resource::new(id, move |id| async move {
        let person = get_person(id).await?;
        let structure = if manager { Some(get_org_structure().await?) } else { None };
        Ok::<_, AppError>((person, structure))
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((person, Some(structure))) => view! { <EditPerson person options=UnitOptions::from(&structure)/> }.into_any(),
                    Ok((person, None)) => view! { <PersonCard person/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let me = use_viewer().map(|v| v.id).unwrap_or_default();
    let data = Resource::new(move || me, get_person);
    view! {
        <Title text=t(Msg::ProfileTitle)/>
        <h1>{t(Msg::ProfileTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(person) => view! { <PersonCard person/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonCard(person: PersonDetail) -> impl IntoView {
    let locale = use_locale();
    let name = person_name(&person.family_name, &person.given_name, locale);
    let roles = person.roles.iter().map(|r| view! { <li class="tag">{t(r.label())}</li> }).collect_view();
    let hire = person.hire_date.map(|d| d.format(locale)).unwrap_or_else(|| t(Msg::NotSet).into());
    let status = person.status;
    let legal_entity = match (&person.legal_entity, &person.legal_entity_registration) {
        (Some(e), Some(r)) => format!("{e} ({r})"),
        (Some(e), None) => e.clone(),
        _ => t(Msg::NotSet).into(),
    };
    let manager = match (&person.manager_family, &person.manager_given) {
        (Some(f), Some(g)) => person_name(f, g, locale),
        _ => t(Msg::NotSet).into(),
    };
    let own = use_viewer().is_some_and(|v| v.id == person.id);
    let photo = RwSignal::new(person.photo_file_id);
    let alt = name.clone();
    view! {
        <Title text=name.clone()/>
        <div class="card">
            <div class="person-head">
                {move || photo.get().map(|id| view! { <img class="avatar" src=format!("/files/{id}") alt=alt.clone() data-testid="photo"/> })}
                <h2 data-testid="person-name">{name}</h2>
            </div>
            {own.then(|| view! {
                <FileInput purpose=Purpose::Photo name="photo".to_string() label=Msg::ChangePhoto accept="image/jpeg,image/png"
                    on_done=move |f: FileRef| photo.set(Some(f.id))/>
            })}
            <dl class="facts">
                <dt>{t(Msg::Email)}</dt><dd>{person.email.unwrap_or_else(|| t(Msg::NotSet).into())}</dd>
                <dt>{t(Msg::Phone)}</dt><dd>{person.phone.unwrap_or_else(|| t(Msg::NotSet).into())}</dd>
                <dt>{t(Msg::Position)}</dt><dd>{person.position.unwrap_or_else(|| t(Msg::NotSet).into())}</dd>
                <dt>{t(Msg::HireDate)}</dt><dd>{hire}</dd>
                <dt>{t(Msg::LegalEntity)}</dt><dd data-testid="legal-entity">{legal_entity}</dd>
                <dt>{t(Msg::Department)}</dt><dd>{person.department.clone().unwrap_or_else(|| t(Msg::NotSet).into())}</dd>
                <dt>{t(Msg::StepLineManager)}</dt><dd data-testid="manager">{manager}</dd>
                <dt>{t(Msg::Status)}</dt><dd>{t(status.label())}</dd>
                <dt>{t(Msg::MemberSince)}</dt><dd>{crate::zone::day(person.created_at).format(locale)}</dd>
            </dl>
            <ul class="tags">{roles}</ul>
        </div>
        {own.then(|| view! {
            <crate::zone::OwnZone/>
            <crate::notifications::choices::NoticeChoices/>
            <p><a href="/integrations">{crate::i18n::t(shared::Msg::ApiTokensTitle)}</a></p>
        })}
        {(!own).then(|| view! { <crate::notifications::reminders::RemindMe about=shared::notifications::reminders::About::Person id=person.id/> })}
        <crate::cabinet::ProtectedData person_id=person.id/>
    }
}

#[component]
fn EditPerson(person: PersonDetail, options: UnitOptions) -> impl IntoView {
    let locale = use_locale();
    let id = person.id;
    let version = RwSignal::new(person.version);
    let family = RwSignal::new(person.family_name.clone());
    let given = RwSignal::new(person.given_name.clone());
    let phone = RwSignal::new(person.phone.clone().unwrap_or_default());
    let position = RwSignal::new(person.position.clone().unwrap_or_default());
    let hire_date = RwSignal::new(person.hire_date.map(Date::iso).unwrap_or_default());
    let roles = RwSignal::new(person.roles.to_vec());
    let legal_entity = RwSignal::new(person.legal_entity_id);
    let department = RwSignal::new(person.department_id);
    let client = RwSignal::new(person.client_company_id);
    let status = RwSignal::new(person.status);

    let save = Action::new(|edit: &PersonEdit| update_person(edit.clone()));
    let toggle = Action::new(|(id, active): &(i64, bool)| set_person_active(*id, *active));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            version.set(v);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle.value().get() {
            status.update(|s| *s = if *s == PersonStatus::Deactivated { PersonStatus::Active } else { PersonStatus::Deactivated });
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(PersonEdit {
            id,
            version: version.get(),
            family_name: family.get(),
            given_name: given.get(),
            phone: phone.get(),
            position: position.get(),
            legal_entity_id: legal_entity.get(),
            department_id: department.get(),
            client_company_id: client.get(),
            hire_date: hire_date.get(),
            roles: roles.get(),
        });
    };
    let title = person_name(&person.family_name, &person.given_name, locale);
    view! {
        <Title text=title.clone()/>
        <div class="page-head">
            <h1 data-testid="person-name">{title}</h1>
            <span class=move || format!("status status-{}", status.get().as_str()) data-testid="person-status">{move || t(status.get().label())}</span>
        </div>
        <p class="muted">{person.email.clone().or(person.phone.clone()).unwrap_or_default()}</p>
        <form class="card stack" on:submit=submit>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert notice" role="status">{t(Msg::Saved)}</p> })}
            <div class="row">
                <TextField label=Msg::FamilyName name="family_name" value=family error/>
                <TextField label=Msg::GivenName name="given_name" value=given error/>
            </div>
            <div class="row">
                <TextField label=Msg::Phone name="phone" value=phone error kind="tel"/>
                <TextField label=Msg::Position name="position" value=position error/>
                <TextField label=Msg::HireDate name="hire_date" value=hire_date error kind="date"/>
            </div>
            <RolesField roles error/>
            <IdSelect label=Msg::LegalEntity name="legal_entity_id" options=options.legal_entities value=legal_entity error/>
            <IdSelect label=Msg::Department name="department_id" options=options.departments value=department error/>
            <IdSelect label=Msg::ClientCompany name="client_company_id" options=options.client_companies value=client error/>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
        </form>
        {(person.status == PersonStatus::Invited).then(|| view! { <super::invitation::InvitationCard person_id=id/> })}
        <div class="card danger-zone">
            {move || toggle.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            {move || {
                let deactivated = status.get() == PersonStatus::Deactivated;
                let label = if deactivated { Msg::Reactivate } else { Msg::Deactivate };
                view! {
                    <button type="button" class:danger=!deactivated on:click=move |_| { toggle.dispatch((id, deactivated)); }>
                        {t(label)}
                    </button>
                }
            }}
        </div>
    }
}
