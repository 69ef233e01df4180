//! The administrators' editor of the request catalogue: form fields, the approval chain (steps
//! in order, approvers of one step in parallel, a due time each) and what approval does.
use super::api::{request_type_defs, save_request_type};
use crate::i18n::{t, use_locale};
use crate::people::form::PersonSelect;
use crate::shell::widgets::{labels_inputs, ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::approvals::{Chain, Step, StepRule};
use shared::cabinet::{RequestTypeAdmin, RequestTypeSave};
use shared::i18n::Labels;
use shared::requests::{Effect as Upon, FieldDef, FieldKind, RequestTypeDef};
use shared::{Msg, Role};

type Save = Action<RequestTypeSave, Result<i64, AppError>>;

#[component]
pub fn RequestTypesPage() -> impl IntoView {
    let save: Save = Action::new(|input: &RequestTypeSave| save_request_type(input.clone()));
    // Reloaded after a successful save only: a refused one keeps the editor (and what was typed).
    let saves = RwSignal::new(0u32);
    let list = Resource::new(move || saves.get(), |_| request_type_defs());
    // None: a new type.
    let chosen: RwSignal<Option<i64>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            chosen.set(Some(id));
            saves.update(|n| *n += 1);
        }
    });
    let locale = use_locale();
    view! {
        <Title text=t(Msg::NavRequestTypes)/>
        <h1>{t(Msg::NavRequestTypes)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let types = match list.await {
                    Ok(types) => types,
                    Err(error) => return view! { <ErrorNote error/> }.into_any(),
                };
                let items = types
                    .iter()
                    .map(|ty| {
                        let id = ty.id;
                        view! {
                            <li>
                                <button type="button" class="link" aria-current=move || (chosen.get() == Some(id)).then_some("true")
                                    on:click=move |_| chosen.set(Some(id))>
                                    {ty.def.name.get(locale).to_string()}
                                </button>
                                " " <code>{ty.def.code.clone()}</code>
                                {(!ty.active).then(|| view! { " " <span class="muted">{t(Msg::StatusDeactivated)}</span> })}
                            </li>
                        }
                    })
                    .collect_view();
                let types = StoredValue::new(types);
                view! {
                    <div class="split">
                        <nav class="card" aria-label=t(Msg::NavRequestTypes)>
                            <ul class="plain">{items}</ul>
                            <button type="button" on:click=move |_| chosen.set(None)>{t(Msg::NewRequestType)}</button>
                        </nav>
                        {move || {
                            let current = chosen.get().and_then(|id| types.with_value(|ts| ts.iter().find(|t| t.id == id).cloned()));
                            view! { <TypeEditor current save/> }
                        }}
                    </div>
                }
                .into_any()
            })}
        </Transition>
    }
}

fn blank() -> RequestTypeAdmin {
    RequestTypeAdmin {
        id: 0,
        version: 0,
        active: true,
        def: RequestTypeDef {
            code: String::new(),
            name: Labels::default(),
            fields: Vec::new(),
            chain: Chain { steps: vec![Step::new(StepRule::LineManager, Msg::StepLineManager, Some(48))], allows_reject: true },
            effect: Upon::None,
            escalate: shared::requests::Escalation::Hr,
            rules: Vec::new(),
        },
        runs: Vec::new(),
    }
}

