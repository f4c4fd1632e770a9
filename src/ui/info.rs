//! A read-only page over the pane: why someone is next, the day's log, the help page.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::form::{centered, clear_under};
use super::text::Ui;
use super::theme::Theme;
use crate::i18n::Lang;

pub struct Info {
    title: String,
    lines: Vec<String>,
    /// The first line shown. Only drawing knows the height, so drawing clamps it and
    /// stores the clamped value back; arrow keys then never press against a wall.
    top: Cell<usize>,
}

impl Info {
    pub fn new(title: String, lines: Vec<String>) -> Info {
        Info {
            title,
            lines,
            top: Cell::new(0),
        }
    }

    /// Opens on the last page, for logs read newest-last.
    pub fn at_end(self) -> Info {
        self.top.set(usize::MAX);
        self
    }

    /// Scrolls on arrow and page keys; any other key closes the page (`false`).
    pub fn handle_key(&self, code: KeyCode) -> bool {
        let by = match code {
            KeyCode::Down | KeyCode::Char('j') => 1,
            KeyCode::Up | KeyCode::Char('k') => -1,
            KeyCode::PageDown | KeyCode::Char(' ') => 10,
            KeyCode::PageUp => -10,
            _ => return false,
        };
        self.top.set(self.top.get().saturating_add_signed(by));
        true
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let width = area.width.min(76);
        let rows: Vec<String> = self
            .lines
            .iter()
            .flat_map(|l| wrap_to(l, width.saturating_sub(2) as usize))
            .collect();
        let height = (rows.len() as u16).saturating_add(2).clamp(5, area.height);
        let rect = centered(area, width, height);
        let visible = rect.height.saturating_sub(2) as usize;
        let top = self.top.get().min(rows.len().saturating_sub(visible));
        self.top.set(top);
        let hint = if rows.len() > visible {
            format!(
                " ↑↓ {}  Esc {} ",
                Ui::KeyScroll.text(lang),
                Ui::KeyClose.text(lang)
            )
        } else {
            format!(" Esc {} ", Ui::KeyClose.text(lang))
        };
        clear_under(frame, rect);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(Theme::dialog_border())
            .title(Span::styled(format!(" {} ", self.title), Theme::title()))
            .title_bottom(Span::styled(hint, Theme::dim()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let text: Vec<Line> = rows
            .into_iter()
            .skip(top)
            .take(visible)
            .map(Line::raw)
            .collect();
        frame.render_widget(Paragraph::new(text), inner);
    }
}

/// `line` broken into rows of at most `width` display columns; an empty line stays a row.
fn wrap_to(line: &str, width: usize) -> Vec<String> {
    if line.is_empty() || width == 0 {
        return vec![String::new()];
    }
    textwrap::wrap(line, width)
        .into_iter()
        .map(|row| row.into_owned())
        .collect()
}

/// `items` joined by `separator` into lines of at most `width` display columns, broken
/// only between items (an item wider than `width` gets a line of its own); a broken line
/// keeps the separator's mark at its end, so the next reads as its continuation.
pub fn joined_within(items: &[String], separator: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        match lines.last_mut() {
            Some(line) if line.width() + separator.width() + item.width() <= width => {
                line.push_str(separator);
                line.push_str(item);
            }
            Some(line) => {
                line.push_str(separator.trim_end());
                lines.push(item.clone());
            }
            None => lines.push(item.clone()),
        }
    }
    lines
}

/// Lays `entries` out left column first, each padded to `width` display columns.
pub fn two_columns(entries: &[String], width: usize) -> Vec<String> {
    let rows = entries.len().div_ceil(2);
    (0..rows)
        .map(|r| {
            let left = &entries[r];
            match entries.get(r + rows) {
                Some(right) => {
                    let pad = width.saturating_sub(left.width());
                    format!("{left}{:pad$}{right}", "")
                }
                None => left.clone(),
            }
        })
        .collect()
}
