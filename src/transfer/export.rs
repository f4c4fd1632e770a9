//! `frontdesk export visits|calls [--from DATE] [--to DATE] --out FILE --supervisor NAME`:
//! the register's rows of a date range, corrections applied, to CSV or Excel, with the chain
//! head in the last row (issue 8 §2–3).
//!
//! Choices:
//! - **Dates are office days, both ends included**: `--from 2024-03-01 --to 2024-03-31` is
//!   March in the office's time zone; times are written in that zone.
//! - **Full phone numbers**: the export is the office's own file (SEC-3: the register is kept
//!   by the sales manager), which is why it needs the supervisor's PIN. The file is created
//!   readable by its owner only (mode 0600), written whole beside its final name and then
//!   renamed, so a failed export leaves no half-written file.
//! - **CSV is UTF-8 with a byte-order mark**, so Excel opens the Chinese as Chinese.
//! - **The last row** holds the register's chain head and the corrections' chain head (the
//!   corrected values come from that chain), who exported and the range; `import` stops at it.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::sheet::Format;
use super::text::Tr;
use super::{Failure, Office, dates, failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::register::{Class, Register, Source};
use crate::domain::staff::StaffId;
use crate::i18n::Lang;
use crate::store::register::Correction;
use crate::store::register_export::{ExportRange, Exported};
use crate::store::{ChainHead, chain};
use crate::words::describe::startup_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RegisterArg {
    /// The visitor register (REG-1).
    Visits,
    /// The phone register (REG-2).
    Calls,
    /// Everyone inside the lobby now, with host and room (issue 9 §2), as a .csv or a plain
    /// .txt page to print; --from and --to do not apply.
    Evacuation,
    /// The complaints recorded in the range with where each stands, and the monthly
    /// statistics (CMP-11): in .xlsx a second sheet, in .csv a second section.
    Complaints,
    /// The office's figures (REG-10, 来人来电统计表): visits, calls and deals by day, week,
    /// month, source and salesperson with the conversions; in .xlsx a sheet each, in .csv
    /// sections. Default range: the month of --to (default today).
    Figures,
    /// The month's commission split sheet (issue 17 §4), the input to payroll: every deal
    /// signed in the month with each party's share, the rule cited and who confirmed it, and
    /// the month's cancellations reversed. The month of --from (or --to; default this month).
    Commission,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Which register (or list).
    #[arg(value_enum)]
    pub register: RegisterArg,
    /// The first day to export, in office time (2024-03-01 or 2024/3/1); default: the first.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day to export, included; default: the latest.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The file to write: FILE.csv or FILE.xlsx (FILE.csv or FILE.txt for the evacuation
    /// list); replaced if it exists.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The supervisor who approves the export with their PIN.
    #[arg(long, value_name = "NAME")]
    pub supervisor: String,
}

/// One cell of the table to write.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(i64),
    /// Office time.
    Time(NaiveDateTime),
}

/// What goes into the file, in the user's language.
struct Table {
    sheet: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
    footer: Vec<String>,
}

