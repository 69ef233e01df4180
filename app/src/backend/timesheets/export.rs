//! Summary exports that open correctly in Excel: CSV in UTF-8 with a byte-order mark, and
//! native XLSX.
use super::super::{BackendError, Result};
use super::summary::ExportRow;
use shared::format::person_name;
use shared::timesheets::{format_hours, Code};
use shared::{Locale, Msg};

fn headers(locale: Locale) -> Vec<String> {
    let mut h: Vec<String> =
        [Msg::ClientCompany, Msg::ClientDepartment, Msg::Foreman, Msg::Contractor, Msg::LegalEntity, Msg::StartsOn, Msg::EndsOn]
            .iter()
            .map(|m| m.text(locale).to_string())
            .collect();
    h.extend(Code::ALL.iter().map(|c| format!("{} ({})", c.label().text(locale), c.letters())));
    h.push(Msg::Amount.text(locale).to_string());
    h.push(Msg::Currency.text(locale).to_string());
    h
}

fn names(r: &ExportRow, locale: Locale) -> (String, String) {
    let foreman = match (&r.foreman_family, &r.foreman_given) {
        (Some(f), Some(g)) => person_name(f, g, locale),
        _ => String::new(),
    };
    (foreman, person_name(&r.contractor_family, &r.contractor_given, locale))
}

fn amount(minor: i64) -> String {
    format!("{}{}.{:02}", if minor < 0 { "-" } else { "" }, (minor / 100).abs(), (minor % 100).abs())
}

pub fn csv(rows: &[ExportRow], locale: Locale) -> Result<Vec<u8>> {
    super::super::csv_file::with_bom(
        headers(locale),
        rows.iter().map(|r| {
            let (foreman, contractor) = names(r, locale);
            let mut rec = vec![
                r.client_company.clone(),
                r.client_department.clone(),
                foreman,
                contractor,
                r.legal_entity.clone(),
                r.period_start.clone(),
                r.period_end.clone(),
            ];
            rec.extend(r.minutes().iter().map(|m| format_hours(*m)));
            rec.push(amount(r.amount_minor));
            rec.push(r.currency.clone());
            rec
        }),
    )
}

pub fn xlsx(rows: &[ExportRow], locale: Locale, title: &str) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| BackendError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // Sheet names are limited to 31 characters and some punctuation.
    let name: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    sheet.set_name(&name).map_err(fail)?;
    let bold = Format::new().set_bold();
    let hours = Format::new().set_num_format("0.00");
    let money = Format::new().set_num_format("#,##0.00");
    for (col, h) in headers(locale).iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, h, &bold).map_err(fail)?;
    }
    let mut totals = [0i64; 8];
    let mut row = 1u32;
    for r in rows {
        let (foreman, contractor) = names(r, locale);
        let text = [&r.client_company, &r.client_department, &foreman, &contractor, &r.legal_entity, &r.period_start, &r.period_end];
        for (col, v) in text.iter().enumerate() {
            sheet.write_string(row, col as u16, v.as_str()).map_err(fail)?;
        }
        for (i, m) in r.minutes().iter().enumerate() {
            totals[i] += m;
            sheet.write_number_with_format(row, 7 + i as u16, *m as f64 / 60.0, &hours).map_err(fail)?;
        }
        sheet.write_number_with_format(row, 15, r.amount_minor as f64 / 100.0, &money).map_err(fail)?;
        sheet.write_string(row, 16, &r.currency).map_err(fail)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, Msg::Total.text(locale), &bold).map_err(fail)?;
    for (i, m) in totals.iter().enumerate() {
        sheet.write_number_with_format(row, 7 + i as u16, *m as f64 / 60.0, &hours).map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet.autofit();
    book.save_to_buffer().map_err(fail)
}
