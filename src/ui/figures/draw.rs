//! Drawing the figures: a summary line, then four charts in two rows — walk-ins by hour
//! today and the month's sources above, salespeople and the days of the month below. Widths
//! are counted in terminal columns (a Chinese character takes two).

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline};

use super::Loaded;
use super::text::FigText;
use crate::domain::figures::{Counts, month_of, percent};
use crate::domain::register::Source;
use crate::domain::text::fit;
use crate::i18n::{Lang, fill};
use crate::ui::pane::View;
use crate::ui::theme::Theme;

pub(super) fn render(loaded: Option<&Loaded>, frame: &mut Frame, area: Rect, view: &View) {
    let lang = view.lang;
    let Some(loaded) = loaded else {
        frame.render_widget(
            Paragraph::new(FigText::Counting.text(lang)).style(Theme::dim()),
            area,
        );
        return;
    };
    let [summary, top, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(summary_line(loaded, lang), summary);
    let [hours, sources] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let [people, daily] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(bottom);
    hours_chart(loaded, frame, hours, lang);
    sources_chart(loaded, frame, sources, lang);
    people_chart(loaded, frame, people, view);
    daily_lines(loaded, frame, daily, lang);
}

fn rate(bp: Option<u32>, lang: Lang) -> String {
    bp.map_or_else(|| FigText::NoRate.text(lang).to_owned(), percent)
}

fn summary_line(loaded: &Loaded, lang: Lang) -> Line<'static> {
    let month = loaded.month;
    let title = fill(
        FigText::MonthTitle.text(lang),
        &[
            ("year", &month.year()),
            ("month", &format!("{:02}", month.month())),
        ],
    );
    let t: Counts = loaded.figures.total;
    let summary = fill(
        FigText::Summary.text(lang),
        &[
            ("visits", &t.visits),
            ("new", &t.new_visitors),
            ("calls", &t.calls),
            ("call_rate", &rate(t.call_visit_rate_bp(), lang)),
            ("deals", &t.deals),
            ("deal_rate", &rate(t.deal_rate_bp(), lang)),
        ],
    );
    Line::from(vec![
        Span::styled(format!("{title} "), Theme::title()),
        Span::raw(summary),
    ])
}

fn block(title: String) -> Block<'static> {
    Block::bordered()
        .border_style(Theme::dim())
        .title(Span::styled(title, Theme::title()))
}

/// Walk-ins by hour: today's while this month is shown and today has had one, else the
/// month's (a past month, or a morning before the first visitor: the hours the office is
/// busy are worth seeing then too). Office hours always (8 to 19), widened to any hour
/// with a visit.
fn hours_chart(loaded: &Loaded, frame: &mut Frame, area: Rect, lang: Lang) {
    let today = loaded.month == month_of(loaded.day) && loaded.today_by_hour.iter().any(|n| *n > 0);
    let (hours, title) = if today {
        let title = fill(
            FigText::HoursTitle.text(lang),
            &[("day", &loaded.day.format("%m-%d"))],
        );
        (&loaded.today_by_hour, title)
    } else {
        let title = FigText::HoursMonthTitle.text(lang).to_owned();
        (&loaded.figures.by_hour, title)
    };
    let busy = || {
        hours
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(h, _)| h)
    };
    let first = busy().min().unwrap_or(8).min(8);
    let last = busy().max().unwrap_or(19).max(19);
    let inner = area.width.saturating_sub(2);
    let count = (last - first + 1) as u16;
    // As wide as the hours allow: two columns and a gap each when they fit, else one.
    let (width, gap) = if count * 3 <= inner { (2, 1) } else { (1, 0) };
    let bars: Vec<Bar> = (first..=last)
        .map(|h| {
            Bar::new(u64::from(hours[h]))
                .label(Line::from(h.to_string()))
                .text_value(if hours[h] > 0 {
                    hours[h].to_string()
                } else {
                    String::new()
                })
        })
        .collect();
    let chart = BarChart::default()
        .block(block(title))
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(gap)
        .bar_style(Theme::chart_bar())
        .value_style(Theme::chart_value())
        .label_style(Theme::dim());
    frame.render_widget(chart, area);
}

