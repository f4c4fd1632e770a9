//! Drawing the deals list: the search box and one page of deals, newest first, each with its
//! split in short form, the rule cited and where it stands.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::text::Dl;
use super::words;
use super::{DealsPane, PAGE};
use crate::domain::text::fit;
use crate::i18n::{Lang, fill};
use crate::store::deals::{DealView, Standing};
use crate::ui::pane::View;
use crate::ui::shared::Shared;
use crate::ui::theme::Theme;

impl DealsPane {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let [search, count, table] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        self.draw_search(frame, search, lang);
        if !self.deals.is_empty() {
            let shown = fill(
                Dl::ResultsCount.text(lang),
                &[
                    ("from", &(self.offset + 1)),
                    ("to", &(self.offset + self.deals.len())),
                ],
            );
            frame.render_widget(Line::styled(shown, Theme::dim()), count);
        }
        if self.deals.is_empty() {
            let empty = if self.query.trim().is_empty() && self.offset == 0 {
                Dl::Empty
            } else {
                Dl::NoResults
            };
            frame.render_widget(
                Paragraph::new(empty.text(lang)).wrap(Wrap { trim: true }),
                table,
            );
            return;
        }
        self.draw_list(frame, table, view);
    }

    fn draw_search(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let label = format!("{}: ", Dl::SearchPrompt.text(lang));
        let label_width = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        let mut spans = vec![Span::styled(label, Theme::title())];
        if self.query.is_empty() && !self.typing {
            spans.push(Span::styled(Dl::SearchHint.text(lang), Theme::dim()));
        } else {
            spans.push(Span::styled(self.query.clone(), Theme::input()));
        }
        frame.render_widget(Line::from(spans), area);
        if self.typing {
            let typed = unicode_width::UnicodeWidthStr::width(self.query.as_str()) as u16;
            let x = (area.x + label_width + typed).min(area.right().saturating_sub(1));
            frame.set_cursor_position((x, area.y));
        }
    }

    fn draw_list(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let header = Row::new(
            [
                Dl::ColDate,
                Dl::ColUnit,
                Dl::ColBuyers,
                Dl::ColCloser,
                Dl::ColSplit,
                Dl::ColRule,
                Dl::ColStanding,
            ]
            .map(|t| Cell::from(t.text(lang))),
        )
        .style(Theme::column_header());
        let rows = self.deals.iter().map(|d| deal_row(d, view.shared, lang));
        let widths = [
            Constraint::Length(5),
            Constraint::Length(UNIT_WIDTH),
            Constraint::Length(BUYERS_WIDTH),
            Constraint::Length(6),
            Constraint::Length(SPLIT_WIDTH),
            Constraint::Length(9),
            Constraint::Min(6),
        ];
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(Theme::selected());
        let mut state = TableState::default().with_selected(Some(self.selected.min(PAGE)));
        frame.render_stateful_widget(table, area, &mut state);
        self.rows.remember(area, state.offset());
    }
}

/// `3栋 1201`; the widths leave the standing 19 columns in the 78 a pane has at 80
/// (`confirmed by 陈经理`).
const UNIT_WIDTH: u16 = 8;
const BUYERS_WIDTH: u16 = 6;
/// Two parties with their percentages, `李娜 20% · 王芳 80%`.
const SPLIT_WIDTH: u16 = 19;

fn deal_row(d: &DealView, shared: &Shared, lang: Lang) -> Row<'static> {
    let r = &d.record;
    let standing = words::standing(d, shared, lang);
    let style = match d.standing() {
        Standing::Cancelled { .. } => Theme::dim(),
        Standing::Proposed { open: true, .. }
        | Standing::Proposed {
            ruling_needed: true,
            ..
        } => Theme::receiving(),
        _ => ratatui::style::Style::default(),
    };
    let grabbing = d
        .proposal()
        .and_then(|p| p.proposal.as_ref())
        .is_some_and(|p| p.grabbing);
    let split = words::shares(d.shares(), shared, lang);
    let split_cell = Cell::from(fit(&split, SPLIT_WIDTH as usize));
    let split_cell = if grabbing {
        split_cell.style(Theme::error())
    } else {
        split_cell
    };
    Row::new(vec![
        Cell::from(r.deal_on.format("%m-%d").to_string()),
        Cell::from(fit(&r.unit.to_string(), UNIT_WIDTH as usize)),
        Cell::from(fit(d.buyers(), BUYERS_WIDTH as usize)),
        Cell::from(fit(&shared.name(r.closer), 6)),
        split_cell,
        Cell::from(fit(d.rule().unwrap_or(""), 9)),
        Cell::from(standing),
    ])
    .style(style)
}
