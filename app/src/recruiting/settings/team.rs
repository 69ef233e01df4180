//! The job's hiring team: the owner, and colleagues found by name or email, added and removed.
//! Team members work on the job's board; their contacts view stays masked.
use super::api::{colleagues, set_team};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::field_error;
use leptos::prelude::*;
use shared::format::person_name;
use shared::recruiting::TeamMember;
use shared::Msg;

fn label(m: &TeamMember, locale: shared::Locale) -> String {
    match &m.email {
        Some(email) => format!("{} <{email}>", person_name(&m.family_name, &m.given_name, locale)),
        None => person_name(&m.family_name, &m.given_name, locale),
    }
}

#[component]
pub fn Team(job_id: i64, owner: TeamMember, team: Vec<TeamMember>, version: RwSignal<i64>) -> impl IntoView {
    let locale = use_locale();
    let members = RwSignal::new(team);
    let query = RwSignal::new(String::new());
    // An action, not a resource: the page is rendered inside a <Suspense>, and a resource made
    // there can keep Leptos' SSR waiting (leptos-rs/leptos#4866). Searching is interactive anyway.
    let search = Action::new(|q: &String| {
        let q = q.clone();
        async move {
            if q.trim().is_empty() {
                Vec::new()
            } else {
                colleagues(q).await.unwrap_or_default()
            }
        }
    });
    let save = super::saving(version, move |v, ids: Vec<i64>| set_team(job_id, v, ids), |v| *v);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let owner_id = owner.id;
    let listed = move || {
        members
            .get()
            .into_iter()
            .map(|m| {
                let id = m.id;
                view! {
                    <li data-testid="team-member">
                        {label(&m, locale)}" "
                        <button type="button" class="link" on:click=move |_| members.update(|ms| ms.retain(|x| x.id != id))>{t(Msg::Remove)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    let matches = move || {
        let taken: Vec<i64> = members.with(|ms| ms.iter().map(|m| m.id).collect());
        search
            .value()
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.id != owner_id && !taken.contains(&m.id))
            .map(|m| {
                let text = label(&m, locale);
                view! {
                    <li data-testid="colleague">
                        {text}" "
                        <button type="button" class="secondary" on:click=move |_| {
                            let m = m.clone();
                            members.update(|ms| if !ms.iter().any(|x| x.id == m.id) { ms.push(m) });
                        }>{t(Msg::AddToTeam)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>{t(Msg::HiringTeam)}</h2>
            <p class="muted">{t(Msg::TeamHint)}</p>
            <form class="stack" data-testid="team" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                save.dispatch(members.get_untracked().iter().map(|m| m.id).collect());
            }>
                <p>{t(Msg::JobOwner)}": "{label(&owner, locale)}</p>
                <ul class="plain">{listed}</ul>
                <label>
                    {t(Msg::FindColleague)}
                    <input type="search" name="colleague" prop:value=move || query.get()
                        on:input=move |ev| { query.set(event_target_value(&ev)); search.dispatch(query.get_untracked()); }/>
                </label>
                <ul class="plain">{matches}</ul>
                {move || field_error(error.get(), "members")}
                <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                {super::outcome(save)}
            </form>
        </section>
    }
}
