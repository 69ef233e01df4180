//! Properties of the shared rules over generated input: what people type into a grid cell, any
//! path through an approval chain, leave over any span of employment, any edit racing another,
//! any answers to a request form. Each names what must always hold, not one example of it.
#![allow(clippy::unwrap_used)]
use proptest::prelude::*;
use shared::approvals::{next, Action, Chain, State, Status, Step, StepRule};
use shared::format::Date;
use shared::leave::{grants, leave_days, settle, AccrualPolicy};
use shared::recruiting::{merge_facts, CandidateFacts};
use shared::requests::{shipped, validate};
use shared::timesheets::{format_cell, parse_cell, parse_hours, Code, Entry, DAY_MINUTES};
use shared::Msg;
use std::collections::BTreeMap;

fn date() -> impl Strategy<Value = Date> {
    // 1990-01-01 … 2060-12-31
    (7305i64..33_238).prop_map(Date::from_days)
}

fn code() -> impl Strategy<Value = Code> {
    proptest::sample::select(Code::ALL.to_vec())
}

/// What thumbs type into a cell: digits, separators, code letters in three scripts, space.
fn typed() -> impl Strategy<Value = String> {
    "[0-9.,: ]{0,6}[A-Za-zА-я가-힣]{0,3}[0-9.,:]{0,3}"
}

proptest! {
    /// Whatever a cell shows reads back as the same entry: a cell saved, shown and saved
    /// again (with its note edited) keeps its hours.
    #[test]
    fn a_cell_shown_reads_back_as_the_same_entry(code in code(), minutes in 0u32..=DAY_MINUTES) {
        let entry = Entry { code, minutes };
        let shown = format_cell(&entry);
        prop_assert_eq!(parse_cell(&shown), Ok(Some(entry)), "shown as {:?}", shown);
    }

    /// Typed text never panics and never yields more than a day.
    #[test]
    fn typed_cells_parse_to_a_day_at_most_or_a_reason(text in typed()) {
        match parse_cell(&text) {
            Ok(Some(e)) => prop_assert!(e.minutes <= DAY_MINUTES),
            Ok(None) => prop_assert!(text.trim().is_empty()),
            Err(msg) => prop_assert!(matches!(msg, Msg::ErrHours | Msg::ErrHoursOverDay | Msg::ErrUnknownCode), "{:?}", msg),
        }
    }

    #[test]
    fn any_text_at_all_is_refused_or_read(text in any::<String>()) {
        let _ = parse_cell(&text);
        if let Ok(m) = parse_hours(&text) {
            prop_assert!(m <= DAY_MINUTES);
        }
    }

    /// `h:mm` and decimal hours agree.
    #[test]
    fn hours_and_minutes_spellings_agree(h in 0u32..24, quarter in 0u32..4) {
        let m = quarter * 15;
        let decimal = format!("{h}.{:02}", m * 100 / 60);
        prop_assert_eq!(parse_hours(&format!("{h}:{m:02}")), Ok(h * 60 + m));
        prop_assert_eq!(parse_hours(&decimal), Ok(h * 60 + m));
        prop_assert_eq!(parse_hours(&decimal.replace('.', ",")), Ok(h * 60 + m));
    }
}

fn chain() -> impl Strategy<Value = Chain> {
    let step = (0usize..3).prop_map(|extra| Step {
        rule: StepRule::LineManager,
        label: Msg::StepLineManager,
        due_hours: None,
        also: vec![StepRule::ProviderManager; extra],
    });
    (proptest::collection::vec(step, 1..4), any::<bool>()).prop_map(|(steps, allows_reject)| Chain { steps, allows_reject })
}

fn action() -> impl Strategy<Value = Action> {
    proptest::sample::select(Action::ALL.to_vec())
}

proptest! {
    /// Any sequence of actions by any approver slot keeps the state well-formed, and a subject
    /// is approved only when every approver of every step approved it since it was last
    /// submitted — never by skipping a step or by one approver twice.
    #[test]
    fn approval_is_reached_only_through_every_approver_of_every_step(
        chain in chain(),
        moves in proptest::collection::vec((action(), 0usize..4, any::<bool>()), 0..40),
    ) {
        let mut state = State::DRAFT;
        let mut approved_since_submit: Vec<(u8, usize)> = Vec::new();
        for (action, slot, commented) in moves {
            let comment = if commented { "why" } else { "" };
            let Ok(to) = next(&chain, state, action, comment, slot) else { continue };
            prop_assert!(!action.needs_comment() || commented, "a {:?} without a reason went through", action);
            match action {
                Action::Submit => approved_since_submit.clear(),
                Action::Approve => {
                    prop_assert!(!approved_since_submit.contains(&(state.step, slot)), "slot {} approved step {} twice", slot, state.step);
                    approved_since_submit.push((state.step, slot));
                }
                _ => {}
            }
            prop_assert!(usize::from(to.step) < chain.steps.len());
            let slots = 1 + chain.steps[usize::from(to.step)].also.len();
            prop_assert_eq!(to.done >> slots, 0, "done bits beyond the step's approvers");
            if to.status == Status::Approved {
                prop_assert_eq!(action, Action::Approve);
                let everyone: usize = chain.steps.iter().map(|s| 1 + s.also.len()).sum();
                prop_assert_eq!(approved_since_submit.len(), everyone, "approved without every approver");
                prop_assert_eq!(usize::from(to.step), chain.steps.len() - 1);
            }
            if to.status.editable() {
                prop_assert_eq!((to.step, to.done), (0, 0));
            }
            state = to;
        }
    }
}

fn policy() -> impl Strategy<Value = AccrualPolicy> {
    proptest::sample::select(AccrualPolicy::ALL.to_vec())
}

