//! A deal's record (Enter on the list): the deal, every event on it in words — the
//! proposals with their rule, reason, answers and policy, the confirmations, changes,
//! rulings, cancellation and corrections — and the registrations the REG-3 check finds for
//! its buyer at signing. Its keys open the supervisor's and the clerk's forms.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::forms;
use super::reasons::reason;
use super::text::Dl;
use super::words;
use crate::domain::attribution::Answers;
use crate::domain::deal::{DealId, EventKind};
use crate::domain::money::format_yuan;
use crate::i18n::{Lang, fill};
use crate::store::deals::{Candidate, DealEvent, DealView, Override};
use crate::store::{self, Store};
use crate::ui::keys::{Binding, Hint, Meaning, hints as key_hints, lookup};
use crate::ui::pane::{Action, View};
use crate::ui::said::Said;
use crate::ui::shared::Shared;
use crate::ui::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Answer,
    Confirm,
    Change,
    Ruling,
    Cancel,
    Correct,
    ChangeUnit,
    Back,
    Up,
    Down,
}

const KEYS: &[Binding<Key>] = &[
    Binding::new(KeyCode::Char('a'), Dl::KeyAnswer.msg(), Key::Answer),
    Binding::new(KeyCode::Char('C'), Dl::KeyConfirm.msg(), Key::Confirm),
    Binding::new(KeyCode::Char('s'), Dl::KeyChange.msg(), Key::Change),
    Binding::new(KeyCode::Char('R'), Dl::KeyRuling.msg(), Key::Ruling),
    Binding::new(KeyCode::Char('X'), Dl::KeyCancel.msg(), Key::Cancel),
    Binding::meaning(Meaning::Correct, Dl::KeyCorrect.msg(), Key::Correct),
    Binding::new(KeyCode::Char('u'), Dl::KeyChangeUnit.msg(), Key::ChangeUnit),
    Binding::meaning(Meaning::Back, Dl::KeyBack.msg(), Key::Back),
    Binding::new(KeyCode::Up, Dl::KeyScroll.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Dl::KeyScroll.msg(), Key::Down).help_only(),
];

pub fn hints() -> Vec<Hint> {
    key_hints(KEYS)
}

/// What a key in the record asks of the pane.
pub enum Step {
    Back,
    /// Boxed: an action may carry a whole form.
    Do(Box<Action>),
}

pub struct RecordView {
    pub deal: DealView,
    /// The registrations the REG-3 check finds for the buyer at signing.
    candidates: Vec<Candidate>,
    scroll: u16,
}

