//! The evacuation list in one key (issue 9 §2): everyone inside now with their host and
//! room, as a plain page that fits the screen (the printable file, with building, unit and
//! room in columns of their own, is `frontdesk export evacuation`, named at the bottom).
//! Built from the list the pane holds, so opening it never waits for the database.

use unicode_width::UnicodeWidthStr;

use super::text::Lobby;
use crate::domain::lobby::EvacuationEntry;
use crate::domain::text::fit;
use crate::i18n::fill;
use crate::ui::info::Info;
use crate::ui::pane::View;

/// Widest host name shown; the page must fit 80 columns (the export keeps it whole).
const HOST_COLUMNS: usize = 18;
const VISITOR_COLUMNS: usize = 10;

pub fn page(list: &[EvacuationEntry], view: &View) -> Info {
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
    let mut lines = vec![
        fill(
            Lobby::EvacuationHeading.text(lang),
            &[
                ("office", &view.shared.office),
                ("people", &people),
                ("visits", &list.len()),
            ],
        ),
        String::new(),
    ];
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