/// A source's short name, for a bar's label.
fn source_label(key: Option<&str>, lang: Lang) -> String {
    let Some(key) = key else {
        return FigText::SourceNone.text(lang).to_owned();
    };
    let label = match Source::from_key(key) {
        Source::Signage => FigText::SourceSignage,
        Source::Newspaper => FigText::SourceNewspaper,
        Source::Web => FigText::SourceWeb,
        Source::CustomerReferral => FigText::SourceReferral,
        Source::PassingBy => FigText::SourcePassingBy,
        Source::PhoneInquiry => FigText::SourcePhone,
        Source::Other(text) => return text,
    };
    label.text(lang).to_owned()
}

/// `text` cut or padded to exactly `width` terminal columns.
fn padded(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let cut = fit(text, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

/// Horizontal bars, one a row, as many as the block holds; the numbers are in the labels,
/// so a short bar never hides them.
fn rows_chart(bars: Vec<Bar<'static>>, title: String, frame: &mut Frame, area: Rect) {
    let room = area.height.saturating_sub(2) as usize;
    let bars: Vec<Bar> = bars.into_iter().take(room).collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .block(block(title))
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Theme::chart_bar())
        .label_style(Theme::key_label());
    frame.render_widget(chart, area);
}

fn sources_chart(loaded: &Loaded, frame: &mut Frame, area: Rect, lang: Lang) {
    let title = FigText::SourcesTitle.text(lang).to_owned();
    if loaded.figures.by_source.is_empty() {
        let none = Paragraph::new(FigText::NoVisits.text(lang)).block(block(title));
        frame.render_widget(none, area);
        return;
    }
    let bars = loaded
        .figures
        .by_source
        .iter()
        .map(|s| {
            let name = padded(&source_label(s.source.as_deref(), lang), 8);
            Bar::new(u64::from(s.visits))
                .label(Line::from(format!("{name}{:>5}", s.visits)))
                .text_value(String::new())
        })
        .collect();
    rows_chart(bars, title, frame, area);
}

fn people_chart(loaded: &Loaded, frame: &mut Frame, area: Rect, view: &View) {
    let lang = view.lang;
    let title = FigText::PeopleTitle.text(lang).to_owned();
    let name = |id| {
        view.shared
            .staff
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("#{id}"), |s| s.name.clone())
    };
    let bars = loaded
        .figures
        .by_salesperson
        .iter()
        .map(|(id, c)| {
            let label = format!(
                "{}{:>4}{:>3}{:>7}",
                padded(&name(*id), 6),
                c.visits,
                c.deals,
                rate(c.deal_rate_bp(), lang)
            );
            Bar::new(u64::from(c.visits))
                .label(Line::from(label))
                .text_value(String::new())
        })
        .collect();
    rows_chart(bars, title, frame, area);
}

/// Visits and calls per day of the month, one sparkline each under its caption.
fn daily_lines(loaded: &Loaded, frame: &mut Frame, area: Rect, lang: Lang) {
    let outer = block(FigText::DailyTitle.text(lang).to_owned());
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let days = &loaded.figures.by_day;
    let visits: Vec<u64> = days.iter().map(|(_, c)| u64::from(c.visits)).collect();
    let calls: Vec<u64> = days.iter().map(|(_, c)| u64::from(c.calls)).collect();
    let [visits_caption, visits_area, calls_caption, calls_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let caption = |key: FigText, data: &[u64]| {
        let max = data.iter().copied().max().unwrap_or(0);
        Paragraph::new(fill(key.text(lang), &[("max", &max)])).style(Theme::dim())
    };
    frame.render_widget(caption(FigText::DailyVisits, &visits), visits_caption);
    frame.render_widget(
        Sparkline::default().data(&visits).style(Theme::chart_bar()),
        visits_area,
    );
    frame.render_widget(caption(FigText::DailyCalls, &calls), calls_caption);
    frame.render_widget(
        Sparkline::default()
            .data(&calls)
            .style(Theme::chart_second()),
        calls_area,
    );
}
