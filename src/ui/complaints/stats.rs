//! The statistics page (CMP-11; 000 §6 2.2): one month's complaints per category as bars,
//! the last six months' totals as bars, satisfaction overall and per category, the on-time
//! rate. Read once per month shown (and after a write), drawn from what it holds.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Wrap};

use super::labels;
use super::text::Cpl;
use crate::domain::complaint::MonthStats;
use crate::i18n::{Lang, fill};
use crate::store::{self, Store};
use crate::ui::keys::Hint;
use crate::ui::pane::View;
use crate::ui::theme::Theme;

/// How many months the totals chart shows, ending at the month shown.
const MONTHS: u32 = 6;

pub struct StatsView {
    /// The first day of the month shown.
    month: NaiveDate,
    /// The months up to it, oldest first; `None` until read.
    figures: Option<Vec<MonthStats>>,
}

impl StatsView {
    pub fn this_month(view: &View) -> StatsView {
        let month = view.shared.day.with_day(1).unwrap_or(view.shared.day);
        StatsView {
            month,
            figures: None,
        }
    }

    pub fn stale(&mut self) {
        self.figures = None;
    }

    /// Left and right change the month; any other key closes the page (`false`).
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let month = match key.code {
            KeyCode::Left => self.month.checked_sub_months(Months::new(1)),
            KeyCode::Right => self.month.checked_add_months(Months::new(1)),
            _ => return false,
        };
        if let Some(month) = month {
            self.month = month;
            self.figures = None;
        }
        true
    }

    pub fn load(&mut self, store: &Store, view: &View) -> store::Result<()> {
        if self.figures.is_some() {
            return Ok(());
        }
        let first = self
            .month
            .checked_sub_months(Months::new(MONTHS - 1))
            .unwrap_or(self.month);
        let last = self
            .month
            .checked_add_months(Months::new(1))
            .and_then(|m| m.pred_opt())
            .unwrap_or(self.month);
        let tz = view.shared.settings.timezone();
        self.figures = Some(store.month_statistics(first, last, tz)?);
        Ok(())
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let [heading, summary, charts, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let title = fill(
            Cpl::StatsTitle.text(lang),
            &[
                ("from", &self.month.format("%Y-%m")),
                ("to", &self.month.format("%Y-%m")),
            ],
        );
        frame.render_widget(Line::styled(title, Theme::title()), heading);
        frame.render_widget(Line::styled(Cpl::StatsHint.text(lang), Theme::dim()), hint);
        let Some(figures) = &self.figures else {
            return;
        };
        let Some(month) = figures.last() else {
            return;
        };
        frame.render_widget(
            Paragraph::new(summary_lines(month, lang)).wrap(Wrap { trim: true }),
            summary,
        );
        if month.complaints == 0 && figures.iter().all(|m| m.complaints == 0) {
            frame.render_widget(Line::raw(Cpl::StatsNone.text(lang)), charts);
            return;
        }
        let [left, right] = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(charts);
        frame.render_widget(category_chart(month, lang), left);
        frame.render_widget(month_chart(figures, lang), right);
    }
}

pub fn hints() -> Vec<Hint> {
    vec![Hint {
        key: "←→".into(),
        label: Cpl::StatsPerMonth.msg(),
        footer: true,
    }]
}

/// "87.50%" from basis points; "—" when there was nothing to count.
fn percent(bp: Option<u32>) -> String {
    bp.map_or_else(
        || "—".to_owned(),
        |bp| format!("{}.{:02}%", bp / 100, bp % 100),
    )
}

fn summary_lines(month: &MonthStats, lang: Lang) -> Vec<Line<'static>> {
    use crate::domain::complaint::{Nature, basis_points};
    let count = |n: Nature| {
        month
            .by_nature
            .iter()
            .find(|(k, _)| *k == n)
            .map_or(0, |(_, c)| *c)
    };
    vec![
        Line::raw(fill(
            Cpl::StatsSatisfaction.text(lang),
            &[
                (
                    "rate",
                    &percent(basis_points(month.satisfied, month.follow_ups)),
                ),
                ("n", &month.follow_ups),
                (
                    "ontime",
                    &percent(basis_points(month.replied_on_time, month.replied)),
                ),
            ],
        )),
        Line::raw(fill(
            Cpl::StatsNatures.text(lang),
            &[
                ("g", &count(Nature::General)),
                ("m", &count(Nature::Major)),
                ("s", &count(Nature::Serious)),
                ("x", &count(Nature::Malicious)),
            ],
        )),
    ]
}

/// The month's complaints per category, one horizontal bar each, with its satisfaction.
fn category_chart(month: &MonthStats, lang: Lang) -> BarChart<'static> {
    let bars: Vec<Bar> = month
        .by_category
        .iter()
        .map(|c| {
            Bar::default()
                .value(u64::from(c.complaints))
                .label(Line::raw(labels::category(c.category).text(lang)))
                .text_value(format!("{} {}", c.complaints, percent(c.satisfaction_bp())))
        })
        .collect();
    BarChart::default()
        .block(Block::default().title(Cpl::StatsPerCategory.text(lang)))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Theme::info())
        .data(BarGroup::default().bars(&bars))
}

/// The complaints of each month shown, as vertical bars.
fn month_chart(figures: &[MonthStats], lang: Lang) -> BarChart<'static> {
    let bars: Vec<Bar> = figures
        .iter()
        .map(|m| {
            Bar::default()
                .value(u64::from(m.complaints))
                .label(Line::raw(m.month.format("%m").to_string()))
        })
        .collect();
    BarChart::default()
        .block(Block::default().title(Cpl::StatsPerMonth.text(lang)))
        .bar_width(3)
        .bar_gap(1)
        .bar_style(Theme::info())
        .data(BarGroup::default().bars(&bars))
}