pub(super) fn run(
    args: &ExportArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    match args.register {
        RegisterArg::Evacuation => {
            return super::export_evacuation::run(args, overrides, env_lang, early_lang);
        }
        RegisterArg::Complaints => {
            return super::export_complaints::run(args, overrides, env_lang, early_lang);
        }
        RegisterArg::Figures => {
            return super::export_figures::run(args, overrides, env_lang, early_lang);
        }
        RegisterArg::Commission => {
            return super::export_commission::run(args, overrides, env_lang, early_lang);
        }
        RegisterArg::Visits | RegisterArg::Calls => {}
    }
    let lang = language(overrides, env_lang, early_lang);
    let format = sheet_format(&args.out, lang)?;
    let (from, to) = day_range(args, lang)?;
    let mut office = open_office(overrides, env_lang, early_lang)?;
    let (lang, tz) = (office.lang, office.tz);
    let (supervisor, approval) = office.approval(&args.supervisor)?;
    let start = |d: chrono::NaiveDate| dates::to_utc(d.and_time(NaiveTime::MIN), tz);
    let range = ExportRange {
        from: from.map(start),
        to: to.and_then(|d| d.checked_add_days(Days::new(1))).map(start),
    };
    let shown = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "…".to_owned(), |d| d.to_string());
    let range_text = format!("{}..{}", shown(from), shown(to));
    let names: HashMap<StaffId, String> = office
        .store
        .staff()
        .map_err(|e| office.fail(startup_error(&e, lang)))?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let register = match args.register {
        RegisterArg::Visits => Register::Visit,
        // Handled above; never reached.
        RegisterArg::Calls
        | RegisterArg::Evacuation
        | RegisterArg::Complaints
        | RegisterArg::Figures
        | RegisterArg::Commission => Register::Call,
    };
    let now = office.now();
    let exported_at = now.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let footer_range = match (from, to) {
        (None, None) => Tr::RangeAll.text(lang).to_owned(),
        _ => range_text.clone(),
    };
    let mut written = false;
    let result = office.store.export_register(
        approval,
        register,
        range,
        &format!("range {range_text} (office days)"),
        &file_name(&args.out),
        now,
        |exported| {
            let mut table = table(exported, register, &names, tz, lang);
            table.footer.push(say(
                Tr::FooterExported,
                lang,
                &[
                    ("time", &exported_at),
                    ("name", &supervisor.name),
                    ("range", &footer_range),
                ],
            ));
            write_file(&args.out, format, &table)?;
            written = true;
            Ok::<(), String>(())
        },
    );
    match result {
        Err(e) if written => Err(office.not_recorded(&args.out, &e)),
        Err(e) => Err(office.fail(startup_error(&e, lang))),
        Ok(Err(detail)) => Err(office.cannot_write(&args.out, &detail)),
        Ok(Ok(exported)) => {
            report(&office, &exported, register, &args.out);
            Ok(())
        }
    }
}

fn report(office: &Office, exported: &Exported, register: Register, out: &Path) {
    let lang = office.lang;
    let what = match register {
        Register::Visit => Tr::RegisterVisits,
        Register::Call => Tr::RegisterCalls,
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "{}",
        say(
            Tr::ExportDone,
            lang,
            &[
                ("rows", &exported.rows()),
                ("register", &what.text(lang)),
                ("path", &out.display())
            ]
        )
    );
    let (head, length) = head_of(exported.head.as_ref());
    let (corrections, corrections_length) = head_of(exported.corrections_head.as_ref());
    let _ = writeln!(
        stdout,
        "{}",
        say(
            Tr::ExportHead,
            lang,
            &[
                ("table", &chain_name(register).text(lang)),
                ("head", &head),
                ("length", &length),
                ("corrections", &corrections),
                ("corrections_length", &corrections_length),
            ]
        )
    );
}

fn head_of(head: Option<&ChainHead>) -> (String, i64) {
    head.map_or_else(|| ("-".to_owned(), 0), |h| (h.short(), h.length))
}

fn chain_name(register: Register) -> crate::i18n::Msg {
    match register {
        Register::Visit => chain::VISITS.name,
        Register::Call => chain::CALLS.name,
    }
}

/// A source as the office reads it: the built-in ones in the user's language.
pub(super) fn source_label(source: &Source, lang: Lang) -> String {
    let key = match source {
        Source::Signage => Tr::SourceSignage,
        Source::Newspaper => Tr::SourceNewspaper,
        Source::Web => Tr::SourceWeb,
        Source::CustomerReferral => Tr::SourceReferral,
        Source::PassingBy => Tr::SourcePassingBy,
        Source::PhoneInquiry => Tr::SourcePhone,
        Source::Other(text) => return text.clone(),
    };
    key.text(lang).to_owned()
}

fn class_label(class: Class) -> &'static str {
    match class {
        Class::A => "A",
        Class::B => "B",
        Class::C => "C",
    }
}

