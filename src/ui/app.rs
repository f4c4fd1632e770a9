//! The App: key routing, applying actions against the store, and drawing the shell
//! (header, tabs, status line, footer, modals) around the focused pane.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use strum::IntoEnumIterator;
use unicode_width::UnicodeWidthStr;

use super::View;
use super::action::Action;
use super::describe;
use super::dialog::{Choice, Dialog, DialogEvent, FieldKey, Purpose, centered, clear_under};
use super::keys::{Binding, lookup};
use super::rotation_pane::{self, RotationPane};
use super::snapshot::Snapshot;
use super::staff_pane::{self, StaffPane};
use super::theme::Theme;
use crate::config::Settings;
use crate::domain::clock::{Clock, business_day};
use crate::domain::pin_guard::PinGuard;
use crate::domain::rotation::{Command, Event as RotationEvent, Outcome};
use crate::domain::staff::{Role, Staff, StaffId};
use crate::domain::text::{self, fit};
use crate::i18n::{Lang, T, fill};
use crate::store::{Approval, Store, StoreError};

/// Below this the console says the window is too small instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Display columns of one help column: key name, label and a gap.
const HELP_COLUMN: usize = 36;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Rotation,
    Staff,
}

impl Tab {
    const ALL: [Tab; 2] = [Tab::Rotation, Tab::Staff];

    fn title(self) -> T {
        match self {
            Tab::Rotation => T::TabRotation,
            Tab::Staff => T::TabStaff,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Global {
    Tab(usize),
    NextTab,
    PrevTab,
    Help,
    Lang,
    SignOut,
    Quit,
}

/// Keys that work wherever no field or modal has them first.
const GLOBAL_KEYS: &[Binding<Global>] = &[
    Binding::new(KeyCode::Char('?'), T::KeyHelp, Global::Help),
    Binding::new(KeyCode::Tab, T::KeyNextTab, Global::NextTab).help_only(),
    Binding::new(KeyCode::BackTab, T::KeyPrevTab, Global::PrevTab).help_only(),
    Binding::new(KeyCode::Char('1'), T::TabRotation, Global::Tab(0)).help_only(),
    Binding::new(KeyCode::Char('2'), T::TabStaff, Global::Tab(1)).help_only(),
    Binding::new(KeyCode::Char('L'), T::KeyLang, Global::Lang).help_only(),
    Binding::new(KeyCode::Char('S'), T::KeySignOut, Global::SignOut).help_only(),
    Binding::new(KeyCode::Char('q'), T::KeyQuit, Global::Quit),
];

/// A read-only text shown over the pane: why, the log, help.
struct Info {
    title: String,
    lines: Vec<String>,
    /// The first line shown. Only drawing knows the height, so drawing clamps it and
    /// stores the clamped value back; arrow keys then never press against a wall.
    top: Cell<usize>,
}

impl Info {
    fn new(title: T, lang: Lang, lines: Vec<String>) -> Info {
        Info {
            title: title.text(lang).into(),
            lines,
            top: Cell::new(0),
        }
    }

    /// Opens on the last page, for logs read newest-last.
    fn at_end(self) -> Info {
        self.top.set(usize::MAX);
        self
    }

    fn scroll(&self, by: isize) {
        self.top.set(self.top.get().saturating_add_signed(by));
    }
}

enum Modal {
    Dialog(Dialog),
    Info(Info),
}

struct Status {
    text: String,
    error: bool,
}

/// A failed submit: the message, and the field to put the cursor back on.
type Refusal = (Option<FieldKey>, String);

pub struct App {
    store: Store,
    settings: Settings,
    clock: Box<dyn Clock>,
    lang: Lang,
    snap: Snapshot,
    operator: Option<Staff>,
    tab: Tab,
    rotation: RotationPane,
    staff: StaffPane,
    modal: Option<Modal>,
    status: Option<Status>,
    data_version: i64,
    pin_guard: PinGuard,
    demo: bool,
    quit: bool,
}

impl App {
    /// Loads what the screen needs and opens the first-run setup or the sign-in.
    pub fn new(store: Store, settings: Settings, clock: Box<dyn Clock>) -> Result<App, StoreError> {
        let day = business_day(clock.now(), settings.timezone);
        let snap = Snapshot::load(&store, day)?;
        let data_version = store.data_version()?;
        let mut app = App {
            lang: settings.lang,
            store,
            settings,
            clock,
            snap,
            operator: None,
            tab: Tab::Rotation,
            rotation: RotationPane::default(),
            staff: StaffPane::default(),
            modal: None,
            status: None,
            data_version,
            pin_guard: PinGuard::default(),
            demo: false,
            quit: false,
        };
        app.open_gate()?;
        if app.snap.read_only {
            app.set_status(Err(T::ReadOnlyBanner.text(app.lang).into()));
        }
        Ok(app)
    }

    /// Marks this as the throwaway demo, signed in as `operator`.
    pub fn start_demo(&mut self, operator: Staff, supervisor: &str, pin: &str) {
        self.demo = true;
        self.operator = Some(operator);
        self.modal = None;
        let welcome = fill(
            T::DemoWelcome.text(self.lang),
            &[("name", &supervisor), ("pin", &pin)],
        );
        self.set_status(Ok(welcome));
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The screen nobody gets past without an office and an operator.
    fn open_gate(&mut self) -> Result<(), StoreError> {
        let lang = self.lang;
        self.modal = Some(Modal::Dialog(if self.store.needs_setup()? {
            Dialog::new(Purpose::SetUp, T::SetupTitle.text(lang).into())
                .hint(T::SetupHint.text(lang))
                .text(FieldKey::Office, T::FieldOffice)
                .text(FieldKey::Name, T::FieldName)
                .pin(FieldKey::Pin, T::FieldPin)
                .pin(FieldKey::PinAgain, T::FieldPinAgain)
                .permanent()
        } else {
            let staff: Vec<Choice> = self
                .snap
                .staff
                .iter()
                .filter(|s| s.active)
                .map(|s| Choice {
                    id: s.id.0,
                    label: format!("{}  ({})", s.name, describe::role(s.role).text(lang)),
                })
                .collect();
            Dialog::new(Purpose::SignIn, T::SignInTitle.text(lang).into())
                .hint(T::SignInHint.text(lang))
                .choice(FieldKey::Staff, T::FieldName, staff, None)
                .pin(FieldKey::Pin, T::FieldPin)
                .permanent()
        }));
        Ok(())
    }

    fn view(&self) -> Option<View<'_>> {
        Some(View {
            snap: &self.snap,
            lang: self.lang,
            now: self.now(),
            tz: self.settings.timezone,
            policy: &self.settings.policy,
            operator: self.operator.as_ref()?,
        })
    }

    /// Takes one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) => {
                if let Some(Modal::Dialog(d)) = &mut self.modal {
                    d.paste(text);
                }
            }
            _ => {}
        }
    }

