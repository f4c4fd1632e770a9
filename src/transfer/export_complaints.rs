//! `frontdesk export complaints [--from DATE] [--to DATE] --out FILE.csv|.xlsx --supervisor
//! NAME` (issue 9 §6, CMP-11): every complaint recorded in a range of office days with where
//! it stands, and the monthly statistics of the months the range spans.
//!
//! Choices:
//! - **Dates are office days, both ends included**, as for the registers; without `--from`
//!   the range starts at the first complaint, without `--to` it ends today.
//! - **One row per complaint**: number, when recorded, complainant, unit, channel, what
//!   happened, nature, category, department, where it stands, its round (CMP-8), this
//!   round's reply due date (CMP-5), whether the last reply was on time (as the desk judged
//!   it when the reply was made), whether the last follow-up found them satisfied, and who
//!   took it (CMP-7). Not the phone: the statistics do not need it and the complaint record
//!   at the desk (`o`) has it.
//! - **The statistics** (CMP-11, counted as the console's statistics page counts them: see
//!   `domain::complaint::stats`) are a long table, one row per month and item: the month's
//!   totals with satisfaction and on-time rates, then each category (complaints,
//!   follow-ups, satisfied, satisfaction), then each nature (complaints). In .xlsx it is a
//!   second sheet, rates as percentages; in .csv it is a second section after the list,
//!   after one empty line and a title line, rates as `87.50%`, so one file still opens in
//!   Excel and a reader of the list stops at the empty line.
//! - **The last row** holds the heads of the complaint records' and the complaint steps'
//!   chains, who exported and the range (in .xlsx, the last row of the first sheet).
//! - Supervisor's PIN, audit (`export_complaints`), UTF-8 with a byte-order mark, written
//!   beside the final name and renamed, readable by its owner only: as every export.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use strum::IntoEnumIterator;

use super::export::{ExportArgs, day_range, sheet_format};
use super::sheet::Format;
use super::text::Tr;
use super::{Failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::complaint::{Category, MonthStats, Nature};
use crate::domain::staff::StaffId;
use crate::i18n::Lang;
use crate::store::ChainHead;
use crate::store::chain;
use crate::store::complaint::{ComplaintsExport, ExportedComplaint};
use crate::words::complaints::labels;
use crate::words::describe::startup_error;

/// One cell.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(i64),
    /// Office time.
    Time(NaiveDateTime),
    /// Basis points, shown as a percentage; `None`: nothing to divide by.
    Rate(Option<u32>),
}

/// A header and its rows.
struct Table {
    sheet: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
}

/// What goes into the file, in the user's language.
struct Book {
    list: Table,
    stats_title: &'static str,
    stats: Table,
    footer: Vec<String>,
}

pub(super) fn run(
    args: &ExportArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    let lang = language(overrides, env_lang, early_lang);
    let format = sheet_format(&args.out, lang)?;
    let (from, to) = day_range(args, lang)?;
    let mut office = open_office(overrides, env_lang, early_lang)?;
    let (lang, tz) = (office.lang, office.tz);
    let (supervisor, approval) = office.approval(&args.supervisor)?;
    let names = office.staff_names()?;
    let now = office.now();
    let shown = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "…".to_owned(), |d| d.to_string());
    let range = match (from, to) {
        (None, None) => Tr::RangeAll.text(lang).to_owned(),
        _ => format!("{}..{}", shown(from), shown(to)),
    };
    let footer = office.exported_footer(&supervisor.name, now, &range);
    let mut written = false;
    let result = office.store.export_complaints(
        approval,
        from,
        to,
        tz,
        &file_name(&args.out),
        now,
        |exported| {
            let mut book = book(exported, &names, tz, lang);
            book.footer.push(footer);
            write_file(&args.out, format, &book)?;
            written = true;
            Ok::<(), String>(())
        },
    );
    let path = args.out.display();
    match result {
        Err(e) if written => Err(office.not_recorded(&args.out, &e)),
        Err(e) => Err(office.fail(startup_error(&e, lang))),
        Ok(Err(detail)) => Err(office.cannot_write(&args.out, &detail)),
        Ok(Ok(exported)) => {
            let mut stdout = std::io::stdout();
            let _ = writeln!(
                stdout,
                "{}",
                say(
                    Tr::ComplaintsDone,
                    lang,
                    &[
                        ("rows", &exported.complaints.len()),
                        ("months", &exported.statistics.len()),
                        ("path", &path),
                    ],
                )
            );
            let head = |i: usize| head_of(exported.heads.get(i));
            let ((complaints, complaints_length), (events, events_length)) = (head(0), head(1));
            let _ = writeln!(
                stdout,
                "{}",
                say(
                    Tr::ComplaintsHead,
                    lang,
                    &[
                        ("complaints", &complaints),
                        ("complaints_length", &complaints_length),
                        ("events", &events),
                        ("events_length", &events_length),
                    ],
                )
            );
            Ok(())
        }
    }
}

