//! The condition rows of both rule editors (a job's automation, a request type's rules): one
//! level of AND/OR, each a field, a comparison and a value. A deeper group (the stored form
//! nests) is kept as it is and shown as such.
use crate::i18n::t;
use leptos::prelude::*;
use shared::recruiting::automation::{Cmp, Condition};
use shared::Msg;

/// `conditions` as rows; `update` applies a change to the rule's list of conditions, `hint`
/// gives a value's placeholder for a field (the outcomes a request's outcome can be, say).
pub fn condition_rows<U>(
    conditions: Vec<Condition>,
    fields: Vec<(String, String)>,
    cmps: &[Cmp],
    hint: fn(&str) -> Option<String>,
    update: U,
) -> impl IntoView
where
    U: Fn(&dyn Fn(&mut Vec<Condition>)) + Copy + Send + Sync + 'static,
{
    conditions
        .into_iter()
        .enumerate()
        .map(|(j, c)| {
            let Condition::Compare { field, cmp, value } = c else {
                return view! { <li class="muted">{t(Msg::NestedCondition)}</li> }.into_any();
            };
            let set = move |f: &dyn Fn(&mut String, &mut Cmp, &mut String)| {
                update(&|of| {
                    if let Some(Condition::Compare { field, cmp, value }) = of.get_mut(j) {
                        f(field, cmp, value);
                    }
                })
            };
            let placeholder = hint(&field);
            let options = fields
                .iter()
                .map(|(k, l)| {
                    let selected = *k == field;
                    view! { <option value=k.clone() selected=selected>{l.clone()}</option> }
                })
                .collect_view();
            let cmps = cmps.iter().map(|c| view! { <option value=c.as_str() selected=*c == cmp>{c.label()}</option> }).collect_view();
            view! {
                <li class="rule-condition">
                    <select aria-label=t(Msg::RuleField) on:change=move |ev| { let v = event_target_value(&ev); set(&|f, _, _| *f = v.clone()) }>{options}</select>
                    <select aria-label=t(Msg::RuleCompare) on:change=move |ev| { let v = event_target_value(&ev); set(&|_, c, _| *c = Cmp::parse(&v).unwrap_or(Cmp::Eq)) }>{cmps}</select>
                    <input aria-label=t(Msg::RuleValue) placeholder=placeholder prop:value=value on:change=move |ev| { let v = event_target_value(&ev); set(&|_, _, val| *val = v.clone()) }/>
                    <button type="button" class="link" on:click=move |_| update(&|of| { of.remove(j); })>{t(Msg::Remove)}</button>
                </li>
            }
            .into_any()
        })
        .collect_view()
}
