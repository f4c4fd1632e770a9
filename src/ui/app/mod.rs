//! The shell: the sign-in gate, the tab bar, a stack of modals, the status line and the
//! tick, around whichever pane is shown. It knows panes only through the `Pane` trait and
//! never names a pane's forms.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::widgets::{Paragraph, Wrap};
use strum::{EnumCount, IntoEnumIterator};

use super::alerts::{self, Alerts, BellSink};
use super::backups::{self, AutoBackup};
use super::chrome::{self, Status};
use super::context::Context;
use super::describe;
use super::evidence::{Checked, Evidence};
use super::form::{Draft, Form, FormEvent, Refusal};
use super::gate;
use super::head_office::{self, AutoPush};
use super::info::{Info, joined_within, two_columns};
use super::keys::{Binding, Hint, hints, key_name, lookup};
use super::notices;
use super::office;
use super::pane::{Action, Done, Pane, PaneId, View};
use super::purpose::Purpose;
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::config::ConsoleConfig;
use crate::domain::clock::Clock;
use crate::domain::staff::Staff;
use crate::i18n::{Lang, fill};
use crate::store::import_marker::ImportProgress;
use crate::store::{Store, StoreError};

mod background;
mod draw;

/// Below this the console says the window is too small instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// How long one write waits for another desk's lock before the console goes on drawing and
/// tries again on the next tick: short, so the screen never freezes.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_millis(200);
/// How long a submit keeps trying while another desk holds the database.
const GIVE_UP_AFTER_SECONDS: i64 = 30;
/// Display columns of one help column: key name, label and a gap.
const HELP_COLUMN: usize = 36;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Global {
    NextTab,
    PrevTab,
    Help,
    Lang,
    SignOut,
    Acknowledge,
    Quit,
}

/// Keys that work wherever no field, modal or pane has them first. The digits that switch
/// tabs come from `PaneId`. A key that changes who is signed in or the language is never
/// the shifted twin of a pane key: Caps Lock must not turn "skip" into "sign out".
const GLOBAL_KEYS: &[Binding<Global>] = &[
    Binding::new(KeyCode::Char('?'), Ui::KeyHelp.msg(), Global::Help),
    Binding::new(KeyCode::Tab, Ui::KeyNextTab.msg(), Global::NextTab).help_only(),
    Binding::new(KeyCode::BackTab, Ui::KeyPrevTab.msg(), Global::PrevTab).help_only(),
    Binding::new(KeyCode::F(2), Ui::KeyLang.msg(), Global::Lang).help_only(),
    Binding::new(KeyCode::F(3), Ui::KeySignOut.msg(), Global::SignOut).help_only(),
    Binding::new(KeyCode::F(4), Ui::KeyAcknowledge.msg(), Global::Acknowledge).help_only(),
    Binding::new(KeyCode::Char('q'), Ui::KeyQuit.msg(), Global::Quit),
];

/// Who a form belongs to: its submit goes back there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Gate,
    Pane(PaneId),
}

enum Modal {
    Form {
        owner: Owner,
        form: Form,
        /// Since when it has been waiting for another desk's write, retried every tick.
        waiting_since: Option<DateTime<Utc>>,
    },
    Info(Info),
    /// `q` or Ctrl-C while something would be lost: y quits, anything else goes back.
    ConfirmQuit(Info),
    /// An instant command that met another desk's write lock, tried again on every tick;
    /// Esc gives it up.
    Waiting {
        owner: PaneId,
        command: Purpose,
        since: DateTime<Utc>,
        page: Info,
    },
}

impl Modal {
    fn form(owner: Owner, form: Form) -> Modal {
        Modal::Form {
            owner,
            form,
            waiting_since: None,
        }
    }
}

pub struct App {
    store: Store,
    clock: Box<dyn Clock>,
    lang: Lang,
    shared: Shared,
    operator: Option<Staff>,
    /// One per `PaneId`, in its order.
    panes: Vec<Box<dyn Pane>>,
    /// Panes whose data another desk's write may have changed while they were hidden.
    stale: [bool; PaneId::COUNT],
    current: PaneId,
    /// Modals over the pane, the top one last: a picker may open over a form.
    modals: Vec<Modal>,
    /// What forms closed unsent held, offered again when the same form is opened.
    drafts: Vec<Draft>,
    status: Option<Status>,
    /// The tab whose action said the status: it is shown there only (issue 15 §8).
    status_tab: Option<PaneId>,
    /// Counts status changes, so a day's rollover notice is kept beside an action's result.
    status_changes: u64,
    /// Another process's import into this file, as the status line last said it.
    import_shown: Option<ImportProgress>,
    data_version: i64,
    demo: bool,
    quit: bool,
    /// Clicks and the wheel, as this console's config says.
    mouse: bool,
    /// Where the last frame drew each tab, for a click on the header.
    tab_spots: std::cell::RefCell<Vec<chrome::TabSpot>>,
    /// The whole-file evidence check and the alarm it raised (issue 16 §2).
    evidence: Evidence,
    /// The console's own dated backups (issue 19), and the warning every supervisor sees
    /// while the last one tried has failed.
    backups: AutoBackup,
    backup_warning: Option<Said>,
    /// The console's own push to the head office (issue 19 §3), this desk's password there,
    /// and the warning every supervisor sees while the head office's refusal stands.
    pushes: AutoPush,
    head_office_password: Option<crate::config::Secret>,
    push_warning: Option<Said>,
    /// What this desk has alerted about and what flashes now (issue 20 §3), and where its
    /// bell goes.
    alerts: Alerts,
    bell: Box<dyn BellSink>,
    /// Something an alert may be about changed (the evidence check came in): look at once.
    alerts_changed: bool,
}

