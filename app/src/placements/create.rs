//! The new-placement form for admins and HR: find the contractor by name, pick the client
//! site, the employing legal entity, the foreman, the period and the rate.
use super::api::create_placement;
use crate::i18n::t;
use crate::people::form::{IdSelect, PersonSelect, TextField};
use crate::shell::widgets::ErrorNote;
use crate::AppError;
use leptos::prelude::*;
use shared::model::{OrgStructure, PlacementInput};
use shared::{Msg, Role};

#[component]
pub fn NewPlacement(s: OrgStructure, on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <details class="card">
            <summary>{t(Msg::NewPlacement)}</summary>
            <PlacementForm s on_created/>
        </details>
    }
}

/// The sites new placements may go to (live ones), named with their client company.
pub fn live_sites(s: &OrgStructure) -> Vec<(i64, String)> {
    let company_name = |id: i64| s.client_companies.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default();
    s.client_departments
        .iter()
        .filter(|d| d.archived_at.is_none())
        .map(|d| (d.id, format!("{} — {}", company_name(d.client_company_id), d.name)))
        .collect()
}

#[component]
fn PlacementForm(s: OrgStructure, on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let sites = live_sites(&s);
    let entities: Vec<(i64, String)> =
        s.legal_entities.iter().filter(|l| l.archived_at.is_none()).map(|l| (l.id, l.name.clone())).collect();

    let find = RwSignal::new(String::new());
    let contractor = RwSignal::new(None);
    let foreman = RwSignal::new(None);
    let site = RwSignal::new(None);
    let entity = RwSignal::new(None);
    let starts_on = RwSignal::new(String::new());
    let ends_on = RwSignal::new(String::new());
    let rate = RwSignal::new(String::new());
    let currency = RwSignal::new("KRW".to_string());

    let action = Action::new(|input: &PlacementInput| create_placement(input.clone()));
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_created();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(PlacementInput {
            contractor_id: contractor.get().unwrap_or_default(),
            client_department_id: site.get().unwrap_or_default(),
            foreman_id: foreman.get(),
            legal_entity_id: entity.get().unwrap_or_default(),
            starts_on: starts_on.get(),
            ends_on: ends_on.get(),
            rate: rate.get(),
            currency: currency.get(),
        });
    };
    view! {
        <form class="stack" on:submit=submit data-testid="new-placement">
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || matches!(action.value().get(), Some(Ok(_))).then(|| view! { <p class="alert notice" role="status">{t(Msg::Created)}</p> })}
            <div class="row">
                <TextField label=Msg::Search name="find" value=find error kind="search"/>
                <PersonSelect role=Role::Contractor label=Msg::Contractor name="contractor_id" query=find value=contractor error/>
            </div>
            <div class="row">
                <IdSelect label=Msg::ClientDepartment name="client_department_id" options=sites value=site error/>
                <IdSelect label=Msg::LegalEntity name="legal_entity_id" options=entities value=entity error/>
                <PersonSelect role=Role::Foreman label=Msg::Foreman name="foreman_id" query=Signal::stored(String::new()) value=foreman error/>
            </div>
            <div class="row">
                <TextField label=Msg::StartsOn name="starts_on" value=starts_on error kind="date"/>
                <TextField label=Msg::EndsOn name="ends_on" value=ends_on error kind="date"/>
                <TextField label=Msg::Rate name="rate" value=rate error/>
                <TextField label=Msg::Currency name="currency" value=currency error/>
            </div>
            <button type="submit" class="primary" disabled=move || action.pending().get()>{t(Msg::Add)}</button>
        </form>
    }
}
