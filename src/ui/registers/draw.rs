//! Drawing the search tab: the box, the filters in force, and one page of results with
//! phones masked (SEC-1: a list shows `138****5678`; the record shows the whole number).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::forms::source_label;
use super::text::Reg;
use super::{PAGE, RegistersPane};
use crate::domain::register::{CustomerName, Phone, Plate, Register};
use crate::domain::text::fit;
use crate::i18n::{Lang, fill};
use crate::store::register::{Refusal, RegisterRow, SearchFilters, refusal};
use crate::ui::pane::View;
use crate::ui::shared::Shared;
use crate::ui::theme::Theme;

/// The widest masked phone: a landline's 3–4 digit area code and 7–8 digit local number
/// (`0755****4488`, 12); a mobile is 11. The extension is never listed.
const PHONE_WIDTH: u16 = 12;

impl RegistersPane {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let [search, filters, table] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        self.draw_search(frame, search, lang);
        let shown = if self.results.is_empty() {
            String::new()
        } else {
            fill(
                Reg::ResultsCount.text(lang),
                &[
                    ("from", &(self.offset + 1)),
                    ("to", &(self.offset + self.results.len())),
                ],
            )
        };
        let filter_text = fill(
            Reg::FiltersShown.text(lang),
            &[("filters", &describe_filters(&self.filters, view))],
        );
        frame.render_widget(
            Line::styled(format!("{filter_text}   {shown}"), Theme::dim()),
            filters,
        );
        if self.results.is_empty() {
            // A refused query ran no search (issue 18): say what to type, the box keeps it.
            let refused = refusal(&super::search_text(&self.query)).map(|why| match why {
                Refusal::NoLetterOrDigit => Reg::RefusedNoLetterOrDigit,
                Refusal::PhoneTooShort => Reg::RefusedPhoneTooShort,
            });
            let empty = if let Some(refused) = refused {
                refused
            } else if self.query.trim().is_empty() && self.filters == SearchFilters::default() {
                Reg::Empty
            } else {
                Reg::NoResults
            };
            frame.render_widget(
                Paragraph::new(empty.text(lang)).wrap(Wrap { trim: true }),
                table,
            );
            return;
        }
        self.draw_results(frame, table, view);
    }

    fn draw_search(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let label = format!("{}: ", Reg::SearchPrompt.text(lang));
        let label_width = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        let mut spans = vec![Span::styled(label, Theme::title())];
        if self.query.is_empty() && !self.typing {
            spans.push(Span::styled(Reg::SearchHint.text(lang), Theme::dim()));
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

    fn draw_results(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let header = Row::new(
            [
                Reg::ColDate,
                Reg::ColKind,
                Reg::ColName,
                Reg::ColPhone,
                Reg::ColPlate,
                Reg::ColSalesperson,
                Reg::ColClass,
                Reg::ColSource,
            ]
            .map(|t| Cell::from(t.text(lang))),
        )
        .style(Theme::column_header());
        let rows = self
            .results
            .iter()
            .map(|r| result_row(r, view.shared, lang));
        let widths = [
            Constraint::Length(8),
            Constraint::Length(3),
            Constraint::Length(8),
            Constraint::Length(PHONE_WIDTH),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(2),
            Constraint::Min(4),
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

fn result_row(r: &RegisterRow, shared: &Shared, lang: Lang) -> Row<'static> {
    let tz = shared.settings.timezone();
    let kind = match r.register {
        Register::Visit => Reg::KindVisit,
        Register::Call => Reg::KindCall,
    };
    let name = r.name.as_ref().map_or("", CustomerName::as_str);
    let name = if r.corrected {
        format!("{name}*")
    } else {
        name.to_owned()
    };
    Row::new(vec![
        Cell::from(r.at.with_timezone(&tz).format("%y-%m-%d").to_string()),
        Cell::from(kind.text(lang)),
        Cell::from(fit(&name, 8)),
        Cell::from(r.phone.as_ref().map(Phone::masked).unwrap_or_default()),
        Cell::from(r.plate.as_ref().map_or("", Plate::as_str).to_owned()),
        Cell::from(fit(&shared.name(r.salesperson), 6)),
        Cell::from(r.class.map(|c| format!("{c:?}")).unwrap_or_default()),
        Cell::from(
            r.source
                .as_ref()
                .map(|s| source_label(s, lang))
                .unwrap_or_default(),
        ),
    ])
}

/// "11-01–11-30, 王芳, A" or "all".
fn describe_filters(f: &SearchFilters, view: &View) -> String {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let date = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|t| t.with_timezone(&tz).format("%y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let mut parts = Vec::new();
    if f.from.is_some() || f.to.is_some() {
        parts.push(format!("{}–{}", date(f.from), date(f.to)));
    }
    if let Some(id) = f.salesperson {
        parts.push(view.shared.name(id));
    }
    if let Some(class) = f.class {
        parts.push(format!("{class:?}"));
    }
    if let Some(source) = &f.source {
        parts.push(source_label(source, lang));
    }
    if parts.is_empty() {
        Reg::NoFilters.text(lang).to_owned()
    } else {
        parts.join(", ")
    }
}
