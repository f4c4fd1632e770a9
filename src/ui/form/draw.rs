//! How a form looks: its fields (a list folded to one row until the cursor is on it in a
//! compact form), the marks of required fields and of options out of sight, the side
//! panel, and the footer with the keys that submit, move and cancel.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Form, Input, Spot};
use crate::domain::text::fit;
use crate::i18n::{Lang, fill};
use crate::ui::text::Ui;
use crate::ui::theme::Theme;

/// Between two hints of the key line.
const KEY_GAP: &str = "  ";

impl Form {
    /// Rows for the footer: a long note, refusal or key line takes more rows, not a cut.
    fn footer_rows(&self, inner_width: u16, lang: Lang) -> u16 {
        self.footer_lines(inner_width, lang).len() as u16
    }

    /// The footer as drawn in `width` columns: the note (a draft put back), then the
    /// refusal or, without one, the keys; each wrapped, so the rows counted are the rows
    /// drawn and a wrapped note never pushes the keys out of sight.
    fn footer_lines(&self, width: u16, lang: Lang) -> Vec<Line<'static>> {
        let wrapped = |text: &str, style| {
            textwrap::wrap(text, width.max(1) as usize)
                .into_iter()
                .map(move |row| Line::styled(row.into_owned(), style))
                .collect::<Vec<_>>()
        };
        let mut lines = Vec::new();
        if let Some(note) = &self.note {
            lines.extend(wrapped(&note.text(lang), Theme::info()));
        }
        lines.extend(match &self.error {
            Some(error) => wrapped(&error.text(lang), Theme::error()),
            None => self
                .keys_rows(width, lang)
                .into_iter()
                .flat_map(|row| wrapped(&row, Theme::dim()))
                .collect(),
        });
        lines
    }

    /// Options a picker lists under its label.
    fn list_rows(&self, i: usize) -> u16 {
        match &self.fields[i].input {
            Input::Text(_) => 0,
            Input::Choice(_) if self.compact && i != self.focus => 0,
            Input::Choice(picker) => picker
                .options
                .len()
                .clamp(1, if self.compact { 4 } else { 6 })
                as u16,
        }
    }

    fn field_rows(&self, i: usize) -> u16 {
        1 + self.list_rows(i)
    }

    /// Rows the form takes with `gap` blank rows between fields.
    fn height(&self, inner_width: u16, gap: u16, lang: Lang) -> u16 {
        let fields: u16 = (0..self.fields.len()).map(|i| self.field_rows(i)).sum();
        // Borders, a blank row, the footer, and the hint if any.
        fields
            + gap * self.fields.len().saturating_sub(1) as u16
            + 2
            + 1
            + self.footer_rows(inner_width, lang)
            + self.hint_rows(inner_width)
    }

    /// The fields shown when they do not all fit in `rows`: a run that holds the focus.
    fn shown_fields(&self, rows: u16) -> std::ops::Range<usize> {
        let n = self.fields.len();
        let focus = self.focus.min(n.saturating_sub(1));
        let mut start = focus;
        let mut used = if n == 0 { 0 } else { self.field_rows(focus) };
        while start > 0 && used + self.field_rows(start - 1) <= rows {
            start -= 1;
            used += self.field_rows(start);
        }
        let mut end = focus + 1;
        while end < n && used + self.field_rows(end) <= rows {
            used += self.field_rows(end);
            end += 1;
        }
        start..end.min(n)
    }

    /// Rows for the hint as wrapped, and one blank row under it.
    fn hint_rows(&self, inner_width: u16) -> u16 {
        self.hint.as_ref().map_or(0, |hint| {
            let rows = textwrap::wrap(hint, inner_width.max(1) as usize).len();
            rows.clamp(1, 4) as u16 + 1
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        // A form with a side panel takes the screen's width and height: the panel lists what
        // the pane found while the clerk types.
        let width = if self.side.is_some() {
            area.width.min(110)
        } else {
            area.width.min(70)
        };
        let fields_width = if self.side.is_some() && width >= 72 {
            (width.saturating_sub(2) * 9 / 20).max(36)
        } else {
            width.saturating_sub(2)
        };
        // Blank rows between fields, unless they would push a field off the screen.
        let gap = u16::from(self.height(fields_width, 1, lang) <= area.height);
        let height = if self.side.is_some() {
            area.height
        } else {
            self.height(fields_width, gap, lang).min(area.height)
        };
        let rect = centered(area, width, height);
        clear_under(frame, rect);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(Theme::dialog_border())
            .title(Span::styled(format!(" {} ", self.title), Theme::title()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let (inner, side) = self.split_side(inner, fields_width, lang);
        if let (Some(lines), Some(side)) = (&self.side, side) {
            frame.render_widget(
                Paragraph::new(lines.clone()).wrap(Wrap { trim: false }),
                side,
            );
        }

        let hint_rows = self.hint_rows(inner.width);
        let footer_rows = self.footer_rows(inner.width, lang);
        let field_space = inner.height.saturating_sub(hint_rows + footer_rows + 1);
        let shown = self.shown_fields(field_space);
        let mut rows: Vec<Constraint> = Vec::new();
        if self.hint.is_some() {
            rows.push(Constraint::Length(hint_rows));
        }
        for i in shown.clone() {
            if i > shown.start {
                rows.push(Constraint::Length(gap));
            }
            rows.push(Constraint::Length(self.field_rows(i)));
        }
        rows.push(Constraint::Min(0));
        rows.push(Constraint::Length(footer_rows));
        let areas = Layout::vertical(rows).split(inner);
        let mut next = 0;
        if let Some(hint) = &self.hint {
            let lines: Vec<Line> = textwrap::wrap(hint, inner.width.max(1) as usize)
                .into_iter()
                .map(|row| Line::raw(row.into_owned()))
                .collect();
            frame.render_widget(Paragraph::new(lines).style(Theme::dim()), areas[0]);
            next = 1;
        }
        // Text fields line up after the widest label, which keeps at most half the row.
        let label_width = self
            .fields
            .iter()
            .enumerate()
            .map(|(i, _)| self.label_text(i, lang).width() as u16 + 2)
            .max()
            .unwrap_or(0)
            .min(inner.width / 2);
        let mut spots = self.spots.borrow_mut();
        spots.clear();
        for i in shown.clone() {
            let field = &self.fields[i];
            if i > shown.start {
                next += 1;
            }
            let slot = areas[next];
            spots.push((Rect { height: 1, ..slot }, Spot::Field(i)));
            next += 1;
            let focused = i == self.focus;
            let label_style = if focused {
                Theme::field_focused()
            } else {
                Theme::title()
            };
            let label = fit(&self.label_text(i, lang), label_width as usize);
            match &field.input {
                Input::Text(text) => {
                    let [l, r] =
                        Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)])
                            .areas(slot);
                    frame.render_widget(Span::styled(label, label_style), l);
                    frame.render_widget(&**text, r);
                    if focused {
                        let cursor = text.screen_cursor();
                        let x = r.x + (cursor.col as u16).min(r.width.saturating_sub(1));
                        frame.set_cursor_position((x, r.y));
                    }
                }
                Input::Choice(picker) => {
                    let shown = picker.visible();
                    let list_rows = self.list_rows(i) as usize;
                    // Folded: the label and the choice, as a text field shows its text.
                    let head = if list_rows == 0 {
                        match picker.chosen() {
                            Some(option) => Span::raw(option.label.clone()),
                            None if shown.is_empty() => {
                                Span::styled(Ui::NoChoices.text(lang), Theme::dim())
                            }
                            None => Span::styled(Ui::ChoiceFilterHint.text(lang), Theme::dim()),
                        }
                    } else if picker.filter.is_empty() {
                        Span::styled(Ui::ChoiceFilterHint.text(lang), Theme::dim())
                    } else {
                        Span::styled(picker.filter.clone(), Theme::input())
                    };
                    let label = if list_rows == 0 {
                        // Padded to where text fields start, as their text is.
                        let pad = (label_width as usize).saturating_sub(label.width());
                        Span::styled(format!("{label}{}", " ".repeat(pad)), label_style)
                    } else {
                        Span::styled(label, label_style)
                    };
                    let first = picker.first_shown(list_rows);
                    let (above, below) = picker.hidden(first, list_rows);
                    let mut head_line = vec![
                        label,
                        Span::raw(if list_rows == 0 { "" } else { "  " }),
                        head,
                    ];
                    // The list says how much of it is out of sight, above and below.
                    if list_rows > 0 {
                        for (n, msg) in [(above, Ui::MoreAbove), (below, Ui::MoreBelow)] {
                            if n > 0 {
                                let more = fill(msg.text(lang), &[("n", &n)]);
                                head_line.push(Span::styled(format!("  {more}"), Theme::dim()));
                            }
                        }
                    }
                    let mut lines = vec![Line::from(head_line)];
                    if list_rows > 0 {
                        if shown.is_empty() {
                            lines.push(Line::styled(Ui::NoChoices.text(lang), Theme::dim()));
                        }
                        for (j, option) in shown.iter().enumerate().skip(first).take(list_rows) {
                            let y = slot.y + 1 + (j - first) as u16;
                            if y < slot.bottom() {
                                let row = Rect {
                                    y,
                                    height: 1,
                                    ..slot
                                };
                                spots.push((row, Spot::Option(i, j)));
                            }
                            let on = picker.selected == Some(j);
                            let marker = if on { "▶ " } else { "  " };
                            let style = if on && focused {
                                Theme::selected()
                            } else {
                                ratatui::style::Style::default()
                            };
                            lines.push(Line::styled(format!("{marker}{}", option.label), style));
                        }
                    }
                    frame.render_widget(Paragraph::new(lines), slot);
                }
            }
        }
        let footer = areas[areas.len() - 1];
        frame.render_widget(
            Paragraph::new(self.footer_lines(footer.width, lang)),
            footer,
        );
    }

    /// A field's label, with the required mark.
    fn label_text(&self, i: usize, lang: Lang) -> String {
        let field = &self.fields[i];
        let label = field.label.text(lang);
        if field.required {
            format!("{label}*")
        } else {
            label.to_owned()
        }
    }

    /// The keys of the form, one hint per entry: what Enter does here, Ctrl-S, Tab, Esc.
    /// Where they do not fit on one row of `width` (English at 80 columns, a form beside
    /// its side panel) Tab, the key every clerk knows, is left out rather than cutting
    /// Esc's meaning or the required mark off the end.
    fn keys(&self, width: u16, lang: Lang) -> Vec<String> {
        let esc = if self.dismissable {
            Ui::KeyCancel.text(lang)
        } else {
            Ui::KeyQuit.text(lang)
        };
        if self.fields.len() <= 1 {
            return vec![
                format!("Enter {}", Ui::KeySubmit.text(lang)),
                format!("Esc {esc}"),
            ];
        }
        let enter = match self.fields.get(self.focus) {
            // A list of actions (the intake's phrases): Enter does the one under the cursor.
            Some(field) if field.enter_submits => Ui::KeySubmit.text(lang),
            Some(field) if matches!(field.input, Input::Choice(_)) => Ui::KeyChooseNext.text(lang),
            _ => Ui::KeyNextOrSave.text(lang),
        };
        let mut keys = vec![
            format!("Ctrl-S {}", Ui::KeySave.text(lang)),
            format!("Enter {enter}"),
            format!("Tab {}", Ui::KeyNextField.text(lang)),
            format!("Esc {esc}"),
        ];
        if self.fields.iter().any(|f| f.required) {
            keys.push(Ui::RequiredMark.text(lang).to_owned());
        }
        if keys.join(KEY_GAP).width() > width as usize {
            keys.remove(2);
        }
        keys
    }

    /// The keys packed into rows of `width`, a hint never split from its key.
    fn keys_rows(&self, width: u16, lang: Lang) -> Vec<String> {
        let mut rows: Vec<String> = Vec::new();
        for key in self.keys(width, lang) {
            match rows.last_mut() {
                Some(row) if (row.width() + KEY_GAP.len() + key.width()) <= width as usize => {
                    row.push_str(KEY_GAP);
                    row.push_str(&key);
                }
                _ => rows.push(key),
            }
        }
        rows
    }

    /// The fields' area and the side panel's: side by side when there is room, the panel
    /// under the fields otherwise.
    fn split_side(&self, inner: Rect, fields_width: u16, lang: Lang) -> (Rect, Option<Rect>) {
        if self.side.is_none() {
            return (inner, None);
        }
        if fields_width < inner.width {
            // A column either side: a double-width character must never touch the border.
            let [fields, _, side, _] = Layout::horizontal([
                Constraint::Length(fields_width),
                Constraint::Length(1),
                Constraint::Min(1),
                Constraint::Length(1),
            ])
            .areas(inner);
            return (fields, Some(side));
        }
        let wanted = self.height(inner.width, 0, lang).saturating_sub(2);
        if inner.height <= wanted + 3 {
            return (inner, None);
        }
        let [fields, side] =
            Layout::vertical([Constraint::Length(wanted), Constraint::Min(1)]).areas(inner);
        (fields, Some(side))
    }
}

/// Blanks the cells under a modal and one column either side: a double-width character
/// cut in half by the modal's edge would otherwise hide the border on a real terminal.
pub fn clear_under(frame: &mut Frame, rect: Rect) {
    let screen = frame.area();
    let x = rect.x.saturating_sub(1).max(screen.x);
    let right = (rect.right() + 1).min(screen.right());
    let widened = Rect {
        x,
        width: right.saturating_sub(x),
        ..rect
    };
    frame.render_widget(Clear, widened);
}

/// A `width`×`height` rectangle in the middle of `area`, never larger than it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
