//! Drawing the parcels waiting (issue 20 §6): when each was taken in, how long it has
//! waited (live, from the moment drawn), carrier, the tracking number's end, for whom (the
//! room, a company's name, a resident's surname only: REG-11, this screen may face a
//! visitor) and where it is stored; those waiting two days or more marked, and those
//! corrected (REG-4) shown as corrected and marked so.

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::LobbyPane;
use super::forms::how_long;
use super::parcels::recipient_label;
use super::text::Lobby;
use crate::domain::lobby::parcel::{days_and_hours, waited};
use crate::domain::text::fit;
use crate::i18n::{Lang, fill};
use crate::ui::pane::View;
use crate::ui::theme::Theme;

/// A parcel waiting this many days or more is marked: the shelf is for a day or two, and
/// the handover lists it until someone calls the recipient. The office's manuals say
/// nothing on parcels; two days is the lobby products' usual reminder.
pub const LONG_WAIT_DAYS: i64 = 2;

/// The mark of a long wait, for screens without colour too.
const LONG: &str = "!";

/// The mark of a parcel a correction changed or put back waiting (the summary's legend says
/// so): the clerk knows the row differs from the first entry, which the log keeps.
const CORRECTED: &str = "*";

/// How long a parcel has waited: `h:mm` under a day, then days and hours (`2天3时`).
pub fn waited_text(wait: Duration, lang: Lang) -> String {
    match days_and_hours(wait) {
        (0, _) => how_long(wait),
        (d, h) => fill(Lobby::Waited.text(lang), &[("d", &d), ("h", &h)]),
    }
}

impl LobbyPane {
    pub(super) fn draw_parcels(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let [summary, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let tz = view.shared.settings.timezone();
        let page = &self.parcels;
        let long = |p: &&crate::domain::lobby::parcel::WaitingParcel| {
            days_and_hours(waited(p.taken_in, view.now)).0 >= LONG_WAIT_DAYS
        };
        let mut spans = vec![Span::styled(
            fill(Lobby::ParcelSummary.text(lang), &[("n", &page.total)]),
            Theme::title(),
        )];
        if page.total > page.parcels.len() {
            spans.push(Span::raw(" "));
            spans.push(Span::raw(fill(
                Lobby::ParcelShowing.text(lang),
                &[("shown", &page.parcels.len())],
            )));
        }
        if self.parcel_list.iter().any(|p| long(&p)) {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                fill(
                    Lobby::ParcelLongLegend.text(lang),
                    &[("days", &LONG_WAIT_DAYS)],
                ),
                Theme::warning(),
            ));
        }
        if self.parcel_list.iter().any(|p| p.corrected) {
            spans.push(Span::raw("  "));
            spans.push(Span::raw(Lobby::ParcelCorrectedLegend.text(lang)));
        }
        frame.render_widget(Line::from(spans), summary);
        if self.parcel_list.is_empty() {
            let empty = self.filter.empty_text(Lobby::NoParcels.msg());
            frame.render_widget(
                Paragraph::new(empty.text(lang)).wrap(Wrap { trim: true }),
                table,
            );
            return;
        }
        let header = Row::new(
            [
                "",
                Lobby::ColTakenIn.text(lang),
                Lobby::ColWaited.text(lang),
                Lobby::ColCarrier.text(lang),
                Lobby::ColTracking.text(lang),
                Lobby::ColFor.text(lang),
                Lobby::ColShelf.text(lang),
            ]
            .map(Cell::from),
        )
        .style(Theme::column_header());
        let rows = self.parcel_list.iter().map(|p| {
            let is_long = long(&p);
            let local = p.taken_in.with_timezone(&tz);
            let marks = [(is_long, LONG), (p.corrected, CORRECTED)]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, mark)| *mark)
                .collect::<String>();
            let row = Row::new(vec![
                Cell::from(marks),
                Cell::from(local.format("%m-%d %H:%M").to_string()),
                Cell::from(waited_text(waited(p.taken_in, view.now), lang)),
                Cell::from(fit(&p.carrier, 8)),
                Cell::from(p.tracking.clone()),
                Cell::from(fit(&recipient_label(p), 28)),
                Cell::from(p.shelf.clone()),
            ]);
            if is_long {
                row.style(Theme::warning())
            } else {
                row
            }
        });
        let widths = [
            Constraint::Length(2),
            Constraint::Length(11),
            Constraint::Length(7),
            Constraint::Length(8),
            Constraint::Length(6),
            Constraint::Length(28),
            Constraint::Min(4),
        ];
        let table_widget = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(Theme::selected());
        let mut state = TableState::default().with_selected(Some(self.parcel_row()));
        frame.render_stateful_widget(table_widget, table, &mut state);
        self.parcel_rows.remember(table, state.offset());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_under_a_day_reads_as_hours_and_minutes_and_then_as_days() {
        assert_eq!(waited_text(Duration::minutes(95), Lang::En), "1:35");
        assert_eq!(waited_text(Duration::hours(51), Lang::En), "2d 3h");
        assert_eq!(waited_text(Duration::hours(51), Lang::Zh), "2天3时");
    }
}
