//! Drawing the handover pane: the shift and who is on duty, where the handover stands, the
//! notices a supervisor or the first shift of a day must see, and one list — the open items,
//! the shift log, the questions — with ● for what the incoming clerk has read.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::forms::{checklist_item, priority_label};
use super::text::Hnd;
use super::{HandoverPane, Loaded, Row, outcome};
use crate::domain::handover::{HandoverItem, LogEntry, Priority, Stage};
use crate::domain::text::fit;
use crate::i18n::fill;
use crate::store::handover::HandoverRecord;
use crate::ui::describe::local_time;
use crate::ui::pane::View;
use crate::ui::theme::Theme;

/// A moment as the desk says it: the time today, the date and time another day.
pub fn when(at: chrono::DateTime<chrono::Utc>, view: &View) -> String {
    let tz = view.shared.settings.timezone();
    let local = at.with_timezone(&tz);
    if local.date_naive() == view.shared.day {
        local_time(at, tz)
    } else {
        local.format("%m-%d %H:%M").to_string()
    }
}

/// An open item in one line.
pub fn item_line(item: &HandoverItem, view: &View) -> String {
    let lang = view.lang;
    let name = |id| view.shared.name(id);
    let text = match item {
        HandoverItem::Reception {
            salesperson, since, ..
        } => fill(
            Hnd::ItemReception.text(lang),
            &[("who", &name(*salesperson)), ("since", &when(*since, view))],
        ),
        HandoverItem::MakeUpOwed { salesperson, count } => fill(
            Hnd::ItemMakeUp.text(lang),
            &[("who", &name(*salesperson)), ("n", count)],
        ),
        HandoverItem::VisitorInside {
            visitor,
            room,
            since,
            ..
        } => fill(
            Hnd::ItemVisitor.text(lang),
            &[
                ("who", visitor),
                ("room", room),
                ("since", &when(*since, view)),
            ],
        ),
        HandoverItem::ParcelWaiting {
            carrier,
            room,
            shelf,
            since,
            ..
        } => fill(
            Hnd::ItemParcel.text(lang),
            &[
                ("carrier", carrier),
                ("room", room),
                ("shelf", shelf),
                ("since", &when(*since, view)),
            ],
        ),
        HandoverItem::Complaint {
            id,
            summary,
            unit,
            due,
            ..
        } => {
            let mut line = fill(
                Hnd::ItemComplaint.text(lang),
                &[("id", id), ("unit", unit), ("what", summary)],
            );
            if let Some(due) = due {
                line.push(' ');
                line.push_str(&fill(
                    Hnd::DueOn.text(lang),
                    &[("due", &due.format("%m-%d"))],
                ));
            }
            line
        }
        HandoverItem::Repair {
            id, summary, unit, ..
        } => fill(
            Hnd::ItemRepair.text(lang),
            &[("id", id), ("unit", unit), ("what", summary)],
        ),
        HandoverItem::FollowUpDue { id, summary } => fill(
            Hnd::ItemFollowUp.text(lang),
            &[("id", id), ("what", summary)],
        ),
        HandoverItem::OwnershipConflict {
            customer,
            salespeople,
            ..
        } => {
            let who: Vec<String> = salespeople.iter().map(|id| name(*id)).collect();
            fill(
                Hnd::ItemConflict.text(lang),
                &[("customer", customer), ("who", &who.join("/"))],
            )
        }
    };
    if item.is_overdue() {
        format!("{} {text}", Hnd::Overdue.text(lang))
    } else {
        text
    }
}

/// A log entry in one line: time, priority, tags, text; a correction says why.
pub fn entry_line(entry: &LogEntry, view: &View) -> String {
    let lang = view.lang;
    let tags = if entry.tags.is_empty() {
        String::new()
    } else {
        format!("[{}] ", entry.tags.join(" "))
    };
    let mut line = format!(
        "{} {} {} {tags}{}",
        when(entry.at, view),
        view.shared.name(entry.by),
        priority_label(entry.priority).text(lang),
        entry.text
    );
    if let Some(reason) = &entry.reason {
        line.push(' ');
        line.push_str(&fill(Hnd::Corrected.text(lang), &[("reason", reason)]));
    }
    line
}

/// A shift's end as people say it: midnight ends the day at 24:00.
fn clock_end(end: chrono::NaiveTime) -> String {
    if end == chrono::NaiveTime::MIN {
        "24:00".to_owned()
    } else {
        end.format("%H:%M").to_string()
    }
}

fn priority_style(p: Priority) -> Style {
    match p {
        Priority::Normal => Style::default(),
        Priority::Important => Theme::warning(),
        Priority::Urgent => Theme::error(),
    }
}

