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

use chrono_tz::Tz;
use strum::IntoEnumIterator;

use super::export::{ExportArgs, day_range, sheet_format};
use super::sheet::Format;
use super::sheet_writer::{SheetCell, SheetError, SheetWriter};
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

/// A header and its rows.
struct Table {
    sheet: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<SheetCell>>,
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
            Ok::<(), SheetError>(())
        },
    );
    let path = args.out.display();
    match result {
        Err(e) if written => Err(office.not_recorded(&args.out, &e)),
        Err(e) => Err(office.fail(startup_error(&e, lang))),
        Ok(Err(e)) => Err(office.cannot_write(&args.out, &e.to_string())),
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

fn yes_no(value: Option<bool>, lang: Lang) -> SheetCell {
    SheetCell::Text(match value {
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
) -> Vec<SheetCell> {
    let text = |t: &str| SheetCell::text(t);
    let label = |l: Option<crate::words::complaints::text::Cpl>| {
        SheetCell::Text(l.map_or_else(String::new, |l| l.text(lang).to_owned()))
    };
    let state = &c.state;
    vec![
        SheetCell::Integer(c.id.0),
        SheetCell::DateTime(c.recorded_at.with_timezone(&tz).naive_local()),
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
        SheetCell::Text(
            state
                .department()
                .map(|d| labels::department(d, lang))
                .unwrap_or_default(),
        ),
        label(Some(labels::step(state.step()))),
        SheetCell::Integer(i64::from(state.round())),
        c.due.map_or(SheetCell::Empty, SheetCell::Date),
        yes_no(c.replied_on_time, lang),
        yes_no(c.satisfied(), lang),
        SheetCell::Text(
            names
                .get(&c.owner)
                .cloned()
                .unwrap_or_else(|| format!("#{}", c.owner)),
        ),
    ]
}

/// One month's rows of the statistics: the totals, each category, each nature.
fn month_rows(m: &MonthStats, lang: Lang) -> Vec<Vec<SheetCell>> {
    let month = SheetCell::Text(m.month.format("%Y-%m").to_string());
    let text = |t: &str| SheetCell::text(t);
    let n = |v: u32| SheetCell::Integer(i64::from(v));
    let blank = || SheetCell::Empty;
    // A rate with nothing to divide by is an empty cell.
    let rate = |bp: Option<u32>| bp.map_or(SheetCell::Empty, SheetCell::Rate);
    let mut rows = vec![vec![
        month.clone(),
        text(Tr::GroupAll.text(lang)),
        text(Tr::GroupAll.text(lang)),
        n(m.complaints),
        n(m.follow_ups),
        n(m.satisfied),
        rate(m.satisfaction_bp()),
        n(m.replied),
        n(m.replied_on_time),
        rate(m.on_time_bp()),
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
            rate(c.satisfaction_bp()),
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

/// Writes the book through the shared sheet writer: the list with the chain heads under it
/// (in .xlsx on its sheet; in .csv at the end of the file, after the statistics, as the
/// last row), then the statistics under their title.
fn write_file(path: &Path, format: Format, book: &Book) -> Result<(), SheetError> {
    let mut out = SheetWriter::create_as(path, format)?;
    let footer: Vec<&str> = book.footer.iter().map(String::as_str).collect();
    out.sheet(book.list.sheet, &book.list.header)?;
    for row in &book.list.rows {
        out.row(row)?;
    }
    if format == Format::Xlsx {
        out.blank()?;
        out.note(&footer)?;
    }
    out.sheet_titled(book.stats.sheet, book.stats_title, &book.stats.header)?;
    for row in &book.stats.rows {
        out.row(row)?;
    }
    if format != Format::Xlsx {
        out.blank()?;
        out.note(&footer)?;
    }
    out.finish()
}
