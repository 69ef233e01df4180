//! The jobs the caller works on, and a new job (recruiters).
use super::api::{create_job, jobs};
use crate::i18n::t;
use crate::shell::use_viewer;
use crate::shell::widgets::{field_error, ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::{Msg, Role};

#[component]
pub fn JobsPage() -> impl IntoView {
    let create = Action::new(|title: &String| create_job(title.clone()));
    let list = Resource::new(move || create.version().get(), |_| jobs());
    let title = RwSignal::new(String::new());
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let recruiter = use_viewer().is_some_and(|v| v.has(Role::Recruiter) || v.has(Role::Admin));
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            title.set(String::new());
        }
    });
    view! {
        <Title text=t(Msg::JobsTitle)/>
        <div class="page-head">
            <h1>{t(Msg::JobsTitle)}</h1>
            <a class="button" href="/recruiting/candidates">{t(Msg::Candidates)}</a>
        </div>
        {recruiter.then(|| view! {
            <form class="card inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); create.dispatch(title.get_untracked()); }>
                <label>
                    {t(Msg::JobTitle)}
                    <input name="title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                    {move || field_error(error.get(), "title")}
                </label>
                <button type="submit">{t(Msg::NewJob)}</button>
            </form>
        })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(lines) if lines.is_empty() => view! { <p class="empty">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(lines) => {
                        let items = lines
                            .into_iter()
                            .map(|j| view! {
                                <li data-testid="job">
                                    <a href=format!("/recruiting/{}", j.id)>{j.title}</a>
                                    " · "<span class="muted">{t(Msg::CandidatesCount).replace("{count}", &j.candidates.to_string())}</span>
                                </li>
                            })
                            .collect_view();
                        view! { <ul class="card plain">{items}</ul> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
