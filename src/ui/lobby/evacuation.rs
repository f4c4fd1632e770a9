//! The evacuation list in one key (issue 9 §2): everyone inside now with their host and
//! room, as a plain page that fits the screen (the printable file, with building, unit and
//! room in columns of their own, is `frontdesk export evacuation`, named at the bottom).
//! Built from the list the pane holds, so opening it never waits for the database.
//!
//! Opening it also sends it, with no supervisor's PIN (issue 20 §4): to the office's printer
//! through `lp` when one is set, and as a dated file into the office's folder when one is
//! set, each said on the page and in the status line, and the whole kept in an audit row
//! (who, when, how many people, where it went). A printer that fails still leaves the page
//! on screen and the file written.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::text::Lobby;
use crate::domain::lobby::EvacuationEntry;
use crate::domain::text::fit;
use crate::i18n::fill;
use crate::store::StoreError;
use crate::transfer::evacuation_page;
use crate::transfer::print::{self, PrintFailure};
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::Refusal;
use crate::ui::info::Info;
use crate::ui::pane::{Done, View};
use crate::ui::said::Said;

/// Widest host name shown; the page must fit 80 columns (the export keeps it whole).
const HOST_COLUMNS: usize = 18;
const VISITOR_COLUMNS: usize = 10;

pub fn page(list: &[EvacuationEntry], view: &View) -> Info {
    page_saying(list, view, Vec::new())
}

/// The page, with `first` (where it went) above the list.
fn page_saying(list: &[EvacuationEntry], view: &View, first: Vec<String>) -> Info {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let local = view.now.with_timezone(&tz);
    let people: u32 = list.iter().map(|e| e.party).sum();
    let mut rows: Vec<[String; 6]> = vec![
        [
            Lobby::ColRoom,
            Lobby::ColHost,
            Lobby::ColVisitor,
            Lobby::ColParty,
            Lobby::ColBadge,
            Lobby::ColArrived,
        ]
        .map(|c| c.text(lang).to_owned()),
    ];
    rows.extend(list.iter().map(|e| {
        [
            e.host_room.to_string(),
            fit(&e.host_name, HOST_COLUMNS),
            fit(&e.name, VISITOR_COLUMNS),
            e.party.to_string(),
            e.badge.clone().unwrap_or_default(),
            e.arrived
                .with_timezone(&tz)
                .format("%m-%d %H:%M")
                .to_string(),
        ]
    }));
    let mut widths = [0usize; 6];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut lines = first;
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend([
        fill(
            Lobby::EvacuationHeading.text(lang),
            &[
                ("office", &view.shared.office),
                ("people", &people),
                ("visits", &list.len()),
            ],
        ),
        String::new(),
    ]);
    for row in &rows {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w - cell.width() + 1));
        }
        lines.push(line.trim_end().to_owned());
    }
    if list.is_empty() {
        lines.push(Lobby::EvacuationNobody.text(lang).to_owned());
    }
    lines.push(String::new());
    lines.push(Lobby::EvacuationExport.text(lang).to_owned());
    let title = fill(
        Lobby::EvacuationTitle.text(lang),
        &[("time", &local.format("%Y-%m-%d %H:%M"))],
    );
    Info::new(title, lines)
}

/// Where the page went, as said to the clerk and as kept in the audit row (`None`: the office
/// has set neither a printer nor a folder, so nothing left the screen).
pub struct Sent {
    said: Said,
    went: Option<String>,
}

fn people(list: &[EvacuationEntry]) -> u32 {
    list.iter().map(|e| e.party).sum()
}

/// The evacuation command: the page sent where the office set (once, even if its audit row
/// must wait for another desk: `pending` keeps what was sent), the audit row written, and
/// the page shown with where it went at its top.
pub fn send(
    list: &[EvacuationEntry],
    pending: &mut Option<Sent>,
    cx: &mut Context,
) -> Result<Done, Refusal> {
    let sent = match pending.take() {
        Some(sent) => sent,
        None => deliver(list, cx),
    };
    let mut said = sent.said.clone();
    if let Some(went) = &sent.went {
        let recorded =
            cx.store
                .record_evacuation_sent(cx.operator.id, people(list), list.len(), went, cx.now);
        match recorded {
            Ok(()) => {}
            Err(StoreError::Busy) => {
                *pending = Some(sent);
                return Err(Refusal::Busy);
            }
            // The page is out already: the clerk is told the record is missing, and still
            // gets the page.
            Err(e) => {
                let detail = describe::store_error(&e, cx.shared, cx.lang);
                said = said.and(Said::fill(
                    Lobby::EvacuationNotRecorded,
                    [("detail", detail)],
                ));
            }
        }
    }
    let page = page_saying(list, &cx.view(), vec![said.text(cx.lang)]);
    Ok(Done {
        page: Some(page),
        ..Done::status(said)
    })
}

/// Sends the page to the printer and writes the file, as the office's settings say; each
/// way on its own, so one failing never stops the other.
fn deliver(list: &[EvacuationEntry], cx: &Context) -> Sent {
    let settings = &cx.shared.settings;
    let tz = settings.timezone();
    let text = evacuation_page(list, &cx.shared.office, cx.now, tz, cx.lang);
    let count = people(list).to_string();
    let mut said: Vec<Said> = Vec::new();
    let mut went: Vec<String> = Vec::new();
    if let Some(printer) = settings.evacuation_printer() {
        match print::to_printer(printer, &text) {
            Ok(()) => {
                said.push(Said::fill(
                    Lobby::EvacuationPrinted,
                    [("people", count.clone()), ("printer", printer.to_owned())],
                ));
                went.push(format!("printer {printer}: sent"));
            }
            Err(failure) => {
                went.push(format!("printer {printer}: failed, {}", failure.detail()));
                said.push(not_printed(printer, failure));
            }
        }
    }
    if let Some(folder) = settings.evacuation_folder() {
        let local = cx.now.with_timezone(&tz).naive_local();
        match print::dated_copy(Path::new(folder), local, &text) {
            Ok(path) => {
                let path = path.display().to_string();
                said.push(Said::fill(
                    Lobby::EvacuationFiled,
                    [("people", count.clone()), ("path", path.clone())],
                ));
                went.push(format!("file {path}"));
            }
            Err(detail) => {
                said.push(Said::fill(
                    Lobby::EvacuationNotFiled,
                    [("folder", folder.to_owned()), ("detail", detail.clone())],
                ));
                went.push(format!("file in {folder}: failed, {detail}"));
            }
        }
    }
    match said.into_iter().reduce(Said::and) {
        Some(said) => Sent {
            said,
            went: Some(went.join("; ")),
        },
        None => Sent {
            said: Said::msg(Lobby::EvacuationNowhere),
            went: None,
        },
    }
}

/// Why the printer did not print, in the clerk's words.
fn not_printed(printer: &str, failure: PrintFailure) -> Said {
    let printer = printer.to_owned();
    Said::new(move |lang| {
        let why = match &failure {
            PrintFailure::NoLp => Lobby::PrintNoLp.text(lang).to_owned(),
            PrintFailure::Refused { status, said } => fill(
                Lobby::PrintRefused.text(lang),
                &[(
                    "detail",
                    &format!("{status}: {said}").trim_end_matches(": "),
                )],
            ),
            PrintFailure::TimedOut => Lobby::PrintTimedOut.text(lang).to_owned(),
            PrintFailure::Io(detail) => fill(Lobby::PrintIo.text(lang), &[("detail", detail)]),
        };
        fill(
            Lobby::EvacuationNotPrinted.text(lang),
            &[("printer", &printer), ("why", &why)],
        )
    })
}