impl App {
    /// Loads what the screen needs and opens the first-run setup or the sign-in.
    pub fn new(
        store: Store,
        config: ConsoleConfig,
        clock: Box<dyn Clock>,
    ) -> Result<App, StoreError> {
        let now = clock.now();
        store.set_busy_timeout(BUSY_WAIT)?;
        let shared = Shared::load(&store, now)?;
        let mut app = App {
            lang: config.lang,
            store,
            clock,
            shared,
            operator: None,
            panes: PaneId::iter().map(PaneId::create).collect(),
            stale: [true; PaneId::COUNT],
            current: PaneId::Rotation,
            modals: Vec::new(),
            drafts: Vec::new(),
            status: None,
            status_tab: None,
            status_changes: 0,
            import_shown: None,
            data_version: 0,
            demo: false,
            quit: false,
            mouse: config.mouse,
            tab_spots: std::cell::RefCell::new(Vec::new()),
            evidence: Evidence::default(),
            backups: AutoBackup::default(),
            backup_warning: None,
            pushes: AutoPush::default(),
            head_office_password: config.head_office_password,
            push_warning: None,
            alerts: Alerts::default(),
            bell: alerts::sink(config.bell),
            alerts_changed: false,
        };
        app.refresh_backup_warning();
        app.refresh_push_warning();
        // What the day before left is said to whoever signs in first.
        if let Some(notice) = app.reload(now, true)?.into_iter().reduce(Said::and) {
            app.set_status(Ok(notice));
        }
        app.keep_current_shown();
        app.open_gate()?;
        if app.shared.disk_full {
            app.set_status(Err(Said::msg(Ui::DiskFullBanner)));
        } else if app.shared.read_only {
            app.set_status(Err(Said::msg(Ui::ReadOnlyBanner)));
        }
        // The evidence is checked after the first frame, off this thread
        // (`start_evidence_check`): a million rows must not delay the sign-in.
        Ok(app)
    }

