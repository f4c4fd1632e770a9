//! The handover pane's keys against a store (issue 16 §1, §5): what a key marks read, and
//! that the tick never writes.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::domain::handover::{CheckedItem, LogEntryForm, Priority, validate_log_entry};
use crate::domain::settings::{DeskKinds, OfficeSettings};
use crate::domain::staff::{Role, Staff};
use crate::i18n::Lang;
use crate::store::PinAuthority;
use crate::store::handover::HandoverRecord;
use crate::ui::context::Context;

const BOSS_PIN: &str = "2468";
const OUT_PIN: &str = "1357";
const IN_PIN: &str = "8642";

fn now() -> DateTime<Utc> {
    // 16:00 in Shanghai.
    Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
}

/// An office whose outgoing clerk has logged `entries` and handed over; the incoming clerk
/// is at this desk.
pub(super) struct Desk {
    pub store: Store,
    pub shared: Shared,
    pub boss: Staff,
    pub outgoing: Staff,
    pub incoming: Staff,
}

impl Desk {
    pub fn new() -> Desk {
        let mut store = Store::open_in_memory().unwrap();
        let settings = OfficeSettings::default().with_desks(DeskKinds::Both);
        let boss = store
            .set_up_office("西堤国际", "陈经理", BOSS_PIN, BOSS_PIN, &settings, now())
            .unwrap();
        let approval = store.approve(None, boss, BOSS_PIN, now()).unwrap();
        let out = store
            .add_staff(boss, approval, "前台小刘", Role::Clerk, None, now())
            .unwrap();
        store
            .set_pin(
                boss,
                PinAuthority::Supervisor(approval),
                out,
                OUT_PIN,
                OUT_PIN,
                now(),
            )
            .unwrap();
        let inc = store
            .add_staff(
                boss,
                approval,
                "前台小王",
                Role::Clerk,
                Some((IN_PIN, IN_PIN)),
                now(),
            )
            .unwrap();
        let shared = Shared::load(&store, now()).unwrap();
        let find = |id| shared.staff.iter().find(|s| s.id == id).unwrap().clone();
        let (boss, outgoing, incoming) = (find(boss), find(out), find(inc));
        Desk {
            store,
            shared,
            boss,
            outgoing,
            incoming,
        }
    }

    pub fn log(&mut self, by: StaffId, text: &str, at: DateTime<Utc>) {
        let draft = validate_log_entry(&LogEntryForm {
            priority: Priority::Normal,
            tags: Vec::new(),
            text: text.into(),
        })
        .unwrap();
        self.store.log_entry(by, &draft, at).unwrap();
    }

    pub fn hand_over(&mut self) -> HandoverRecord {
        let checklist: Vec<CheckedItem> = self
            .shared
            .settings
            .handover_checklist()
            .iter()
            .map(|item| CheckedItem {
                item: item.clone(),
                ticked: true,
                note: String::new(),
            })
            .collect();
        let out = self.outgoing.id;
        let signed = self.store.sign(Some(out), out, OUT_PIN, now()).unwrap();
        self.store
            .submit_handover(signed, &checklist, now())
            .unwrap()
    }

    pub fn view<'a>(&'a self, operator: &'a Staff) -> View<'a> {
        View::live(&self.shared, Lang::En, now(), operator)
    }

    /// Draws the pane at `width` columns, as the terminal would.
    pub fn draw(&self, pane: &HandoverPane, operator: &Staff, width: u16) {
        let mut terminal = Terminal::new(TestBackend::new(width, 24)).unwrap();
        let view = self.view(operator);
        terminal.draw(|f| pane.render(f, f.area(), &view)).unwrap();
    }

    /// Runs a command the pane asked for, as the shell would.
    pub fn run(&mut self, pane: &mut HandoverPane, operator: &Staff, action: Action) -> Done {
        let Action::Command(command) = action else {
            panic!("a command was expected");
        };
        let mut cx = Context {
            store: &mut self.store,
            shared: &self.shared,
            operator,
            lang: Lang::En,
            now: now(),
            day: self.shared.day,
        };
        match Pane::command(pane, &command, &mut cx) {
            Ok(done) => done,
            Err(_) => panic!("the command was refused"),
        }
    }
}

pub(super) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn reads(store: &Store, record: &HandoverRecord, by: StaffId) -> usize {
    let state = store.handover(record.id).unwrap().unwrap().state;
    state.keys().len() - state.unread(by).len()
}

