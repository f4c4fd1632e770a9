//! A customer's record (Enter on a result): every visit and call that is the same customer by
//! REG-3, oldest first, each as corrected with its corrections under it (REG-4), the whole
//! phone number (the list masks it), and whose customer they are today.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::forms::{self, source_label};
use super::text::Reg;
use super::verdict;
use crate::domain::register::{
    CallRegistration, Class, CustomerName, Identity, Ownership, Phone, Plate, Register, Source,
    VisitRegistration,
};
use crate::i18n::{Lang, fill};
use crate::store::register::{CallRecord, Correction, CustomerRecord, VisitRecord};
use crate::store::{self, Store};
use crate::ui::keys::{Binding, Hint, Meaning, hints as key_hints, lookup};
use crate::ui::pane::{Action, View};
use crate::ui::shared::Shared;
use crate::ui::text::Ui;
use crate::ui::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Visit,
    Correct,
    Rule,
    ConfirmReferral,
    Back,
    Up,
    Down,
}

const KEYS: &[Binding<Key>] = &[
    Binding::new(KeyCode::Char('v'), Reg::KeyVisitOfThis.msg(), Key::Visit),
    Binding::meaning(Meaning::Correct, Reg::KeyCorrect.msg(), Key::Correct),
    Binding::new(KeyCode::Char('k'), Reg::KeyRule.msg(), Key::Rule),
    Binding::new(
        KeyCode::Char('C'),
        super::referral_text::Refer::KeyConfirmReferral.msg(),
        Key::ConfirmReferral,
    ),
    Binding::meaning(Meaning::Back, Reg::KeyBack.msg(), Key::Back),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down),
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

/// One visit or call of the record, in time order.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Visit(usize),
    Call(usize),
}

pub struct RecordView {
    /// The registration it was opened from.
    opened: (Register, i64),
    record: CustomerRecord,
    entries: Vec<Entry>,
    /// Whose customer they are as of the moment it was opened.
    ownership: Option<Ownership>,
    /// Their referrals (REG-7, REG-8), read with the ownership.
    referrals: super::referrals::ReferralNotes,
    loaded_at: DateTime<Utc>,
    selected: usize,
}

impl RecordView {
    pub fn load(
        store: &Store,
        shared: &Shared,
        register: Register,
        id: i64,
        now: DateTime<Utc>,
    ) -> store::Result<RecordView> {
        let mut view = RecordView {
            opened: (register, id),
            record: CustomerRecord::default(),
            entries: Vec::new(),
            ownership: None,
            referrals: Default::default(),
            loaded_at: now,
            selected: 0,
        };
        view.reload(store, shared)?;
        // Start on the registration that was opened.
        view.selected = view
            .entries
            .iter()
            .position(|e| view.key_of(*e) == (register, id))
            .unwrap_or(0);
        Ok(view)
    }

