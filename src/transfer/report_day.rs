//! `frontdesk report day [DATE] --out FILE.xlsx|FILE.csv|FILE.txt --supervisor NAME` (issue 10
//! §3; HND-6): one office day's handover record and figures for the paper file the office
//! keeps — every handover of the day (outgoing, incoming, times, the shift log it covered with
//! priority and tags, the open items handed on, the checklist with its notes, the questions
//! and answers, acceptance or refusal with the reason), the shift-log entries of the day in
//! none of its handovers, the desk left unstaffed, the day's figures, the evidence chains'
//! heads and the supervisor's sign-off, or "not signed".
//!
//! Choices:
//! - **It needs a supervisor's PIN and is audited**, like every export. It carries no phone
//!   numbers, but it names staff, visitors and complainants in full, the clerks' own words
//!   and the refusals the supervisor rules on: it is the office's record (HND-6), and the
//!   audit says who took a copy, of which day, to which file. `--supervisor` is optional on
//!   the command line only so that leaving it out is answered in words, not with a usage
//!   error.
//! - **DATE is an office day** (`2024-03-05`, `2024/3/5`, `2024年3月5日`), default today in
//!   the office's time zone; a day that has not begun is refused. Times are the office's.
//!   A handover belongs to the day it was submitted on (the review's rule), so the night's log
//!   written before midnight appears under the morning's handover.
//! - **Formats**: `.txt` is a plain page to print, at most 80 columns wide with Chinese
//!   counted double (long cells wrap inside their column); `.csv` is UTF-8 with a BOM, one
//!   section after another (a title row, a header row, its rows, a blank row); `.xlsx` has
//!   one sheet per section after a summary sheet. Chain heads are the short form on the page
//!   and whole in the CSV and the workbook. Headers and words follow the user's language.
//! - **The file** is written whole beside its final name, renamed into place (readable by
//!   its owner only), and removed again if the audit row cannot be written.

mod text;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use unicode_width::UnicodeWidthStr;

use super::sheet::Format as SheetFormat;
use super::sheet_writer::{SheetCell, SheetError, SheetWriter};
use super::{Failure, dates, failure, file_name, language, open_office};
use crate::config::Overrides;
use crate::domain::clock::business_day;
use crate::domain::handover::{HandoverItem, LogEntry, Priority, Stage, default_english};
use crate::domain::staff::StaffId;
use crate::i18n::{Lang, fill};
use crate::store::handover::DayReview;
use crate::words::describe::{chain_name, evidence_failure, startup_error};
use text::Rt;

#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub report: ReportKind,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ReportKind {
    /// One office day's handovers, figures, chain heads and sign-off, for the paper file
    /// (HND-6). Needs a supervisor's PIN; audited.
    Day(ReportDayArgs),
    /// The group's figures per office and month from the head office's PostgreSQL (issue 19
    /// §3): visits, calls, deals and conversion, complaints and on-time rate. Reads only.
    Group(super::report_group::ReportGroupArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ReportDayArgs {
    /// The office day (2024-03-05 or 2024/3/5); default: today in the office's time zone.
    #[arg(value_name = "DATE")]
    pub date: Option<String>,
    /// The file to write: FILE.xlsx, FILE.csv or FILE.txt (a page to print); replaced if it
    /// exists.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The supervisor who approves the copy with their PIN (required).
    #[arg(long, value_name = "NAME")]
    pub supervisor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Txt,
    Csv,
    Xlsx,
}

/// One cell of a section.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(i64),
    /// Office time.
    Time(NaiveDateTime),
    /// A chain head's hash in hex: whole in files, short on the page.
    Hash(String),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell on the page of `day`: a time of that day as `HH:MM`, of another day with
    /// its date.
    fn page(&self, day: NaiveDate) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Time(t) if t.date() == day => t.format("%H:%M").to_string(),
            Cell::Time(t) => t.format("%m-%d %H:%M").to_string(),
            Cell::Hash(h) if h.len() > crate::store::chain::SHORT_HEX => {
                h[..crate::store::chain::SHORT_HEX].to_owned()
            }
            Cell::Hash(h) => h.clone(),
        }
    }
}

/// One section of the report: a heading, its columns and rows.
struct Section {
    title: String,
    sheet: &'static str,
    header: Vec<&'static str>,
    /// On the page, each column's widest (in terminal columns) before its cells wrap.
    widths: Vec<usize>,
    rows: Vec<Vec<Cell>>,
    /// Said on the page and in the file when there are no rows.
    empty: &'static str,
}