/// One type's definition in a signal: a refused save keeps everything typed.
#[component]
fn TypeEditor(current: Option<RequestTypeAdmin>, save: Save) -> impl IntoView {
    let is_new = current.is_none();
    let start = current.unwrap_or_else(blank);
    let runs = start.runs.clone();
    let (id, version) = (start.id, start.version);
    let def = RwSignal::new(start.def);
    let active = RwSignal::new(start.active);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let err = move |key: String| move || error.get().and_then(|e| e.field(&key)).map(|m| view! { <span class="field-error">{t(m)}</span> });
    // Rows re-render only when their number changes, so typing keeps the focus.
    let n_fields = Memo::new(move |_| def.with(|d| d.fields.len()));
    let n_steps = Memo::new(move |_| def.with(|d| d.chain.steps.iter().map(|s| 1 + s.also.len()).collect::<Vec<_>>()));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RequestTypeSave { id: (!is_new).then_some(id), version, active: active.get(), def: def.get() });
    };
    let fields = move || (0..n_fields.get()).map(|i| view! { <FieldRow def i error/> }).collect_view();
    let steps = move || n_steps.get().into_iter().enumerate().map(|(i, slots)| view! { <StepRow def i slots error/> }).collect_view();
    let effects = Upon::ALL
        .into_iter()
        .map(|e| view! { <option value=e.as_str() selected=move || def.with(|d| d.effect == e)>{t(e.label())}</option> })
        .collect_view();
    let escalations = shared::requests::Escalation::ALL
        .into_iter()
        .map(|e| view! { <option value=e.as_str() selected=move || def.with(|d| d.escalate == e)>{t(e.label())}</option> })
        .collect_view();
    view! {
        <form class="card stack type-editor" on:submit=send>
            <label>
                {t(Msg::TypeCode)}
                <input name="code" prop:value=move || def.with(|d| d.code.clone()) disabled=!is_new
                    on:input=move |ev| def.update(|d| d.code = event_target_value(&ev))/>
                {err("code".into())}
            </label>
            <LabelsInput def name="name" get=|d| Some(&d.name) set=|d| Some(&mut d.name)/>
            {err("name".into())}
            <fieldset>
                <legend>{t(Msg::FormFields)}</legend>
                {fields}
                {err("fields".into())}
                <button type="button" on:click=move |_| def.update(|d| d.fields.push(FieldDef {
                    key: String::new(), label: Labels::default(), kind: FieldKind::Text, required: false, protected: false,
                }))>{t(Msg::AddField)}</button>
            </fieldset>
            <fieldset>
                <legend>{t(Msg::ApprovalSteps)}</legend>
                <p class="muted">{t(Msg::ParallelHint)}</p>
                {steps}
                {err("steps".into())}
                <button type="button" on:click=move |_| def.update(|d| d.chain.steps.push(Step::new(StepRule::Role(Role::HrManager), Msg::StepHr, Some(48))))>
                    {t(Msg::AddStep)}
                </button>
                <label class="check">
                    <input type="checkbox" name="allows_reject" prop:checked=move || def.with(|d| d.chain.allows_reject)
                        on:change=move |ev| def.update(|d| d.chain.allows_reject = event_target_checked(&ev))/>
                    {t(Msg::AllowsReject)}
                </label>
                <label>
                    {t(Msg::EscalateTo)}
                    <select name="escalate" on:change=move |ev| def.update(|d| {
                        d.escalate = shared::requests::Escalation::parse(&event_target_value(&ev)).unwrap_or_default()
                    })>
                        {escalations}
                    </select>
                </label>
            </fieldset>
            <super::request_rules::RulesEditor def error runs/>
            <label>
                {t(Msg::WhenApproved)}
                <select name="effect" on:change=move |ev| def.update(|d| d.effect = Upon::parse(&event_target_value(&ev)).unwrap_or(Upon::None))>
                    {effects}
                </select>
                {err("effect".into())}
            </label>
            <label class="check">
                <input type="checkbox" name="active" prop:checked=move || active.get() on:change=move |ev| active.set(event_target_checked(&ev))/>
                {t(Msg::AvailableToEmployees)}
            </label>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::Saved)}</p> })}
            <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
        </form>
    }
}

/// English, Korean and Russian inputs for one `Labels` inside the definition.
#[component]
fn LabelsInput(
    def: RwSignal<RequestTypeDef>,
    name: &'static str,
    get: impl for<'a> Fn(&'a RequestTypeDef) -> Option<&'a Labels> + Copy + Send + Sync + 'static,
    set: impl for<'a> Fn(&'a mut RequestTypeDef) -> Option<&'a mut Labels> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let inputs = labels_inputs(
        name,
        move || def.with(|d| get(d).cloned().unwrap_or_default()),
        move |locale, v| def.update(|d| set(d).into_iter().for_each(|l| *l.get_mut(locale) = v.clone())),
    );
    view! { <div class="labels">{inputs}</div> }
}

fn kind_name(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Number => "number",
        FieldKind::Date => "date",
        FieldKind::DateRange => "date_range",
        FieldKind::Choice { .. } => "choice",
        FieldKind::File => "file",
    }
}

const KINDS: [(&str, Msg); 6] = [
    ("text", Msg::KindText),
    ("number", Msg::KindNumber),
    ("date", Msg::KindDate),
    ("date_range", Msg::KindDateRange),
    ("choice", Msg::KindChoice),
    ("file", Msg::KindFile),
];

fn kind_of(name: &str, keep: &FieldKind) -> FieldKind {
    match name {
        "number" => FieldKind::Number,
        "date" => FieldKind::Date,
        "date_range" => FieldKind::DateRange,
        "choice" => match keep {
            FieldKind::Choice { options } => FieldKind::Choice { options: options.clone() },
            _ => FieldKind::Choice { options: Vec::new() },
        },
        "file" => FieldKind::File,
        _ => FieldKind::Text,
    }
}