fn head_of(head: Option<&ChainHead>) -> (String, i64) {
    head.map_or_else(|| ("-".to_owned(), 0), |h| (h.short(), h.length))
}

fn yes_no(value: Option<bool>, lang: Lang) -> Value {
    Value::Text(match value {
        Some(true) => Tr::Yes.text(lang).to_owned(),
        Some(false) => Tr::No.text(lang).to_owned(),
        None => String::new(),
    })
}

fn list_row(
    c: &ExportedComplaint,
    names: &HashMap<StaffId, String>,
    tz: Tz,
    lang: Lang,
) -> Vec<Value> {
    let text = |t: &str| Value::Text(t.to_owned());
    let label = |l: Option<crate::ui::complaints::text::Cpl>| {
        Value::Text(l.map_or_else(String::new, |l| l.text(lang).to_owned()))
    };
    let state = &c.state;
    vec![
        Value::Number(c.id.0),
        Value::Time(c.recorded_at.with_timezone(&tz).naive_local()),
        text(&c.complaint.complainant),
        text(&c.complaint.unit),
        label(Some(labels::channel(c.complaint.channel))),
        text(&c.complaint.what_happened),
        label(state.nature().map(labels::nature)),
        // Answered on the spot: the category given at intake.
        label(
            state
                .category()
                .or(c.complaint.category)
                .map(labels::category),
        ),
        Value::Text(
            state
                .department()
                .map(|d| labels::department(d, lang))
                .unwrap_or_default(),
        ),
        label(Some(labels::step(state.step()))),
        Value::Number(i64::from(state.round())),
        Value::Text(c.due.map(|d| d.to_string()).unwrap_or_default()),
        yes_no(c.replied_on_time, lang),
        yes_no(c.satisfied(), lang),
        Value::Text(
            names
                .get(&c.owner)
                .cloned()
                .unwrap_or_else(|| format!("#{}", c.owner)),
        ),
    ]
}

