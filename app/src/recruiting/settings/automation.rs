//! The job's automation rules: each a trigger, conditions (all or any of them), what to do
//! when they hold (YES) and when not (NO), with a preview of which current candidates would
//! take YES — worked out here in the browser by the same code the server runs
//! (`shared::recruiting::automation`) — and the log of the latest runs.
use super::api::{automation, save_automation};
use crate::i18n::{t, use_locale};
use crate::shell::conditions::condition_rows;
use crate::shell::widgets::{ErrorNote, Loading};
use leptos::prelude::*;
use shared::i18n::Labels;
use shared::recruiting::automation::{Act, Automation, Cmp, Condition, Facts, Outcome, Rule, Trigger};
use shared::recruiting::{CustomField, StageEdit};
use shared::Msg;

#[component]
pub fn Rules(job_id: i64, stages: Vec<StageEdit>, fields: Vec<CustomField>, version: RwSignal<i64>) -> impl IntoView {
    let stages: Vec<(i64, Labels)> = stages.into_iter().filter_map(|s| s.id.map(|id| (id, s.name))).collect();
    // Loaded in the browser: the settings page renders this inside its boundary (leptos#4866).
    let loaded = Action::new(move |_: &()| automation(job_id));
    Effect::new(move |_| {
        loaded.dispatch(());
    });
    move || match loaded.value().get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
        Some(Ok(a)) => view! { <Editor job_id a stages=stages.clone() fields=fields.clone() version/> }.into_any(),
    }
}

fn blank_rule() -> Rule {
    Rule {
        name: String::new(),
        trigger: Trigger::ScorecardSubmitted,
        when: Condition::All { of: Vec::new() },
        then: Vec::new(),
        otherwise: Vec::new(),
        active: true,
        days: 0,
    }
}

/// The comparisons of a rule's top-level group, and whether it is "any".
fn group(rule: &Rule) -> (bool, Vec<Condition>) {
    rule.when.group()
}

fn set_group(rule: &mut Rule, any: bool, of: Vec<Condition>) {
    rule.when = Condition::grouped(any, of);
}

