//! Form fields shared by the invitation and edit forms. Values live in signals, so a refused
//! save (conflict, validation) keeps everything that was typed.
use super::api::list_people;
use crate::i18n::t;
use crate::i18n::use_locale;
use crate::shell::widgets::{field_error, parse_id};
use crate::AppError;
use leptos::prelude::*;
use shared::format::person_name;
use shared::{Msg, Role};

#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    view! {
        <label>
            {t(label)}
            <input type=kind name=name prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            {move || field_error(error.get(), name)}
        </label>
    }
}

#[component]
pub fn RolesField(roles: RwSignal<Vec<Role>>, error: Signal<Option<AppError>>) -> impl IntoView {
    let boxes = Role::ALL
        .into_iter()
        .map(|role| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name="roles"
                        value=role.as_str()
                        prop:checked=move || roles.read().contains(&role)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            roles.update(|rs| {
                                rs.retain(|r| *r != role);
                                if on {
                                    rs.push(role);
                                    rs.sort();
                                }
                            });
                        }
                    />
                    {t(role.label())}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="roles">
            <legend>{t(Msg::Roles)}</legend>
            {boxes}
            {move || field_error(error.get(), "roles")}
        </fieldset>
    }
}

/// A select over (id, name) options; the empty choice means "none".
#[component]
pub fn IdSelect(
    label: Msg,
    name: &'static str,
    options: Vec<(i64, String)>,
    value: RwSignal<Option<i64>>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(id, text)| view! { <option value=id.to_string() selected=move || value.get() == Some(id)>{text}</option> })
        .collect_view();
    view! {
        <label>
            {t(label)}
            <select name=name on:change=move |ev| value.set(parse_id(&event_target_value(&ev)))>
                <option value="" selected=move || value.get().is_none()>{t(Msg::NotSet)}</option>
                {options}
            </select>
            {move || field_error(error.get(), name)}
        </label>
    }
}

/// Options lists for the org-unit selects, from the organisation's structure.
pub struct UnitOptions {
    pub legal_entities: Vec<(i64, String)>,
    pub departments: Vec<(i64, String)>,
    pub client_companies: Vec<(i64, String)>,
}

impl From<&shared::model::OrgStructure> for UnitOptions {
    fn from(s: &shared::model::OrgStructure) -> Self {
        let entity_name = |id: i64| s.legal_entities.iter().find(|l| l.id == id).map(|l| l.name.clone()).unwrap_or_default();
        // Archived units are not offered (a person already in one keeps it until changed).
        UnitOptions {
            legal_entities: s.legal_entities.iter().filter(|l| l.archived_at.is_none()).map(|l| (l.id, l.name.clone())).collect(),
            departments: s
                .departments
                .iter()
                .filter(|d| d.archived_at.is_none())
                .map(|d| (d.id, format!("{} — {}", d.name, entity_name(d.legal_entity_id))))
                .collect(),
            client_companies: s.client_companies.iter().filter(|c| c.archived_at.is_none()).map(|c| (c.id, c.name.clone())).collect(),
        }
    }
}

/// A select of people (holding `role`, if given) whose name or email matches `query` (first page).
#[component]
pub fn PersonSelect(
    #[prop(into)] role: Option<Role>,
    label: Msg,
    name: &'static str,
    #[prop(into)] query: Signal<String>,
    value: RwSignal<Option<i64>>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    // Searched in the browser as the query changes: the select sits inside its page's boundary
    // (a request type's steps), where a resource created while the server renders can stall the
    // render (leptos#4866). The last answer stays while the next search runs.
    let people = Action::new(move |q: &String| {
        let q = q.clone();
        async move {
            list_people(q, role, 1)
                .await
                .map(|page| {
                    page.items
                        .into_iter()
                        .map(|p| {
                            (
                                p.id,
                                format!(
                                    "{} <{}>",
                                    person_name(&p.family_name, &p.given_name, locale),
                                    p.email.as_deref().or(p.phone.as_deref()).unwrap_or_default()
                                ),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
    });
    Effect::new(move |_| {
        people.dispatch(query.get());
    });
    move || {
        let options = people.value().get().unwrap_or_default();
        view! { <IdSelect label name options value error/> }
    }
}
