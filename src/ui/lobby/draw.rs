//! Drawing the inside-now list: arrival, how long inside (live, from the moment drawn),
//! visitor, the host's room only (REG-11: this screen may face the visitor), badge, party
//! and purpose; those past the office's closing hour marked in the warning style.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::LobbyPane;
use super::forms::how_long;
use super::text::Lobby;
use crate::domain::lobby::{InsideNow, past_closing};
use crate::domain::text::fit;
use crate::i18n::fill;
use crate::ui::pane::View;
use crate::ui::theme::Theme;

/// The mark of a visitor still inside past closing, for screens without colour too.
const LATE: &str = "!";

impl LobbyPane {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let [summary, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let settings = &view.shared.settings;
        let (tz, closing) = (settings.timezone(), settings.closing_hour());
        let late = |v: &InsideNow| past_closing(v.arrived, view.now, tz, closing);
        let people: u32 = self.all_inside.iter().map(|v| v.party).sum();
        let mut spans = vec![Span::styled(
            fill(
                Lobby::InsideSummary.text(lang),
                &[("visits", &self.all_inside.len()), ("people", &people)],
            ),
            Theme::title(),
        )];
        if self.all_inside.iter().any(late) {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                fill(Lobby::PastClosingLegend.text(lang), &[("hour", &closing)]),
                Theme::warning(),
            ));
        }
        frame.render_widget(Line::from(spans), summary);
        if self.inside.is_empty() {
            frame.render_widget(
                Paragraph::new(self.filter.empty_text(Lobby::Nobody.msg()).text(lang))
                    .wrap(Wrap { trim: true }),
                table,
            );
            return;
        }
        let header = Row::new(
            [
                "",
                Lobby::ColArrived.text(lang),
                Lobby::ColInside.text(lang),
                Lobby::ColVisitor.text(lang),
                Lobby::ColRoom.text(lang),
                Lobby::ColBadge.text(lang),
                Lobby::ColParty.text(lang),
                Lobby::ColPurpose.text(lang),
            ]
            .map(Cell::from),
        )
        .style(Theme::column_header());
        let rows = self.inside.iter().map(|v| {
            let is_late = late(v);
            let row = Row::new(vec![
                Cell::from(if is_late { LATE } else { "" }),
                Cell::from(v.arrived.with_timezone(&tz).format("%H:%M").to_string()),
                Cell::from(how_long(view.now - v.arrived)),
                Cell::from(fit(&v.name, 10)),
                Cell::from(fit(&v.host_room.to_string(), 18)),
                Cell::from(fit(v.badge.as_deref().unwrap_or(""), 6)),
                Cell::from(v.party.to_string()),
                Cell::from(v.purpose.clone()),
            ]);
            if is_late {
                row.style(Theme::warning())
            } else {
                row
            }
        });
        let widths = [
            Constraint::Length(1),
            Constraint::Length(5),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Length(18),
            Constraint::Length(6),
            Constraint::Length(3),
            Constraint::Min(4),
        ];
        let table_widget = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(Theme::selected());
        let mut state = TableState::default().with_selected(Some(self.row()));
        frame.render_stateful_widget(table_widget, table, &mut state);
        self.rows.remember(table, state.offset());
    }
}