    /// Key routing: Ctrl-C, then an open modal, then the focused pane, then global keys.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        if let Some(modal) = &mut self.modal {
            match modal {
                Modal::Dialog(dialog) => match dialog.handle_key(*key) {
                    DialogEvent::None => {}
                    DialogEvent::Cancel if dialog.dismissable => self.modal = None,
                    DialogEvent::Cancel => self.quit = true,
                    DialogEvent::Submit => self.submit(),
                },
                Modal::Info(info) => match key.code {
                    KeyCode::Down | KeyCode::Char('j') => info.scroll(1),
                    KeyCode::Up | KeyCode::Char('k') => info.scroll(-1),
                    KeyCode::PageDown | KeyCode::Char(' ') => info.scroll(10),
                    KeyCode::PageUp => info.scroll(-10),
                    _ => self.modal = None,
                },
            }
            return;
        }
        let Some(operator) = self.operator.as_ref() else {
            return;
        };
        let view = View {
            snap: &self.snap,
            lang: self.lang,
            now: self.clock.now(),
            tz: self.settings.timezone,
            policy: &self.settings.policy,
            operator,
        };
        let action = match self.tab {
            Tab::Rotation => self.rotation.handle_key(key, &view),
            Tab::Staff => self.staff.handle_key(key, &view),
        };
        if let Some(action) = action {
            self.apply(action);
            return;
        }
        if self.pane_claims(key) {
            return;
        }
        match lookup(GLOBAL_KEYS, key) {
            Some(Global::Quit) => self.quit = true,
            Some(Global::Tab(i)) => self.tab = Tab::ALL[i],
            Some(Global::NextTab) => self.switch_tab(1),
            Some(Global::PrevTab) => self.switch_tab(Tab::ALL.len() - 1),
            Some(Global::Lang) => {
                self.lang = self.lang.other();
            }
            Some(Global::Help) => self.modal = Some(Modal::Info(self.help())),
            Some(Global::SignOut) => {
                // The next person signs in before the desk can be used again.
                self.operator = None;
                self.status = None;
                if let Err(e) = self.open_gate() {
                    self.set_status(Err(describe::store_error(&e, &self.snap, self.lang)));
                }
            }
            None => {}
        }
    }

    /// Whether the focused pane has `key` in its table (even if it did nothing with it).
    fn pane_claims(&self, key: &KeyEvent) -> bool {
        match self.tab {
            Tab::Rotation => lookup(rotation_pane::KEYS, key).is_some(),
            Tab::Staff => lookup(staff_pane::KEYS, key).is_some(),
        }
    }

    fn switch_tab(&mut self, by: usize) {
        let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
        self.tab = Tab::ALL[(i + by) % Tab::ALL.len()];
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Rotate(command) => {
                let result = self.rotate(None, &command);
                self.set_status(result);
            }
            Action::Open(dialog) => self.modal = Some(Modal::Dialog(dialog)),
            Action::Why(id) => {
                let lines = describe::explanation(
                    id,
                    &self.snap,
                    self.now(),
                    self.settings.timezone,
                    self.lang,
                );
                self.modal = Some(Modal::Info(Info::new(T::DlgWhy, self.lang, lines)));
            }
            Action::Log => {
                let tz = self.settings.timezone;
                let lines = self
                    .snap
                    .rotation
                    .log()
                    .iter()
                    .map(|l| {
                        format!(
                            "{}  {}",
                            describe::local_time(l.at, tz),
                            describe::event(&l.event, &self.snap, self.lang)
                        )
                    })
                    .collect::<Vec<_>>();
                self.modal = Some(Modal::Info(Info::new(T::DlgLog, self.lang, lines).at_end()));
            }
            Action::Error(message) => self.set_status(Err(message)),
        }
    }

    fn set_status(&mut self, result: Result<String, String>) {
        self.status = Some(match result {
            Ok(text) => Status { text, error: false },
            Err(text) => Status { text, error: true },
        });
    }

    /// Runs a rotation command and describes what it did, citing the rules applied; the
    /// start of a reception comes first, since that is what the desk acts on.
    fn rotate(&mut self, approval: Option<Approval>, command: &Command) -> Result<String, String> {
        let Some(operator) = self.operator.as_ref().map(|o| o.id) else {
            return Err(T::ErrNotSupervisor.text(self.lang).into());
        };
        let day = business_day(self.now(), self.settings.timezone);
        let result = self.store.rotate(
            operator,
            approval,
            &self.settings.policy,
            day,
            self.now(),
            command,
        );
        match result {
            Ok(rotated) => {
                self.snap.rotation = rotated.day;
                self.snap.day = day;
                let mut appended = rotated.appended;
                appended.sort_by_key(|l| match l.event {
                    RotationEvent::ReceptionStarted { .. } | RotationEvent::Rejected { .. } => 0,
                    RotationEvent::MakeUpEarned { .. } => 1,
                    _ => 2,
                });
                Ok(appended
                    .iter()
                    .map(|l| describe::event(&l.event, &self.snap, self.lang))
                    .collect::<Vec<_>>()
                    .join("  ·  "))
            }
            Err(e) => Err(describe::store_error(&e, &self.snap, self.lang)),
        }
    }

    fn submit(&mut self) {
        let Some(Modal::Dialog(mut dialog)) = self.modal.take() else {
            return;
        };
        match self.try_submit(&dialog) {
            Ok(message) => {
                self.status = message.map(|text| Status { text, error: false });
                if let Err(e) = self.reload() {
                    self.set_status(Err(describe::store_error(&e, &self.snap, self.lang)));
                }
            }
            Err((field, message)) => {
                dialog.fail(field, message);
                self.modal = Some(Modal::Dialog(dialog));
            }
        }
    }

    fn store_refusal(&self, e: StoreError) -> Refusal {
        let field = match e {
            StoreError::Name(_) | StoreError::DuplicateName(_) => Some(FieldKey::Name),
            StoreError::Pin(_) => Some(FieldKey::Pin),
            _ => None,
        };
        (field, describe::store_error(&e, &self.snap, self.lang))
    }

    /// A required text field, cleaned and bounded.
    fn required(
        &self,
        d: &Dialog,
        key: FieldKey,
        label: T,
        max_chars: usize,
    ) -> Result<String, Refusal> {
        text::required(&d.value(key), max_chars)
            .map_err(|e| (Some(key), describe::field_error(label, e, self.lang)))
    }

    /// A supervisor-only rotation command: checks the dialog's approval, then runs the
    /// command `make` builds for the approving supervisor.
    fn rotate_approved(
        &mut self,
        d: &Dialog,
        make: impl FnOnce(StaffId) -> Command,
    ) -> Result<Option<String>, Refusal> {
        let approval = self.approve(d)?;
        let command = make(approval.supervisor());
        self.rotate(Some(approval), &command)
            .map(Some)
            .map_err(|m| (None, m))
    }

    /// The refusal for a number field that does not hold one.
    fn not_a_number(&self, key: FieldKey, label: T) -> Refusal {
        let message = fill(
            T::ErrNumber.text(self.lang),
            &[("field", &label.text(self.lang))],
        );
        (Some(key), message)
    }

    /// Checks the supervisor and PIN fields of a dialog.
    fn approve(&mut self, d: &Dialog) -> Result<Approval, Refusal> {
        let lang = self.lang;
        let supervisor = d.require_choice(FieldKey::Supervisor, lang)?;
        let pin = d.raw(FieldKey::SupervisorPin);
        if pin.is_empty() {
            let message = fill(
                T::ErrRequired.text(lang),
                &[("field", &T::FieldSupervisorPin.text(lang))],
            );
            return Err((Some(FieldKey::SupervisorPin), message));
        }
        self.guarded(FieldKey::SupervisorPin, |store| {
            store.approve(StaffId(supervisor), &pin)
        })
    }

    /// Runs a PIN check through the guard, so repeated guessing locks PIN checks for a while.
    fn guarded<V>(
        &mut self,
        field: FieldKey,
        check: impl FnOnce(&mut Store) -> Result<V, StoreError>,
    ) -> Result<V, Refusal> {
        let now = self.now();
        if let Err(seconds) = self.pin_guard.check(now) {
            let message = fill(T::ErrPinLocked.text(self.lang), &[("seconds", &seconds)]);
            return Err((Some(field), message));
        }
        let result = check(&mut self.store);
        match &result {
            Ok(_) => self.pin_guard.record(true, now),
            Err(StoreError::WrongPin) => self.pin_guard.record(false, now),
            Err(_) => {}
        }
        result.map_err(|e| {
            (
                Some(field),
                describe::store_error(&e, &self.snap, self.lang),
            )
        })
    }

    fn try_submit(&mut self, d: &Dialog) -> Result<Option<String>, Refusal> {
        let lang = self.lang;
        let now = self.now();
        let rotate = |app: &mut App, approval, command: Command| {
            app.rotate(approval, &command)
                .map(Some)
                .map_err(|m| (None, m))
        };
        match d.purpose {
            Purpose::SetUp => {
                let office = d.value(FieldKey::Office);
                let id = self
                    .store
                    .set_up_office(
                        &office,
                        &d.value(FieldKey::Name),
                        &d.raw(FieldKey::Pin),
                        &d.raw(FieldKey::PinAgain),
                        now,
                    )
                    .map_err(|e| match e {
                        StoreError::Name(err) if text::required(&office, 40).is_err() => (
                            Some(FieldKey::Office),
                            describe::field_error(T::FieldOffice, err, lang),
                        ),
                        other => self.store_refusal(other),
                    })?;
                self.operator = self
                    .store
                    .staff_member(id)
                    .map_err(|e| self.store_refusal(e))?;
                self.tab = Tab::Staff;
                Ok(Some(fill(T::SetupDone.text(lang), &[("office", &office)])))
            }
            Purpose::SignIn => {
                let id = d.require_choice(FieldKey::Staff, lang)?;
                let pin = d.raw(FieldKey::Pin);
                let staff = self.guarded(FieldKey::Pin, |store| {
                    store.sign_in(StaffId(id), Some(&pin), now)
                })?;
                let message = fill(T::SignedIn.text(lang), &[("name", &staff.name)]);
                self.operator = Some(staff);
                Ok(Some(message))
            }
            Purpose::AddStaff => {
                let approval = self.approve(d)?;
                let role = d
                    .chosen(FieldKey::Role)
                    .and_then(|i| Role::iter().nth(i as usize))
                    .unwrap_or(Role::Salesperson);
                let pin = d.raw(FieldKey::Pin);
                let again = d.raw(FieldKey::PinAgain);
                let pin = (role == Role::Supervisor).then_some((pin.as_str(), again.as_str()));
                let name = d.value(FieldKey::Name);
                self.store
                    .add_staff(approval.supervisor(), &name, role, pin, now)
                    .map_err(|e| self.store_refusal(e))?;
                Ok(Some(fill(
                    T::StaffAdded.text(lang),
                    &[("name", &name), ("role", &describe::role(role).text(lang))],
                )))
            }
            Purpose::ToggleActive { staff } => {
                let approval = self.approve(d)?;
                let person = self
                    .snap
                    .staff
                    .iter()
                    .find(|s| s.id == staff)
                    .cloned()
                    .ok_or((None, T::ErrNoSelection.text(lang).to_owned()))?;
                let day = business_day(now, self.settings.timezone);
                self.store
                    .set_staff_active(approval.supervisor(), staff, !person.active, day, now)
                    .map_err(|e| self.store_refusal(e))?;
                let state = if person.active {
                    T::Inactive
                } else {
                    T::Active
                };
                Ok(Some(fill(
                    T::StaffActiveSet.text(lang),
                    &[("name", &person.name), ("state", &state.text(lang))],
                )))
            }
            Purpose::CheckIn | Purpose::Designated | Purpose::Returning => {
                let id = StaffId(d.require_choice(FieldKey::Staff, lang)?);
                let command = match d.purpose {
                    Purpose::CheckIn => Command::CheckIn(id),
                    Purpose::Designated => Command::Designated(id),
                    _ => Command::Returning(id),
                };
                rotate(self, None, command)
            }
            Purpose::Public => {
                let receivers = d.chosen(FieldKey::Receivers).unwrap_or(1).max(1) as usize;
                rotate(self, None, Command::Public { receivers })
            }
            Purpose::PickReception { step } => {
                let id = StaffId(d.require_choice(FieldKey::Staff, lang)?);
                let next = self
                    .view()
                    .map(|view| rotation_pane::reception_dialog(step, id, &view));
                match next {
                    Some(Action::Open(dialog)) => self.modal = Some(Modal::Dialog(dialog)),
                    Some(Action::Error(message)) => return Err((Some(FieldKey::Staff), message)),
                    _ => {}
                }
                Ok(None)
            }
            Purpose::End { reception } => {
                let outcome = d
                    .chosen(FieldKey::Outcome)
                    .and_then(|i| Outcome::CHOICES.get(i as usize).copied())
                    .unwrap_or(Outcome::NewCustomer);
                let message = rotate(self, None, Command::End { reception, outcome })?;
                // ROT-12 → ROT-8: a colleague's old customer goes on to their salesperson.
                if outcome == Outcome::ColleagueOldCustomer
                    && let Some(dialog) = self.view().map(|v| rotation_pane::hand_over_dialog(&v))
                {
                    self.modal = Some(Modal::Dialog(dialog));
                }
                Ok(message)
            }
            Purpose::Reorder { salesperson } => {
                let position = d.number(FieldKey::Position).parse::<usize>().ok();
                let position = position
                    .ok_or_else(|| self.not_a_number(FieldKey::Position, T::FieldPosition))?;
                let reason = self.required(d, FieldKey::Reason, T::FieldReason, 200)?;
                self.rotate_approved(d, |supervisor| Command::Reorder {
                    salesperson,
                    position,
                    reason,
                    supervisor,
                })
            }
            Purpose::Reject { reception } => {
                self.rotate_approved(d, |supervisor| Command::Reject {
                    reception,
                    supervisor,
                })
            }
            Purpose::Skip { salesperson } => rotate(self, None, Command::Skip(salesperson)),
            Purpose::AssignWork { salesperson } => {
                self.rotate_approved(d, |supervisor| Command::AssignWork {
                    salesperson,
                    supervisor,
                })
            }
            Purpose::Violation { salesperson } => {
                let note = self.required(d, FieldKey::Note, T::FieldNote, 500)?;
                let fine_fen = parse_yuan(&d.number(FieldKey::Fine))
                    .ok_or_else(|| self.not_a_number(FieldKey::Fine, T::FieldFine))?;
                self.rotate_approved(d, |supervisor| Command::RecordViolation {
                    salesperson,
                    note,
                    fine_fen,
                    supervisor,
                })
            }
        }
    }

    /// Reloads the snapshot from the store.
    fn reload(&mut self) -> Result<(), StoreError> {
        let day = business_day(self.now(), self.settings.timezone);
        self.snap = Snapshot::load(&self.store, day)?;
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    /// Called between events: notices a new business day and other desks' writes.
    pub fn tick(&mut self) {
        let today = business_day(self.now(), self.settings.timezone);
        let new_day = today != self.snap.day;
        let owed_yesterday = self.snap.rotation.make_ups().len();
        let open_yesterday = self.snap.rotation.receptions().count();
        let changed = match self.store.data_version() {
            Ok(v) => v != self.data_version,
            Err(e) => {
                self.set_status(Err(describe::store_error(&e, &self.snap, self.lang)));
                return;
            }
        };
        if !(new_day || changed) {
            return;
        }
        match self.reload() {
            Ok(()) if new_day && owed_yesterday + open_yesterday > 0 => {
                self.set_status(Ok(fill(
                    T::CarriedOver.text(self.lang),
                    &[("n", &owed_yesterday), ("open", &open_yesterday)],
                )));
            }
            Ok(()) => {}
            Err(e) => self.set_status(Err(describe::store_error(&e, &self.snap, self.lang))),
        }
    }

    /// Every key that works here, pane keys first, in two columns so it fits 80×24.
    fn help(&self) -> Info {
        let lang = self.lang;
        fn entries<C: Copy>(table: &[Binding<C>], lang: Lang) -> Vec<String> {
            table
                .iter()
                .map(|b| format!("{:<6} {}", b.key_name(), b.label.text(lang)))
                .collect()
        }
        let pane = match self.tab {
            Tab::Rotation => entries(rotation_pane::KEYS, lang),
            Tab::Staff => entries(staff_pane::KEYS, lang),
        };
        let mut global = entries(GLOBAL_KEYS, lang);
        global.push(format!("{:<6} {}", "Ctrl-C", T::KeyQuit.text(lang)));
        let mut lines = two_columns(&pane, HELP_COLUMN);
        lines.push(String::new());
        lines.extend(two_columns(&global, HELP_COLUMN));
        Info::new(T::DlgHelp, lang, lines)
    }

    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let message = fill(
                T::TooSmall.text(self.lang),
                &[
                    ("w", &MIN_WIDTH),
                    ("h", &MIN_HEIGHT),
                    ("cw", &area.width),
                    ("ch", &area.height),
                ],
            );
            frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
            return;
        }
        // A long status (a decision and the phrase to say) gets a second line.
        let status_height = match &self.status {
            Some(s)
                if unicode_width::UnicodeWidthStr::width(s.text.as_str()) > area.width as usize =>
            {
                2
            }
            _ => 1,
        };
        let [header, body, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(status_height),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_header(frame, header);
        if let Some(view) = self.view() {
            let body = body.inner(ratatui::layout::Margin {
                horizontal: 1,
                vertical: 0,
            });
            match self.tab {
                Tab::Rotation => self.rotation.render(frame, body, &view),
                Tab::Staff => self.staff.render(frame, body, &view),
            }
        }
        self.render_status(frame, status);
        self.render_footer(frame, footer);
        match &self.modal {
            Some(Modal::Dialog(d)) => d.render(frame, body, self.lang),
            Some(Modal::Info(info)) => render_info(frame, body, info, self.lang),
            None => {}
        }
    }

    fn render_header(&self, frame: &mut Frame, area: Rect) {
        let lang = self.lang;
        let mut left = vec![Span::styled(
            format!(" {} ", fit(&self.snap.office, 24)),
            Theme::header(),
        )];
        if self.operator.is_some() {
            for (i, tab) in Tab::ALL.iter().enumerate() {
                let style = if *tab == self.tab {
                    Theme::tab_active()
                } else {
                    Theme::tab()
                };
                left.push(Span::styled(
                    format!(" {} {} ", i + 1, tab.title().text(lang)),
                    style,
                ));
            }
        }
        let local = self.now().with_timezone(&self.settings.timezone);
        let mut right = Vec::new();
        if self.snap.read_only {
            right.push(Span::styled(
                format!(" {} ", T::ReadOnlyTag.text(lang)),
                Theme::warning(),
            ));
        } else if self.demo {
            right.push(Span::styled(
                format!(" {} ", T::DemoTag.text(lang)),
                Theme::warning(),
            ));
        }
        if let Some(op) = &self.operator {
            right.push(Span::styled(
                format!(" {} {} ", T::Operator.text(lang), op.name),
                Theme::header(),
            ));
        }
        right.push(Span::styled(
            format!(" {} ", local.format("%m-%d %H:%M")),
            Theme::header(),
        ));
        frame.render_widget(Block::new().style(Theme::header()), area);
        let right_line = Line::from(right);
        let right_width = (right_line.width() as u16).min(area.width);
        let [l, r] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
        frame.render_widget(Line::from(left), l);
        frame.render_widget(right_line, r);
    }

    fn render_status(&self, frame: &mut Frame, area: Rect) {
        if let Some(status) = &self.status {
            let style = if status.error {
                Theme::error()
            } else {
                Theme::info()
            };
            frame.render_widget(
                Paragraph::new(status.text.as_str())
                    .style(style)
                    .wrap(Wrap { trim: true }),
                area,
            );
        }
    }

    fn render_footer(&self, frame: &mut Frame, area: Rect) {
        let lang = self.lang;
        let hint = |key: String, label: T| {
            [
                Span::styled(key, Theme::key()),
                Span::styled(format!(" {} ", label.text(lang)), Theme::key_label()),
            ]
        };
        let global: Vec<Span> = GLOBAL_KEYS
            .iter()
            .filter(|b| b.footer)
            .flat_map(|b| hint(b.key_name(), b.label))
            .collect();
        let global = Line::from(global);
        let global_width = (global.width() as u16).min(area.width);
        let [left, right] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(global_width)]).areas(area);
        let pane: Vec<Span> = if self.modal.is_some() || self.operator.is_none() {
            Vec::new()
        } else {
            let bindings: Vec<(String, T)> = match self.tab {
                Tab::Rotation => rotation_pane::KEYS
                    .iter()
                    .filter(|b| b.footer)
                    .map(|b| (b.key_name(), b.label))
                    .collect(),
                Tab::Staff => staff_pane::KEYS
                    .iter()
                    .filter(|b| b.footer)
                    .map(|b| (b.key_name(), b.label))
                    .collect(),
            };
            // Whole hints only: drop those that would be cut at the edge.
            let mut used = 0;
            bindings
                .into_iter()
                .map(|(k, l)| hint(k, l))
                .take_while(|pair| {
                    used += pair.iter().map(|s| s.width()).sum::<usize>();
                    used <= left.width as usize
                })
                .flatten()
                .collect()
        };
        frame.render_widget(Line::from(pane), left);
        if self.modal.is_none() && self.operator.is_some() {
            frame.render_widget(global, right);
        }
    }
}