    pub fn reload(&mut self, store: &Store, shared: &Shared) -> store::Result<()> {
        let (register, id) = self.opened;
        self.record = store.customer(register, id)?;
        let mut entries: Vec<(DateTime<Utc>, Entry)> = self
            .record
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| (v.visit.visited_at, Entry::Visit(i)))
            .chain(
                self.record
                    .calls
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.call.called_at, Entry::Call(i))),
            )
            .collect();
        entries.sort_by_key(|(at, _)| *at);
        self.entries = entries.into_iter().map(|(_, e)| e).collect();
        self.selected = self.selected.min(self.entries.len().saturating_sub(1));
        let identity = self.identity();
        self.ownership = if identity == Identity::default() {
            None
        } else {
            let settings = &shared.settings;
            Some(store.ownership(
                &identity,
                self.loaded_at,
                settings.timezone(),
                settings.policy(),
            )?)
        };
        self.referrals = match &self.ownership {
            Some(found) => super::referrals::notes(found, &identity, store)?,
            None => Default::default(),
        };
        Ok(())
    }

    fn key_of(&self, entry: Entry) -> (Register, i64) {
        match entry {
            Entry::Visit(i) => (Register::Visit, self.record.visits[i].id.0),
            Entry::Call(i) => (Register::Call, self.record.calls[i].id.0),
        }
    }

    /// The opened registration's identity as corrected.
    fn identity(&self) -> Identity {
        let (register, id) = self.opened;
        match register {
            Register::Visit => self
                .record
                .visits
                .iter()
                .find(|v| v.id.0 == id)
                .map(|v| v.visit.identity()),
            Register::Call => self
                .record
                .calls
                .iter()
                .find(|c| c.id.0 == id)
                .map(|c| c.call.identity()),
        }
        .unwrap_or_default()
    }

    pub fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Step> {
        Some(match lookup(KEYS, key)? {
            Key::Back => Step::Back,
            Key::Up => {
                self.selected = self.selected.saturating_sub(1);
                Step::Do(Box::new(Action::Handled))
            }
            Key::Down => {
                self.selected = (self.selected + 1).min(self.entries.len().saturating_sub(1));
                Step::Do(Box::new(Action::Handled))
            }
            // This customer is here again (issue 16 §3): the visit form starts on who they
            // are, the ownership check beside it as always.
            Key::Visit => Step::Do(Box::new(Action::Open(forms::visit_of(
                view,
                &self.identity(),
            )))),
            Key::Rule => Step::Do(Box::new(
                match self.ownership.as_ref().and_then(|f| forms::rule(view, f)) {
                    Some(form) => Action::Open(form),
                    None => Action::Error(crate::ui::said::Said::msg(Reg::ErrNoConflict)),
                },
            )),
            Key::ConfirmReferral => Step::Do(Box::new(self.confirm_referral(view))),
            Key::Correct => Step::Do(Box::new(match self.entries.get(self.selected) {
                Some(Entry::Visit(i)) => {
                    let v = &self.record.visits[*i];
                    Action::Open(forms::correct_visit(view, v.id, &v.visit))
                }
                Some(Entry::Call(i)) => {
                    let c = &self.record.calls[*i];
                    Action::Open(forms::correct_call(view, c.id, &c.call))
                }
                None => Action::Error(crate::ui::said::Said::msg(Reg::ErrNothingSelected)),
            })),
        })
    }

    /// REG-8 at a visit registered elsewhere (the rotation's reception): the customer's
    /// employee referral for today, confirmed at their latest visit today.
    fn confirm_referral(&self, view: &View) -> Action {
        let today = view.shared.day_of(view.now);
        let referral = self
            .referrals
            .employee
            .iter()
            .find(|r| r.confirmable_on(today));
        let visit = self
            .record
            .visits
            .iter()
            .filter(|v| view.shared.day_of(v.visit.visited_at) == today)
            .max_by_key(|v| (v.visit.visited_at, v.id));
        match (referral, visit) {
            (Some(referral), Some(visit)) => {
                Action::Open(super::referrals::confirm_form(view, referral, visit.id))
            }
            _ => Action::Error(crate::ui::said::Said::msg(
                super::referral_text::Refer::ErrNoPendingReferral,
            )),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let identity = self.identity();
        let name = identity
            .name
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .or_else(|| identity.phone.as_ref().map(|p| p.as_str().to_owned()))
            .unwrap_or_else(|| Reg::Anonymous.text(lang).to_owned());
        let mut head = vec![Line::styled(
            fill(Reg::RecordTitle.text(lang), &[("name", &name)]),
            Theme::title(),
        )];
        if let Some(found) = &self.ownership {
            head.push(Line::styled(
                fill(
                    Reg::RecordOwner.text(lang),
                    &[("verdict", &verdict::sentence(found, view.shared, lang))],
                ),
                Theme::warning(),
            ));
            head.extend(super::referrals::note_lines(&self.referrals, found, view));
        }
        let head_rows = head
            .iter()
            .map(|l| textwrap::wrap(&l.to_string(), area.width.max(1) as usize).len() as u16)
            .sum::<u16>();
        let [top, body] =
            Layout::vertical([Constraint::Length(head_rows), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), top);

        // Each entry's lines; the selected one is highlighted and kept in sight.
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_at = 0;
        for (i, entry) in self.entries.iter().enumerate() {
            if i == self.selected {
                selected_at = lines.len();
            }
            let mut block = match entry {
                Entry::Visit(j) => visit_lines(&self.record.visits[*j], view),
                Entry::Call(j) => call_lines(&self.record.calls[*j], view),
            };
            if i == self.selected
                && let Some(first) = block.first_mut()
            {
                *first = first.clone().style(Theme::selected());
            }
            lines.extend(block);
        }
        let scroll = selected_at.saturating_sub(body.height.saturating_sub(4) as usize);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll as u16, 0)),
            body,
        );
    }
}

fn local(at: DateTime<Utc>, view: &View) -> String {
    forms::local(at, view.shared.settings.timezone())
}

fn opt(label: Reg, value: Option<&str>, lang: Lang, out: &mut Vec<String>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        out.push(format!("{}: {v}", label.text(lang)));
    }
}

