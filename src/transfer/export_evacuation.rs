//! `frontdesk export evacuation --out FILE.csv|.txt --supervisor NAME` (issue 9 §2): everyone
//! inside the lobby now, with their host and room, sorted by building and room, as CSV (through
//! the shared sheet writer) or as a plain page to print. Like every export it needs the
//! supervisor's PIN (it names visitors and tenants) and is audited; the file is written whole
//! and then renamed into place.
//! `--from` and `--to` do not apply: the list is of now.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::export::ExportArgs;
use super::sheet::Format;
use super::sheet_writer::{SheetCell, SheetError, SheetWriter};
use super::text::Tr;
use super::{Failure, failure, file_name, language, open_office, say};
use crate::config::Overrides;
use crate::domain::lobby::EvacuationEntry;
use crate::i18n::Lang;
use crate::words::describe::startup_error;

/// The header of the list, in the user's language.
fn header(lang: Lang) -> [&'static str; 8] {
    [
        Tr::ColBuilding,
        Tr::ColUnit,
        Tr::ColRoom,
        Tr::ColHost,
        Tr::ColVisitor,
        Tr::ColPeople,
        Tr::ColBadge,
        Tr::ColArrived,
    ]
    .map(|c| c.text(lang))
}

fn cells(e: &EvacuationEntry, tz: Tz) -> [String; 8] {
    [
        e.host_room.building().to_owned(),
        e.host_room.unit().to_owned(),
        e.host_room.room().to_owned(),
        e.host_name.clone(),
        e.name.clone(),
        e.party.to_string(),
        e.badge.clone().unwrap_or_default(),
        e.arrived
            .with_timezone(&tz)
            .format("%m-%d %H:%M")
            .to_string(),
    ]
}

fn title(list: &[EvacuationEntry], office: &str, now: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let people: u32 = list.iter().map(|e| e.party).sum();
    let time = now.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    say(
        Tr::EvacuationTitle,
        lang,
        &[
            ("office", &office),
            ("time", &time),
            ("people", &people),
            ("visits", &list.len()),
        ],
    )
}

/// The evacuation list as a plain page: a title, then one line per visit under aligned
/// column headers (widths in terminal columns, so Chinese lines up). For the export and for
/// the lobby pane's print.
pub fn evacuation_page(
    list: &[EvacuationEntry],
    office: &str,
    now: DateTime<Utc>,
    tz: Tz,
    lang: Lang,
) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut rows: Vec<[String; 8]> = vec![header(lang).map(str::to_owned)];
    rows.extend(list.iter().map(|e| cells(e, tz)));
    let mut widths = [0usize; 8];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut page = title(list, office, now, tz, lang);
    page.push_str("\n\n");
    for row in &rows {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w - cell.width() + 2));
        }
        page.push_str(line.trim_end());
        page.push('\n');
    }
    if list.is_empty() {
        page.push_str(Tr::EvacuationNobody.text(lang));
        page.push('\n');
    }
    page
}

/// The list as CSV through the shared sheet writer: the header, one row per visit, and the
/// title (office, time, head count) as the last row.
fn write_csv(
    path: &Path,
    list: &[EvacuationEntry],
    title: &str,
    tz: Tz,
    lang: Lang,
) -> Result<(), SheetError> {
    let mut out = SheetWriter::create_as(path, Format::Csv)?;
    out.sheet(title, &header(lang))?;
    for e in list {
        out.row(&cells(e, tz).map(SheetCell::Text))?;
    }
    out.note(&[title])?;
    out.finish()
}

/// Writes the page beside `path`, then renames it into place, readable by its owner only
/// (tempfile's default).
fn write_page(path: &Path, page: &str) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".frontdesk-export-")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    file.as_file_mut()
        .write_all(page.as_bytes())
        .map_err(|e| e.to_string())?;
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(path).map_err(|e| e.error.to_string())?;
    Ok(())
}

pub(super) fn run(
    args: &ExportArgs,
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
    let csv = match ext.as_deref() {
        Some("csv") => true,
        Some("txt") => false,
        _ => {
            let path = args.out.display();
            return Err(failure(
                lang,
                say(Tr::ErrEvacuationExtension, lang, &[("path", &path)]),
            ));
        }
    };
    let mut office = open_office(overrides, env_lang, early_lang)?;
    let (lang, tz) = (office.lang, office.tz);
    let (_, approval) = office.approval(&args.supervisor)?;
    let now = office.now();
    let fail = |e| office.fail(startup_error(&e, lang));
    let list = office.store.evacuation_list(now).map_err(fail)?;
    let name = office
        .store
        .office_name()
        .map_err(fail)?
        .unwrap_or_default();
    let heading = title(&list, &name, now, tz, lang);
    let page = evacuation_page(&list, &name, now, tz, lang);
    let path = args.out.display();
    let written = if csv {
        write_csv(&args.out, &list, &heading, tz, lang).map_err(|e| e.to_string())
    } else {
        write_page(&args.out, &page)
    };
    written.map_err(|detail| office.cannot_write(&args.out, &detail))?;
    office
        .store
        .record_evacuation_export(approval, &file_name(&args.out), list.len(), now)
        .map_err(|e| office.not_recorded(&args.out, &e))?;
    let people: u32 = list.iter().map(|e| e.party).sum();
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        say(
            Tr::EvacuationDone,
            lang,
            &[
                ("visits", &list.len()),
                ("people", &people),
                ("path", &path)
            ],
        )
    );
    Ok(())
}
