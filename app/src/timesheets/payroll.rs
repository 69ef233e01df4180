//! The codes each payroll system gets for each kind of time (administrators, on the billing
//! terms page), and the export links of the summary.
use super::api::{payroll_codes, save_payroll_codes};
use crate::i18n::t;
use crate::shell::widgets::{field_error, ErrorNote, Loading};
use leptos::prelude::*;
use shared::timesheets::payroll::{PayrollCodes, PayrollSystem};
use shared::Msg;

#[component]
pub fn PayrollCodesCard(system: PayrollSystem) -> impl IntoView {
    let data = Resource::new(move || system, payroll_codes);
    view! {
        <section class="card" data-testid=format!("payroll-codes-{}", system.as_str())>
            <h2>{t(Msg::PayrollCodesTitle)}" · "{t(system.label())}</h2>
            <p class="muted">{t(Msg::PayrollCodesIntro)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(codes) => view! { <CodesForm codes/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CodesForm(codes: PayrollCodes) -> impl IntoView {
    let form = RwSignal::new(codes.clone());
    let save = Action::new(|c: &PayrollCodes| save_payroll_codes(c.clone()));
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            form.update(|f| f.version = v);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let inputs = codes
        .codes
        .iter()
        .enumerate()
        .map(|(i, (code, _))| {
            let name = PayrollCodes::field(*code);
            view! {
                <label>
                    <span>{t(code.label())}" ("{code.letters()}")"</span>
                    <input name=name maxlength="20" prop:value=move || form.with(|f| f.codes.get(i).map(|c| c.1.clone()).unwrap_or_default())
                        on:input=move |ev| form.update(|f| if let Some(c) = f.codes.get_mut(i) { c.1 = event_target_value(&ev) })/>
                    {move || field_error(error.get(), name)}
                </label>
            }
        })
        .collect_view();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(form.get_untracked());
    };
    view! {
        <form class="stack" on:submit=submit>
            <div class="grid-2">{inputs}</div>
            {move || error.get().filter(|e| !matches!(e, crate::AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::Saved)}</p> })}
            <button type="submit" class="primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
        </form>
    }
}

/// Links to the month's hours for each payroll system.
#[component]
pub fn PayrollLinks(month: String) -> impl IntoView {
    let links = PayrollSystem::ALL.map(|system| {
        let href = format!("/exports/payroll.csv?month={month}&system={}", system.as_str());
        view! {
            <a class="button secondary" href=href rel="external" download data-testid=format!("export-payroll-{}", system.as_str())>
                {t(Msg::PayrollExport)}": "{t(system.label())}
            </a>
        }
    });
    view! { <div class="buttons no-print">{links}</div> }
}