fn visit_lines(v: &VisitRecord, view: &View) -> Vec<Line<'static>> {
    let lang = view.lang;
    let r: &VisitRegistration = &v.visit;
    let mut out = vec![Line::raw(fill(
        Reg::RecordVisit.text(lang),
        &[
            ("id", &v.id.0.to_string()),
            ("at", &local(r.visited_at, view)),
            ("salesperson", &view.shared.name(r.salesperson)),
        ],
    ))];
    let mut facts = identity_facts(r.name.as_ref(), r.phone.as_ref(), r.plate.as_ref());
    opt(Reg::FieldCarBrand, r.car_brand.as_deref(), lang, &mut facts);
    if let Some(class) = r.class {
        facts.push(format!(
            "{}: {}",
            Reg::FieldClass.text(lang),
            class_text(class)
        ));
    }
    if let Some(source) = &r.source {
        facts.push(source_fact(source, lang));
    }
    opt(Reg::FieldIntent, r.intent.as_deref(), lang, &mut facts);
    opt(Reg::FieldWorkUnit, r.work_unit.as_deref(), lang, &mut facts);
    opt(Reg::FieldParty, r.party.as_deref(), lang, &mut facts);
    opt(Reg::FieldNotes, r.notes.as_deref(), lang, &mut facts);
    if let Some(seq) = v.reception {
        facts.push(fill(Reg::RecordReception.text(lang), &[("seq", &seq)]));
    }
    out.push(Line::raw(format!("  {}", facts.join("  "))));
    out.extend(correction_lines(&v.corrections, view));
    out
}

fn call_lines(c: &CallRecord, view: &View) -> Vec<Line<'static>> {
    let lang = view.lang;
    let r: &CallRegistration = &c.call;
    let mut out = vec![Line::raw(fill(
        Reg::RecordCall.text(lang),
        &[
            ("id", &c.id.0.to_string()),
            ("at", &local(r.called_at, view)),
            ("salesperson", &view.shared.name(r.answered_by)),
        ],
    ))];
    let mut facts = identity_facts(r.caller.as_ref(), r.phone.as_ref(), None);
    if let Some(source) = &r.source {
        facts.push(source_fact(source, lang));
    }
    opt(Reg::FieldQuestion, r.question.as_deref(), lang, &mut facts);
    opt(Reg::FieldIntent, r.intent.as_deref(), lang, &mut facts);
    out.push(Line::raw(format!("  {}", facts.join("  "))));
    out.extend(correction_lines(&c.corrections, view));
    out
}

/// Name, the whole phone number (the record is where it is shown), plate.
fn identity_facts(
    name: Option<&CustomerName>,
    phone: Option<&Phone>,
    plate: Option<&Plate>,
) -> Vec<String> {
    [
        name.map(|n| n.as_str().to_owned()),
        phone.map(|p| p.as_str().to_owned()),
        plate.map(|p| p.as_str().to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn class_text(class: Class) -> String {
    format!("{class:?}")
}

fn source_fact(source: &Source, lang: Lang) -> String {
    format!(
        "{}: {}",
        Reg::FieldSource.text(lang),
        source_label(source, lang)
    )
}

/// "Corrected 11-12 14:00 by 前台小刘: Phone → 13912345678 (reason: …)"
fn correction_lines(corrections: &[Correction], view: &View) -> Vec<Line<'static>> {
    let lang = view.lang;
    corrections
        .iter()
        .map(|c| {
            let changes: Vec<String> = c
                .changes
                .iter()
                .map(|(column, value)| {
                    let value = match value {
                        Some(v) => column_value(column, v, view),
                        None => Reg::RecordCleared.text(lang).to_owned(),
                    };
                    format!("{} → {value}", column_label(column).text(lang))
                })
                .collect();
            Line::from(vec![
                Span::raw("  "),
                Span::styled(
                    fill(
                        Reg::RecordCorrection.text(lang),
                        &[
                            ("at", &local(c.at, view)),
                            ("who", &view.shared.name(c.operator)),
                            ("changes", &changes.join(", ")),
                            ("reason", &c.reason),
                        ],
                    ),
                    Theme::info(),
                ),
            ])
        })
        .collect()
}

/// A stored column's label.
fn column_label(column: &str) -> Reg {
    match column {
        "at" => Reg::FieldAt,
        "name" => Reg::FieldCustomer,
        "phone" => Reg::FieldPhone,
        "work_unit" => Reg::FieldWorkUnit,
        "intent" => Reg::FieldIntent,
        "source" => Reg::FieldSource,
        "salesperson_id" => Reg::FieldSalesperson,
        "car_brand" => Reg::FieldCarBrand,
        "plate" => Reg::FieldPlate,
        "party" => Reg::FieldParty,
        "class" => Reg::FieldClass,
        "question" => Reg::FieldQuestion,
        _ => Reg::FieldNotes,
    }
}

/// A stored value as the clerk reads it: a salesperson's name, a local time, a source label.
fn column_value(column: &str, value: &str, view: &View) -> String {
    match column {
        "salesperson_id" => value
            .parse()
            .map(|id| view.shared.name(crate::domain::staff::StaffId(id)))
            .unwrap_or_else(|_| value.to_owned()),
        "at" => DateTime::parse_from_rfc3339(value)
            .map(|t| local(t.with_timezone(&Utc), view))
            .unwrap_or_else(|_| value.to_owned()),
        "source" => source_label(&Source::from_key(value), view.lang),
        _ => value.to_owned(),
    }
}

/// The record's key table, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(super) fn key_entries() -> Vec<crate::ui::keys::Entry> {
    crate::ui::keys::entries(KEYS)
}