/// One month's rows of the statistics: the totals, each category, each nature.
fn month_rows(m: &MonthStats, lang: Lang) -> Vec<Vec<Value>> {
    let month = Value::Text(m.month.format("%Y-%m").to_string());
    let text = |t: &str| Value::Text(t.to_owned());
    let n = |v: u32| Value::Number(i64::from(v));
    let blank = || Value::Text(String::new());
    let mut rows = vec![vec![
        month.clone(),
        text(Tr::GroupAll.text(lang)),
        text(Tr::GroupAll.text(lang)),
        n(m.complaints),
        n(m.follow_ups),
        n(m.satisfied),
        Value::Rate(m.satisfaction_bp()),
        n(m.replied),
        n(m.replied_on_time),
        Value::Rate(m.on_time_bp()),
    ]];
    let group = Tr::GroupCategory.text(lang);
    for category in Category::iter() {
        let c = m.category(category);
        rows.push(vec![
            month.clone(),
            text(group),
            text(labels::category(category).text(lang)),
            n(c.complaints),
            n(c.follow_ups),
            n(c.satisfied),
            Value::Rate(c.satisfaction_bp()),
            blank(),
            blank(),
            blank(),
        ]);
    }
    if m.uncategorised > 0 {
        rows.push(vec![
            month.clone(),
            text(group),
            text(Tr::Uncategorised.text(lang)),
            n(m.uncategorised),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
        ]);
    }
    let group = Tr::GroupNature.text(lang);
    let natures =
        Nature::iter().map(|nature| (labels::nature(nature).text(lang), m.nature(nature)));
    let undetermined = (m.undetermined > 0).then(|| (Tr::Undetermined.text(lang), m.undetermined));
    for (name, count) in natures.chain(undetermined) {
        rows.push(vec![
            month.clone(),
            text(group),
            text(name),
            n(count),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
        ]);
    }
    rows
}

fn book(exported: &ComplaintsExport, names: &HashMap<StaffId, String>, tz: Tz, lang: Lang) -> Book {
    let list_header = [
        Tr::ColId,
        Tr::ColRecordedAt,
        Tr::ColComplainant,
        Tr::ColComplaintUnit,
        Tr::ColChannel,
        Tr::ColWhatHappened,
        Tr::ColNature,
        Tr::ColCategory,
        Tr::ColDepartment,
        Tr::ColState,
        Tr::ColRound,
        Tr::ColReplyDue,
        Tr::ColOnTime,
        Tr::ColSatisfied,
        Tr::ColOwner,
    ];
    let stats_header = [
        Tr::ColMonth,
        Tr::ColGroup,
        Tr::ColItem,
        Tr::ColComplaints,
        Tr::ColFollowUps,
        Tr::ColSatisfiedCount,
        Tr::ColSatisfaction,
        Tr::ColReplies,
        Tr::ColRepliedOnTime,
        Tr::ColOnTimeRate,
    ];
    let head = |table: crate::i18n::Msg, raw: &str, h: Option<&ChainHead>| {
        let (short, length) = head_of(h);
        say(
            Tr::FooterHead,
            lang,
            &[
                ("table", &format!("{} {raw}", table.text(lang))),
                ("head", &short),
                ("length", &length),
            ],
        )
    };
    Book {
        list: Table {
            sheet: Tr::SheetComplaints.text(lang),
            header: list_header.iter().map(|h| h.text(lang)).collect(),
            rows: exported
                .complaints
                .iter()
                .map(|c| list_row(c, names, tz, lang))
                .collect(),
        },
        stats_title: Tr::StatisticsTitle.text(lang),
        stats: Table {
            sheet: Tr::SheetStatistics.text(lang),
            header: stats_header.iter().map(|h| h.text(lang)).collect(),
            rows: exported
                .statistics
                .iter()
                .flat_map(|m| month_rows(m, lang))
                .collect(),
        },
        footer: vec![
            Tr::FooterLabel.text(lang).to_owned(),
            head(
                chain::COMPLAINTS.name,
                chain::COMPLAINTS.table,
                exported.heads.first(),
            ),
            head(
                chain::COMPLAINT_EVENTS.name,
                chain::COMPLAINT_EVENTS.table,
                exported.heads.get(1),
            ),
        ],
    }
}

/// Writes the book beside `path` and renames it into place.
fn write_file(path: &Path, format: Format, book: &Book) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".frontdesk-export-")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    match format {
        Format::Xlsx => write_xlsx(file.as_file_mut(), book).map_err(|e| e.to_string())?,
        _ => write_csv(file.as_file_mut(), book).map_err(|e| e.to_string())?,
    }
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(path).map_err(|e| e.error.to_string())?;
    Ok(())
}

fn percent(bp: Option<u32>) -> String {
    bp.map_or_else(String::new, |bp| format!("{}.{:02}%", bp / 100, bp % 100))
}