#[test]
fn hnd_2_a_tick_writes_nothing_the_read_is_written_by_the_command_the_key_returns() {
    let mut desk = Desk::new();
    let out = desk.outgoing.id;
    desk.log(out, "Keys to building 3 lent", now());
    desk.log(out, "Parcel for 1203", now());
    let record = desk.hand_over();
    let incoming = desk.incoming.clone();
    let mut pane = HandoverPane::default();
    pane.tick(&desk.store, &desk.view(&incoming), None).unwrap();
    desk.draw(&pane, &incoming, 80);
    let action = pane.handle_key(&key(KeyCode::Down), &desk.view(&incoming));
    let version = desk.store.data_version().unwrap();
    for _ in 0..3 {
        pane.tick(&desk.store, &desk.view(&incoming), None).unwrap();
    }
    assert_eq!(reads(&desk.store, &record, incoming.id), 0, "a tick wrote");
    assert_eq!(desk.store.data_version().unwrap(), version);
    desk.run(&mut pane, &incoming, action.unwrap());
    assert_eq!(reads(&desk.store, &record, incoming.id), 1);
}

#[test]
fn hnd_2_a_row_cut_with_an_ellipsis_is_not_read_by_passing_over_it_only_when_opened() {
    let mut desk = Desk::new();
    let out = desk.outgoing.id;
    desk.log(out, "Short", now());
    let long = "The lift in building 2 stopped between floors; engineering freed one \
                resident after twenty minutes and the lift stays out of use until serviced";
    desk.log(out, long, now());
    let record = desk.hand_over();
    let incoming = desk.incoming.clone();
    let mut pane = HandoverPane::default();
    pane.tick(&desk.store, &desk.view(&incoming), None).unwrap();
    desk.draw(&pane, &incoming, 80);
    // The rows: no open items, so the two entries; the long one is cut at 80 columns.
    let keys = record.state.keys();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let first = pane.handle_key(&key(KeyCode::Up), &desk.view(&incoming));
    desk.run(&mut pane, &incoming, first.unwrap());
    let passed = pane.handle_key(&key(KeyCode::Down), &desk.view(&incoming));
    assert!(
        matches!(passed, Some(Action::Handled)),
        "passing over a cut row"
    );
    assert!(pane.to_mark.is_empty());
    assert_eq!(reads(&desk.store, &record, incoming.id), 1);
    // Opened, it is shown whole on a page, and read.
    let opened = pane.handle_key(&key(KeyCode::Enter), &desk.view(&incoming));
    assert!(pane.page.is_some());
    desk.run(&mut pane, &incoming, opened.unwrap());
    assert_eq!(reads(&desk.store, &record, incoming.id), 2);
    // On a wide enough screen the same row is whole, and selecting it reads it.
    let mut wide = HandoverPane::default();
    let mut other = desk.boss.clone();
    other.role = Role::Clerk;
    wide.tick(&desk.store, &desk.view(&other), None).unwrap();
    desk.draw(&wide, &other, 200);
    wide.handle_key(&key(KeyCode::Up), &desk.view(&other));
    let whole = wide.handle_key(&key(KeyCode::Down), &desk.view(&other));
    desk.run(&mut wide, &other, whole.unwrap());
    assert_eq!(reads(&desk.store, &record, other.id), 2);
}

/// The pane drawn at 80×24 as text, one line without spaces.
fn drawn(desk: &Desk, pane: &HandoverPane, operator: &Staff) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let view = desk.view(operator);
    terminal.draw(|f| pane.render(f, f.area(), &view)).unwrap();
    // Spaces left out: a double-width character's right half is drawn as one.
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect::<String>()
        .replace(' ', "")
}

#[test]
fn the_header_s_on_duty_since_is_when_this_person_s_duty_began_not_the_last_operator_s_latest_entry()
 {
    let mut desk = Desk::new();
    let clerk = desk.outgoing.clone();
    let boss = desk.boss.clone();
    // 前台小刘 on duty since 08:28, writing again at 10:05; the supervisor arrives after.
    let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, 22, h - 8, m, 0).unwrap();
    desk.log(clerk.id, "到岗", at(8, 28));
    desk.log(clerk.id, "快递", at(10, 5));
    let mut pane = HandoverPane::default();
    pane.tick(&desk.store, &desk.view(&clerk), None).unwrap();
    let s = drawn(&desk, &pane, &clerk);
    assert!(s.contains("Onduty:前台小刘(since08:28)"), "{s}");
    // The supervisor signs in at this desk: their own duty, not the clerk's hours.
    pane.tick(&desk.store, &desk.view(&boss), None).unwrap();
    let s = drawn(&desk, &pane, &boss);
    assert!(s.contains("Onduty:陈经理(nothingloggedyet)"), "{s}");
    assert!(!s.contains("(since"), "{s}");
}

