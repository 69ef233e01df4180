//! A request type's rules in its editor: when a request is filed or decided, compare its
//! answers (never protected ones) or its outcome, and tell a role, tell the requester or call a
//! webhook — for YES and for NO. Saved with the type.
use crate::i18n::{t, use_locale};
use crate::shell::conditions::condition_rows;
use crate::AppError;
use leptos::prelude::*;
use shared::recruiting::automation::{Cmp, Condition, Outcome, RunLine};
use shared::request_rules::{RequestAct, RequestEvent, RequestRule, OUTCOMES};
use shared::requests::RequestTypeDef;
use shared::{Msg, Role};

#[component]
pub fn RulesEditor(def: RwSignal<RequestTypeDef>, error: Signal<Option<AppError>>, runs: Vec<RunLine>) -> impl IntoView {
    let locale = use_locale();
    let log = (!runs.is_empty()).then(|| {
        let rows = runs
            .into_iter()
            .map(|r| {
                let outcome = if r.outcome == Outcome::Yes { Msg::OutcomeYes } else { Msg::OutcomeNo };
                view! { <tr><td>{crate::zone::moment(r.at, locale)}</td><td>{r.rule}</td><td>{r.candidate}</td><td>{t(outcome)}</td></tr> }
            })
            .collect_view();
        view! {
            <h3>{t(Msg::RunLog)}</h3>
            <div class="table-wrap">
                <table data-testid="request-rule-runs">
                    <thead><tr><th>{t(Msg::ColWhen)}</th><th>{t(Msg::RuleName)}</th><th>{t(Msg::ColWho)}</th><th>{t(Msg::Status)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    // Rows re-render only when their number changes, so typing keeps the focus.
    let n = Memo::new(move |_| def.with(|d| d.rules.len()));
    let rows = move || (0..n.get()).map(|i| view! { <RuleRow def i error/> }).collect_view();
    view! {
        <fieldset data-testid="request-rules">
            <legend>{t(Msg::RequestRules)}</legend>
            <p class="muted">{t(Msg::RequestRulesHint)}</p>
            {rows}
            {log}
            <button type="button" on:click=move |_| def.update(|d| d.rules.push(RequestRule {
                name: String::new(),
                on: RequestEvent::Filed,
                when: Condition::default(),
                then: Vec::new(),
                otherwise: Vec::new(),
                active: true,
            }))>{t(Msg::AddRule)}</button>
        </fieldset>
    }
}

#[component]
fn RuleRow(def: RwSignal<RequestTypeDef>, i: usize, error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    let read = move || def.with(|d| d.rules.get(i).cloned());
    let edit = move |f: &dyn Fn(&mut RequestRule)| def.update(|d| d.rules.get_mut(i).into_iter().for_each(f));
    let err = move |part: &'static str| {
        move || error.get().and_then(|e| e.field(&format!("rules.{i}.{part}"))).map(|m| view! { <span class="field-error">{t(m)}</span> })
    };
    let fields = move || {
        let mut out = vec![("status".to_string(), t(Msg::FieldOutcome).to_string())];
        def.with(|d| {
            out.extend(d.fields.iter().filter(|f| !f.protected).map(|f| (format!("answer:{}", f.key), f.label.get(locale).to_string())))
        });
        out
    };
    let conditions = move || {
        let (_, of) = read().map(|r| r.when.group()).unwrap_or_default();
        let update = move |f: &dyn Fn(&mut Vec<Condition>)| {
            edit(&|r| {
                let (any, mut of) = r.when.group();
                f(&mut of);
                r.when = Condition::grouped(any, of);
            })
        };
        let hint: fn(&str) -> Option<String> = |field| (field == "status").then(|| OUTCOMES.join(" / "));
        condition_rows(of, fields(), &[Cmp::Eq, Cmp::Ne, Cmp::Contains], hint, update)
    };
    let actions = move |yes: bool| {
        let list = move || {
            let acts = read().map(|r| if yes { r.then } else { r.otherwise }).unwrap_or_default();
            acts.into_iter().enumerate().map(|(k, act)| view! { <ActRow def i yes k act/> }).collect_view()
        };
        let add = move |act: RequestAct| edit(&|r| if yes { r.then.push(act.clone()) } else { r.otherwise.push(act.clone()) });
        view! {
            <fieldset class="rule-branch">
                <legend>{t(if yes { Msg::RuleThen } else { Msg::RuleElse })}</legend>
                <ul>{list}</ul>
                <select aria-label=t(Msg::AddAction) prop:value=move || { def.track(); "" } on:change=move |ev| {
                    let act = match event_target_value(&ev).as_str() {
                        "notify_role" => RequestAct::NotifyRole { role: Role::HrManager, text: String::new() },
                        "notify_requester" => RequestAct::NotifyRequester { text: String::new() },
                        "call_webhook" => RequestAct::CallWebhook { url: String::new() },
                        _ => return,
                    };
                    add(act);
                }>
                    <option value="">{t(Msg::AddAction)}</option>
                    <option value="notify_role">{t(Msg::ActNotifyRole)}</option>
                    <option value="notify_requester">{t(Msg::ActNotifyRequester)}</option>
                    <option value="call_webhook">{t(Msg::ActCallWebhook)}</option>
                </select>
            </fieldset>
        }
    };
    let events = RequestEvent::ALL
        .into_iter()
        .map(|e| view! { <option value=e.as_str() selected=move || read().is_some_and(|r| r.on == e)>{t(e.label())}</option> })
        .collect_view();
    view! {
        <div class="card stack rule" data-rule=i>
            <label>
                {t(Msg::RuleName)}
                <input name=format!("rule{i}_name") prop:value=move || read().map(|r| r.name).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|r| r.name = v.clone()) }/>
                {err("name")}
            </label>
            <label>
                {t(Msg::RuleWhen)}
                <select name=format!("rule{i}_on") on:change=move |ev| { let v = event_target_value(&ev); edit(&|r| r.on = RequestEvent::parse(&v).unwrap_or(RequestEvent::Filed)) }>{events}</select>
            </label>
            <fieldset class="rule-if">
                <legend>
                    {t(Msg::RuleIf)}" "
                    <select aria-label=t(Msg::RuleIf) on:change=move |ev| { let any = event_target_value(&ev) == "any"; edit(&|r| { let (_, of) = r.when.group(); r.when = Condition::grouped(any, of) }) }>
                        <option value="all" selected=move || !read().is_some_and(|r| r.when.group().0)>{t(Msg::RuleAll)}</option>
                        <option value="any" selected=move || read().is_some_and(|r| r.when.group().0)>{t(Msg::RuleAny)}</option>
                    </select>
                </legend>
                <ul>{conditions}</ul>
                <button type="button" class="link" on:click=move |_| {
                    // A decided request's outcome, else its first answer a rule may read.
                    let first_answer = def.with_untracked(|d| d.fields.iter().find(|f| !f.protected).map(|f| format!("answer:{}", f.key)));
                    edit(&|r| {
                        let (any, mut of) = r.when.group();
                        let compare = match (r.on, first_answer.clone()) {
                            (RequestEvent::Filed, Some(field)) => Condition::Compare { field, cmp: Cmp::Contains, value: String::new() },
                            _ => Condition::Compare { field: "status".into(), cmp: Cmp::Eq, value: "approved".into() },
                        };
                        of.push(compare);
                        r.when = Condition::grouped(any, of);
                    })
                }>{t(Msg::AddCondition)}</button>
                {err("when")}
            </fieldset>
            {actions(true)}
            {actions(false)}
            {err("then")}
            <button type="button" class="link" on:click=move |_| def.update(|d| { if i < d.rules.len() { d.rules.remove(i); } })>{t(Msg::RemoveRule)}</button>
            <label class="check">
                <input type="checkbox" prop:checked=move || read().is_some_and(|r| r.active) on:change=move |ev| { let on = event_target_checked(&ev); edit(&|r| r.active = on) }/>
                {t(Msg::RuleActive)}
            </label>
        </div>
    }
}

#[component]
fn ActRow(def: RwSignal<RequestTypeDef>, i: usize, yes: bool, k: usize, act: RequestAct) -> impl IntoView {
    let set = move |f: &dyn Fn(&mut RequestAct)| {
        def.update(|d| {
            if let Some(rule) = d.rules.get_mut(i) {
                let acts = if yes { &mut rule.then } else { &mut rule.otherwise };
                acts.get_mut(k).into_iter().for_each(f);
            }
        })
    };
    let remove = move |_| {
        def.update(|d| {
            if let Some(rule) = d.rules.get_mut(i) {
                let acts = if yes { &mut rule.then } else { &mut rule.otherwise };
                if k < acts.len() {
                    acts.remove(k);
                }
            }
        })
    };
    let text = move |label: Msg, value: String| {
        view! {
            <input aria-label=t(label) placeholder=t(label) prop:value=value on:change=move |ev| {
                let v = event_target_value(&ev);
                set(&|a| match a {
                    RequestAct::NotifyRole { text, .. } | RequestAct::NotifyRequester { text } => *text = v.clone(),
                    RequestAct::CallWebhook { url } => *url = v.clone(),
                });
            }/>
        }
    };
    let inputs = match act.clone() {
        RequestAct::NotifyRole { role, text: note } => {
            let roles =
                Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == role>{t(r.label())}</option> }).collect_view();
            view! {
                <select aria-label=t(Msg::Roles) on:change=move |ev| {
                    let v = Role::parse(&event_target_value(&ev)).unwrap_or(Role::HrManager);
                    set(&|a| if let RequestAct::NotifyRole { role, .. } = a { *role = v });
                }>{roles}</select>
                {text(Msg::RuleNote, note)}
            }
            .into_any()
        }
        RequestAct::NotifyRequester { text: note } => text(Msg::RuleNote, note).into_any(),
        RequestAct::CallWebhook { url } => text(Msg::WebhookUrl, url).into_any(),
    };
    view! {
        <li class="rule-act" data-act=k>
            <strong>{t(act.label())}</strong>
            {inputs}
            <button type="button" class="link" on:click=remove>{t(Msg::Remove)}</button>
        </li>
    }
}
