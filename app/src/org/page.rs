use super::api::{create_org_unit, get_org_structure};
use super::edit::EditUnit;
use super::letterhead::LetterheadForm;
use super::settings::SettingsForm;
use crate::i18n::t;
use crate::shell::use_viewer;
use crate::shell::widgets::{field_error, parse_id, ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::model::{OrgStructure, UnitEdit, UnitInput, UnitKind};
use shared::{Msg, Role};

#[component]
pub fn OrgPage() -> impl IntoView {
    let structure = Resource::new(|| (), |_| get_org_structure());
    let can_edit = use_viewer().is_some_and(|v| v.has(Role::Admin));
    view! {
        <Title text=t(Msg::OrgTitle)/>
        <h1>{t(Msg::OrgTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match structure.await {
                    Ok(s) => view! { <Structure s can_edit reload=move || structure.refetch()/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Structure(s: OrgStructure, can_edit: bool, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    // New and moved units go under live parents only.
    let entities: Vec<(i64, String)> =
        s.legal_entities.iter().filter(|l| l.archived_at.is_none()).map(|l| (l.id, l.name.clone())).collect();
    let companies: Vec<(i64, String)> =
        s.client_companies.iter().filter(|c| c.archived_at.is_none()).map(|c| (c.id, c.name.clone())).collect();
    let archived = |at: Option<i64>| at.is_some().then(|| view! { <span class="status status-deactivated">{t(Msg::Archived)}</span> });
    let unit = |kind, id, version, name: &str, parent_id, extra: &str, at: Option<i64>| UnitEdit {
        kind,
        id,
        version,
        name: name.to_string(),
        parent_id,
        extra: extra.to_string(),
        archived: at.is_some(),
    };
    let entity_rows = s
        .legal_entities
        .iter()
        .map(|l| {
            let departments = s
                .departments
                .iter()
                .filter(|d| d.legal_entity_id == l.id)
                .map(|d| {
                    let edit = unit(UnitKind::Department, d.id, d.version, &d.name, Some(d.legal_entity_id), "", d.archived_at);
                    view! {
                        <li>
                            {d.name.clone()} {archived(d.archived_at)}
                            {can_edit.then(|| view! { <EditUnit unit=edit parents=entities.clone() extra=None reload/> })}
                        </li>
                    }
                })
                .collect_view();
            let edit = unit(UnitKind::LegalEntity, l.id, l.version, &l.name, None, &l.country, l.archived_at);
            view! {
                <li>
                    <strong>{l.name.clone()}</strong> {archived(l.archived_at)}
                    <span class="muted">" " {l.country.clone()} " " {l.registration_no.clone().unwrap_or_default()}</span>
                    {can_edit.then(|| view! {
                        <EditUnit unit=edit parents=vec![] extra=Some(Msg::Country) reload/>
                        <LetterheadForm entity=l.clone()/>
                    })}
                    <ul>{departments}</ul>
                </li>
            }
        })
        .collect_view();
    let company_rows = s
        .client_companies
        .iter()
        .map(|c| {
            let sites = s
                .client_departments
                .iter()
                .filter(|d| d.client_company_id == c.id)
                .map(|d| {
                    let address = d.site_address.clone().unwrap_or_default();
                    let edit =
                        unit(UnitKind::ClientDepartment, d.id, d.version, &d.name, Some(d.client_company_id), &address, d.archived_at);
                    view! {
                        <li>
                            {d.name.clone()} {archived(d.archived_at)} <span class="muted">" " {address.clone()}</span>
                            {can_edit.then(|| view! { <EditUnit unit=edit parents=companies.clone() extra=Some(Msg::Address) reload/> })}
                        </li>
                    }
                })
                .collect_view();
            let edit = unit(UnitKind::ClientCompany, c.id, c.version, &c.name, None, &c.country, c.archived_at);
            view! {
                <li>
                    <strong>{c.name.clone()}</strong> {archived(c.archived_at)}
                    <span class="muted">" " {c.country.clone()}</span>
                    {can_edit.then(|| view! { <EditUnit unit=edit parents=vec![] extra=Some(Msg::Country) reload/> })}
                    <ul>{sites}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <SettingsForm settings=s.settings.clone() can_edit/>
        {can_edit.then(|| view! { <crate::notifications::choices::NoticeDefaults/> })}
        <div class="columns">
            <section class="card">
                <h2>{t(Msg::LegalEntities)}</h2>
                <ul class="tree" data-testid="legal-entities">{entity_rows}</ul>
                {can_edit.then(|| view! {
                    <AddUnit kind=UnitKind::LegalEntity parents=vec![] extra=Some(Msg::Country) reload/>
                    <AddUnit kind=UnitKind::Department parents=entities.clone() extra=None reload/>
                })}
            </section>
            <section class="card">
                <h2>{t(Msg::ClientCompanies)}</h2>
                <ul class="tree" data-testid="client-companies">{company_rows}</ul>
                {can_edit.then(|| view! {
                    <AddUnit kind=UnitKind::ClientCompany parents=vec![] extra=Some(Msg::Country) reload/>
                    <AddUnit kind=UnitKind::ClientDepartment parents=companies.clone() extra=Some(Msg::ClientDepartment) reload/>
                })}
            </section>
        </div>
    }
}

/// One small form per kind of unit.
#[component]
fn AddUnit(
    kind: UnitKind,
    parents: Vec<(i64, String)>,
    extra: Option<Msg>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let heading = match kind {
        UnitKind::LegalEntity => Msg::LegalEntities,
        UnitKind::Department => Msg::Departments,
        UnitKind::ClientCompany => Msg::ClientCompanies,
        UnitKind::ClientDepartment => Msg::ClientDepartment,
    };
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(parents.first().map(|p| p.0));
    let extra_value = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let action = Action::new(|input: &UnitInput| create_org_unit(input.clone()));
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            reload();
        }
    });
    let has_parent = !parents.is_empty();
    let parent_options = parents.into_iter().map(|(id, text)| view! { <option value=id.to_string()>{text}</option> }).collect_view();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(UnitInput { kind, name: name.get(), parent_id: parent.get(), extra: extra_value.get(), code: code.get() });
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <h3>{t(Msg::Add)} ": " {t(heading)}</h3>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {has_parent.then(|| view! {
                <select aria-label=t(heading) on:change=move |ev| parent.set(parse_id(&event_target_value(&ev)))>{parent_options}</select>
                {move || field_error(error.get(), "parent_id")}
            })}
            <input placeholder=t(Msg::Name) prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            {move || field_error(error.get(), "name")}
            {extra.map(|label| view! {
                <input placeholder=t(label) prop:value=move || extra_value.get() on:input=move |ev| extra_value.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "extra")}
            })}
            {(kind == UnitKind::LegalEntity).then(|| view! {
                <input placeholder=t(Msg::RegistrationNo) prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            })}
            <button type="submit">{t(Msg::Add)}</button>
        </form>
    }
}
