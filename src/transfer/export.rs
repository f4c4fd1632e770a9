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
//!   The heads are those of the moment the rows are read, known before the first row.
//! - **Streamed** (issue 18): the store hands over one record at a time and the shared
//!   [`SheetWriter`] writes it (an .xlsx in constant memory, going on in `来访登记 2` past
//!   Excel's 1,048,576 rows), so memory does not grow with the register. A progress bar (or
//!   a plain line now and then) counts the rows on standard error.
//! - **Ctrl-C or SIGTERM** ends the export at the next row: the unfinished file is removed,
//!   nothing is audited, one line says so and the exit status is 1.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveTime};
use chrono_tz::Tz;

use super::progress::Progress;
use super::sheet::Format;
use super::sheet_writer::{SheetCell, SheetError, SheetWriter};
use super::text::Tr;
use super::{Failure, Office, dates, failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::register::{Class, Register, Source};
use crate::domain::staff::StaffId;
use crate::i18n::Lang;
use crate::stop::stop_requested;
use crate::store::register::{CallRecord, Correction, VisitRecord};
use crate::store::register_export::{
    ExportRange, ExportStart, Exported, ExportedRecord, RegisterSink,
};
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
    let footer_range = match (from, to) {
        (None, None) => Tr::RangeAll.text(lang).to_owned(),
        _ => range_text.clone(),
    };
    let mut sink = RegisterFile {
        path: &args.out,
        format,
        register,
        names: &names,
        tz,
        lang,
        exported: office.exported_footer(&supervisor.name, now, &footer_range),
        writer: None,
        progress: None,
        rows: 0,
        finished: false,
    };
    let result = office.store.export_register(
        approval,
        register,
        range,
        &format!("range {range_text} (office days)"),
        &file_name(&args.out),
        now,
        &mut sink,
    );
    if let Some(progress) = sink.progress.take() {
        progress.finish();
    }
    match result {
        Err(e) if sink.finished => Err(office.not_recorded(&args.out, &e)),
        Err(e) => Err(office.fail(startup_error(&e, lang))),
        Ok(Err(Halt::Stopped)) => {
            let path = args.out.display();
            Err(office.fail(say(Tr::ExportStopped, lang, &[("path", &path)])))
        }
        Ok(Err(Halt::Write(e))) => Err(office.cannot_write(&args.out, &e.to_string())),
        Ok(Ok(exported)) => {
            report(&office, &exported, register, &args.out);
            Ok(())
        }
    }
}

/// From how many rows packing an .xlsx takes long enough to say so (about a second).
const PACKING_SAID_FROM: u64 = 100_000;

/// Why an export ended before its file was whole.
enum Halt {
    /// Ctrl-C or SIGTERM.
    Stopped,
    Write(SheetError),
}

impl From<SheetError> for Halt {
    fn from(e: SheetError) -> Halt {
        Halt::Write(e)
    }
}

/// The register's file being written as the store hands over its rows.
struct RegisterFile<'a> {
    path: &'a Path,
    format: Format,
    register: Register,
    names: &'a HashMap<StaffId, String>,
    tz: Tz,
    lang: Lang,
    /// The footer's last cell: when, by whom, over what range.
    exported: String,
    /// The heads known at the start, written under the rows.
    writer: Option<(SheetWriter, Vec<String>)>,
    progress: Option<Progress>,
    /// The rows announced.
    rows: u64,
    /// The file is at its path (then a failed audit must remove it).
    finished: bool,
}

impl RegisterSink for RegisterFile<'_> {
    type Error = Halt;

    fn start(&mut self, start: &ExportStart) -> Result<(), Halt> {
        let lang = self.lang;
        let (sheet, header) = columns(self.register);
        let mut writer = SheetWriter::create_as(self.path, self.format)?;
        let header: Vec<&str> = header.iter().map(|h| h.text(lang)).collect();
        writer.sheet(sheet.text(lang), &header)?;
        let mut footer = footer(self.register, start, lang);
        footer.push(std::mem::take(&mut self.exported));
        self.writer = Some((writer, footer));
        let what = say(
            Tr::ExportProgress,
            lang,
            &[("register", &register_word(self.register).text(lang))],
        );
        self.progress = Some(Progress::new(what, Some(start.rows)));
        self.rows = start.rows;
        Ok(())
    }

    fn record(&mut self, record: ExportedRecord<'_>) -> Result<(), Halt> {
        if stop_requested() {
            return Err(Halt::Stopped);
        }
        let cells = match record {
            ExportedRecord::Visit(r) => visit_cells(r, self.names, self.tz, self.lang),
            ExportedRecord::Call(r) => call_cells(r, self.names, self.tz, self.lang),
        };
        if let Some((writer, _)) = &mut self.writer {
            writer.row(&cells)?;
        }
        if let Some(progress) = &mut self.progress {
            progress.advance(1);
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), Halt> {
        if stop_requested() {
            return Err(Halt::Stopped);
        }
        let Some((mut writer, footer)) = self.writer.take() else {
            return Err(Halt::Write(SheetError::NoSheet));
        };
        // In Excel one empty row sets the heads apart from the table; the CSV has them on
        // the line after the last row, as it always has (`import` stops at it).
        if self.format == Format::Xlsx {
            writer.blank()?;
        }
        let footer: Vec<&str> = footer.iter().map(String::as_str).collect();
        writer.note(&footer)?;
        if let Some(progress) = self.progress.take() {
            progress.finish();
        }
        // The rows are all written; an .xlsx is now packed from them, seconds at a million
        // rows with nothing moving: said, so the wait is not taken for a hang.
        if self.format == Format::Xlsx && self.rows >= PACKING_SAID_FROM {
            let path = self.path.display();
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                say(Tr::ExportPacking, self.lang, &[("path", &path)])
            );
        }
        writer.finish()?;
        self.finished = true;
        Ok(())
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
                ("rows", &exported.rows),
                ("register", &what.text(lang)),
                ("path", &out.display())
            ]
        )
    );
    let (head, length) = head_of(Some(&exported.head));
    let (corrections, corrections_length) = head_of(Some(&exported.corrections_head));
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

