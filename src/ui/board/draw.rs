//! Laying the board out for a screen across the sales hall: one heading and its names per
//! row, few columns and wide gaps, so the hall screen's big font does the rest. Reads only
//! what the board holds; a screen of any size, down to a few cells, is drawn without panic.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::sight::Sight;
use super::text::Bd;
use crate::i18n::Lang;
use crate::ui::theme::Theme;

/// Between two names on a row: wide enough to tell names apart from across the hall.
const GAP: &str = "   ";

/// What the board draws besides the day: its heading and anything that went wrong.
pub struct Shown<'a> {
    pub office: &'a str,
    pub clock: String,
    pub lang: Lang,
    pub sight: &'a Sight,
    /// An unreadable row of today's log: the day is shown up to it.
    pub bad_row: bool,
    pub trouble: Option<&'a str>,
}

pub fn draw(frame: &mut Frame, area: Rect, board: &Shown) {
    let lang = board.lang;
    let notices: Vec<(String, Style)> = board
        .bad_row
        .then(|| (Bd::LogDamaged.text(lang).to_owned(), Theme::warning()))
        .into_iter()
        .chain(board.trouble.map(|t| (t.to_owned(), Theme::error())))
        .collect();
    let notice_rows = notices
        .iter()
        .map(|(t, _)| wrapped(t, area.width).len())
        .sum::<usize>()
        .min(area.height.saturating_sub(2) as usize) as u16;
    let [heading, body, notice] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(notice_rows),
    ])
    .areas(area);
    draw_heading(frame, heading, board);
    let notice_lines: Vec<Line> = notices
        .into_iter()
        .map(|(t, style)| Line::styled(t, style))
        .collect();
    frame.render_widget(
        Paragraph::new(notice_lines).wrap(Wrap { trim: true }),
        notice,
    );
    if board.sight.nobody_in {
        frame.render_widget(
            Paragraph::new(Bd::NobodyIn.text(lang)).wrap(Wrap { trim: true }),
            body.inner(ratatui::layout::Margin::new(0, 1)),
        );
        return;
    }
    frame.render_widget(Paragraph::new(rows(board.sight, lang, body)), body);
}

/// The office's name and the heading on the left, the clock on the right.
fn draw_heading(frame: &mut Frame, area: Rect, board: &Shown) {
    let clock_width = board.clock.width() as u16;
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(clock_width)]).areas(area);
    let title = match board.office {
        "" => Bd::Title.text(board.lang).to_owned(),
        office => format!("{office} · {}", Bd::Title.text(board.lang)),
    };
    frame.render_widget(Span::styled(title, Theme::title()), left);
    frame.render_widget(Span::styled(board.clock.clone(), Theme::title()), right);
}

/// The sections, each a heading and the names beside it, wrapped under themselves; a blank
/// row between sections (and under the heading) when the screen has the height for it.
fn rows(sight: &Sight, lang: Lang, area: Rect) -> Vec<Line<'static>> {
    let nobody = Bd::Nobody.text(lang);
    let next = sight.next.clone().unwrap_or_else(|| nobody.to_owned());
    let sections: [(Bd, String, Style); 5] = [
        (
            Bd::NextUp,
            next,
            match sight.next {
                Some(_) => Theme::next_up(),
                None => Theme::dim(),
            },
        ),
        (
            Bd::Follows,
            joined(&sight.follows, nobody),
            Style::default(),
        ),
        (
            Bd::MakeUps,
            joined(&sight.make_ups, nobody),
            Style::default(),
        ),
        (
            Bd::Receiving,
            joined(&sight.receiving, nobody),
            Theme::receiving(),
        ),
        (Bd::Away, joined(&sight.away, nobody), Theme::away()),
    ];
    let label_width = sections
        .iter()
        .map(|(label, _, _)| label.text(lang).width())
        .max()
        .unwrap_or(0)
        + 2;
    let value_width = area.width.saturating_sub(label_width as u16).max(1);
    let blocks: Vec<Vec<Line<'static>>> = sections
        .into_iter()
        .map(|(label, value, style)| {
            wrapped(&value, value_width)
                .into_iter()
                .enumerate()
                .map(|(i, part)| {
                    let head = match i {
                        0 => label.text(lang),
                        _ => "",
                    };
                    let pad = " ".repeat(label_width.saturating_sub(head.width()));
                    Line::from(vec![
                        Span::styled(format!("{head}{pad}"), Theme::title()),
                        Span::styled(part, style),
                    ])
                })
                .collect()
        })
        .collect();
    let needed: usize = blocks.iter().map(Vec::len).sum();
    // One blank row above each section, if they all fit with it.
    let spaced = needed + blocks.len() <= area.height as usize;
    let mut lines = Vec::with_capacity(needed + blocks.len());
    for block in blocks {
        if spaced {
            lines.push(Line::default());
        }
        lines.extend(block);
    }
    lines
}

fn joined(names: &[String], nobody: &str) -> String {
    match names {
        [] => nobody.to_owned(),
        names => names.join(GAP),
    }
}

/// `text` broken into rows of at most `width` cells, at the gaps between names where it can.
fn wrapped(text: &str, width: u16) -> Vec<String> {
    textwrap::wrap(text, width.max(1) as usize)
        .into_iter()
        .map(|part| part.into_owned())
        .collect()
}
