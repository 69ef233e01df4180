//! The language the job writes to its candidates in: invitations and rejection emails go out
//! in it, whatever language the recruiter reads the app in.
use super::api::set_language;
use crate::i18n::{t, use_locale};
use leptos::prelude::*;
use shared::{Locale, Msg};

#[component]
pub fn Language(job_id: i64, language: Option<Locale>, org_language: Locale, version: RwSignal<i64>) -> impl IntoView {
    let chosen = RwSignal::new(language);
    let save = super::saving(version, move |v, l: Option<Locale>| set_language(job_id, v, l), |v| *v);
    let own = Locale::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=language == Some(l) lang=l.code()>{l.native_name()}</option> })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t(Msg::CandidatesLanguage)}</h2>
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch(chosen.get_untracked()); }>
                <select name="language" aria-label=t(Msg::CandidatesLanguage) on:change=move |ev| chosen.set(Locale::parse(&event_target_value(&ev)))>
                    <option value="" selected=language.is_none()>
                        {Msg::OrgLanguage.fill(use_locale(), &[("language", org_language.native_name())])}
                    </option>
                    {own}
                </select>
                <button type="submit">{t(Msg::Save)}</button>
                {super::outcome(save)}
            </form>
            <p class="muted">{t(Msg::CandidatesLanguageHint)}</p>
        </section>
    }
}