fn table(
    exported: &Exported,
    register: Register,
    names: &HashMap<StaffId, String>,
    tz: Tz,
    lang: Lang,
) -> Table {
    let text = |v: Option<&str>| Value::Text(v.unwrap_or_default().to_owned());
    let name_of =
        |id: &StaffId| Value::Text(names.get(id).cloned().unwrap_or_else(|| format!("#{id}")));
    let local =
        |at: chrono::DateTime<chrono::Utc>| Value::Time(at.with_timezone(&tz).naive_local());
    let corrected = |c: &[Correction]| {
        let flag = if c.is_empty() { Tr::No } else { Tr::Yes };
        let reasons: Vec<&str> = c.iter().map(|c| c.reason.as_str()).collect();
        [
            Value::Text(flag.text(lang).to_owned()),
            Value::Text(reasons.join("; ")),
        ]
    };
    let (sheet, header, rows) = match register {
        Register::Visit => {
            let header = [
                Tr::ColId,
                Tr::ColVisitedAt,
                Tr::ColName,
                Tr::ColPhone,
                Tr::ColWorkUnit,
                Tr::ColIntent,
                Tr::ColSource,
                Tr::ColSalesperson,
                Tr::ColCarBrand,
                Tr::ColPlate,
                Tr::ColParty,
                Tr::ColClass,
                Tr::ColNotes,
                Tr::ColCorrected,
                Tr::ColReasons,
            ];
            let rows = exported
                .visits
                .iter()
                .map(|r| {
                    let v = &r.visit;
                    let mut row = vec![
                        Value::Number(r.id.0),
                        local(v.visited_at),
                        text(v.name.as_ref().map(|n| n.as_str())),
                        text(v.phone.as_ref().map(|p| p.as_str())),
                        text(v.work_unit.as_deref()),
                        text(v.intent.as_deref()),
                        Value::Text(
                            v.source
                                .as_ref()
                                .map(|s| source_label(s, lang))
                                .unwrap_or_default(),
                        ),
                        name_of(&v.salesperson),
                        text(v.car_brand.as_deref()),
                        text(v.plate.as_ref().map(|p| p.as_str())),
                        text(v.party.as_deref()),
                        text(v.class.map(class_label)),
                        text(v.notes.as_deref()),
                    ];
                    row.extend(corrected(&r.corrections));
                    row
                })
                .collect();
            (Tr::SheetVisits, header.to_vec(), rows)
        }
        Register::Call => {
            let header = [
                Tr::ColId,
                Tr::ColCalledAt,
                Tr::ColCaller,
                Tr::ColPhone,
                Tr::ColQuestion,
                Tr::ColAnsweredBy,
                Tr::ColIntent,
                Tr::ColSource,
                Tr::ColCorrected,
                Tr::ColReasons,
            ];
            let rows = exported
                .calls
                .iter()
                .map(|r| {
                    let c = &r.call;
                    let mut row = vec![
                        Value::Number(r.id.0),
                        local(c.called_at),
                        text(c.caller.as_ref().map(|n| n.as_str())),
                        text(c.phone.as_ref().map(|p| p.as_str())),
                        text(c.question.as_deref()),
                        name_of(&c.answered_by),
                        text(c.intent.as_deref()),
                        Value::Text(
                            c.source
                                .as_ref()
                                .map(|s| source_label(s, lang))
                                .unwrap_or_default(),
                        ),
                    ];
                    row.extend(corrected(&r.corrections));
                    row
                })
                .collect();
            (Tr::SheetCalls, header.to_vec(), rows)
        }
    };
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
    let (chain, raw) = match register {
        Register::Visit => (chain::VISITS.name, chain::VISITS.table),
        Register::Call => (chain::CALLS.name, chain::CALLS.table),
    };
    Table {
        sheet: sheet.text(lang),
        header: header.iter().map(|h| h.text(lang)).collect(),
        rows,
        footer: vec![
            Tr::FooterLabel.text(lang).to_owned(),
            head(chain, raw, exported.head.as_ref()),
            head(
                chain::REGISTER_CORRECTIONS.name,
                chain::REGISTER_CORRECTIONS.table,
                exported.corrections_head.as_ref(),
            ),
        ],
    }
}

