//! Drawing the rotation pane: the next up, the lunch desk, the queue table, the make-ups
//! owed, and the notices above them (an unreadable log row, the day before's open
//! receptions). Reads only what the pane holds.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::describe;
use super::text::Rot;
use super::{RotationPane, count, listing};
use crate::domain::rotation::{Standing, Via};
use crate::domain::text::fit;
use crate::i18n::fill;
use crate::ui::pane::View;
use crate::ui::theme::Theme;

impl RotationPane {
    /// An unreadable row of today's log, named above everything else until set aside.
    fn draw_bad_row(&self, frame: &mut Frame, area: Rect, view: &View) -> Rect {
        let Some(bad) = &self.bad_row else {
            return area;
        };
        let text = crate::ui::describe::bad_row(bad, view.shared.settings.timezone(), view.lang);
        let rows = textwrap::wrap(&text, area.width.max(1) as usize)
            .len()
            .clamp(1, 4) as u16;
        let [line, rest] =
            Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(area);
        frame.render_widget(
            Paragraph::new(text)
                .style(Theme::error())
                .wrap(Wrap { trim: true }),
            line,
        );
        rest
    }

    /// The day before's receptions without an outcome stay in sight, on the first row,
    /// until recorded; returns the rest of `area`.
    fn draw_earlier(&self, frame: &mut Frame, area: Rect, view: &View) -> Rect {
        let lang = view.lang;
        let area = self.draw_bad_row(frame, area, view);
        let Some(earlier) = self.earlier.as_ref().filter(|e| e.open() > 0) else {
            return area;
        };
        let [line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let what = count(
            earlier.open(),
            Rot::OpenReceptions1,
            Rot::OpenReceptionsN,
            lang,
        );
        let text = fill(
            Rot::EarlierOpen.text(lang),
            &[("date", &earlier.date.format("%m-%d")), ("what", &what)],
        );
        frame.render_widget(Span::styled(text, Theme::warning()), line);
        rest
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let snap = &self.today(view.shared);
        let lang = view.lang;
        let tz = view.shared.settings.timezone();
        let day = &self.day;
        let area = self.draw_earlier(frame, area, view);
        let roster = listing(day);
        if roster.is_empty() {
            frame.render_widget(
                Paragraph::new(Rot::QueueEmpty.text(lang)).wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let owed: Vec<String> = day
            .make_ups()
            .iter()
            .map(|m| {
                format!(
                    "{} {} {} ({})",
                    snap.name(m.salesperson),
                    crate::ui::describe::local_time(m.earned, tz),
                    describe::reason(m.reason).text(lang),
                    m.reason.rule()
                )
            })
            .collect();
        let owed_text = if owed.is_empty() {
            Rot::NoMakeUps.text(lang).to_owned()
        } else {
            owed.join(" · ")
        };
        // Every make-up owed stays in sight: the line grows (the table gives way) up to five rows.
        let owed_label = format!("{}: ", Rot::MakeUpsOwed.text(lang));
        let owed_rows = textwrap::wrap(
            &format!("{owed_label}{owed_text}"),
            area.width.max(1) as usize,
        )
        .len()
        .clamp(2, 5) as u16;
        let [next_area, lunch_area, table_area, make_up_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(owed_rows),
        ])
        .areas(area);

        let next = day.next_up();
        let mut next_line = vec![Span::styled(
            format!("▶ {}: ", Rot::NextUp.text(lang)),
            Theme::title(),
        )];
        match next {
            Some(n) => {
                next_line.push(Span::styled(snap.name(n.salesperson), Theme::next_up()));
                if let Via::MakeUp(seq) = n.via
                    && let Some(m) = day.make_ups().iter().find(|m| m.seq == seq)
                {
                    next_line.push(Span::raw(format!(
                        "  · {} ({}, {})",
                        Rot::KindMakeUp.text(lang),
                        describe::reason(m.reason).text(lang),
                        m.reason.rule()
                    )));
                }
            }
            None => next_line.push(Span::styled(Rot::NextUpNobody.text(lang), Theme::dim())),
        }
        frame.render_widget(Line::from(next_line), next_area);

        // Only those who can sit at the desk now (ROT-11); when fewer than two can, say so.
        let lunch: Vec<String> = day
            .lunch_desk()
            .into_iter()
            .map(|id| snap.name(id))
            .collect();
        let lunch_text = match &lunch[..] {
            [] => Rot::LunchDeskNobody.text(lang).to_owned(),
            [only] => crate::i18n::fill(Rot::LunchDeskOnly.text(lang), &[("name", only)]),
            both => both.join(", "),
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!("{}: ", Rot::LunchDesk.text(lang)), Theme::dim()),
                Span::raw(lunch_text),
            ]),
            lunch_area,
        );

        let header = Row::new(
            [
                Rot::ColOrder,
                Rot::ColName,
                Rot::ColStatus,
                Rot::ColNew,
                Rot::ColOther,
                Rot::ColMakeUps,
                Rot::ColViolations,
            ]
            .map(|t| Cell::from(t.text(lang))),
        )
        .style(Theme::column_header());
        let rows = roster.iter().enumerate().map(|(i, &id)| {
            let member = day.member(id).expect("listed members exist");
            let standing = day.standing(id);
            let since = member
                .reception
                .and_then(|r| day.reception(r))
                .map(|r| r.started);
            let (order, status, style) = if !member.checked_in {
                (
                    String::new(),
                    Rot::StatusCheckedOut.text(lang).to_owned(),
                    Theme::dim(),
                )
            } else {
                let style = match standing {
                    None if next.is_some_and(|n| n.salesperson == id) => Theme::next_up(),
                    None => ratatui::style::Style::default(),
                    Some(Standing::Receiving(_)) => Theme::receiving(),
                    Some(Standing::Away(_)) => Theme::away(),
                };
                let status = describe::standing(standing, since, view.now, snap, lang);
                ((i + 1).to_string(), status, style)
            };
            let owed = day.owed_make_ups(id);
            Row::new(vec![
                Cell::from(order),
                Cell::from(fit(&snap.name(id), 12)),
                Cell::from(status),
                Cell::from(member.counted_new.to_string()),
                Cell::from(member.other.to_string()),
                Cell::from(if owed > 0 {
                    owed.to_string()
                } else {
                    String::new()
                }),
                Cell::from(if member.violations > 0 {
                    member.violations.to_string()
                } else {
                    String::new()
                }),
            ])
            .style(style)
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(3),
                Constraint::Length(12),
                Constraint::Min(16),
                Constraint::Length(5),
                Constraint::Length(5),
                Constraint::Length(8),
                Constraint::Length(5),
            ],
        )
        .header(header)
        .row_highlight_style(Theme::selected());
        let mut state = TableState::default().with_selected(Some(self.row(day, &roster)));
        frame.render_stateful_widget(table, table_area, &mut state);
        self.rows.remember(table_area, state.offset());

        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(owed_label, Theme::dim()),
                Span::raw(owed_text),
            ]))
            .wrap(Wrap { trim: true }),
            make_up_area,
        );
    }
}
