//! Client billing terms (administrators): period, deadline, multipliers, site approvers.
use super::api::{client_terms, save_client_terms};
use super::payroll::PayrollCodesCard;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{field_error, ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::format::person_name;
use shared::timesheets::model::ClientTerms;
use shared::timesheets::payroll::PayrollSystem;
use shared::timesheets::{Code, PeriodKind};
use shared::Msg;

#[component]
pub fn TermsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| client_terms());
    view! {
        <Title text=t(Msg::TermsTitle)/>
        <h1>{t(Msg::TermsTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => list.into_iter().map(|terms| view! { <TermsForm terms/> }).collect_view().into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
        {PayrollSystem::ALL.map(|system| view! { <PayrollCodesCard system/> })}
    }
}

#[component]
fn TermsForm(terms: ClientTerms) -> impl IntoView {
    let locale = use_locale();
    let form = RwSignal::new(terms.clone());
    let save = Action::new(|t: &ClientTerms| save_client_terms(t.clone()));
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            form.update(|f| f.version = v);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let text = move |label: String, name: &'static str, get: fn(&ClientTerms) -> String, set: fn(&mut ClientTerms, String)| {
        view! {
            <label>
                <span>{label}</span>
                <input name=name inputmode="decimal" prop:value=move || form.with(get) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
                {move || field_error(error.get(), name)}
            </label>
        }
    };
    let multiplier = |code: Code| Msg::MultiplierFor.fill(locale, &[("code", t(code.label()))]);
    let managers = terms.managers.clone();
    let sites = terms
        .sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let options = managers
                .iter()
                .map(|(id, f, g)| {
                    let id = *id;
                    view! { <option value=id.to_string() selected=site.manager_id == Some(id)>{person_name(f, g, locale)}</option> }
                })
                .collect_view();
            view! {
                <label>
                    <span>{site.name.clone()}" · "{t(Msg::SiteManager)}</span>
                    <select on:change=move |ev| {
                        let v = event_target_value(&ev).parse::<i64>().ok();
                        form.update(|f| if let Some(s) = f.sites.get_mut(i) { s.manager_id = v });
                    }>
                        <option value="" selected=site.manager_id.is_none()>{t(Msg::AnyClientManager)}</option>
                        {options}
                    </select>
                </label>
            }
        })
        .collect_view();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(form.get_untracked());
    };
    view! {
        <form class="card stack" on:submit=submit data-testid="terms">
            <h2>{terms.name.clone()}</h2>
            <label>
                <span>{t(Msg::PeriodKindLabel)}</span>
                <select name="period_kind" on:change=move |ev| form.update(|f| f.period_kind = PeriodKind::parse(&event_target_value(&ev)).unwrap_or(f.period_kind))>
                    <option value="month" selected=terms.period_kind == PeriodKind::Month>{t(Msg::PeriodMonth)}</option>
                    <option value="half_month" selected=terms.period_kind == PeriodKind::HalfMonth>{t(Msg::PeriodHalfMonth)}</option>
                </select>
            </label>
            {text(t(Msg::SubmitDays).to_string(), "submit_days", |f| f.submit_days.clone(), |f, v| f.submit_days = v)}
            {text(multiplier(Code::Overtime), "overtime", |f| f.overtime.clone(), |f, v| f.overtime = v)}
            {text(multiplier(Code::Night), "night", |f| f.night.clone(), |f, v| f.night = v)}
            {text(multiplier(Code::Holiday), "holiday", |f| f.holiday.clone(), |f, v| f.holiday = v)}
            {text(multiplier(Code::Downtime), "downtime", |f| f.downtime.clone(), |f, v| f.downtime = v)}
            {sites}
            {move || error.get().filter(|e| !matches!(e, crate::AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::Saved)}</p> })}
            <button type="submit" class="primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
        </form>
    }
}