/// The whole report, in the user's language.
struct Report {
    day: NaiveDate,
    /// The title and the lines under it.
    heading: Vec<String>,
    sections: Vec<Section>,
    sheet: &'static str,
}

pub(super) fn run(
    args: &ReportDayArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    let lang = language(overrides, env_lang, early_lang);
    let ext = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("txt") => Format::Txt,
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => {
            let path = args.out.display();
            return Err(failure(
                lang,
                rt(Rt::ErrExtension, lang, &[("path", &path)]),
            ));
        }
    };
    let date = args
        .date
        .as_deref()
        .map(|v| {
            dates::parse_date(v)
                .ok_or_else(|| failure(lang, rt(Rt::ErrDate, lang, &[("value", &v)])))
        })
        .transpose()?;
    let Some(supervisor) = args.supervisor.as_deref() else {
        return Err(failure(lang, Rt::ErrNeedsSupervisor.text(lang).to_owned()));
    };
    let mut office = open_office(overrides, env_lang, early_lang)?;
    let (lang, tz) = (office.lang, office.tz);
    let now = office.now();
    let today = business_day(now, tz);
    let day = date.unwrap_or(today);
    if day > today {
        return Err(office.fail(rt(Rt::ErrFuture, lang, &[("date", &day)])));
    }
    let (boss, approval) = office.approval(supervisor)?;
    let fail = |e| office.fail(startup_error(&e, lang));
    let review = office.store.day_review(day, tz).map_err(fail)?;
    let names: HashMap<StaffId, String> = office
        .store
        .staff()
        .map_err(fail)?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let office_name = office
        .store
        .office_name()
        .map_err(fail)?
        .unwrap_or_default();
    let printed = now.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let report = build(
        &review,
        &Names(&names),
        &office_name,
        &fill(
            Rt::PrintedBy.text(lang),
            &[("time", &printed), ("name", &boss.name)],
        ),
        tz,
        lang,
    );
    let path = args.out.display();
    write_file(&args.out, format, &report)
        .map_err(|detail| office.cannot_write(&args.out, &detail))?;
    let signed = review.signoff.is_some();
    office
        .store
        .record_day_report(
            approval,
            day,
            review.handovers.len(),
            signed,
            &file_name(&args.out),
            now,
        )
        .map_err(|e| office.not_recorded(&args.out, &e))?;
    // The report is written, and its first lines say it; the failure is said on stderr too.
    for broken in &review.seals_broken {
        let _ = writeln!(std::io::stderr(), "{}", evidence_failure(broken, tz, lang));
    }
    let status = match signed {
        true => Rt::DoneSigned,
        false => Rt::DoneNotSigned,
    };
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        rt(
            Rt::Done,
            lang,
            &[
                ("date", &day),
                ("handovers", &review.handovers.len()),
                ("status", &status.text(lang)),
                ("path", &path),
            ],
        )
    );
    Ok(())
}

fn rt(key: Rt, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(key.text(lang), args)
}

/// Staff names by id; someone unknown by their number.
struct Names<'a>(&'a HashMap<StaffId, String>);

impl Names<'_> {
    fn of(&self, id: StaffId) -> String {
        self.0.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
    }
}

fn priority(p: Priority, lang: Lang) -> &'static str {
    match p {
        Priority::Normal => Rt::Normal.text(lang),
        Priority::Important => Rt::Important.text(lang),
        Priority::Urgent => Rt::Urgent.text(lang),
    }
}

/// A default checklist item or shift name in English when the user reads English; the
/// office's own as written.
fn office_word(word: &str, lang: Lang) -> String {
    match lang {
        Lang::En => default_english(word).unwrap_or(word).to_owned(),
        Lang::Zh => word.to_owned(),
    }
}