proptest! {
    /// Grants only ever add up: what was granted by one day is still granted later.
    #[test]
    fn grants_by_an_earlier_day_are_a_prefix_of_later_ones(policy in policy(), hired in date(), a in 0i64..4000, b in 0i64..4000) {
        let (early, late) = (Date::from_days(hired.days() + a.min(b)), Date::from_days(hired.days() + a.max(b)));
        let before = grants(policy, hired, early);
        let after = grants(policy, hired, late);
        prop_assert!(after.starts_with(&before));
        prop_assert!(after.iter().all(|g| g.on > hired && g.on <= late && g.hundredths > 0));
    }

    /// Russian leave: 28 days for every whole year worked, never more.
    #[test]
    fn russian_leave_is_twenty_eight_days_a_year(hired in date(), years in 1i32..30) {
        let anniversary = shared::leave::months_after(hired, 12 * years);
        let total: i64 = grants(AccrualPolicy::Ru28, hired, anniversary).iter().map(|g| g.hundredths).sum();
        prop_assert_eq!(total, 2800 * i64::from(years));
    }

    /// The balance is what was granted, less what was taken and what lapsed; nothing is
    /// lost or made up by the order of events.
    #[test]
    fn the_balance_adds_up(
        policy in policy(),
        hired in date(),
        span in 0i64..3000,
        taken in proptest::collection::vec((0i64..3000, 1i64..1500), 0..12),
    ) {
        let as_of = Date::from_days(hired.days() + span);
        let ledger: Vec<(Date, i64)> = taken.iter().map(|&(at, h)| (Date::from_days(hired.days() + at), -h)).collect();
        let settled = settle(policy, hired, &ledger, as_of);
        let granted: i64 = grants(policy, hired, as_of).iter().map(|g| g.hundredths).sum();
        let used: i64 = taken.iter().map(|t| t.1).sum();
        let lapsed: i64 = settled.lapses.iter().map(|l| l.hundredths).sum();
        prop_assert!(settled.lapses.iter().all(|l| l.hundredths > 0 && l.on <= as_of));
        prop_assert_eq!(settled.balance, granted - used - lapsed);
        if policy == AccrualPolicy::Ru28 {
            prop_assert_eq!(lapsed, 0, "Russian leave is carried over");
        }
    }

    /// Leave days are days of the span, without holidays (and weekends in Korea).
    #[test]
    fn leave_days_count_within_the_span(policy in policy(), from in date(), len in -5i64..60, holidays in proptest::collection::vec(0i64..60, 0..8)) {
        let to = Date::from_days(from.days() + len);
        let holidays: Vec<Date> = holidays.into_iter().map(|h| Date::from_days(from.days() + h)).collect();
        let counted = leave_days(policy, from, to, &holidays);
        prop_assert!(counted >= 0 && counted % 100 == 0);
        prop_assert!(counted <= (len + 1).max(0) * 100);
        let free = leave_days(policy, from, to, &[]);
        prop_assert!(counted <= free);
    }
}

fn facts() -> impl Strategy<Value = CandidateFacts> {
    let value = proptest::sample::select(vec!["", "a", "b", "Kim", "Ким"]);
    (value.clone(), value.clone(), value).prop_map(|(full_name, source, tags)| CandidateFacts {
        full_name: full_name.into(),
        source: source.into(),
        tags: tags.into(),
        ..CandidateFacts::default()
    })
}

proptest! {
    /// A three-way merge keeps every change of both editors, or names the field both changed
    /// differently; a save over nothing changed meanwhile is the edit itself.
    #[test]
    fn a_merge_keeps_both_editors_changes_or_names_the_clash(base in facts(), edit in facts(), current in facts()) {
        match merge_facts(&base, &edit, &current) {
            Ok(merged) => {
                for field in ["full_name", "source", "tags"] {
                    let (b, e, c, m) = (base.get(field), edit.get(field), current.get(field), merged.get(field));
                    if e.trim() != b.trim() {
                        prop_assert_eq!(m.trim(), e.trim(), "{}: the edit is kept", field);
                    } else {
                        prop_assert_eq!(m, c, "{}: the other change is kept", field);
                    }
                }
            }
            Err(clashes) => {
                prop_assert!(!clashes.is_empty());
                for (field, _) in clashes {
                    prop_assert!(edit.get(&field).trim() != base.get(&field).trim() && current.get(&field) != base.get(&field).trim());
                }
            }
        }
        prop_assert_eq!(merge_facts(&base, &edit, &base).map(|m| m.full_name.trim().to_string()), Ok(edit.full_name.trim().to_string()));
    }
}

proptest! {
    /// Any answers to any shipped request form are accepted or refused field by field: nothing
    /// unknown is kept, every required field is there, every date is a date.
    #[test]
    fn request_answers_are_checked_field_by_field(
        form in 0usize..16,
        answers in proptest::collection::btree_map("[a-z_]{1,12}", "[0-9a-z/ -]{0,24}", 0..8),
    ) {
        let defs = shipped();
        let def = &defs[form % defs.len()];
        let mut answers: BTreeMap<String, String> = answers;
        // Half the time, the form's own keys with plausible values.
        if form % 2 == 0 {
            for f in &def.fields {
                answers.insert(f.key.clone(), "2026-03-02/2026-03-06".into());
            }
        }
        match validate(def, &answers) {
            Ok(kept) => {
                prop_assert!(kept.keys().all(|k| def.fields.iter().any(|f| &f.key == k)), "only the form's fields are kept");
                prop_assert!(def.fields.iter().filter(|f| f.required).all(|f| kept.contains_key(&f.key)));
            }
            Err(errors) => prop_assert!(!errors.is_empty() && errors.iter().all(|e| e.field.is_empty() || def.fields.iter().any(|f| f.key == e.field) || e.field.contains(':'))),
        }
    }
}