fn register_word(register: Register) -> Tr {
    match register {
        Register::Visit => Tr::RegisterVisits,
        Register::Call => Tr::RegisterCalls,
    }
}

/// The sheet's name and its columns.
fn columns(register: Register) -> (Tr, &'static [Tr]) {
    match register {
        Register::Visit => (
            Tr::SheetVisits,
            &[
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
            ],
        ),
        Register::Call => (
            Tr::SheetCalls,
            &[
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
            ],
        ),
    }
}

fn text(value: Option<&str>) -> SheetCell {
    SheetCell::text(value.unwrap_or_default())
}

fn name_of(names: &HashMap<StaffId, String>, id: &StaffId) -> SheetCell {
    SheetCell::Text(names.get(id).cloned().unwrap_or_else(|| format!("#{id}")))
}

fn local(at: chrono::DateTime<chrono::Utc>, tz: Tz) -> SheetCell {
    SheetCell::DateTime(at.with_timezone(&tz).naive_local())
}

fn source_cell(source: Option<&Source>, lang: Lang) -> SheetCell {
    SheetCell::Text(source.map(|s| source_label(s, lang)).unwrap_or_default())
}

/// Whether the record was corrected, and the reasons.
fn corrected(corrections: &[Correction], lang: Lang) -> [SheetCell; 2] {
    let flag = if corrections.is_empty() {
        Tr::No
    } else {
        Tr::Yes
    };
    let reasons: Vec<&str> = corrections.iter().map(|c| c.reason.as_str()).collect();
    [
        SheetCell::text(flag.text(lang)),
        SheetCell::Text(reasons.join("; ")),
    ]
}

fn visit_cells(
    r: &VisitRecord,
    names: &HashMap<StaffId, String>,
    tz: Tz,
    lang: Lang,
) -> Vec<SheetCell> {
    let v = &r.visit;
    let mut row = vec![
        SheetCell::Integer(r.id.0),
        local(v.visited_at, tz),
        text(v.name.as_ref().map(|n| n.as_str())),
        text(v.phone.as_ref().map(|p| p.as_str())),
        text(v.work_unit.as_deref()),
        text(v.intent.as_deref()),
        source_cell(v.source.as_ref(), lang),
        name_of(names, &v.salesperson),
        text(v.car_brand.as_deref()),
        text(v.plate.as_ref().map(|p| p.as_str())),
        text(v.party.as_deref()),
        text(v.class.map(class_label)),
        text(v.notes.as_deref()),
    ];
    row.extend(corrected(&r.corrections, lang));
    row
}

fn call_cells(
    r: &CallRecord,
    names: &HashMap<StaffId, String>,
    tz: Tz,
    lang: Lang,
) -> Vec<SheetCell> {
    let c = &r.call;
    let mut row = vec![
        SheetCell::Integer(r.id.0),
        local(c.called_at, tz),
        text(c.caller.as_ref().map(|n| n.as_str())),
        text(c.phone.as_ref().map(|p| p.as_str())),
        text(c.question.as_deref()),
        name_of(names, &c.answered_by),
        text(c.intent.as_deref()),
        source_cell(c.source.as_ref(), lang),
    ];
    row.extend(corrected(&r.corrections, lang));
    row
}

/// The last row but its last cell: the label and the two chain heads.
fn footer(register: Register, start: &ExportStart, lang: Lang) -> Vec<String> {
    let head = |table: crate::i18n::Msg, raw: &str, h: &ChainHead| {
        let (short, length) = head_of(Some(h));
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
    let chain = match register {
        Register::Visit => chain::VISITS,
        Register::Call => chain::CALLS,
    };
    vec![
        Tr::FooterLabel.text(lang).to_owned(),
        head(chain.name, chain.table, &start.head),
        head(
            chain::REGISTER_CORRECTIONS.name,
            chain::REGISTER_CORRECTIONS.table,
            &start.corrections_head,
        ),
    ]
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