fn csv_text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Number(n) => n.to_string(),
        Value::Time(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        Value::Rate(bp) => percent(*bp),
    }
}

fn write_csv(file: &mut std::fs::File, book: &Book) -> Result<(), Box<dyn std::error::Error>> {
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(std::io::BufWriter::new(file));
    out.write_record(&book.list.header)?;
    for row in &book.list.rows {
        out.write_record(row.iter().map(csv_text))?;
    }
    // The second section: an empty line, its title, its header, its rows.
    out.write_record([""])?;
    out.write_record([book.stats_title])?;
    out.write_record(&book.stats.header)?;
    for row in &book.stats.rows {
        out.write_record(row.iter().map(csv_text))?;
    }
    out.write_record([""])?;
    out.write_record(&book.footer)?;
    out.flush()?;
    Ok(())
}

fn write_xlsx(file: &mut std::fs::File, book: &Book) -> Result<(), rust_xlsxwriter::XlsxError> {
    use chrono::{Datelike, Timelike};
    use rust_xlsxwriter::{Color, ExcelDateTime, Format as Style, Workbook, Worksheet};
    let bold = Style::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let when = Style::new().set_num_format("yyyy-mm-dd hh:mm");
    let rate = Style::new().set_num_format("0.00%");
    let italic = Style::new().set_italic();
    let table = |sheet: &mut Worksheet, table: &Table, top: u32, widths: &[f64]| {
        for (col, title) in table.header.iter().enumerate() {
            sheet.write_string_with_format(top, col as u16, *title, &bold)?;
            let width = widths.get(col).copied().unwrap_or(12.0);
            sheet.set_column_width(col as u16, width)?;
        }
        for (i, row) in table.rows.iter().enumerate() {
            let r = top + i as u32 + 1;
            for (col, value) in row.iter().enumerate() {
                let c = col as u16;
                match value {
                    Value::Text(t) if t.is_empty() => {}
                    Value::Text(t) => {
                        sheet.write_string(r, c, t)?;
                    }
                    Value::Number(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Value::Rate(None) => {}
                    Value::Rate(Some(bp)) => {
                        sheet.write_number_with_format(r, c, f64::from(*bp) / 10_000.0, &rate)?;
                    }
                    Value::Time(t) => {
                        let at = ExcelDateTime::from_ymd(
                            t.year() as u16,
                            t.month() as u8,
                            t.day() as u8,
                        )?
                        .and_hms(
                            t.hour() as u16,
                            t.minute() as u8,
                            t.second(),
                        )?;
                        sheet.write_datetime_with_format(r, c, &at, &when)?;
                    }
                }
            }
        }
        let last = top + table.rows.len() as u32;
        sheet.set_freeze_panes(top + 1, 0)?;
        sheet.autofilter(top, 0, last.max(top + 1), table.header.len() as u16 - 1)?;
        Ok::<u32, rust_xlsxwriter::XlsxError>(last)
    };
    let mut workbook = Workbook::new();
    let list = workbook.add_worksheet();
    list.set_name(book.list.sheet)?;
    let last = table(
        list,
        &book.list,
        0,
        &[
            8.0, 17.0, 10.0, 14.0, 8.0, 30.0, 8.0, 12.0, 12.0, 12.0, 6.0, 11.0,
        ],
    )?;
    // One empty row, then the chain heads: the last row of the sheet.
    for (col, text) in book.footer.iter().enumerate() {
        list.write_string_with_format(last + 2, col as u16, text, &italic)?;
    }
    let stats = workbook.add_worksheet();
    stats.set_name(book.stats.sheet)?;
    stats.write_string_with_format(0, 0, book.stats_title, &italic)?;
    table(stats, &book.stats, 1, &[9.0, 8.0, 14.0])?;
    workbook.save_to_writer(file)?;
    Ok(())
}
