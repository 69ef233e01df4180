//! The import screen: choose a file and how to read it, see the dry run's report, apply it
//! with its progress shown, and look back at earlier runs.
use super::api::import_history;
use super::report::RunReport;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{ErrorNote, Loading};
use crate::zone::moment;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::import::{Invite, Mode, Preset};
use shared::Msg;

#[component]
pub fn ImportPage() -> impl IntoView {
    let run: RwSignal<Option<i64>> = RwSignal::new(None);
    let history = Resource::new(move || run.get(), |_| import_history());
    view! {
        <Title text=t(Msg::ImportTitle)/>
        <h1>{t(Msg::ImportTitle)}</h1>
        <p class="muted">{t(Msg::ImportIntro)}</p>
        <UploadForm on_run=move |id| run.set(Some(id))/>
        {move || run.get().map(|id| view! { <RunReport id on_run=move |id| run.set(Some(id))/> })}
        <section class="card">
            <h2>{t(Msg::ImportHistory)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(runs) => view! { <History runs open=move |id| run.set(Some(id))/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn History(runs: Vec<shared::import::report::RunView>, open: impl Fn(i64) + Copy + Send + Sync + 'static) -> impl IntoView {
    let locale = use_locale();
    let rows = runs
        .into_iter()
        .map(|r| {
            let id = r.id;
            let c = r.counts;
            let summary = format!(
                "{} {} · {} {} · {} {} · {} {}",
                t(Msg::ImportOutcomeCreate),
                c.created,
                t(Msg::ImportOutcomeUpdate),
                c.updated,
                t(Msg::ImportOutcomeDeactivate),
                c.deactivated,
                t(Msg::ImportOutcomeError),
                c.errors
            );
            view! {
                <tr>
                    <td>{moment(r.created_at, locale)}<br/><span class="muted">{r.started_by.unwrap_or_default()}</span></td>
                    <td><button type="button" class="link" on:click=move |_| open(id)>{r.file_name}</button><br/>
                        <span class="muted">{t(r.preset.label())}</span></td>
                    <td><span class="status">{t(r.status.label())}</span></td>
                    <td>{summary}</td>
                </tr>
            }
        })
        .collect_view();
    view! { <div class="table-wrap"><table class="list cards" data-testid="import-history"><tbody>{rows}</tbody></table></div> }
}

/// The query string of `POST /import/check` for the form's choices.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Choices {
    source: Option<i64>,
    preset: Preset,
    mode: Mode,
    create_units: bool,
    invite: Invite,
    sheet: String,
    encoding: String,
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
impl Choices {
    fn query(&self, file_name: &str) -> String {
        use crate::shell::widgets::encode_query;
        let source = self.source.map(|id| format!("&source_id={id}")).unwrap_or_default();
        format!(
            "name={}&preset={}&mode={}&create_units={}&invite={}&sheet={}&encoding={}{source}",
            encode_query(file_name),
            self.preset.as_str(),
            self.mode.as_str(),
            self.create_units,
            self.invite.as_str(),
            encode_query(&self.sheet),
            encode_query(&self.encoding)
        )
    }
}

#[component]
fn UploadForm(on_run: impl Fn(i64) + Copy + Send + Sync + 'static) -> impl IntoView {
    let file: NodeRef<leptos::html::Input> = NodeRef::new();
    let preset = RwSignal::new(Preset::Generic);
    let mode = RwSignal::new(Mode::Partial);
    let create_units = RwSignal::new(true);
    let invite = RwSignal::new(Invite::None);
    let sheet = RwSignal::new(String::new());
    let encoding = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let source: RwSignal<Option<i64>> = RwSignal::new(None);
    let locale = use_locale();
    // Loaded once the page is live (an action, not a resource: one boundary reads the history).
    let sources = Action::new(|_: &()| super::api::import_sources());
    Effect::new(move |_| {
        sources.dispatch(());
    });
    let source_options = move || {
        let list = sources.value().get().and_then(Result::ok).unwrap_or_default();
        (!list.is_empty()).then(|| {
            let options = list
                .into_iter()
                .map(|s| {
                    let id = s.id;
                    // A watched source says where it reads and when it last did.
                    let label = match (&s.folder, &s.daily_at) {
                        (Some(folder), Some(at)) => {
                            let read = s.last_read_on.map(|d| format!(", {}", Msg::ImportLastRead.fill(locale, &[("day", &d.format(locale))])));
                            format!("{} — {folder}, {at} ({}){}", s.name, s.time_zone, read.unwrap_or_default())
                        }
                        _ => s.name,
                    };
                    view! { <option value=id.to_string() selected=move || source.get() == Some(id)>{label}</option> }
                })
                .collect_view();
            view! {
                <label>
                    <span>{t(Msg::ImportSources)}</span>
                    <select name="source_id" data-testid="import-source" on:change=move |ev| source.set(event_target_value(&ev).parse().ok())>
                        <option value="">{t(Msg::ImportSourceNone)}</option>
                        {options}
                    </select>
                </label>
            }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let Some(chosen) = file.get().and_then(|input| input.files()).and_then(|files| files.get(0)) else {
                error.set(Some(t(Msg::ErrRequired).to_string()));
                return;
            };
            let choices = Choices {
                source: source.get(),
                preset: preset.get(),
                mode: mode.get(),
                create_units: create_units.get(),
                invite: invite.get(),
                sheet: sheet.get(),
                encoding: encoding.get(),
            };
            busy.set(true);
            error.set(None);
            leptos::task::spawn_local(async move {
                let url = format!("/import/check?{}", choices.query(&chosen.name()));
                let answer = crate::shell::upload::post_file(&url, &chosen).await;
                busy.try_set(false);
                match answer.map(|text| serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v["run_id"].as_i64())) {
                    Ok(Some(id)) => on_run(id),
                    Ok(None) => {
                        error.try_set(Some(t(Msg::ErrInternal).to_string()));
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (on_run, file);
    };
    let invites = Invite::ALL.map(|i| {
        view! {
            <label class="check">
                <input type="radio" name="invite" value=i.as_str() checked=move || invite.get() == i on:change=move |_| invite.set(i)/>
                {t(i.label())}
            </label>
        }
    });
    let presets = Preset::ALL.map(|p| view! { <option value=p.as_str() selected=move || preset.get() == p>{t(p.label())}</option> });
    // Encodings go by their technical names, in every language.
    let encodings =
        [("", t(Msg::ImportEncodingAuto)), ("utf-8", "UTF-8"), ("windows-1251", "Windows-1251 (CP1251)"), ("euc-kr", "EUC-KR (CP949)")]
            .map(|(code, label)| view! { <option value=code>{label}</option> });
    let templates = shared::Locale::ALL
        .map(|l| view! { <a href=format!("/exports/import-template.csv?lang={}", l.code()) download>{l.native_name()}</a>" " });
    view! {
        <form class="card stack" on:submit=submit data-testid="import-form">
            <label>
                <span>{t(Msg::ImportFile)}</span>
                <input type="file" name="file" node_ref=file accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
            </label>
            {source_options}
            <label>
                <span>{t(Msg::ImportPreset)}</span>
                <select name="preset" on:change=move |ev| preset.set(Preset::parse(&event_target_value(&ev)).unwrap_or_default())>{presets}</select>
            </label>
            <fieldset class="choices">
                <legend>{t(Msg::ImportModeLabel)}</legend>
                <label class="check">
                    <input type="radio" name="mode" checked=move || mode.get() == Mode::Partial on:change=move |_| mode.set(Mode::Partial)/>
                    {t(Msg::ImportModePartial)}
                </label>
                <label class="check">
                    <input type="radio" name="mode" checked=move || mode.get() == Mode::Full on:change=move |_| mode.set(Mode::Full)/>
                    {t(Msg::ImportModeFull)}
                </label>
            </fieldset>
            <label class="check">
                <input type="checkbox" name="create_units" prop:checked=move || create_units.get()
                    on:change=move |ev| create_units.set(event_target_checked(&ev))/>
                {t(Msg::ImportCreateUnits)}
            </label>
            <fieldset class="choices" data-testid="import-invite">
                <legend>{t(Msg::ImportInvite)}</legend>
                {invites}
            </fieldset>
            <details>
                <summary>{t(Msg::ImportEncoding)}</summary>
                <label>
                    <span>{t(Msg::ImportEncoding)}</span>
                    <select name="encoding" on:change=move |ev| encoding.set(event_target_value(&ev))>{encodings}</select>
                </label>
                <label>
                    <span>{t(Msg::ImportSheet)}</span>
                    <input type="text" name="sheet" prop:value=move || sheet.get() on:input=move |ev| sheet.set(event_target_value(&ev))/>
                </label>
            </details>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
            <div class="buttons">
                <button type="submit" class="primary" disabled=move || busy.get() data-testid="import-dry-run">{t(Msg::ImportDryRun)}</button>
                {move || busy.get().then(|| view! { <span class="muted" aria-busy="true">{t(Msg::Uploading)}</span> })}
            </div>
            <p class="muted">{t(Msg::ImportTemplate)}": "{templates}</p>
        </form>
    }
}