/// Choice options as edited: one per line, `key | English | Korean | Russian`.
fn options_text(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Choice { options } => {
            options.iter().map(|(k, l)| format!("{k} | {} | {} | {}", l.en, l.ko, l.ru)).collect::<Vec<_>>().join("\n")
        }
        _ => String::new(),
    }
}

fn parse_options(text: &str) -> Vec<(String, Labels)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split('|').map(|p| p.trim().to_string());
            let key = parts.next().unwrap_or_default();
            let mut label = || parts.next().unwrap_or_default();
            (key, Labels { en: label(), ko: label(), ru: label() })
        })
        .collect()
}

#[component]
fn FieldRow(def: RwSignal<RequestTypeDef>, i: usize, error: Signal<Option<AppError>>) -> impl IntoView {
    let with = move |f: fn(&FieldDef) -> String| move || def.with(|d| d.fields.get(i).map(f).unwrap_or_default());
    let edit = move |f: &dyn Fn(&mut FieldDef)| def.update(|d| d.fields.get_mut(i).into_iter().for_each(f));
    let err = move |part: &'static str| {
        move || error.get().and_then(|e| e.field(&format!("fields.{i}.{part}"))).map(|m| view! { <span class="field-error">{t(m)}</span> })
    };
    let is_choice = Memo::new(move |_| def.with(|d| matches!(d.fields.get(i).map(|f| &f.kind), Some(FieldKind::Choice { .. }))));
    let kinds = KINDS
        .into_iter()
        .map(|(value, label)| {
            let selected = move || def.with(|d| d.fields.get(i).is_some_and(|f| kind_name(&f.kind) == value));
            view! { <option value=value selected=selected>{t(label)}</option> }
        })
        .collect_view();
    let flag = move |get: fn(&FieldDef) -> bool, set: fn(&mut FieldDef, bool), name: &'static str, label: Msg| {
        view! {
            <label class="check">
                <input type="checkbox" name=format!("field{i}_{name}") prop:checked=move || def.with(|d| d.fields.get(i).is_some_and(get))
                    on:change=move |ev| { let on = event_target_checked(&ev); edit(&|f| set(f, on)) }/>
                {t(label)}
            </label>
        }
    };
    view! {
        <div class="card field-row" data-field=i>
            <label>
                {t(Msg::FieldKey)}
                <input name=format!("field{i}_key") prop:value=with(|f| f.key.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.key = v.clone()) }/>
                {err("key")}
            </label>
            <label>
                {t(Msg::Kind)}
                <select name=format!("field{i}_kind") on:change=move |ev| {
                    let v = event_target_value(&ev);
                    edit(&|f| f.kind = kind_of(&v, &f.kind))
                }>{kinds}</select>
            </label>
            <LabelsInput def name="label" get=move |d| d.fields.get(i).map(|f| &f.label) set=move |d| d.fields.get_mut(i).map(|f| &mut f.label)/>
            {err("label")}
            <Show when=move || is_choice.get()>
                <label>
                    {t(Msg::ChoiceOptionsHint)}
                    <textarea name=format!("field{i}_options") rows="3" prop:value=with(|f| options_text(&f.kind))
                        on:change=move |ev| { let v = event_target_value(&ev); edit(&|f| f.kind = FieldKind::Choice { options: parse_options(&v) }) }/>
                    {err("options")}
                </label>
            </Show>
            {flag(|f| f.required, |f, on| f.required = on, "required", Msg::Required)}
            {flag(|f| f.protected, |f, on| f.protected = on, "protected", Msg::ProtectedField)}
            <div class="row">
                <button type="button" class="link" disabled=i == 0 on:click=move |_| def.update(|d| d.fields.swap(i - 1, i))>{t(Msg::MoveUp)}</button>
                <button type="button" class="link" on:click=move |_| def.update(|d| { d.fields.remove(i); })>{t(Msg::Remove)}</button>
            </div>
        </div>
    }
}

/// A rule as the select's value: `line_manager`, `role:<role>` or `person`.
fn rule_value(rule: &StepRule) -> String {
    match rule {
        StepRule::Role(role) => format!("role:{}", role.as_str()),
        StepRule::Person(_) => "person".into(),
        StepRule::ClientManager => "client_manager".into(),
        StepRule::ProviderManager => "provider_manager".into(),
        StepRule::LineManager => "line_manager".into(),
    }
}

fn rule_of(value: &str, person: Option<i64>) -> StepRule {
    match value {
        "person" => StepRule::Person(person.unwrap_or_default()),
        "provider_manager" => StepRule::ProviderManager,
        v => v.strip_prefix("role:").and_then(Role::parse).map_or(StepRule::LineManager, StepRule::Role),
    }
}