fn render_info(frame: &mut Frame, area: Rect, info: &Info, lang: Lang) {
    let width = area.width.min(76);
    let rows: Vec<String> = info
        .lines
        .iter()
        .flat_map(|l| wrap_to(l, width.saturating_sub(2) as usize))
        .collect();
    let height = (rows.len() as u16).saturating_add(2).clamp(5, area.height);
    let rect = centered(area, width, height);
    let visible = rect.height.saturating_sub(2) as usize;
    let top = info.top.get().min(rows.len().saturating_sub(visible));
    info.top.set(top);
    let hint = if rows.len() > visible {
        format!(
            " ↑↓ {}  Esc {} ",
            T::KeyScroll.text(lang),
            T::KeyClose.text(lang)
        )
    } else {
        format!(" Esc {} ", T::KeyClose.text(lang))
    };
    clear_under(frame, rect);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(Theme::dialog_border())
        .title(Span::styled(format!(" {} ", info.title), Theme::title()))
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

/// Lays `entries` out left column first, each padded to `width` display columns.
fn two_columns(entries: &[String], width: usize) -> Vec<String> {
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

/// "200" or "200.5" yuan as fen; money is kept in integers.
fn parse_yuan(text: &str) -> Option<i64> {
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let fen = format!("{frac:0<2}").parse::<i64>().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(fen)
}

#[cfg(test)]
mod tests {
    use super::parse_yuan;

    #[test]
    fn yuan_parse_to_fen() {
        assert_eq!(parse_yuan("200"), Some(20000));
        assert_eq!(parse_yuan("200.5"), Some(20050));
        assert_eq!(parse_yuan("0.05"), Some(5));
        assert_eq!(parse_yuan("-1"), None);
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan(""), None);
        assert_eq!(parse_yuan("二百"), None);
    }
}