fn item_text(item: &HandoverItem, names: &Names, tz: Tz, lang: Lang) -> String {
    let hm = |t: &DateTime<Utc>| t.with_timezone(&tz).format("%m-%d %H:%M").to_string();
    let dash = || "—".to_owned();
    match item {
        HandoverItem::Reception {
            salesperson, since, ..
        } => rt(
            Rt::ItemReception,
            lang,
            &[("name", &names.of(*salesperson)), ("time", &hm(since))],
        ),
        HandoverItem::MakeUpOwed { salesperson, count } => rt(
            Rt::ItemMakeUp,
            lang,
            &[("name", &names.of(*salesperson)), ("count", count)],
        ),
        HandoverItem::VisitorInside {
            visitor,
            room,
            since,
            ..
        } => rt(
            Rt::ItemVisitor,
            lang,
            &[("name", visitor), ("room", room), ("time", &hm(since))],
        ),
        HandoverItem::ParcelWaiting {
            carrier,
            room,
            shelf,
            since,
            ..
        } => rt(
            Rt::ItemParcel,
            lang,
            &[
                ("carrier", carrier),
                ("room", room),
                (
                    "shelf",
                    &if shelf.is_empty() {
                        dash()
                    } else {
                        shelf.clone()
                    },
                ),
                ("time", &hm(since)),
            ],
        ),
        HandoverItem::Complaint {
            id,
            summary,
            unit,
            due,
            ..
        } => rt(
            Rt::ItemComplaint,
            lang,
            &[
                ("id", &id.0),
                ("unit", unit),
                ("summary", summary),
                ("due", &due.map_or_else(dash, |d| d.to_string())),
            ],
        ),
        HandoverItem::Repair {
            id,
            summary,
            unit,
            due_at,
            ..
        } => rt(
            Rt::ItemRepair,
            lang,
            &[
                ("id", &id.0),
                ("unit", unit),
                ("summary", summary),
                ("due", &due_at.as_ref().map_or_else(dash, hm)),
            ],
        ),
        HandoverItem::FollowUpDue { id, summary } => rt(
            Rt::ItemFollowUp,
            lang,
            &[("id", &id.0), ("summary", summary)],
        ),
        HandoverItem::OwnershipConflict {
            customer,
            salespeople,
            ..
        } => {
            let sep = match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            };
            let who: Vec<String> = salespeople.iter().map(|s| names.of(*s)).collect();
            rt(
                Rt::ItemConflict,
                lang,
                &[("customer", customer), ("names", &who.join(sep))],
            )
        }
    }
}

/// The log entry's text as written, a correction saying what it corrects and why.
fn entry_text(e: &LogEntry, lang: Lang) -> String {
    match e.corrects {
        Some(original) => format!(
            "{}{}",
            rt(
                Rt::Correction,
                lang,
                &[
                    ("entry", &original),
                    ("reason", &e.reason.as_deref().unwrap_or_default())
                ]
            ),
            e.text
        ),
        None => e.text.clone(),
    }
}

fn log_row(no: Cell, e: &LogEntry, names: &Names, tz: Tz, lang: Lang) -> Vec<Cell> {
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    vec![
        no,
        Cell::Text(format!("#{}", e.id)),
        Cell::Time(e.at.with_timezone(&tz).naive_local()),
        Cell::text(names.of(e.by)),
        Cell::text(priority(e.priority, lang)),
        Cell::text(e.tags.join(sep)),
        Cell::text(entry_text(e, lang)),
    ]
}