#[component]
fn Editor(job_id: i64, a: Automation, stages: Vec<(i64, Labels)>, fields: Vec<CustomField>, version: RwSignal<i64>) -> impl IntoView {
    let rules = RwSignal::new(a.rules);
    let count = RwSignal::new(rules.with_untracked(Vec::len));
    let candidates = StoredValue::new(a.candidates);
    let save = super::saving(version, move |v, r: Vec<Rule>| save_automation(job_id, v, r), |v| *v);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let stages = StoredValue::new(stages);
    let fields = StoredValue::new(fields);
    let list = move || {
        (0..count.get())
            .map(|i| view! { <RuleCard rules count i stages=stages.get_value() fields=fields.get_value() candidates error/> })
            .collect_view()
    };
    let locale = use_locale();
    let runs = a
        .runs
        .into_iter()
        .map(|r| {
            let outcome = match r.outcome {
                Outcome::Yes => Msg::OutcomeYes,
                Outcome::No => Msg::OutcomeNo,
                Outcome::Looped => Msg::OutcomeLooped,
            };
            view! { <tr><td>{crate::zone::moment(r.at, locale)}</td><td>{r.rule}</td><td>{r.candidate}</td><td>{t(outcome)}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="card stack" data-testid="automation">
            <h2>{t(Msg::AutomationTitle)}</h2>
            <p class="muted">{t(Msg::AutomationHint)}</p>
            <form class="stack" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch(rules.get_untracked()); }>
                {list}
                <div class="buttons">
                    <button type="button" class="secondary" on:click=move |_| { rules.update(|r| r.push(blank_rule())); count.set(rules.with_untracked(Vec::len)); }>
                        {t(Msg::AddRule)}
                    </button>
                    <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                </div>
                {super::outcome(save)}
                {move || error.get().and_then(|e| e.field("rules")).map(|m| view! { <span class="field-error">{t(m)}</span> })}
            </form>
            <h3>{t(Msg::RunLog)}</h3>
            <div class="table-wrap">
                <table data-testid="automation-runs">
                    <thead><tr><th>{t(Msg::ColWhen)}</th><th>{t(Msg::RuleName)}</th><th>{t(Msg::ColCandidate)}</th><th>{t(Msg::Status)}</th></tr></thead>
                    <tbody>{runs}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn RuleCard(
    rules: RwSignal<Vec<Rule>>,
    count: RwSignal<usize>,
    i: usize,
    stages: Vec<(i64, Labels)>,
    fields: Vec<CustomField>,
    candidates: StoredValue<Vec<(i64, String, Facts)>>,
    error: Signal<Option<crate::AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let read = move || rules.with(|r| r.get(i).cloned().unwrap_or_else(blank_rule));
    let edit = move |f: &dyn Fn(&mut Rule)| rules.update(|r| r.get_mut(i).into_iter().for_each(f));
    let err = move |part: &'static str| {
        move || error.get().and_then(|e| e.field(&format!("rules.{i}.{part}"))).map(|m| view! { <span class="field-error">{t(m)}</span> })
    };
    let triggers = Trigger::ALL
        .into_iter()
        .map(|tr| view! { <option value=tr.as_str() selected=move || read().trigger == tr>{t(tr.label())}</option> })
        .collect_view();
    let field_options: Vec<(String, String)> = [
        ("score", t(Msg::FieldScore).to_string()),
        ("scorecards", t(Msg::FieldScorecards).to_string()),
        ("source", t(Msg::Source).to_string()),
        ("tags", t(Msg::FieldTags).to_string()),
        ("stage", t(Msg::FieldStage).to_string()),
        ("days", t(Msg::FieldDays).to_string()),
    ]
    .into_iter()
    .map(|(k, l)| (k.to_string(), l))
    .chain(fields.iter().map(|f| (f.name(), f.label.get(locale).to_string())))
    .collect();
    let field_options = StoredValue::new(field_options);
    let stage_options = StoredValue::new(stages.iter().map(|(id, name)| (*id, name.get(locale).to_string())).collect::<Vec<_>>());
    let conditions = move || {
        let (_, of) = group(&read());
        let update = move |f: &dyn Fn(&mut Vec<Condition>)| {
            edit(&|r| {
                let (any, mut of) = group(r);
                f(&mut of);
                set_group(r, any, of);
            })
        };
        condition_rows(of, field_options.get_value(), &Cmp::ALL, |_| None, update)
    };
    let preview = move || {
        let rule = read();
        let all = candidates.get_value();
        let matching: Vec<String> = all.iter().filter(|(_, _, f)| rule.when.holds(f)).map(|(_, n, _)| n.clone()).collect();
        let shown = matching.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        view! {
            <p class="preview" data-testid="rule-preview">
                {Msg::RuleMatches.fill(locale, &[("count", &matching.len().to_string()), ("total", &all.len().to_string())])}
                {(!shown.is_empty()).then(|| format!(": {shown}"))}
            </p>
        }
    };
    let actions = move |yes: bool| {
        let list = move || {
            let r = read();
            let acts = if yes { r.then } else { r.otherwise };
            acts.into_iter()
                .enumerate()
                .map(|(k, act)| view! { <ActEditor rules i yes k act stages=stage_options.get_value()/> })
                .collect_view()
        };
        let add = move |act: Act| edit(&|r| if yes { r.then.push(act.clone()) } else { r.otherwise.push(act.clone()) });
        let first_stage = stage_options.get_value().first().map(|s| s.0).unwrap_or_default();
        view! {
            <fieldset class="rule-branch">
                <legend>{t(if yes { Msg::RuleThen } else { Msg::RuleElse })}</legend>
                <ul>{list}</ul>
                <select aria-label=t(Msg::AddAction) on:change=move |ev| {
                    let act = match event_target_value(&ev).as_str() {
                        "move_to" => Act::MoveTo { stage_id: first_stage },
                        "add_tag" => Act::AddTag { tag: String::new() },
                        "remove_tag" => Act::RemoveTag { tag: String::new() },
                        "message_candidate" => Act::MessageCandidate { subject: String::new(), body: String::new(), sms: false },
                        "notify_team" => Act::NotifyTeam { text: String::new() },
                        "remind_owner" => Act::RemindOwner { days: 3, note: String::new() },
                        "call_webhook" => Act::CallWebhook { url: String::new() },
                        _ => return,
                    };
                    add(act);
                }
                    // Back to the prompt once the action is added.
                    prop:value=move || { rules.track(); "" }>
                    <option value="">{t(Msg::AddAction)}</option>
                    <option value="move_to">{t(Msg::ActMoveTo)}</option>
                    <option value="add_tag">{t(Msg::ActAddTag)}</option>
                    <option value="remove_tag">{t(Msg::ActRemoveTag)}</option>
                    <option value="message_candidate">{t(Msg::ActMessageCandidate)}</option>
                    <option value="notify_team">{t(Msg::ActNotifyTeam)}</option>
                    <option value="remind_owner">{t(Msg::ActRemindOwner)}</option>
                    <option value="call_webhook">{t(Msg::ActCallWebhook)}</option>
                </select>
            </fieldset>
        }
    };
    view! {
        <div class="card stack rule" data-rule=i>
            <label>
                {t(Msg::RuleName)}
                <input name=format!("rule{i}_name") prop:value=move || read().name on:input=move |ev| { let v = event_target_value(&ev); edit(&|r| r.name = v.clone()) }/>
                {err("name")}
            </label>
            <label>
                {t(Msg::RuleWhen)}
                <select name=format!("rule{i}_trigger") on:change=move |ev| { let v = event_target_value(&ev); edit(&|r| r.trigger = Trigger::parse(&v).unwrap_or(Trigger::ScorecardSubmitted)) }>{triggers}</select>
            </label>
            {move || (read().trigger == Trigger::DaysInStage).then(|| view! {
                <label>
                    {t(Msg::RuleDays)}
                    <input type="number" min="1" max="365" name=format!("rule{i}_days") prop:value=move || read().days.to_string()
                        on:change=move |ev| { let v = event_target_value(&ev).trim().parse().unwrap_or(0); edit(&|r| r.days = v) }/>
                    {err("days")}
                </label>
            })}
            <fieldset class="rule-if">
                <legend>
                    {t(Msg::RuleIf)}" "
                    <select aria-label=t(Msg::RuleIf) on:change=move |ev| { let any = event_target_value(&ev) == "any"; edit(&|r| { let (_, of) = group(r); set_group(r, any, of) }) }>
                        <option value="all" selected=move || !group(&read()).0>{t(Msg::RuleAll)}</option>
                        <option value="any" selected=move || group(&read()).0>{t(Msg::RuleAny)}</option>
                    </select>
                </legend>
                <ul>{conditions}</ul>
                <button type="button" class="link" on:click=move |_| edit(&|r| {
                    let (any, mut of) = group(r);
                    of.push(Condition::Compare { field: "score".into(), cmp: Cmp::Ge, value: String::new() });
                    set_group(r, any, of);
                })>{t(Msg::AddCondition)}</button>
                {err("when")}
                {preview}
            </fieldset>
            {actions(true)}
            {actions(false)}
            {err("then")}
            <button type="button" class="link" on:click=move |_| {
                rules.update(|r| if i < r.len() { r.remove(i); });
                count.set(rules.with_untracked(Vec::len));
            }>{t(Msg::RemoveRule)}</button>
            <label class="check">
                <input type="checkbox" prop:checked=move || read().active on:change=move |ev| { let on = event_target_checked(&ev); edit(&|r| r.active = on) }/>
                {t(Msg::RuleActive)}
            </label>
        </div>
    }
}

/// One action of a branch, with the inputs its kind takes.
#[component]
fn ActEditor(rules: RwSignal<Vec<Rule>>, i: usize, yes: bool, k: usize, act: Act, stages: Vec<(i64, String)>) -> impl IntoView {
    let set = move |f: &dyn Fn(&mut Act)| {
        rules.update(|r| {
            if let Some(rule) = r.get_mut(i) {
                let acts = if yes { &mut rule.then } else { &mut rule.otherwise };
                acts.get_mut(k).into_iter().for_each(f);
            }
        })
    };
    let remove = move |_| {
        rules.update(|r| {
            if let Some(rule) = r.get_mut(i) {
                let acts = if yes { &mut rule.then } else { &mut rule.otherwise };
                if k < acts.len() {
                    acts.remove(k);
                }
            }
        })
    };
    let text = move |label: Msg, value: String, write: fn(&mut Act, String)| {
        view! {
            <input aria-label=t(label) placeholder=t(label) prop:value=value on:change=move |ev| { let v = event_target_value(&ev); set(&|a| write(a, v.clone())) }/>
        }
    };
    let inputs = match act.clone() {
        Act::MoveTo { stage_id } => {
            let options = stages
                .into_iter()
                .map(|(id, name)| view! { <option value=id.to_string() selected=id == stage_id>{name}</option> })
                .collect_view();
            view! {
                <select aria-label=t(Msg::FieldStage) on:change=move |ev| {
                    let v = event_target_value(&ev).parse().unwrap_or_default();
                    set(&|a| if let Act::MoveTo { stage_id } = a { *stage_id = v });
                }>{options}</select>
            }
            .into_any()
        }
        Act::AddTag { tag } | Act::RemoveTag { tag } => text(Msg::FieldTags, tag, |a, v| {
            if let Act::AddTag { tag } | Act::RemoveTag { tag } = a {
                *tag = v
            }
        })
        .into_any(),
        Act::MessageCandidate { subject, body, sms } => view! {
            {text(Msg::MailSubject, subject, |a, v| if let Act::MessageCandidate { subject, .. } = a { *subject = v })}
            <textarea aria-label=t(Msg::MailBody) placeholder=t(Msg::MailBody) rows="3" prop:value=body on:change=move |ev| {
                let v = event_target_value(&ev);
                set(&|a| if let Act::MessageCandidate { body, .. } = a { *body = v.clone() });
            }></textarea>
            <label class="check">
                <input type="checkbox" prop:checked=sms on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    set(&|a| if let Act::MessageCandidate { sms, .. } = a { *sms = on });
                }/>
                {t(Msg::BySms)}
            </label>
        }
        .into_any(),
        Act::NotifyTeam { text: note } => text(Msg::RuleNote, note, |a, v| {
            if let Act::NotifyTeam { text } = a {
                *text = v
            }
        })
        .into_any(),
        Act::RemindOwner { days, note } => view! {
            <input type="number" min="1" max="365" aria-label=t(Msg::RuleDays) prop:value=days.to_string() on:change=move |ev| {
                let v = event_target_value(&ev).trim().parse().unwrap_or(0);
                set(&|a| if let Act::RemindOwner { days, .. } = a { *days = v });
            }/>
            {text(Msg::RemindNote, note, |a, v| if let Act::RemindOwner { note, .. } = a { *note = v })}
        }
        .into_any(),
        Act::CallWebhook { url } => text(Msg::WebhookUrl, url, |a, v| {
            if let Act::CallWebhook { url } = a {
                *url = v
            }
        })
        .into_any(),
    };
    view! {
        <li class="rule-act" data-act=k>
            <strong>{t(act.label())}</strong>
            {inputs}
            <button type="button" class="link" on:click=remove>{t(Msg::Remove)}</button>
        </li>
    }
}