impl RecordView {
    pub fn load(
        store: &Store,
        id: DealId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> store::Result<Option<RecordView>> {
        let Some(deal) = store.deal(id)? else {
            return Ok(None);
        };
        let answers = deal
            .proposal()
            .and_then(|p| p.proposal.as_ref())
            .map_or_else(Answers::default, |d| d.answers);
        let candidates = match forms::deal_of(&deal) {
            Some(checked) => {
                store
                    .preview_deal(&checked, answers, deal.record.replaces, now)?
                    .candidates
            }
            None => Vec::new(),
        };
        Ok(Some(RecordView {
            deal,
            candidates,
            scroll: 0,
        }))
    }

    pub fn id(&self) -> DealId {
        self.deal.record.id
    }

    pub fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Step> {
        let key = lookup(KEYS, key)?;
        let writes = !matches!(key, Key::Back | Key::Up | Key::Down);
        if writes && view.shared.read_only {
            return Some(Step::Do(Box::new(Action::Error(
                view.shared.not_saved(Said::msg(Dl::ErrReadOnly)),
            ))));
        }
        let cancelled = self.deal.cancellation().is_some();
        let id = self.id();
        let refuse_cancelled =
            || Action::Error(Said::fill(Dl::ErrCancelled, [("id", id.to_string())]));
        let action = match key {
            Key::Back => return Some(Step::Back),
            Key::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Action::Handled
            }
            Key::Down => {
                self.scroll = self.scroll.saturating_add(1).min(self.line_count());
                Action::Handled
            }
            Key::ChangeUnit if !cancelled => Action::Error(Said::msg(Dl::ErrNotCancelled)),
            Key::ChangeUnit => Action::Open(forms::record(view, Some(&self.deal))),
            _ if cancelled => refuse_cancelled(),
            Key::Answer => match forms::answer_later(view, &self.deal) {
                Ok(form) => Action::Open(form),
                Err(said) => Action::Error(said),
            },
            Key::Confirm => match forms::confirm(view, &self.deal) {
                Ok(form) => Action::Open(form),
                Err(said) => Action::Error(said),
            },
            Key::Change => Action::Open(forms::split(view, &self.deal, Override::Change)),
            Key::Ruling => Action::Open(forms::split(view, &self.deal, Override::Ruling)),
            Key::Cancel => Action::Open(forms::cancel(view, &self.deal)),
            Key::Correct => Action::Open(forms::correct(view, &self.deal)),
        };
        Some(Step::Do(Box::new(action)))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lines = self.lines(view.shared, view.lang);
        // Never scrolled past the last line, however often ↓ was pressed.
        let last = u16::try_from(lines.len().saturating_sub(1)).unwrap_or(u16::MAX);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.min(last), 0)),
            area,
        );
    }

    fn lines(&self, shared: &Shared, lang: Lang) -> Vec<Line<'static>> {
        let d = &self.deal;
        let r = &d.record;
        let mut out = vec![Line::styled(
            fill(
                Dl::RecordTitle.text(lang),
                &[
                    ("id", &r.id),
                    ("unit", &r.unit),
                    (
                        "standing",
                        &crate::ui::describe::deal_standing(
                            d.standing(),
                            lang,
                            shared.settings.timezone(),
                            |id| shared.name(id),
                        ),
                    ),
                ],
            ),
            Theme::title(),
        )];
        out.push(Line::raw(fill(
            Dl::RecordSigned.text(lang),
            &[
                ("at", &words::local(r.signed_at, shared)),
                ("kind", &words::kind(r.kind).text(lang)),
                ("buyers", &d.buyers()),
                (
                    "phone",
                    &r.phone
                        .clone()
                        .unwrap_or_else(|| Dl::NoPhone.text(lang).to_owned()),
                ),
            ],
        )));
        out.push(Line::raw(fill(
            Dl::RecordMoney.text(lang),
            &[
                ("deposit", &format_yuan(r.deposit_fen)),
                (
                    "price",
                    &r.price_fen
                        .map_or_else(|| Dl::NoPrice.text(lang).to_owned(), format_yuan),
                ),
                ("closer", &shared.name(r.closer)),
                ("operator", &shared.name(r.operator)),
            ],
        )));
        if let Some(old) = r.replaces {
            out.push(Line::raw(fill(
                Dl::RecordReplaces.text(lang),
                &[("id", &old)],
            )));
        }
        let split_style = if self.grabbing() {
            Theme::error()
        } else {
            Theme::info()
        };
        out.push(Line::styled(
            fill(
                Dl::RecordSplit.text(lang),
                &[("shares", &words::shares(d.shares(), shared, lang))],
            ),
            split_style,
        ));
        out.push(Line::styled(
            Dl::RecordEvents.text(lang).to_owned(),
            Theme::title(),
        ));
        for event in &d.events {
            out.extend(event_lines(event, shared, lang));
        }
        out.push(Line::styled(
            Dl::RecordCandidates.text(lang).to_owned(),
            Theme::title(),
        ));
        if self.candidates.is_empty() {
            out.push(Line::styled(
                format!(" {}", Dl::PanelNoRegistration.text(lang)),
                Theme::dim(),
            ));
        }
        for c in &self.candidates {
            out.push(Line::raw(format!(" {}", words::candidate(c, shared, lang))));
        }
        out
    }

    /// How many lines the record has, at most: every event takes a few.
    fn line_count(&self) -> u16 {
        let lines = 8 + 6 * self.deal.events.len() + self.candidates.len();
        u16::try_from(lines).unwrap_or(u16::MAX)
    }

    /// Whether the newest proposal found grabbing (ROT-14).
    fn grabbing(&self) -> bool {
        self.deal
            .proposal()
            .and_then(|p| p.proposal.as_ref())
            .is_some_and(|d| d.grabbing)
    }
}