    /// Marks this as the throwaway demo, signed in as `operator`.
    pub fn start_demo(&mut self, operator: Staff, supervisor: &str, pin: &str) {
        self.demo = true;
        self.operator = Some(operator);
        self.modals.clear();
        let welcome = Said::fill(
            Ui::DemoWelcome,
            [
                ("name", supervisor.to_owned()),
                ("pin", pin.to_owned()),
                ("clerk", crate::demo::DEMO_CLERK.to_owned()),
                ("clerk_pin", crate::demo::DEMO_CLERK_PIN.to_owned()),
                ("night", crate::demo::DEMO_NIGHT_CLERK.to_owned()),
                ("night_pin", crate::demo::DEMO_NIGHT_PIN.to_owned()),
            ],
        );
        self.set_status(Ok(welcome));
        // Said to whoever sits down, not by a tab: shown on every tab.
        self.status_tab = None;
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether this console takes clicks and the wheel.
    pub fn mouse(&self) -> bool {
        self.mouse
    }

    /// Puts the gate on top of everything: nobody uses the desk without signing in.
    fn open_gate(&mut self) -> Result<(), StoreError> {
        let form = gate::form(&self.store, &self.shared, self.lang)?;
        self.modals.clear();
        self.modals.push(Modal::form(Owner::Gate, form));
        Ok(())
    }

    fn pane(&self) -> &dyn Pane {
        self.panes[self.current as usize].as_ref()
    }

    /// Loads the shared part and the shown pane (every pane if `all`) as of `now`. The
    /// version is read first and the loads share one read transaction, so another desk's
    /// commit in between is seen on the next tick, never missed. Returns what the panes
    /// have to tell, such as what a past business day left behind.
    fn reload(&mut self, now: DateTime<Utc>, all: bool) -> Result<Vec<Said>, StoreError> {
        let version = self.store.data_version()?;
        let App {
            store,
            panes,
            stale,
            current,
            ..
        } = self;
        let (shared, notices) = store.read(|store| {
            let shared = Shared::load(store, now)?;
            let mut notices = Vec::new();
            for (id, pane) in PaneId::iter().zip(panes.iter_mut()) {
                let refresh = all || id == *current;
                if refresh {
                    notices.extend(pane.refresh(store, &shared)?);
                }
                stale[id as usize] = !refresh;
            }
            Ok((shared, notices))
        })?;
        self.shared = shared;
        self.data_version = version;
        self.keep_current_shown();
        Ok(notices)
    }

    /// The tabs this office shows, in order (issue 9 §1: they follow its desks).
    fn shown(&self) -> Vec<PaneId> {
        PaneId::shown_for(self.shared.settings.desks())
    }

    /// A change of desks takes effect at once: a tab the office no longer shows gives way
    /// to the first one it does.
    fn keep_current_shown(&mut self) {
        let shown = self.shown();
        if !shown.contains(&self.current)
            && let Some(first) = shown.first()
        {
            self.current = *first;
        }
    }

    /// Reloads and reports a failure in the status line.
    fn reload_or_report(&mut self, now: DateTime<Utc>, all: bool) -> Vec<Said> {
        self.reload(now, all).unwrap_or_else(|e| {
            // Another desk writing is no news: the next tick reads again.
            if !matches!(e, StoreError::Busy) {
                self.report_store_error(&e);
            }
            Vec::new()
        })
    }

    fn report_store_error(&mut self, e: &StoreError) {
        let message = describe::store_error(e, &self.shared, self.lang);
        self.set_status(Err(Said::verbatim(message)));
    }

    /// Moves every pane on to a new business day when `now` has passed midnight; returns
    /// what the old day left behind.
    fn roll_over(&mut self, now: DateTime<Utc>) -> Option<Said> {
        if self.shared.day_of(now) == self.shared.day {
            return None;
        }
        self.reload_or_report(now, true)
            .into_iter()
            .reduce(Said::and)
    }

    /// Called between events: notices a new business day and other desks' writes.
    pub fn tick(&mut self) {
        let now = self.clock.now();
        self.take_evidence(false);
        self.tick_backups(now, false);
        self.tick_pushes(now, false);
        self.retry_waiting(now);
        if let Some(notice) = self.roll_over(now) {
            self.set_status(Ok(notice));
            return;
        }
        // While an import writes, every tab's status line says how far it is (issue 18).
        let tz = self.shared.settings.timezone();
        if let Some(change) = notices::import_change(&self.store, &mut self.import_shown, tz) {
            match change {
                Some(said) => self.set_status(Err(said)),
                None => self.status = None,
            }
            self.status_tab = None;
        }
        let mut changed = std::mem::take(&mut self.alerts_changed);
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                changed = true;
                let refused_before = self.shared.refusals.clone();
                // What another desk's write means for this one: a handover decided there,
                // a refusal for the supervisor here (HND-4).
                let mut said = self.reload_or_report(now, false);
                if let Some(op) = &self.operator {
                    said.extend(notices::refusals(&refused_before, &self.shared, op));
                }
                if let Some(notice) = said.into_iter().reduce(Said::and) {
                    self.set_status(Ok(notice));
                    self.status_tab = None;
                }
                // Another desk's supervisor may have acknowledged the failure.
                if self.evidence.has_found() {
                    self.refilter_evidence();
                }
                // Another desk may have written (or failed to write) a backup, or noted the
                // head office's answer.
                self.refresh_backup_warning();
                self.refresh_push_warning();
            }
            Ok(_) => {}
            Err(e) => self.report_store_error(&e),
        }
        self.tick_pane(now);
        self.tick_alerts(now, changed);
    }

    /// Rings once for whatever alert is new to this desk and starts its flash (issue 20 §3):
    /// on the tick another desk's write (or the evidence check) is noticed, and every
    /// `CHECK_EVERY` for clocks that run out on their own. Only while someone is signed in,
    /// who sees the flash: what came meanwhile rings at the next sign-in.
    fn tick_alerts(&mut self, now: DateTime<Utc>, changed: bool) {
        if self.operator.is_none() || !self.alerts.due(now, changed) {
            return;
        }
        let lobby = self.shared.settings.desks().has_lobby();
        let rang = self.alerts.check(
            &self.store,
            &self.shared.refusals,
            &self.evidence.alarm,
            lobby,
            now,
        );
        match rang {
            Ok(false) => {}
            Ok(true) => {
                self.bell.ring();
                if let Some((events, until)) = self.alerts.flashing(now) {
                    for pane in &mut self.panes {
                        pane.flash(events, until);
                    }
                }
            }
            // Another desk is writing: the next check reads again.
            Err(StoreError::Busy) => {}
            Err(e) => self.report_store_error(&e),
        }
    }

    /// Lets the shown pane answer what was typed, then do its clock work.
    fn tick_pane(&mut self, now: DateTime<Utc>) {
        if self.answer_pane(now) {
            self.with_pane(now, |pane, store, view, form| pane.tick(store, view, form));
        }
    }

    /// Lets the shown pane answer what its search box or open form holds now; false if it
    /// could not (another desk holds the file), so the list may be out of date.
    fn answer_pane(&mut self, now: DateTime<Utc>) -> bool {
        self.with_pane(now, |pane, store, view, form| {
            pane.answer(store, view, form)
        })
    }

    /// Runs `work` on the shown pane with the form on top if the pane owns it; a store
    /// failure other than another desk's lock is said in the status line.
    fn with_pane(
        &mut self,
        now: DateTime<Utc>,
        work: impl FnOnce(&mut dyn Pane, &Store, &View, Option<&mut Form>) -> Result<(), StoreError>,
    ) -> bool {
        let Some(operator) = self.operator.as_ref() else {
            return true;
        };
        let view = View::live(&self.shared, self.lang, now, operator);
        let current = self.current;
        let form = match self.modals.last_mut() {
            Some(Modal::Form {
                owner: Owner::Pane(id),
                form,
                waiting_since: None,
            }) if *id == current => Some(form),
            Some(_) => return true,
            None => None,
        };
        let result = work(
            self.panes[current as usize].as_mut(),
            &self.store,
            &view,
            form,
        );
        match result {
            Ok(()) => true,
            // Another desk is writing: the next key or tick asks again.
            Err(StoreError::Busy) => false,
            Err(e) => {
                self.report_store_error(&e);
                false
            }
        }
    }

    /// Takes one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) if self.mouse => self.handle_mouse(mouse),
            Event::Paste(text) => match self.modals.last_mut() {
                Some(Modal::Form { form, .. }) => form.paste(text),
                Some(Modal::Info(_) | Modal::ConfirmQuit(_) | Modal::Waiting { .. }) => {}
                None if self.operator.is_some() => self.panes[self.current as usize].paste(text),
                None => {}
            },
            _ => {}
        }
    }

    /// A click or the wheel, as lazygit and gitui take them: the wheel scrolls what the
    /// arrows move, a click on a tab shows it, a click on a form's field puts the cursor
    /// there and on one of its options chooses it.
    fn handle_mouse(&mut self, mouse: &MouseEvent) {
        let arrow = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match mouse.kind {
            MouseEventKind::ScrollUp => self.handle_key(&arrow(KeyCode::Up)),
            MouseEventKind::ScrollDown => self.handle_key(&arrow(KeyCode::Down)),
            MouseEventKind::Down(MouseButton::Left) => {
                let now = self.clock.now();
                if let Some(Modal::Form { form, .. }) = self.modals.last_mut() {
                    form.click(mouse.column, mouse.row);
                    self.answer_pane(now);
                    return;
                }
                if !self.modals.is_empty() || self.operator.is_none() {
                    return;
                }
                if mouse.row != 0 {
                    if let Some(operator) = &self.operator {
                        let view = View::live(&self.shared, self.lang, now, operator);
                        self.panes[self.current as usize].click(mouse.column, mouse.row, &view);
                    }
                    self.answer_pane(now);
                    return;
                }
                let digit = self
                    .tab_spots
                    .borrow()
                    .iter()
                    .find(|(columns, _)| columns.contains(&mouse.column))
                    .map(|(_, digit)| *digit);
                if let Some(id) =
                    digit.and_then(|d| PaneId::from_digit(d, self.shared.settings.desks()))
                {
                    self.show(id, now);
                }
            }
            _ => {}
        }
    }

    /// One key is one action with one `now`. A day that ended since the last key rolls over
    /// first, and what it left behind is said beside whatever the key did.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        let now = self.clock.now();
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.ask_to_quit();
            return;
        }
        let notice = self.roll_over(now);
        let before = self.status_changes;
        self.route(key, now);
        // What was typed is answered before the next key: the list the clerk sees is the
        // list that key acts on, however fast the keys come.
        self.answer_pane(now);
        if let Some(notice) = notice {
            match &mut self.status {
                Some(status) if self.status_changes != before => {
                    status.said = notice.and(status.said.clone());
                }
                _ => self.set_status(Ok(notice)),
            }
        }
    }

    /// Key routing: an open modal, then the shown pane, then global keys.
    fn route(&mut self, key: &KeyEvent, now: DateTime<Utc>) {
        if let Some(top) = self.modals.last_mut() {
            match top {
                Modal::Info(info) => {
                    if !info.handle_key(key.code) {
                        self.modals.pop();
                    }
                }
                Modal::Waiting { .. } => {
                    if key.code == KeyCode::Esc {
                        self.modals.pop();
                    }
                }
                Modal::ConfirmQuit(_) => match key.code {
                    KeyCode::Char('y' | 'Y') | KeyCode::Enter => self.quit = true,
                    _ => {
                        self.modals.pop();
                    }
                },
                Modal::Form {
                    form,
                    waiting_since,
                    ..
                } => match form.handle_key(*key) {
                    // Typing takes over from the retry, and the form says so: Ctrl-S saves
                    // what is there now (issue 16 §6: it went on saying "trying again").
                    FormEvent::None => {
                        if waiting_since.take().is_some() {
                            form.fail(None, Said::msg(Ui::WaitingStopped));
                        }
                    }
                    FormEvent::Cancel if form.dismissable => self.close_keeping_draft(now),
                    // The gate is never dismissed: leaving it asks whether to close.
                    FormEvent::Cancel => self
                        .modals
                        .push(Modal::form(Owner::Gate, gate::confirm_quit(self.lang))),
                    FormEvent::Submit => self.submit_top(now),
                },
            }
            return;
        }
        let Some(operator) = self.operator.as_ref() else {
            return;
        };
        let view = View::live(&self.shared, self.lang, now, operator);
        if let Some(action) = self.panes[self.current as usize].handle_key(key, &view) {
            self.apply(action, now);
            return;
        }
        if let KeyCode::Char(c) = key.code
            && let Some(id) = PaneId::from_digit(c, self.shared.settings.desks())
        {
            self.show(id, now);
            return;
        }
        match lookup(GLOBAL_KEYS, key) {
            Some(Global::Quit) => self.ask_to_quit(),
            Some(Global::NextTab) => self.show(self.neighbour(1), now),
            Some(Global::PrevTab) => self.show(self.neighbour(-1), now),
            Some(Global::Lang) => self.lang = self.lang.other(),
            Some(Global::Help) => self.modals.push(Modal::Info(self.help())),
            Some(Global::Acknowledge) => self.ask_to_acknowledge(now),
            Some(Global::SignOut) => {
                // HND-7: the clerk on duty leaves only when relieved, or with a supervisor's
                // PIN that records the desk as left unstaffed.
                let on_duty = match &self.operator {
                    Some(op) => self.store.on_duty(op.id),
                    None => Ok(None),
                };
                match on_duty {
                    Ok(Some(_)) => {
                        if let Some(operator) = &self.operator {
                            let view = View::live(&self.shared, self.lang, now, operator);
                            let form = gate::leave_form(&view);
                            self.modals.push(Modal::form(Owner::Gate, form));
                        }
                    }
                    Ok(None) => self.sign_out(),
                    Err(e) => self.report_store_error(&e),
                }
            }
            None => self.say_where_the_key_works(key),
        }
    }

    /// F4: the banner's failures, for a supervisor's PIN; said in words when there are none.
    fn ask_to_acknowledge(&mut self, now: DateTime<Utc>) {
        let Some(operator) = &self.operator else {
            return;
        };
        if self.evidence.alarm.is_empty() {
            self.set_status(Err(Said::msg(Ui::NothingToAcknowledge)));
            return;
        }
        let view = View::live(&self.shared, self.lang, now, operator);
        let form = gate::acknowledge_form(&view, self.evidence.alarm.clone());
        self.modals.push(Modal::form(Owner::Gate, form));
    }

    /// A key that does nothing here says why: it works on another tab, or Caps Lock is on,
    /// or it does nothing anywhere.
    fn say_where_the_key_works(&mut self, key: &KeyEvent) {
        let name = key_name(key.code);
        let desks = self.shared.settings.desks();
        let elsewhere = PaneId::iter()
            .zip(&self.panes)
            .filter(|(id, _)| *id != self.current && id.shown(desks))
            .find(|(_, pane)| pane.hints().iter().any(|h| h.key == name));
        if let Some((id, pane)) = elsewhere {
            let title = pane.title();
            let digit = id.digit(desks);
            self.set_status(Err(Said::new(move |lang| {
                fill(
                    Ui::KeyOnOtherTab.text(lang),
                    &[
                        ("key", &name),
                        ("tab", &title.text(lang)),
                        ("digit", &digit),
                    ],
                )
            })));
            return;
        }
        // A capital of a key of this tab: Caps Lock, most likely (issue 16 §6).
        if let KeyCode::Char(c) = key.code
            && c.is_uppercase()
        {
            let lower = c.to_lowercase().to_string();
            if self.pane().hints().iter().any(|h| h.key == lower) {
                let said = Said::fill(Ui::KeyCapital, [("key", name), ("lower", lower)]);
                self.set_status(Err(said));
                return;
            }
        }
        // Nothing anywhere: said, never silence.
        if matches!(key.code, KeyCode::Char(_) | KeyCode::F(_)) {
            self.set_status(Err(Said::fill(Ui::KeyDoesNothing, [("key", name)])));
        }
    }

    /// The shown tab `by` places after the current one, round the ends.
    fn neighbour(&self, by: isize) -> PaneId {
        let shown = self.shown();
        let Some(at) = shown.iter().position(|p| *p == self.current) else {
            return shown.first().copied().unwrap_or(self.current);
        };
        let n = shown.len() as isize;
        shown[(at as isize + by).rem_euclid(n) as usize]
    }

    /// Shows a pane, bringing it up to date first if another desk wrote while it was hidden.
    /// The pane's own tick follows at once, so a list it reads on its tick (the lobby's) is
    /// there for the next key of a burst typed without a pause ("5 p ↓ x"), not only after
    /// the next tick.
    fn show(&mut self, id: PaneId, now: DateTime<Utc>) {
        self.current = id;
        if self.stale[id as usize]
            && let Some(notice) = self
                .reload_or_report(now, false)
                .into_iter()
                .reduce(Said::and)
        {
            self.set_status(Ok(notice));
        }
        self.tick_pane(now);
    }

    fn apply(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::Handled => {}
            Action::Open(mut form) => {
                if let Some(at) = self.drafts.iter().position(|d| form.restore(d)) {
                    self.drafts.remove(at);
                }
                self.modals
                    .push(Modal::form(Owner::Pane(self.current), form));
            }
            Action::Command(command) => self.run_command(self.current, command, now, now),
            Action::Info(info) => self.modals.push(Modal::Info(info)),
            Action::Error(message) => self.set_status(Err(message)),
            Action::Goto(id, target) => {
                if id.shown(self.shared.settings.desks()) {
                    self.show(id, now);
                    self.panes[id as usize].show(target);
                }
            }
        }
    }

    /// Submits the form on top; a refusal puts it back with the message, nothing typed lost.
    fn submit_top(&mut self, now: DateTime<Utc>) {
        // A list still being answered is never acted on as it was: the Enter waits for the
        // answer to the last key typed.
        if !self.answer_pane(now) {
            if let Some(Modal::Form { form, .. }) = self.modals.last_mut() {
                form.fail(None, Said::msg(Ui::ErrListNotAnswered));
            }
            return;
        }
        let Some(Modal::Form {
            owner,
            mut form,
            waiting_since,
        }) = self.modals.pop()
        else {
            return;
        };
        if let Some((field, said)) = form.missing_required() {
            form.fail(Some(field), said);
            self.modals.push(Modal::form(owner, form));
            return;
        }
        match self.submit(owner, &form, now) {
            Ok(()) => {}
            Err(Refusal::Busy) => {
                self.wait_for_desk(owner, form, waiting_since.unwrap_or(now), now);
            }
            Err(Refusal::Refused { field, said }) => {
                form.fail(field, said);
                self.modals.push(Modal::form(owner, form));
            }
        }
    }

    /// Runs an instant command; one that meets another desk's write lock waits on screen and
    /// is tried again on every tick, until `GIVE_UP_AFTER_SECONDS` have passed.
    fn run_command(
        &mut self,
        owner: PaneId,
        command: Purpose,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) {
        let Some(result) = self.in_pane(owner, now, |pane, cx| pane.command(&command, cx)) else {
            return;
        };
        match result {
            Ok(done) => self.finish(owner, done, now),
            Err(Refusal::Refused { said, .. }) => self.set_status(Err(said)),
            Err(Refusal::Busy) if (now - since).num_seconds() < GIVE_UP_AFTER_SECONDS => {
                let lang = self.lang;
                let page = Info::new(
                    Ui::WaitingTitle.text(lang).into(),
                    vec![Ui::WaitingForDesk.text(lang).into()],
                );
                self.modals.push(Modal::Waiting {
                    owner,
                    command,
                    since,
                    page,
                });
            }
            Err(Refusal::Busy) => {
                let waited = (now - since).num_seconds();
                self.set_status(Err(Said::fill(
                    Ui::CommandGaveUp,
                    [("seconds", waited.to_string())],
                )));
            }
        }
    }

    /// Puts a submit that met another desk's write lock back on top, saying so; the tick
    /// tries it again until the lock is gone or `GIVE_UP_AFTER_SECONDS` have passed.
    fn wait_for_desk(
        &mut self,
        owner: Owner,
        mut form: Form,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) {
        let waited = (now - since).num_seconds();
        let waiting_since = if waited < GIVE_UP_AFTER_SECONDS {
            form.fail(None, Said::msg(Ui::WaitingForDesk));
            Some(since)
        } else {
            form.fail(
                None,
                Said::fill(Ui::WaitingGaveUp, [("seconds", waited.to_string())]),
            );
            None
        };
        self.modals.push(Modal::Form {
            owner,
            form,
            waiting_since,
        });
    }

    /// Tries a form or a command that is waiting for another desk again.
    fn retry_waiting(&mut self, now: DateTime<Utc>) {
        match self.modals.last() {
            Some(Modal::Form {
                waiting_since: Some(_),
                ..
            }) => self.submit_top(now),
            Some(Modal::Waiting { .. }) => {
                if let Some(Modal::Waiting {
                    owner,
                    command,
                    since,
                    ..
                }) = self.modals.pop()
                {
                    self.run_command(owner, command, since, now);
                }
            }
            _ => {}
        }
    }

    fn submit(&mut self, owner: Owner, form: &Form, now: DateTime<Utc>) -> Result<(), Refusal> {
        match owner {
            Owner::Gate => self.enter(form, now),
            Owner::Pane(id) => {
                let done = self.submit_to_pane(id, form, now)?;
                self.finish(id, done, now);
                Ok(())
            }
        }
    }

    fn submit_to_pane(
        &mut self,
        id: PaneId,
        form: &Form,
        now: DateTime<Utc>,
    ) -> Result<Done, Refusal> {
        self.in_pane(id, now, |pane, cx| pane.submit(form, cx))
            .unwrap_or_else(|| Err(Refusal::said(Said::msg(Ui::ErrNotSupervisor))))
    }

    /// Runs `work` on pane `id` with what a write works with (store, shared part, operator,
    /// language, one `now`); `None` when nobody is signed in.
    fn in_pane<R>(
        &mut self,
        id: PaneId,
        now: DateTime<Utc>,
        work: impl FnOnce(&mut dyn Pane, &mut Context) -> R,
    ) -> Option<R> {
        let operator = self.operator.as_ref()?;
        let mut cx = Context {
            store: &mut self.store,
            shared: &self.shared,
            operator,
            lang: self.lang,
            now,
            day: self.shared.day_of(now),
        };
        Some(work(self.panes[id as usize].as_mut(), &mut cx))
    }

    /// What follows a pane's successful write: its message, a reload of the shared part if
    /// the write changed it, and the next form if there is one. The pane already holds the
    /// write's result; the other panes see it when next shown.
    fn finish(&mut self, id: PaneId, done: Done, now: DateTime<Utc>) {
        for other in PaneId::iter().filter(|&p| p != id) {
            self.stale[other as usize] = true;
        }
        match done.status {
            Some(text) => self.set_status(Ok(text)),
            None => self.status = None,
        }
        if done.shared_changed
            && let Err(e) = self.reload_shared(now)
        {
            self.report_store_error(&e);
        }
        if let Some(operator) = done.operator {
            self.operator = Some(operator);
        }
        if let Some(form) = done.follow_up {
            self.modals.push(Modal::form(Owner::Pane(id), form));
        }
        if let Some((pane, target)) = done.goto {
            self.apply(Action::Goto(pane, target), now);
        }
        if let Some(page) = done.page {
            self.modals.push(Modal::Info(page));
        }
    }

    fn reload_shared(&mut self, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.shared = Shared::load(&self.store, now)?;
        self.keep_current_shown();
        Ok(())
    }

    /// Sets up the office or signs someone in.
    /// The next person signs in before the desk can be used again.
    fn sign_out(&mut self) {
        self.operator = None;
        self.status = None;
        if let Err(e) = self.open_gate() {
            self.report_store_error(&e);
        }
    }

    fn enter(&mut self, form: &Form, now: DateTime<Utc>) -> Result<(), Refusal> {
        if gate::is_leave(form) {
            let Some(operator) = self.operator.clone() else {
                return Ok(());
            };
            let said = gate::leave(form, &mut self.store, &self.shared, &operator, now)?;
            self.sign_out();
            self.set_status(Ok(said));
            return Ok(());
        }
        if gate::is_acknowledge(form) {
            let Some(operator) = self.operator.clone() else {
                return Ok(());
            };
            let said = gate::acknowledge(form, &mut self.store, &self.shared, &operator, now)?;
            self.refilter_evidence();
            self.set_status(Ok(said));
            return Ok(());
        }
        let passed = gate::submit(form, &mut self.store, &self.shared, now)?;
        let entered = match passed {
            gate::Passed::Quit => {
                self.quit = true;
                return Ok(());
            }
            gate::Passed::Entered(entered) => entered,
        };
        let message = match notices::refusals(&[], &self.shared, &entered.operator) {
            Some(refusals) => entered.message.and(refusals),
            None => entered.message,
        };
        self.operator = Some(entered.operator);
        if entered.first_run {
            self.reload_or_report(now, true);
            self.current = PaneId::Staff;
        }
        self.set_status(Ok(message));
        // Said by the gate, not by a tab: shown on every tab.
        self.status_tab = None;
        self.greet(now);
        Ok(())
    }

    /// The pages the panes show whoever just signed in (HND-8 at the day's first sign-in).
    fn greet(&mut self, now: DateTime<Utc>) {
        let Some(operator) = self.operator.as_ref() else {
            return;
        };
        let tz = self.shared.settings.timezone();
        let start = crate::domain::workdays::local_hour(self.shared.day, 0, tz);
        // The sign-in just made is the day's only one (or could not be recorded).
        let first_today = self.store.sign_ins_since(start).is_ok_and(|n| n <= 1);
        let view = View::live(&self.shared, self.lang, now, operator);
        let desks = self.shared.settings.desks();
        let mut pages = Vec::new();
        let mut failed = None;
        for (id, pane) in PaneId::iter().zip(self.panes.iter_mut()) {
            if id.shown(desks) {
                match pane.greet(&self.store, &view, first_today) {
                    Ok(page) => pages.extend(page),
                    Err(e) => failed = Some(e),
                }
            }
        }
        self.modals.extend(pages.into_iter().map(Modal::Info));
        // Another desk writing is no news: the page is only missed, the tab still has it.
        if let Some(e) = failed.filter(|e| !matches!(e, StoreError::Busy)) {
            self.report_store_error(&e);
        }
    }

    /// The status line, if the tab shown is the one whose action said it (or it was said
    /// before anyone signed in).
    fn shown_status(&self) -> Option<&Status> {
        let here = self.status_tab.is_none_or(|tab| tab == self.current);
        self.status.as_ref().filter(|_| here)
    }

    /// Closes the form on top; what the clerk typed into it is kept as a draft.
    fn close_keeping_draft(&mut self, now: DateTime<Utc>) {
        let Some(Modal::Form { form, .. }) = self.modals.pop() else {
            return;
        };
        let at = now
            .with_timezone(&self.shared.settings.timezone())
            .format("%H:%M")
            .to_string();
        if form.keeps_drafts()
            && let Some(draft) = form.draft(at)
        {
            self.drafts.retain(|d| !d.same_form(&draft));
            self.drafts.push(draft);
        }
    }

    /// `q` or Ctrl-C: quits at once when nothing would be lost; with typed text in a form or
    /// a clerk on duty it asks first (quitting records nothing: it is not F3's leaving the
    /// desk). A second Ctrl-C while asking quits.
    fn ask_to_quit(&mut self) {
        if matches!(self.modals.last(), Some(Modal::ConfirmQuit(_))) {
            self.quit = true;
            return;
        }
        let lang = self.lang;
        let typed = self
            .modals
            .iter()
            .any(|m| matches!(m, Modal::Form { form, .. } if form.holds_input()));
        let on_duty = match &self.operator {
            // When the file cannot say, ask: a question costs a key, a lost shift more.
            Some(op) => self.store.on_duty(op.id).map_or(true, |d| d.is_some()),
            None => false,
        };
        if !typed && !on_duty {
            self.quit = true;
            return;
        }
        let mut lines = Vec::new();
        if typed {
            lines.push(Ui::QuitWithDraft.text(lang).to_owned());
        }
        if let (true, Some(op)) = (on_duty, &self.operator) {
            lines.push(fill(Ui::QuitOnDuty.text(lang), &[("name", &op.name)]));
        }
        lines.push(String::new());
        lines.push(Ui::QuitAsk.text(lang).to_owned());
        let ask = Info::new(Ui::QuitTitle.text(lang).to_owned(), lines);
        self.modals.push(Modal::ConfirmQuit(ask));
    }

    fn set_status(&mut self, result: Result<Said, Said>) {
        self.status_changes += 1;
        self.status_tab = self.operator.is_some().then_some(self.current);
        self.status = Some(match result {
            Ok(said) => Status::new(said, false),
            Err(said) => Status::new(said, true),
        });
    }
}

/// The shell's own key table, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn global_key_table() -> Vec<super::keys::Entry> {
    super::keys::entries(GLOBAL_KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_global_key_that_signs_out_or_switches_language_is_a_pane_keys_shifted_twin() {
        let pane_keys: Vec<String> = PaneId::iter()
            .flat_map(|id| id.create().hints())
            .map(|h| h.key.to_lowercase())
            .collect();
        for binding in GLOBAL_KEYS
            .iter()
            .filter(|b| matches!(b.command, Global::SignOut | Global::Lang))
        {
            let lower = binding.key_name().to_lowercase();
            assert!(!pane_keys.contains(&lower), "{lower} is a pane key");
        }
    }
}