impl HandoverPane {
    /// The lines above the list: the shift and duty, where the handover stands, notices.
    fn header(&self, loaded: &Loaded, view: &View, width: u16) -> Vec<Line<'static>> {
        let lang = view.lang;
        let settings = &view.shared.settings;
        let tz = settings.timezone();
        let local = view.now.with_timezone(&tz).naive_local();
        let shift = match settings.shifts().current(local) {
            Some(span) => fill(
                Hnd::Shift.text(lang),
                &[
                    ("shift", &checklist_item(&span.shift.name, lang)),
                    ("from", &span.start.format("%H:%M")),
                    ("to", &clock_end(span.end.time())),
                ],
            ),
            None => Hnd::NoShift.text(lang).to_owned(),
        };
        let who = view.operator.name.clone();
        // Drawn only for whom it was read: another person at the desk waits for their own.
        let on_duty = loaded
            .on_duty
            .filter(|_| loaded.operator == view.operator.id);
        let duty = match on_duty {
            // A duty begun on another day says its date.
            Some(since) => fill(
                Hnd::OnDuty.text(lang),
                &[("who", &who), ("since", &when(since, view))],
            ),
            None => fill(Hnd::NotOnDuty.text(lang), &[("who", &who)]),
        };
        let mut lines = vec![Line::styled(format!("{shift} · {duty}"), Theme::title())];
        if let Some(p) = &loaded.pending {
            let at = local_time(p.submitted_at, tz);
            if p.outgoing == view.operator.id && self.reader.is_none() {
                lines.push(Line::styled(
                    fill(Hnd::PendingYours.text(lang), &[("at", &at)]),
                    Theme::warning(),
                ));
            }
            // The reader at this desk, else the one reading at another (the outgoing clerk's
            // desk follows the incoming's progress).
            let here = self.reader(view);
            let elsewhere = match here {
                Some(_) => None,
                None => p.state.readers().first().map(|(who, _)| *who),
            };
            let reader = here.or(elsewhere);
            let read = reader.map_or(0, |r| p.state.keys().len() - p.state.unread(r).len());
            lines.push(Line::styled(
                fill(
                    Hnd::Pending.text(lang),
                    &[
                        ("who", &view.shared.name(p.outgoing)),
                        ("at", &at),
                        ("read", &read),
                        ("all", &p.state.keys().len()),
                        ("open", &p.state.open_questions().len()),
                    ],
                ),
                Theme::warning(),
            ));
            lines.push(match (here, elsewhere) {
                (Some(r), _) => Line::raw(fill(
                    Hnd::Reader.text(lang),
                    &[("who", &view.shared.name(r))],
                )),
                (None, Some(r)) => Line::raw(fill(
                    Hnd::ReaderElsewhere.text(lang),
                    &[("who", &view.shared.name(r))],
                )),
                (None, None) => Line::styled(Hnd::NoReader.text(lang), Theme::dim()),
            });
        } else if let Some(said) = loaded.last.as_ref().and_then(|l| outcome(l, view.shared)) {
            let style = match loaded.last.as_ref().map(|l| l.state.stage()) {
                // The refusal an alert was just raised about flashes (issue 20 §3).
                Some(Stage::Refused) if self.flashes(loaded.last.as_ref(), view) => Theme::flash(),
                Some(Stage::Refused) => Theme::error(),
                _ => Theme::info(),
            };
            // Wrapped, not cut: a refusal's reason is read whole (at most three rows).
            let text = said.text(lang);
            let rows = textwrap::wrap(&text, usize::from(width.max(1)));
            let more = rows.len() > 3;
            for (i, row) in rows.into_iter().take(3).enumerate() {
                let row = match more && i == 2 {
                    true => fit(&format!("{row} …"), usize::from(width)),
                    false => row.into_owned(),
                };
                lines.push(Line::styled(row, style));
            }
        }
        if !loaded.yesterday.is_empty() {
            lines.push(Line::styled(
                fill(
                    Hnd::YesterdayOpen.text(lang),
                    &[("n", &loaded.yesterday.len())],
                ),
                Theme::dim(),
            ));
        }
        if !loaded.unsigned.is_empty() {
            let days: Vec<String> = loaded
                .unsigned
                .iter()
                .map(|d| d.format("%m-%d").to_string())
                .collect();
            lines.push(Line::styled(
                fill(Hnd::UnsignedDays.text(lang), &[("days", &days.join(" "))]),
                Theme::error(),
            ));
        }
        lines
    }

    /// Whether `record`'s refusal flashes at the moment drawn: an alert named it, and the
    /// flash has not ended.
    fn flashes(&self, record: Option<&HandoverRecord>, view: &View) -> bool {
        match (&self.flash, record) {
            (Some((refused, until)), Some(record)) => {
                view.flashes(*until) && refused.contains(&record.id)
            }
            _ => false,
        }
    }

    /// The list's lines, with the row each stands for (section headings stand for none).
    pub(super) fn list(&self, view: &View) -> Vec<(Option<usize>, Line<'static>)> {
        let lang = view.lang;
        let (items, log) = self.shown();
        let pending = self.pending();
        let reader = self.reader(view);
        let mark = |key: String| -> Span<'static> {
            match (pending, reader) {
                (Some(p), Some(r)) if p.state.has_read(r, &key) || self.to_mark.contains(&key) => {
                    Span::styled(format!("{} ", Hnd::ReadMark.text(lang)), Theme::next_up())
                }
                (Some(_), Some(_)) => {
                    Span::styled(format!("{} ", Hnd::UnreadMark.text(lang)), Theme::dim())
                }
                _ => Span::raw(""),
            }
        };
        let heading = |text: String| (None, Line::styled(text, Theme::column_header()));
        let mut out = Vec::new();
        let rows = self.rows();
        let index = |row: Row| rows.iter().position(|r| *r == row);
        // The live items being computed (issue 18): those had so far, and a word that
        // more may come; never "none" before the answer.
        let working = pending.is_none() && self.items.working();
        // With a `/` filter set, each heading says how many of its rows the filter kept.
        let found = |heading: &mut String, kept: fn(&Row) -> bool| {
            if self.kept.is_some() {
                let kept = rows.iter().filter(|r| kept(r)).count();
                heading.push(' ');
                heading.push_str(&fill(Hnd::SectionFound.text(lang), &[("kept", &kept)]));
            }
        };
        let mut items_heading = fill(Hnd::SectionItems.text(lang), &[("n", &items.len())]);
        found(&mut items_heading, |r| matches!(r, Row::Item(_)));
        if working {
            items_heading.push(' ');
            items_heading.push_str(Hnd::ItemsWorking.text(lang));
        }
        out.push(heading(items_heading));
        if items.is_empty() && !working {
            out.push((None, Line::styled(Hnd::NoItems.text(lang), Theme::dim())));
        }
        for (i, item) in items.iter().enumerate() {
            // Left out by the `/` filter.
            if index(Row::Item(i)).is_none() {
                continue;
            }
            let style = if item.is_overdue() {
                Theme::error()
            } else {
                Style::default()
            };
            let line = Line::from(vec![
                mark(item.key()),
                Span::styled(item_line(item, view), style),
            ]);
            out.push((index(Row::Item(i)), line));
        }
        let mut log_heading = fill(Hnd::SectionLog.text(lang), &[("n", &log.len())]);
        found(&mut log_heading, |r| matches!(r, Row::Entry(_)));
        out.push(heading(log_heading));
        if log.is_empty() {
            out.push((None, Line::styled(Hnd::NoItems.text(lang), Theme::dim())));
        }
        for (i, entry) in log.iter().enumerate() {
            if index(Row::Entry(i)).is_none() {
                continue;
            }
            let line = Line::from(vec![
                mark(entry.key()),
                Span::styled(entry_line(entry, view), priority_style(entry.priority)),
            ]);
            out.push((index(Row::Entry(i)), line));
        }
        if let Some(p) = pending {
            let questions = p.state.questions();
            if !questions.is_empty() {
                out.push(heading(fill(
                    Hnd::SectionQuestions.text(lang),
                    &[("n", &questions.len())],
                )));
            }
            for (i, q) in questions.iter().enumerate() {
                let answer = match &q.answer {
                    Some(a) => fill(Hnd::AnswerLine.text(lang), &[("text", a)]),
                    None => Hnd::Unanswered.text(lang).to_owned(),
                };
                let text = format!(
                    "{} · {answer}",
                    fill(
                        Hnd::QuestionLine.text(lang),
                        &[("who", &view.shared.name(q.by)), ("text", &q.text)]
                    )
                );
                out.push((index(Row::Question(i)), Line::raw(text)));
            }
        }
        out
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let Some(loaded) = &self.loaded else {
            return;
        };
        let header = self.header(loaded, view, area.width);
        let [top, body] =
            Layout::vertical([Constraint::Length(header.len() as u16), Constraint::Min(0)])
                .areas(area);
        frame.render_widget(Paragraph::new(header), top);
        // Remembered for the keys: a row is read only if its whole line fits (HND-2).
        self.width.set(body.width);
        let list = self.list(view);
        let height = body.height as usize;
        let at = list
            .iter()
            .position(|(row, _)| *row == Some(self.selected))
            .unwrap_or(0);
        // Keep the selected line in sight, with its section heading when there is room.
        let first = (at + 1).saturating_sub(height);
        let width = body.width as usize;
        let lines: Vec<Line> = list
            .into_iter()
            .skip(first)
            .take(height)
            .map(|(row, line)| {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                let fitted = fit(&text, width);
                let style = if row == Some(self.selected) {
                    Theme::selected()
                } else {
                    line.spans.last().map_or(line.style, |s| s.style)
                };
                Line::styled(fitted, style)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), body);
    }
}