fn build(
    review: &DayReview,
    names: &Names,
    office: &str,
    printed: &str,
    tz: Tz,
    lang: Lang,
) -> Report {
    let local = |t: DateTime<Utc>| Cell::Time(t.with_timezone(&tz).naive_local());
    let t = |k: Rt| k.text(lang);
    // Handovers are numbered 1, 2, … within the day; the stored number follows in brackets.
    let no = |i: usize| Cell::Number(i as i64 + 1);
    let mut heading = vec![
        fill(t(Rt::Title), &[("office", &office), ("date", &review.day)]),
        printed.to_owned(),
    ];
    heading.push(match &review.signoff {
        Some(s) => fill(
            t(Rt::StatusSigned),
            &[
                ("name", &names.of(s.supervisor)),
                (
                    "time",
                    &s.at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
                ),
            ],
        ),
        None => t(Rt::StatusNotSigned).to_owned(),
    });
    // A head the sign-off sealed that is no longer in its chain, said in words at the top
    // (issue 16 §2), not left to a reader comparing two hashes.
    heading.extend(
        review
            .seals_broken
            .iter()
            .map(|b| evidence_failure(b, tz, lang)),
    );
    heading.extend(review.acknowledged.iter().map(|a| {
        fill(
            t(Rt::Acknowledged),
            &[
                ("name", &names.of(a.supervisor)),
                (
                    "time",
                    &a.at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
                ),
                ("what", &a.what),
            ],
        )
    }));

    let mut handovers = Vec::new();
    let mut log = Vec::new();
    let mut items = Vec::new();
    let mut checklist = Vec::new();
    let mut questions = Vec::new();
    for (i, h) in review.handovers.iter().enumerate() {
        let state = &h.state;
        let result = match state.stage() {
            Stage::Submitted => Rt::Waiting,
            Stage::Accepted => Rt::Accepted,
            Stage::Refused => Rt::Refused,
        };
        handovers.push(vec![
            no(i),
            Cell::text(
                h.shift
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), |s| office_word(s, lang)),
            ),
            Cell::text(names.of(h.outgoing)),
            local(h.submitted_at),
            Cell::text(
                state
                    .decided_by()
                    .map_or_else(|| "—".to_owned(), |s| names.of(s)),
            ),
            h.decided_at().map_or_else(|| Cell::text("—"), local),
            Cell::text(t(result)),
            Cell::text(state.refusal().unwrap_or_default()),
        ]);
        for e in &h.log {
            log.push(log_row(no(i), e, names, tz, lang));
        }
        for item in state.items() {
            items.push(vec![
                no(i),
                Cell::text(item_text(item, names, tz, lang)),
                Cell::text(if item.is_overdue() {
                    t(Rt::Overdue)
                } else {
                    ""
                }),
            ]);
        }
        for c in state.checklist() {
            checklist.push(vec![
                no(i),
                Cell::text(office_word(&c.item, lang)),
                Cell::text(t(if c.ticked { Rt::Ticked } else { Rt::NotTicked })),
                Cell::text(c.note.clone()),
            ]);
        }
        for q in state.questions() {
            questions.push(vec![
                no(i),
                Cell::text(names.of(q.by)),
                Cell::text(q.text.clone()),
                Cell::text(
                    q.answer
                        .clone()
                        .unwrap_or_else(|| t(Rt::NotAnswered).to_owned()),
                ),
            ]);
        }
    }
    // The day's entries in none of its handovers, by the review's own rule (HND-6).
    let other: Vec<Vec<Cell>> = review
        .other_log
        .iter()
        .map(|e| log_row(Cell::text(t(Rt::NotHandedOver)), e, names, tz, lang))
        .collect();
    let unstaffed = review
        .unstaffed
        .iter()
        .map(|u| {
            vec![
                local(u.at),
                Cell::text(names.of(u.clerk)),
                Cell::text(names.of(u.supervisor)),
                Cell::text(u.reason.clone()),
            ]
        })
        .collect();
    let name = |id| names.of(id);
    let deals = review
        .deals
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.record.unit.to_string()),
                Cell::text(d.buyers()),
                Cell::text(names.of(d.record.closer)),
                Cell::text(crate::words::describe::split(d.shares(), lang, name)),
                Cell::text(d.rule().unwrap_or("")),
                Cell::text(crate::words::describe::deal_standing(
                    d.standing(),
                    lang,
                    tz,
                    name,
                )),
            ]
        })
        .collect();
    let f = &review.figures;
    let sales = f
        .sales
        .iter()
        .map(|s| {
            vec![
                Cell::text(names.of(s.salesperson)),
                Cell::Number(s.walk_ins.into()),
                Cell::Number(s.counted.into()),
                Cell::Number(s.other.into()),
            ]
        })
        .collect();
    let figures = [
        (Rt::FigVisits, f.visits),
        (Rt::FigCalls, f.calls),
        (Rt::FigLobbyIn, f.lobby_in),
        (Rt::FigLobbyOut, f.lobby_out),
        (Rt::FigComplaintsOpened, f.complaints_opened),
        (Rt::FigComplaintsClosed, f.complaints_closed),
        (Rt::FigComplaintsOverdue, f.complaints_overdue),
        (Rt::FigRepairsOpened, f.repairs_opened),
        (Rt::FigRepairsClosed, f.repairs_closed),
        (Rt::FigHandovers, f.handovers),
        (Rt::FigRefused, f.handovers_refused),
        (Rt::FigUnstaffed, f.desk_unstaffed),
    ]
    .into_iter()
    .map(|(k, n)| vec![Cell::text(t(k)), Cell::Number(n.into())])
    .collect();
    let sealed = review.signoff.as_ref().map(|s| &s.heads);
    let mut head_header = vec![t(Rt::ColChain), t(Rt::ColRows), t(Rt::ColHead)];
    let mut head_widths = vec![24, 8, 12];
    if sealed.is_some() {
        head_header.extend([t(Rt::ColSealedRows), t(Rt::ColSealedHead)]);
        head_widths.extend([10, 12]);
    }
    let heads = review
        .heads
        .iter()
        .map(|h| {
            let mut row = vec![
                Cell::text(chain_name(h.table, lang)),
                Cell::Number(h.length),
                Cell::Hash(
                    h.last
                        .map_or_else(|| "-".to_owned(), |l| crate::store::chain::hex(&l.hash)),
                ),
            ];
            if let Some(sealed) = sealed {
                let s = sealed.iter().find(|s| s.table == h.table);
                row.push(s.map_or_else(|| Cell::text("—"), |s| Cell::Number(s.length)));
                row.push(Cell::Hash(
                    s.and_then(|s| s.hash.clone())
                        .unwrap_or_else(|| "-".to_owned()),
                ));
            }
            row
        })
        .collect();
    let signoff = match &review.signoff {
        Some(s) => vec![
            vec![
                Cell::text(t(Rt::SignedBy)),
                Cell::text(names.of(s.supervisor)),
            ],
            vec![Cell::text(t(Rt::SignedAt)), local(s.at)],
            vec![Cell::text(t(Rt::Remarks)), Cell::text(s.remarks.clone())],
        ],
        None => vec![vec![
            Cell::text(t(Rt::SignedBy)),
            Cell::text(t(Rt::NotSigned)),
        ]],
    };
    let no_handover = match review.handovers.is_empty() {
        true => t(Rt::NoHandover),
        false => t(Rt::None),
    };
    let log_header = vec![
        t(Rt::ColNo),
        t(Rt::ColEntry),
        t(Rt::ColTime),
        t(Rt::ColBy),
        t(Rt::ColPriority),
        t(Rt::ColTags),
        t(Rt::ColText),
    ];
    let log_widths = vec![8, 5, 11, 10, 9, 10, 0];
    let section = |title: Rt,
                   sheet: Rt,
                   header: Vec<&'static str>,
                   widths: Vec<usize>,
                   rows: Vec<Vec<Cell>>,
                   empty: &'static str| Section {
        title: t(title).to_owned(),
        sheet: t(sheet),
        header,
        widths,
        rows,
        empty,
    };
    Report {
        day: review.day,
        heading,
        sheet: t(Rt::SheetSummary),
        sections: vec![
            section(
                Rt::SecHandovers,
                Rt::SheetHandovers,
                vec![
                    t(Rt::ColNo),
                    t(Rt::ColShift),
                    t(Rt::ColOutgoing),
                    t(Rt::ColSubmitted),
                    t(Rt::ColIncoming),
                    t(Rt::ColDecided),
                    t(Rt::ColResult),
                    t(Rt::ColReason),
                ],
                vec![8, 8, 10, 11, 10, 11, 10, 0],
                handovers,
                no_handover,
            ),
            section(
                Rt::SecLog,
                Rt::SheetLog,
                log_header.clone(),
                log_widths.clone(),
                log,
                t(Rt::None),
            ),
            section(
                Rt::SecItems,
                Rt::SheetItems,
                vec![t(Rt::ColNo), t(Rt::ColItem), t(Rt::ColOverdue)],
                vec![8, 0, 8],
                items,
                t(Rt::None),
            ),
            section(
                Rt::SecChecklist,
                Rt::SheetChecklist,
                vec![
                    t(Rt::ColNo),
                    t(Rt::ColCheck),
                    t(Rt::ColTicked),
                    t(Rt::ColNote),
                ],
                vec![8, 26, 11, 0],
                checklist,
                t(Rt::None),
            ),
            section(
                Rt::SecQuestions,
                Rt::SheetQuestions,
                vec![
                    t(Rt::ColNo),
                    t(Rt::ColAskedBy),
                    t(Rt::ColQuestion),
                    t(Rt::ColAnswer),
                ],
                vec![8, 10, 26, 0],
                questions,
                t(Rt::None),
            ),
            section(
                Rt::SecOtherLog,
                Rt::SheetOtherLog,
                log_header,
                log_widths,
                other,
                t(Rt::None),
            ),
            section(
                Rt::SecDeals,
                Rt::SheetDeals,
                vec![
                    t(Rt::ColDealUnit),
                    t(Rt::ColBuyers),
                    t(Rt::ColCloser),
                    t(Rt::ColSplit),
                    t(Rt::ColRule),
                    t(Rt::ColStanding),
                ],
                vec![12, 14, 10, 24, 10, 0],
                deals,
                t(Rt::None),
            ),
            section(
                Rt::SecUnstaffed,
                Rt::SheetUnstaffed,
                vec![
                    t(Rt::ColTime),
                    t(Rt::ColClerk),
                    t(Rt::ColApprovedBy),
                    t(Rt::ColWhy),
                ],
                vec![11, 10, 11, 0],
                unstaffed,
                t(Rt::None),
            ),
            section(
                Rt::SecSales,
                Rt::SheetSales,
                vec![
                    t(Rt::ColSalesperson),
                    t(Rt::ColWalkIns),
                    t(Rt::ColCounted),
                    t(Rt::ColOther),
                ],
                vec![12, 10, 11, 10],
                sales,
                t(Rt::None),
            ),
            section(
                Rt::SecFigures,
                Rt::SheetFigures,
                vec![t(Rt::ColFigure), t(Rt::ColCount)],
                vec![24, 8],
                figures,
                t(Rt::None),
            ),
            section(
                Rt::SecHeads,
                Rt::SheetHeads,
                head_header,
                head_widths,
                heads,
                t(Rt::None),
            ),
            section(
                Rt::SecSignoff,
                Rt::SheetSignoff,
                vec![t(Rt::ColField), t(Rt::ColValue)],
                vec![12, 0],
                signoff,
                t(Rt::None),
            ),
        ],
    }
}