/// Writes the table beside `path` and renames it into place.
fn write_file(path: &Path, format: Format, table: &Table) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".frontdesk-export-")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    match format {
        Format::Xlsx => write_xlsx(file.as_file_mut(), table).map_err(|e| e.to_string())?,
        _ => write_csv(file.as_file_mut(), table).map_err(|e| e.to_string())?,
    }
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(path).map_err(|e| e.error.to_string())?;
    Ok(())
}

fn csv_text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Number(n) => n.to_string(),
        Value::Time(t) => t.format("%Y-%m-%d %H:%M").to_string(),
    }
}

fn write_csv(file: &mut std::fs::File, table: &Table) -> Result<(), Box<dyn std::error::Error>> {
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(std::io::BufWriter::new(file));
    out.write_record(&table.header)?;
    for row in &table.rows {
        out.write_record(row.iter().map(csv_text))?;
    }
    out.write_record(&table.footer)?;
    out.flush()?;
    Ok(())
}

fn write_xlsx(file: &mut std::fs::File, table: &Table) -> Result<(), rust_xlsxwriter::XlsxError> {
    use chrono::{Datelike, Timelike};
    use rust_xlsxwriter::{Color, ExcelDateTime, Format as Style, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet)?;
    let bold = Style::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let when = Style::new().set_num_format("yyyy-mm-dd hh:mm");
    let italic = Style::new().set_italic();
    for (col, title) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
        let width = match col {
            0 => 8.0,
            1 => 17.0,
            3 => 15.0,
            _ => 12.0,
        };
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, value) in row.iter().enumerate() {
            let c = col as u16;
            match value {
                Value::Text(t) if t.is_empty() => {}
                // Phones and plates stay text: Excel would turn 13800138000 into 1.38E+10.
                Value::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Value::Number(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                Value::Time(t) => {
                    let at =
                        ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?
                            .and_hms(t.hour() as u16, t.minute() as u8, t.second())?;
                    sheet.write_datetime_with_format(r, c, &at, &when)?;
                }
            }
        }
    }
    let last = table.rows.len() as u32;
    sheet.set_freeze_panes(1, 0)?;
    if !table.header.is_empty() {
        sheet.autofilter(0, 0, last.max(1), table.header.len() as u16 - 1)?;
    }
    // One empty row, then the chain heads: the last row of the sheet.
    for (col, text) in table.footer.iter().enumerate() {
        sheet.write_string_with_format(last + 2, col as u16, text, &italic)?;
    }
    book.save_to_writer(file)?;
    Ok(())
}

/// The sheet format `--out` names: CSV or Excel; any other extension is refused by name.
pub(super) fn sheet_format(out: &std::path::Path, lang: Lang) -> Result<Format, Failure> {
    match Format::of(out) {
        Some(f @ (Format::Csv | Format::Xlsx)) => Ok(f),
        _ => {
            let path = out.display();
            Err(failure(
                lang,
                say(Tr::ErrExtension, lang, &[("path", &path)]),
            ))
        }
    }
}

/// `--from` and `--to` as office days, each optional, the range the right way round.
pub(super) fn day_range(
    args: &ExportArgs,
    lang: Lang,
) -> Result<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>), Failure> {
    let day = |option: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|v| {
                dates::parse_date(v).ok_or_else(|| {
                    failure(
                        lang,
                        say(Tr::ErrDate, lang, &[("option", &option), ("value", &v)]),
                    )
                })
            })
            .transpose()
    };
    let from = day("--from", &args.from)?;
    let to = day("--to", &args.to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(failure(
            lang,
            say(Tr::ErrRange, lang, &[("from", &f), ("to", &t)]),
        ));
    }
    Ok((from, to))
}