#[test]
fn hnd_6_the_day_review_lists_the_log_entries_in_no_handover_as_the_report_does() {
    let mut desk = Desk::new();
    let clerk = desk.outgoing.clone();
    desk.log(clerk.id, "Handed over with this one", now());
    desk.hand_over();
    desk.log(clerk.id, "Written after the handover", now());
    let tz = desk.shared.settings.timezone();
    let review = desk.store.day_review(desk.shared.day, tz).unwrap();
    assert_eq!(review.other_log.len(), 1);
    let page = review::page(&review, &desk.view(&clerk));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| page.render(f, f.area(), Lang::En))
        .unwrap();
    let s: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(s.contains("in no handover of it (1)"), "{s}");
    assert!(s.contains("Written after the handover"), "{s}");
}

/// A store slow to compute the open items (issue 18): each ask is answered only when the
/// test sends the items.
struct Slow {
    asked: std::rc::Rc<std::cell::Cell<usize>>,
    answers: std::sync::mpsc::Receiver<Vec<HandoverItem>>,
}

impl items::ItemSource for Slow {
    fn ask(&mut self, _store: &Store, _now: DateTime<Utc>) {
        self.asked.set(self.asked.get() + 1);
    }

    fn take(&mut self) -> Option<items::Answer> {
        self.answers.try_recv().ok().map(Ok)
    }
}

#[test]
fn the_handover_tab_answers_a_key_while_its_items_are_being_computed() {
    let desk = Desk::new();
    let clerk = desk.outgoing.clone();
    let asked = std::rc::Rc::new(std::cell::Cell::new(0));
    let (answer, answers) = std::sync::mpsc::channel();
    let slow = Slow {
        asked: asked.clone(),
        answers,
    };
    let mut pane = HandoverPane {
        items: items::Items::from_source(Box::new(slow)),
        ..HandoverPane::default()
    };
    pane.tick(&desk.store, &desk.view(&clerk), None).unwrap();
    assert_eq!(asked.get(), 1);
    let s = drawn(&desk, &pane, &clerk);
    assert!(s.contains("Openitems0(stillworking…)"), "{s}");
    assert!(
        !s.contains("Openitems0(stillworking…)(none)"),
        "nothing is said to be open before the answer: {s}"
    );
    // Keys are answered meanwhile: a log entry's form opens.
    let action = pane.handle_key(&key(KeyCode::Char('l')), &desk.view(&clerk));
    assert!(matches!(action, Some(Action::Open(_))));
    // Another desk writes while the items are computed: asked again once answered, not
    // twice at once.
    pane.refresh(&desk.store, &desk.shared).unwrap();
    pane.tick(&desk.store, &desk.view(&clerk), None).unwrap();
    assert_eq!(asked.get(), 1);
    let owed = HandoverItem::MakeUpOwed {
        salesperson: desk.boss.id,
        count: 1,
    };
    answer.send(vec![owed.clone()]).unwrap();
    pane.tick(&desk.store, &desk.view(&clerk), None).unwrap();
    assert_eq!(asked.get(), 2, "the ask held back went out");
    let s = drawn(&desk, &pane, &clerk);
    assert!(s.contains("Openitems1(stillworking…)"), "{s}");
    answer.send(vec![owed]).unwrap();
    pane.tick(&desk.store, &desk.view(&clerk), None).unwrap();
    let s = drawn(&desk, &pane, &clerk);
    assert!(s.contains("Openitems1"), "{s}");
    assert!(!s.contains("stillworking"), "{s}");
}