/// The page's width in terminal columns.
pub const PAGE_WIDTH: usize = 80;
const GAP: usize = 2;

/// `text` broken into lines of at most `width` terminal columns: between any two Chinese
/// characters, at spaces between other words, inside a word only when it is wider than the
/// line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(2);
    let wide = |c: char| c.width().unwrap_or(0) > 1;
    // Tokens: a run of spaces, a run of narrow non-space characters (a word), or one wide
    // character.
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins = tokens
            .last()
            .and_then(|t| t.chars().last())
            .is_some_and(|last| {
                !wide(c) && !wide(last) && c.is_whitespace() == last.is_whitespace()
            });
        match joins {
            true => tokens.last_mut().expect("a last token").push(c),
            false => tokens.push(c.to_string()),
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for token in tokens {
        if line.width() + token.width() <= width {
            line.push_str(&token);
            continue;
        }
        if token.starts_with(char::is_whitespace) {
            lines.push(std::mem::take(&mut line));
            continue;
        }
        if !line.trim().is_empty() {
            lines.push(std::mem::take(&mut line).trim_end().to_owned());
        }
        line.clear();
        for c in token.chars() {
            if line.width() + c.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    lines.push(line);
    lines.iter().map(|l| l.trim_end().to_owned()).collect()
}

/// The section as lines of the page: its columns at most their widths (the one width 0
/// takes what the page has left), cells wrapped inside their column.
fn page_table(section: &Section, day: NaiveDate) -> Vec<String> {
    let n = section.header.len();
    let cells: Vec<Vec<String>> = std::iter::once(
        section
            .header
            .iter()
            .map(|h| (*h).to_owned())
            .collect::<Vec<_>>(),
    )
    .chain(
        section
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.page(day)).collect()),
    )
    .collect();
    let natural: Vec<usize> = (0..n)
        .map(|c| cells.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut widths: Vec<usize> = (0..n)
        .map(|c| match section.widths[c] {
            0 => natural[c],
            cap => natural[c].min(cap),
        })
        .collect();
    let fixed: usize = (0..n)
        .filter(|c| section.widths[*c] != 0)
        .map(|c| widths[c])
        .sum::<usize>()
        + GAP * n.saturating_sub(1);
    for c in (0..n).filter(|c| section.widths[*c] == 0) {
        widths[c] = natural[c].min(PAGE_WIDTH.saturating_sub(fixed).max(12));
    }
    // Still too wide (long names in narrow sections): the widest column gives way.
    while widths.iter().sum::<usize>() + GAP * n.saturating_sub(1) > PAGE_WIDTH {
        let Some((c, _)) = widths
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 4)
            .max_by_key(|(_, w)| **w)
        else {
            break;
        };
        widths[c] -= 1;
    }
    let mut lines = Vec::new();
    for row in &cells {
        let wrapped: Vec<Vec<String>> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| wrap(cell, *w))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..height {
            let mut line = String::new();
            for (c, part) in wrapped.iter().enumerate() {
                let piece = part.get(i).map_or("", String::as_str);
                line.push_str(piece);
                if c + 1 < n {
                    line.push_str(&" ".repeat(widths[c] - piece.width().min(widths[c]) + GAP));
                }
            }
            lines.push(line.trim_end().to_owned());
        }
    }
    lines
}

