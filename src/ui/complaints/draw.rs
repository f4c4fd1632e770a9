//! Drawing the open list: every open complaint and repair with its live clock, due first;
//! overdue in red, due today in yellow (CMP-5, CMP-6). The clocks are worked out from the
//! tick's `now` while drawing, from what the pane holds: no query.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use strum::IntoEnumIterator;
use unicode_width::UnicodeWidthStr;

use super::ComplaintsPane;
use super::labels::category_short;
use super::steps::{next_label, repair_label};
use super::text::Cpl;
use crate::domain::complaint::{Category, Countdown, countdown};
use crate::domain::text::fit;
use crate::i18n::{Lang, fill};
use crate::store::complaint::{OpenItem, OpenRef, Progress};
use crate::ui::pane::View;
use crate::ui::theme::Theme;

impl ComplaintsPane {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let items = self.items.as_deref().unwrap_or_default();
        let mut heading_text = fill(Cpl::OpenTitle.text(lang), &[("n", &self.all_items.len())]);
        if self.follow_ups_due > 0 {
            heading_text.push_str(" · ");
            heading_text.push_str(&fill(
                Cpl::FollowUpsDue.text(lang),
                &[("n", &self.follow_ups_due)],
            ));
        }
        if self.draft.as_ref().is_some_and(|d| !d.is_blank()) {
            heading_text.push_str(" · ");
            heading_text.push_str(Cpl::IntakeKept.text(lang));
        }
        // Two lines when the follow-ups due and the kept intake do not fit on one at 80
        // columns: neither may be cut off.
        let lines = match heading_text.width() > usize::from(area.width) {
            true => 2,
            false => 1,
        };
        let [heading, table] =
            Layout::vertical([Constraint::Length(lines), Constraint::Min(0)]).areas(area);
        frame.render_widget(
            Paragraph::new(heading_text)
                .style(Theme::dim())
                .wrap(Wrap { trim: true }),
            heading,
        );
        if items.is_empty() {
            frame.render_widget(
                Paragraph::new(self.filter.empty_text(Cpl::Empty.msg()).text(lang))
                    .wrap(Wrap { trim: true }),
                table,
            );
            return;
        }
        // The category's column when the row has room for it beside what happened (issue
        // 20 §2): at 80 columns it has, in either language.
        let category_width = category_width(lang);
        let fixed = DUE_WIDTH + 3 + UNIT_WIDTH + NEXT_WIDTH + category_width + 5;
        let with_category = table.width >= fixed + WHAT_MIN_WIDTH;
        let mut columns = vec![Cpl::ColDue, Cpl::ColKind];
        if with_category {
            columns.push(Cpl::ColCategory);
        }
        columns.extend([Cpl::ColUnit, Cpl::ColStep, Cpl::ColWhat]);
        let header = Row::new(columns.into_iter().map(|t| Cell::from(t.text(lang))))
            .style(Theme::column_header());
        // The rows an alert has just been raised about flash for a moment (issue 20 §3).
        let flashing: &[OpenRef] = match &self.flash {
            Some((refs, until)) if view.flashes(*until) => refs,
            _ => &[],
        };
        let rows = items
            .iter()
            .map(|item| match flashing.contains(&item.item) {
                true => item_row(item, view, with_category).style(Theme::flash()),
                false => item_row(item, view, with_category),
            });
        // At 80 columns: a whole unit (`1号楼 1单元 101` is 15 wide) and the next step's name
        // before what happened, which the record (`o`) shows in full.
        let mut widths = vec![Constraint::Length(DUE_WIDTH), Constraint::Length(3)];
        if with_category {
            widths.push(Constraint::Length(category_width));
        }
        widths.extend([
            Constraint::Length(UNIT_WIDTH),
            Constraint::Length(NEXT_WIDTH),
            Constraint::Min(WHAT_MIN_WIDTH),
        ]);
        let table_widget = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(Theme::selected());
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table_widget, table, &mut state);
        self.rows.remember(table, state.offset());
    }
}

/// The category column's width in `lang`: its heading's or its widest word's.
fn category_width(lang: Lang) -> u16 {
    Category::iter()
        .map(|c| category_short(c).text(lang).width())
        .chain([Cpl::ColCategory.text(lang).width()])
        .max()
        .map_or(0, |w| w as u16)
}

fn item_row(item: &OpenItem, view: &View, with_category: bool) -> Row<'static> {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let (clock, style) = match item.due_at {
        Some(due_at) => clock(due_at, item.due, view.now, tz, lang),
        None => (Cpl::ClockNone.text(lang).to_owned(), Style::default()),
    };
    let kind = match item.item {
        OpenRef::Complaint(_) => Cpl::KindComplaint,
        OpenRef::Repair(_) => Cpl::KindRepair,
    };
    let next = match item.progress {
        Progress::Complaint { next: Some(n), .. } => next_label(n).text(lang),
        Progress::Repair { next: Some(n), .. } => repair_label(n).text(lang),
        _ => Cpl::StepClosed.text(lang),
    };
    let mut cells = vec![Cell::from(clock), Cell::from(kind.text(lang))];
    if with_category {
        // Blank until given: at intake, or with the nature (CMP-4); a repair has none.
        let category = item.category.map_or("", |c| category_short(c).text(lang));
        cells.push(Cell::from(category));
    }
    cells.extend([
        Cell::from(fit(&item.unit, usize::from(UNIT_WIDTH))),
        Cell::from(fit(next, usize::from(NEXT_WIDTH))),
        Cell::from(item.summary.clone()),
    ]);
    Row::new(cells).style(style)
}

const DUE_WIDTH: u16 = 11;
/// What happened keeps at least this much of the row; the category gives way first.
const WHAT_MIN_WIDTH: u16 = 16;
const UNIT_WIDTH: u16 = 15;
const NEXT_WIDTH: u16 = 16;

/// A live clock: "late 2h05m", "3h10m left" today, later a complaint's due date ("11-25": the
/// day it ends at midnight after, not that midnight) or a repair's hour ("11-25 18:00").
fn clock(
    due: DateTime<Utc>,
    due_date: Option<NaiveDate>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
    lang: Lang,
) -> (String, Style) {
    match countdown(due, now, tz) {
        Countdown::Overdue(by) => (
            fill(Cpl::ClockOverdue.text(lang), &[("time", &span(by, lang))]),
            Theme::error(),
        ),
        Countdown::DueToday(left) => (
            fill(Cpl::ClockLeft.text(lang), &[("time", &span(left, lang))]),
            Theme::warning(),
        ),
        Countdown::Remaining(_) => (
            match due_date {
                Some(day) => day.format("%m-%d").to_string(),
                None => due.with_timezone(&tz).format("%m-%d %H:%M").to_string(),
            },
            Style::default(),
        ),
    }
}

/// A length of time as the clock says it: minutes, hours and minutes, or days.
pub fn span(d: Duration, lang: Lang) -> String {
    let minutes = d.num_minutes().max(0);
    if minutes < 60 {
        fill(Cpl::Minutes.text(lang), &[("n", &minutes)])
    } else if minutes < 48 * 60 {
        fill(
            Cpl::HoursMinutes.text(lang),
            &[("h", &(minutes / 60)), ("m", &(minutes % 60))],
        )
    } else {
        fill(Cpl::Days.text(lang), &[("n", &(minutes / (24 * 60)))])
    }
}