#[test]
fn the_handover_tab_on_a_file_computes_its_items_on_a_thread_of_its_own() {
    // The worker opens its own store on the file: what it answers is what the store says.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path).unwrap();
    let settings = OfficeSettings::default().with_desks(DeskKinds::Both);
    store
        .set_up_office("西堤国际", "陈经理", BOSS_PIN, BOSS_PIN, &settings, now())
        .unwrap();
    let mut worker = items::Worker::default();
    use items::ItemSource;
    worker.ask(&store, now());
    let started = std::time::Instant::now();
    let answer = loop {
        if let Some(answer) = worker.take() {
            break answer;
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "no answer from the worker"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert_eq!(answer.unwrap(), store.handover_items(now()).unwrap());
}

#[test]
fn hnd_1_a_waiting_parcel_item_opens_the_lobbys_parcel_list_at_that_parcel() {
    let item = HandoverItem::ParcelWaiting {
        parcel: 8,
        carrier: "顺丰".into(),
        room: "A座 501".into(),
        shelf: "A-3".into(),
        since: Utc.with_ymd_and_hms(2026, 11, 20, 1, 30, 0).unwrap(),
    };
    assert_eq!(
        target(&item),
        Some((
            PaneId::Lobby,
            Target::Parcel(crate::domain::lobby::parcel::ParcelId(8))
        ))
    );
}

/// The colours and emphasis of the line of the pane drawn at `at` (80×24) that says `text`
/// (its first cell's: a refusal's line is one style across).
fn style_of_line(
    desk: &Desk,
    pane: &HandoverPane,
    operator: &Staff,
    at: DateTime<Utc>,
    text: &str,
) -> ratatui::style::Style {
    drawn_style(desk, pane, operator, at, false, text)
}

/// As [`style_of_line`], drawn `at_rest` or not.
fn drawn_style(
    desk: &Desk,
    pane: &HandoverPane,
    operator: &Staff,
    at: DateTime<Utc>,
    at_rest: bool,
    text: &str,
) -> ratatui::style::Style {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let view = View {
        now: at,
        at_rest,
        ..desk.view(operator)
    };
    terminal.draw(|f| pane.render(f, f.area(), &view)).unwrap();
    let buffer = terminal.backend().buffer();
    let y = (0..24)
        .find(|&y| {
            let line: String = (0..80).map(|x| buffer[(x, y)].symbol()).collect();
            line.contains(text)
        })
        .unwrap_or_else(|| panic!("no line says {text:?}"));
    let style = buffer[(0, y)].style();
    ratatui::style::Style {
        underline_color: None,
        ..style
    }
}

#[test]
fn the_refusal_an_alert_names_flashes_on_the_handover_tab_until_the_flash_ends() {
    use crate::domain::alert::AlertEvent;
    use crate::domain::handover::HandoverEvent;
    use crate::ui::alerts::FLASH;
    use crate::ui::theme::Theme;
    let mut desk = Desk::new();
    let out = desk.outgoing.clone();
    desk.log(out.id, "Keys to building 3 lent", now());
    let record = desk.hand_over();
    let refuse = HandoverEvent::Refuse {
        by: desk.incoming.id,
        reason: "The radio is missing".into(),
    };
    desk.store
        .handover_event(desk.incoming.id, record.id, &refuse, None, now())
        .unwrap();
    let mut pane = HandoverPane::default();
    pane.tick(&desk.store, &desk.view(&out), None).unwrap();
    let refused = "was refused by";
    let at_rest = style_of_line(&desk, &pane, &out, now(), refused);
    assert_eq!(
        at_rest,
        Theme::error(),
        "no alert yet: the refusal's own colour"
    );
    // Another handover's refusal flashes nothing here.
    let other = crate::domain::handover::HandoverId(record.id.0 + 1);
    pane.flash(&[AlertEvent::HandoverRefused(other)], now() + FLASH);
    assert_eq!(style_of_line(&desk, &pane, &out, now(), refused), at_rest);
    // This one's: its lines flash from the moment drawn until the flash's end, then not.
    pane.flash(&[AlertEvent::HandoverRefused(record.id)], now() + FLASH);
    assert_eq!(
        style_of_line(&desk, &pane, &out, now(), refused),
        Theme::flash()
    );
    // A screen drawn at rest (a test's, whose clock stands still) shows no flash.
    assert_eq!(
        drawn_style(&desk, &pane, &out, now(), true, refused),
        at_rest
    );
    let last_moment = now() + FLASH - chrono::Duration::milliseconds(1);
    assert_eq!(
        style_of_line(&desk, &pane, &out, last_moment, refused),
        Theme::flash()
    );
    assert_eq!(
        style_of_line(&desk, &pane, &out, now() + FLASH, refused),
        at_rest
    );
}