fn slot_rule(step: &Step, j: usize) -> Option<&StepRule> {
    step.rules().nth(j)
}

fn set_slot(step: &mut Step, j: usize, rule: StepRule) {
    if j == 0 {
        step.label = rule.label();
        step.rule = rule;
    } else if let Some(r) = step.also.get_mut(j - 1) {
        *r = rule;
    }
}

#[component]
fn StepRow(def: RwSignal<RequestTypeDef>, i: usize, slots: usize, error: Signal<Option<AppError>>) -> impl IntoView {
    let edit = move |f: &dyn Fn(&mut Step)| def.update(|d| d.chain.steps.get_mut(i).into_iter().for_each(f));
    let err = move |key: String| move || error.get().and_then(|e| e.field(&key)).map(|m| view! { <span class="field-error">{t(m)}</span> });
    let approvers = (0..slots).map(|j| view! { <SlotEditor def i j/> }).collect_view();
    view! {
        <div class="card step-row" data-step=i>
            <h3>{t(Msg::StepN).replace("{n}", &(i + 1).to_string())}</h3>
            {approvers}
            {err(format!("steps.{i}"))}
            <button type="button" class="link" on:click=move |_| edit(&|s| s.also.push(StepRule::Role(Role::HrManager)))>
                {t(Msg::AddParallelApprover)}
            </button>
            <label>
                {t(Msg::DueHours)}
                <input type="number" min="1" name=format!("step{i}_due")
                    prop:value=move || def.with(|d| d.chain.steps.get(i).and_then(|s| s.due_hours).map(|h| h.to_string()).unwrap_or_default())
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|s| s.due_hours = v.trim().parse().ok()) }/>
                {err(format!("steps.{i}.due"))}
            </label>
            <div class="row">
                <button type="button" class="link" disabled=i == 0 on:click=move |_| def.update(|d| d.chain.steps.swap(i - 1, i))>{t(Msg::MoveUp)}</button>
                <button type="button" class="link" on:click=move |_| def.update(|d| { d.chain.steps.remove(i); })>{t(Msg::Remove)}</button>
            </div>
        </div>
    }
}

/// One approver of a step: the requester's line manager, anyone with a role, or a named person.
#[component]
fn SlotEditor(def: RwSignal<RequestTypeDef>, i: usize, j: usize) -> impl IntoView {
    let rule = move || def.with(|d| d.chain.steps.get(i).and_then(|s| slot_rule(s, j).cloned()));
    let person = RwSignal::new(match rule() {
        Some(StepRule::Person(id)) => Some(id),
        _ => None,
    });
    let find = RwSignal::new(String::new());
    let edit = move |r: StepRule| def.update(|d| d.chain.steps.get_mut(i).into_iter().for_each(|s| set_slot(s, j, r.clone())));
    Effect::new(move |_| {
        if let Some(id) = person.get() {
            edit(StepRule::Person(id));
        }
    });
    let mut choices = vec![("line_manager".to_string(), Msg::StepLineManager)];
    choices.extend([Role::HrManager, Role::Admin, Role::Employee].map(|r| (format!("role:{}", r.as_str()), r.label())));
    choices.push(("person".into(), Msg::StepPerson));
    let options = choices
        .into_iter()
        .map(|(value, label)| {
            let v = value.clone();
            view! { <option value=value selected=move || rule().is_some_and(|r| rule_value(&r) == v)>{t(label)}</option> }
        })
        .collect_view();
    let is_person = Memo::new(move |_| matches!(rule(), Some(StepRule::Person(_))));
    view! {
        <div class="row slot" data-slot=j>
            <label>
                {t(Msg::Approver)}
                <select name=format!("step{i}_slot{j}") on:change=move |ev| edit(rule_of(&event_target_value(&ev), person.get_untracked()))>
                    {options}
                </select>
            </label>
            <Show when=move || is_person.get()>
                <input type="search" name=format!("step{i}_slot{j}_find") placeholder=t(Msg::SearchPlaceholder)
                    prop:value=move || find.get() on:input=move |ev| find.set(event_target_value(&ev))/>
                <PersonSelect role=None label=Msg::StepPerson name="approver" query=find value=person error=Signal::stored(None)/>
            </Show>
            {(j > 0).then(|| view! {
                <button type="button" class="link" on:click=move |_| def.update(|d| d.chain.steps.get_mut(i).into_iter().for_each(|s| { s.also.remove(j - 1); }))>
                    {t(Msg::Remove)}
                </button>
            })}
        </div>
    }
}