/// The report as a plain page.
fn page(report: &Report) -> String {
    let mut out = String::new();
    for line in &report.heading {
        for part in wrap(line, PAGE_WIDTH) {
            out.push_str(&part);
            out.push('\n');
        }
    }
    for section in &report.sections {
        out.push('\n');
        for part in wrap(&section.title, PAGE_WIDTH) {
            out.push_str(&part);
            out.push('\n');
        }
        out.push_str(&"-".repeat(section.title.width().min(PAGE_WIDTH)));
        out.push('\n');
        if section.rows.is_empty() {
            out.push_str(section.empty);
            out.push('\n');
            continue;
        }
        for line in page_table(section, report.day) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

impl Cell {
    /// The cell in a file: hashes whole, long text (a column the page wraps) wrapped in
    /// Excel too.
    fn sheet(&self, wraps: bool) -> SheetCell {
        match self {
            Cell::Text(t) if wraps => SheetCell::Paragraph(t.clone()),
            Cell::Text(t) | Cell::Hash(t) => SheetCell::Text(t.clone()),
            Cell::Number(n) => SheetCell::Integer(*n),
            Cell::Time(t) => SheetCell::DateTime(*t),
        }
    }
}

/// The report through the shared sheet writer: the heading lines on a summary sheet (in
/// CSV, the file's first lines), then each section on a sheet of its own with its title
/// above its header (in CSV, after an empty line), and its "none" line when it has no rows.
fn write_sheets(path: &Path, format: SheetFormat, report: &Report) -> Result<(), SheetError> {
    let mut out = SheetWriter::create_as(path, format)?;
    out.sheet(report.sheet, &[])?;
    for (i, line) in report.heading.iter().enumerate() {
        match i {
            0 => out.title(line)?,
            _ => out.row(&[SheetCell::text(line.as_str())])?,
        }
    }
    for section in &report.sections {
        out.sheet_titled(section.sheet, &section.title, &section.header)?;
        if section.rows.is_empty() {
            out.note(&[section.empty])?;
        }
        for row in &section.rows {
            let cells: Vec<SheetCell> = row
                .iter()
                .zip(&section.widths)
                .map(|(cell, width)| cell.sheet(*width == 0))
                .collect();
            out.row(&cells)?;
        }
    }
    out.finish()
}

/// Writes the report: the page beside `path`, renamed into place; a sheet through the
/// shared writer, which does the same.
fn write_file(path: &Path, format: Format, report: &Report) -> Result<(), String> {
    match format {
        Format::Csv => write_sheets(path, SheetFormat::Csv, report).map_err(|e| e.to_string()),
        Format::Xlsx => write_sheets(path, SheetFormat::Xlsx, report).map_err(|e| e.to_string()),
        Format::Txt => write_page(path, &page(report)),
    }
}

fn write_page(path: &Path, page: &str) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".frontdesk-report-")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    file.as_file_mut()
        .write_all(page.as_bytes())
        .map_err(|e| e.to_string())?;
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(path).map_err(|e| e.error.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_chinese_double_and_never_passes_the_width() {
        let text = "夜班巡查发现地下车库B2层照明故障已报工程部 and a few English words too";
        for w in [5, 7, 12, 30] {
            for line in wrap(text, w) {
                assert!(line.width() <= w, "{line:?} wider than {w}");
            }
        }
        assert_eq!(wrap("", 10), vec![String::new()]);
        // Chinese breaks between characters, not at the space before a number.
        assert_eq!(
            wrap("代收快递 3 件(1单元301)", 12),
            ["代收快递 3", "件(1单元301)"]
        );
        assert_eq!(wrap("two words", 5), ["two", "words"]);
    }
}