/// One event in words, with the proposal's answers, questions and policy under it.
fn event_lines(e: &DealEvent, shared: &Shared, lang: Lang) -> Vec<Line<'static>> {
    let at = words::local(e.at, shared);
    let who = shared.name(e.supervisor.unwrap_or(e.operator));
    let text = e.reason.clone().unwrap_or_default();
    let split = words::shares(&e.shares, shared, lang);
    let line = |msg: Dl, args: &[(&str, &dyn std::fmt::Display)]| fill(msg.text(lang), args);
    match e.kind {
        EventKind::Proposed => {
            let detail = e.proposal.clone().unwrap_or_default();
            let mut head = line(
                Dl::EvProposed,
                &[
                    ("at", &at),
                    ("who", &shared.name(e.operator)),
                    ("rule", &e.rule.as_deref().unwrap_or("")),
                    ("reason", &reason(&text, lang)),
                ],
            );
            if !e.shares.is_empty() {
                head.push_str(&format!(" → {split}"));
            }
            let mut out = vec![Line::raw(head)];
            if let Some(given) = words::answers(&detail.answers, lang) {
                out.push(Line::styled(
                    format!("  {}", line(Dl::EvAnswers, &[("answers", &given)])),
                    Theme::dim(),
                ));
            }
            if !detail.needs.is_empty() {
                out.push(Line::styled(
                    format!(
                        "  {}",
                        line(
                            Dl::EvNeeds,
                            &[("questions", &words::questions(&detail.needs, lang))]
                        )
                    ),
                    Theme::warning(),
                ));
            }
            if detail.grabbing {
                out.push(Line::styled(
                    format!("  {}", Dl::PanelGrabbing.text(lang)),
                    Theme::error(),
                ));
            }
            if detail.ruling_needed {
                out.push(Line::styled(
                    format!("  {}", Dl::PanelRulingNeeded.text(lang)),
                    Theme::warning(),
                ));
            }
            if let Some(policy) = &detail.policy {
                out.push(Line::styled(
                    format!(
                        "  {}",
                        line(
                            Dl::PanelPolicy,
                            &[("policy", &words::policy(&policy.name, lang))]
                        )
                    ),
                    Theme::dim(),
                ));
            }
            out
        }
        EventKind::Confirmed => vec![Line::raw(line(
            Dl::EvConfirmed,
            &[("at", &at), ("who", &who), ("shares", &split)],
        ))],
        EventKind::Changed => vec![Line::raw(line(
            Dl::EvChanged,
            &[
                ("at", &at),
                ("who", &who),
                ("shares", &split),
                ("reason", &text),
            ],
        ))],
        EventKind::Ruled => vec![Line::raw(line(
            Dl::EvRuled,
            &[
                ("at", &at),
                ("who", &who),
                ("shares", &split),
                ("reason", &text),
            ],
        ))],
        EventKind::Cancelled => vec![Line::styled(
            line(
                Dl::EvCancelled,
                &[("at", &at), ("who", &who), ("reason", &text)],
            ),
            Theme::warning(),
        )],
        EventKind::Corrected => {
            let buyers = e
                .correction
                .as_ref()
                .and_then(|c| c.buyers.clone())
                .unwrap_or_default();
            vec![Line::raw(line(
                Dl::EvCorrected,
                &[
                    ("at", &at),
                    ("who", &shared.name(e.operator)),
                    ("buyers", &buyers),
                    ("reason", &text),
                ],
            ))]
        }
    }
}

/// The record's key table, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(super) fn key_entries() -> Vec<crate::ui::keys::Entry> {
    crate::ui::keys::entries(KEYS)
}
