//! The complaints pane at the lobby desk (issue 9 §3–5), driven by keys as a clerk would: a
//! complaint taken through the guided intake in the standard phrases, the steps that refuse
//! to be skipped, a phrase's blank asked for, the open list with its clocks, the next step
//! of a complaint through to an unsatisfied follow-up, and a repair's on-site clock. The
//! demo's desk already has open work and six months of history, so a new complaint is found
//! by the number the status line gives it.

mod common;

use common::{
    demo_app, demo_on, demo_on_file, now, one_line, press, save, screen, settings,
    sign_in_first_listed, typed,
};
use frontdesk::domain::clock::FixedClock;
use frontdesk::domain::complaint::Nature;
use frontdesk::domain::workdays::WorkCalendar;
use frontdesk::i18n::Lang;
use frontdesk::store::Store;
use frontdesk::ui::App;
use ratatui::crossterm::event::KeyCode;

/// The complaints tab: the digit after the panes before it.
fn complaints_tab(app: &mut App) {
    let digit = (1..=9).map(|d| char::from_digit(d, 10).unwrap()).find(|d| {
        press(app, KeyCode::Char(*d));
        app.tick();
        let s = screen(app, 80, 24);
        s.contains("Open complaints")
            || s.contains("No open complaints")
            || s.contains("未结")
            || s.contains("没有未结")
    });
    assert!(
        digit.is_some(),
        "no complaints tab:\n{}",
        screen(app, 80, 24)
    );
}

/// The next step: in an intake or step form, saves it (Ctrl-S, from whatever field the
/// cursor is on: the phrase list's "→ next step" is what it starts on); on the open list,
/// Enter takes the selected item to its next step.
fn step(app: &mut App) {
    // A dialog is drawn in a rounded box; the open list is not.
    if screen(app, 80, 24).contains('╭') {
        save(app);
    } else {
        // `s`: the next step (issue 20: `Enter` opens the record on every tab).
        press(app, KeyCode::Char('s'));
    }
    app.tick();
}

/// Says the phrase the picker finds by `words`.
fn say(app: &mut App, words: &str) {
    typed(app, words);
    step(app);
}

/// Moves to the next field and types into it (a picker: filters it).
fn next_field(app: &mut App, text: &str) {
    press(app, KeyCode::Tab);
    typed(app, text);
}

fn shown(app: &App) -> String {
    one_line(&screen(app, 80, 24))
}

/// The number the status line gave what was just filed: `Complaint #136 taken` → 136.
fn number_after(app: &App, before: &str) -> u32 {
    let s = shown(app);
    let rest = s
        .split(before)
        .nth(1)
        .unwrap_or_else(|| panic!("no {before:?} on the screen: {s}"));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {before:?}: {s}"))
}

/// Selects the open list's row that shows `needle` (the list is due first, so a new one is
/// not necessarily at the top), and reads its record.
fn select_row(app: &mut App, needle: &str) {
    let s = screen(app, 80, 24);
    let lines: Vec<&str> = s.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Due") || l.trim_start().starts_with("时限"))
        .unwrap_or_else(|| panic!("no open list:\n{s}"));
    let row = lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle:?}:\n{s}"));
    for _ in 0..20 {
        press(app, KeyCode::Up);
    }
    for _ in 0..row - header - 1 {
        press(app, KeyCode::Down);
    }
    app.tick();
}

/// Greets, takes the complainant's details and what happened, up to the empathy step.
fn through_listening(app: &mut App, complainant: &str) {
    press(app, KeyCode::Char('n'));
    app.tick();
    say(app, "What can we do");
    next_field(app, "phone");
    press(app, KeyCode::Tab); // not in the directory
    next_field(app, complainant);
    next_field(app, "13912345678");
    next_field(app, "");
    next_field(app, "1-2-301");
    step(app); // to listening
    next_field(app, "Lift stuck between floors twice this week");
    step(app); // to empathy
}

#[test]
fn cmp_2_cmp_9_a_complaint_taken_in_the_phrases_is_open_with_its_deadline() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    through_listening(&mut app, "王先生");
    assert!(
        shown(&app).contains("step 3 of 6"),
        "{}",
        screen(&app, 80, 24)
    );
    // CMP-2: no classifying before the customer heard an apology.
    step(&mut app);
    assert!(
        shown(&app).contains("CMP-2: say a phrase of apology first"),
        "{}",
        shown(&app)
    );
    say(&mut app, "completely understand");
    assert!(shown(&app).contains("I completely understand how you feel."));
    step(&mut app); // to classify
    next_field(&mut app, "department");
    next_field(&mut app, "major");
    next_field(&mut app, "public");
    next_field(&mut app, "engineering");
    step(&mut app); // to the promise
    let tz = chrono_tz::Asia::Shanghai;
    let due = WorkCalendar::new().deadline(now(), tz, Nature::Major, 0);
    assert!(
        shown(&app).contains(&format!("Due: {} (CMP-5)", due.format("%m-%d"))),
        "{}",
        screen(&app, 80, 24)
    );
    // CMP-9: the customer is told the time before the intake closes.
    step(&mut app);
    assert!(
        shown(&app).contains("CMP-9: tell them when"),
        "{}",
        screen(&app, 80, 24)
    );
    say(&mut app, "reply to you by");
    let spoken = format!("We will reply to you by {}.", due.format("%-d %B"));
    assert!(shown(&app).contains(&spoken), "{}", screen(&app, 80, 24));
    step(&mut app); // to close
    say(&mut app, "Goodbye");
    step(&mut app); // filed
    let s = shown(&app);
    let id = number_after(&app, "Complaint #");
    assert!(id > 100, "after the demo's history: {s}");
    assert!(
        s.contains(&format!(
            "Complaint #{id} taken; reply due {}",
            due.format("%m-%d")
        )),
        "{s}"
    );
    assert!(s.contains("1-2-301"), "the open list shows it: {s}");
    assert!(s.contains("investigate"), "its next step: {s}");
    // The record keeps the conversation as said; the new complaint is the one selected.
    press(&mut app, KeyCode::Enter);
    let s = shown(&app);
    assert!(s.contains("I completely understand how you feel."), "{s}");
    assert!(s.contains(&spoken), "{s}");
    assert!(
        s.contains("139 1234 5678"),
        "the record shows the whole phone: {s}"
    );
}

#[test]
fn cmp_3_a_blank_the_record_cannot_fill_is_asked_for_and_nothing_typed_is_lost() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    through_listening(&mut app, "王芳");
    // "Hello, is this {surname}?": the surname is read from the name, but the console
    // cannot tell 先生 from 女士, so it asks that alone.
    say(&mut app, "is this");
    let s = shown(&app);
    assert!(s.contains("Mr or Ms"), "{s}");
    assert!(!s.contains("Their surname"), "the surname is known: {s}");
    typed(&mut app, "ms");
    step(&mut app);
    assert!(shown(&app).contains("is this Ms 王?"), "{}", shown(&app));
    // Asked once: the next phrase that needs it is said at once.
    say(&mut app, "is this");
    assert!(!shown(&app).contains("Mr or Ms"), "{}", shown(&app));
    // Esc leaves the intake; n comes back to the same step with everything kept.
    press(&mut app, KeyCode::Esc);
    app.tick();
    assert!(shown(&app).contains("The complaint intake is kept"));
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    assert!(shown(&app).contains("step 3 of 6"), "{}", shown(&app));
    assert!(shown(&app).contains("is this Ms 王?"));
}

#[test]
fn cmp_3_surname_is_filled_with_surname_and_title_and_a_surname_given_is_not_the_complainant() {
    let mut app = demo_app(Lang::Zh);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    // At the greeting, before any name is typed: the phrase asks the surname and the title.
    say(&mut app, "请问是");
    let s = shown(&app);
    assert!(s.contains("客户的姓") && s.contains("先生/女士"), "{s}");
    typed(&mut app, "欧阳");
    next_field(&mut app, "女士");
    step(&mut app);
    let s = shown(&app);
    assert!(s.contains("您好,请问是欧阳女士吗?"), "{s}");
    // The greeting's complainant field is still empty: the surname was for the phrase.
    let complainant_row = screen(&app, 80, 24)
        .lines()
        .find(|l| l.contains("投诉人"))
        .unwrap_or_default()
        .to_owned();
    assert!(!complainant_row.contains("欧阳"), "{complainant_row}");
    // Once the name is typed, its surname (compound ones too) is the one said.
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "phone");
    press(&mut app, KeyCode::Tab); // not in the directory
    next_field(&mut app, "李秀英");
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    say(&mut app, "请问是");
    let s = shown(&app);
    assert!(
        s.contains("您好,请问是李女士吗?"),
        "{}",
        screen(&app, 80, 24)
    );
    assert!(!s.contains("李秀英吗"), "never the full name: {s}");
}

#[test]
fn cmp_9_a_reply_promised_after_the_deadline_is_refused_on_the_promise_step() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    through_listening(&mut app, "王先生");
    say(&mut app, "completely understand");
    let tz = chrono_tz::Asia::Shanghai;
    let due = WorkCalendar::new().deadline(now(), tz, Nature::Major, 0);
    let late = due + chrono::Duration::days(13);
    // Before the nature is known the console cannot fill {deadline}: it asks for a date.
    say(&mut app, "reply to you by");
    assert!(shown(&app).contains("Reply by"), "{}", shown(&app));
    typed(&mut app, "soon");
    step(&mut app);
    assert!(
        shown(&app).contains("Reply by: type a date, like 12-07"),
        "{}",
        shown(&app)
    );
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, &late.format("%m-%d").to_string());
    step(&mut app);
    let promised = format!("We will reply to you by {}.", late.format("%-d %B"));
    assert!(shown(&app).contains(&promised), "{}", screen(&app, 80, 24));
    step(&mut app); // to classify
    next_field(&mut app, "department");
    next_field(&mut app, "major");
    next_field(&mut app, "public");
    next_field(&mut app, "engineering");
    step(&mut app); // to the promise
    step(&mut app); // on: refused, the promise is later than the deadline
    let s = shown(&app);
    // Said under the promise's phrase list, wrapped to its column.
    assert!(
        s.contains(&format!(
            "CMP-9: reply promised by {},",
            late.format("%m-%d")
        )) && s.contains(&format!("after the deadline {}", due.format("%m-%d")))
            && s.contains("supervisor-approved extension"),
        "{}",
        screen(&app, 80, 24)
    );
    assert!(s.contains("step 5 of 6"), "still on the promise: {s}");
    // Promised again by the deadline, it goes on and is filed.
    say(&mut app, "reply to you by");
    step(&mut app); // to close
    assert!(shown(&app).contains("step 6 of 6"), "{}", shown(&app));
    step(&mut app); // filed
    assert!(shown(&app).contains("taken; reply due"), "{}", shown(&app));
}

#[test]
fn cmp_5_the_record_of_an_extension_names_the_supervisor_who_approved_it() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    through_listening(&mut app, "王先生");
    say(&mut app, "completely understand");
    step(&mut app);
    next_field(&mut app, "department");
    next_field(&mut app, "major");
    next_field(&mut app, "public");
    next_field(&mut app, "engineering");
    step(&mut app);
    say(&mut app, "reply to you by");
    step(&mut app);
    step(&mut app); // filed
    select_row(&mut app, "1-2-301");
    press(&mut app, KeyCode::Char('E'));
    app.tick();
    typed(&mut app, "2");
    press(&mut app, KeyCode::Tab); // the supervisor: the demo's only one, chosen
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "1234");
    save(&mut app);
    app.tick();
    assert!(
        shown(&app).contains("extend the deadline"),
        "{}",
        shown(&app)
    );
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = shown(&app);
    assert!(
        s.contains("extend the deadline:2 more working days, approved") && s.contains("by 陈经理"),
        "{}",
        screen(&app, 80, 24)
    );
}

#[test]
fn cmp_8_an_unsatisfied_follow_up_sends_the_complaint_back_to_be_handled_again() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    through_listening(&mut app, "王先生");
    say(&mut app, "completely understand");
    step(&mut app);
    next_field(&mut app, "department");
    next_field(&mut app, "general");
    next_field(&mut app, "public");
    next_field(&mut app, "engineering");
    step(&mut app);
    say(&mut app, "reply to you by");
    step(&mut app);
    step(&mut app); // filed
    let id = number_after(&app, "Complaint #");
    // Enter takes the selected complaint through its next steps (CMP-7, CMP-10); a reply
    // moves it down the list (nothing is due until the follow-up) and it stays selected.
    select_row(&mut app, "1-2-301");
    for text in [
        "Worn brake",
        "Li Gong",
        "Replace the brake",
        "Zhang (engineering)",
        "Brake replaced",
    ] {
        step(&mut app);
        assert!(shown(&app).contains(&format!("#{id}:")), "{}", shown(&app));
        typed(&mut app, text);
        step(&mut app);
        assert!(!shown(&app).contains("required"), "{}", shown(&app));
    }
    assert!(shown(&app).contains("follow up"), "{}", shown(&app));
    step(&mut app);
    // The prescribed questions are beside the follow-up form, the customer addressed by
    // surname and title, not by the name as recorded.
    assert!(
        shown(&app).contains("Are you satisfied with how this was"),
        "{}",
        screen(&app, 80, 24)
    );
    assert!(
        shown(&app).contains("is this Mr 王?"),
        "{}",
        screen(&app, 80, 24)
    );
    typed(&mut app, "no");
    next_field(&mut app, "Still stops at 3F");
    step(&mut app);
    let s = shown(&app);
    assert!(
        s.contains(&format!(
            "#{id} not satisfied: handled again and visited again (CMP-8)"
        )),
        "{s}"
    );
    assert!(s.contains("investigate"), "back to investigation: {s}");
}

#[test]
fn cmp_6_a_repair_order_runs_its_on_site_clock_from_the_report() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Tab); // not in the directory
    typed(&mut app, "李女士");
    next_field(&mut app, "13800001111");
    next_field(&mut app, "2-1-502");
    next_field(&mut app, "Burst pipe in the kitchen");
    next_field(&mut app, "extra");
    save(&mut app); // the appointment left empty
    app.tick();
    let s = shown(&app);
    let id = number_after(&app, "Repair #");
    assert!(s.contains(&format!("Repair #{id} recorded")), "{s}");
    assert!(
        s.contains("10m left"),
        "extra-urgent: on site within 10 minutes: {s}"
    );
}

#[test]
fn a_repair_record_shows_only_the_steps_that_happened_never_a_phantom_receive() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Tab); // not in the directory
    typed(&mut app, "李女士");
    next_field(&mut app, "13800001111");
    next_field(&mut app, "2-1-502");
    next_field(&mut app, "Burst pipe in the kitchen");
    next_field(&mut app, "extra");
    save(&mut app);
    app.tick();
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = shown(&app);
    assert!(
        s.contains("Reported at 11-22 11:30 by 前台小刘 · next: engineering receives"),
        "{}",
        screen(&app, 80, 24)
    );
    // Nobody received it: no line puts the step beside a time and a clerk, and no list of
    // what was done.
    assert!(!s.contains("前台小刘 · engineering receives"), "{s}");
    assert!(!s.contains("What was done"), "{s}");
    // Who reported it, named as what they are: not a complainant.
    assert!(s.contains("Reported by: 李女士"), "{s}");
    assert!(!s.contains("Complainant"), "{s}");
}

#[test]
fn a_repair_with_a_bad_phone_says_so_and_keeps_what_was_typed() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Tab); // not in the directory
    typed(&mut app, "李女士");
    next_field(&mut app, "1380000");
    next_field(&mut app, "2-1-502");
    save(&mut app);
    let s = shown(&app);
    assert!(s.contains("Phone: "), "the refusal names the phone: {s}");
    assert!(s.contains("李女士") && s.contains("2-1-502"), "{s}");
}

/// At the greeting, with the picker on the phrases: the channel, then 蓝海科技 (A座 501) picked
/// from the lobby's directory by its pinyin initials (its phone and unit filled in), then
/// the complainant's name typed; the cursor is left after the name.
fn greet_with_a_directory_pick(app: &mut App) {
    next_field(app, "in person");
    press(app, KeyCode::Tab);
    for c in "lhkj".chars() {
        press(app, KeyCode::Char(c));
        app.tick();
    }
    press(app, KeyCode::Tab);
    app.tick();
    typed(app, "李女士");
    app.tick();
}

/// What the directory filled in for 蓝海科技 is on screen: the company, its phone, its unit
/// (once in the picker, once in the unit field).
fn the_pick_is_shown(app: &App) {
    let s = shown(app);
    assert!(s.contains("蓝海科技有限公司"), "the company picked: {s}");
    assert!(s.contains("02161412023"), "its phone: {s}");
    assert_eq!(s.matches("A座 501").count(), 2, "its unit: {s}");
    assert!(s.contains("李女士"), "the complainant typed: {s}");
}

#[test]
fn cmp_1_a_bad_phone_is_refused_at_its_own_step_and_the_company_picked_stays() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    say(&mut app, "What can we do");
    greet_with_a_directory_pick(&mut app);
    the_pick_is_shown(&app);
    // The resident calls from another phone, and the clerk types it wrong.
    press(&mut app, KeyCode::Tab);
    for _ in 0..15 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "12345");
    step(&mut app);
    let s = shown(&app);
    assert!(s.contains("step 1 of 6"), "refused where it was typed: {s}");
    assert!(s.contains("Phone: Not a mobile"), "{s}");
    assert!(
        s.contains("蓝海科技有限公司") && s.contains("李女士"),
        "{s}"
    );
    assert_eq!(s.matches("A座 501").count(), 2, "the unit stays: {s}");
    // The cursor is on the phone: what is typed now corrects it, and the walk goes on.
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "13912345678");
    step(&mut app);
    assert!(shown(&app).contains("step 2 of 6"), "{}", shown(&app));
}

#[test]
fn cmp_12_a_later_step_refuses_at_its_own_step_and_going_back_keeps_the_directory_pick() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    say(&mut app, "What can we do");
    greet_with_a_directory_pick(&mut app);
    step(&mut app);
    assert!(shown(&app).contains("step 2 of 6"), "{}", shown(&app));
    next_field(&mut app, "The guard at the gate was rude");
    press(&mut app, KeyCode::Tab);
    next_field(&mut app, "yes"); // about a staff member
    app.tick();
    step(&mut app);
    let s = shown(&app);
    assert!(s.contains("step 2 of 6"), "CMP-12 is this step's: {s}");
    assert!(s.contains("A complaint about a staff member"), "{s}");
    assert!(s.contains("the gate was rude"), "{s}");
    // Back to the greeting: the directory's pick and what it filled in are all there.
    for _ in 0..4 {
        press(&mut app, KeyCode::BackTab);
    }
    say(&mut app, "previous");
    app.tick();
    assert!(shown(&app).contains("step 1 of 6"), "{}", shown(&app));
    the_pick_is_shown(&app);
    // The cursor passing over the directory picker leaves the pick as it is.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    app.tick();
    press(&mut app, KeyCode::Tab);
    app.tick();
    the_pick_is_shown(&app);
    step(&mut app);
    let s = shown(&app);
    assert!(s.contains("step 2 of 6"), "{s}");
    assert!(s.contains("the gate was rude"), "{s}");
}

#[test]
fn cmp_3_a_phrase_said_stays_on_its_step_the_phrases_stack_and_next_step_moves_on() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    say(&mut app, "What can we do");
    assert!(shown(&app).contains("step 1 of 6"), "{}", shown(&app));
    greet_with_a_directory_pick(&mut app);
    // Back up to the phrases (name, directory, channel, phrases) and say another.
    for _ in 0..3 {
        press(&mut app, KeyCode::BackTab);
    }
    say(&mut app, "surname");
    app.tick();
    let s = shown(&app);
    assert!(s.contains("step 1 of 6"), "a phrase said stays: {s}");
    assert!(
        s.contains("· Hello! What can we do for you?") && s.contains("· May I have your surname?"),
        "the phrases stack: {s}"
    );
    the_pick_is_shown(&app);
    // Its "→ next step" line moves on, found by what it says like any option.
    say(&mut app, "next");
    assert!(shown(&app).contains("step 2 of 6"), "{}", shown(&app));
}

#[test]
fn cmp_1_another_desk_writing_at_filing_keeps_the_intake_on_its_last_step_and_files_it_once_free() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = common::demo_on_file(&dir);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    say(&mut app, "What can we do");
    greet_with_a_directory_pick(&mut app);
    step(&mut app);
    next_field(&mut app, "Lift stuck between floors twice this week");
    step(&mut app);
    say(&mut app, "completely understand");
    step(&mut app);
    for choice in EN.classify {
        next_field(&mut app, choice);
    }
    step(&mut app);
    say(&mut app, "reply to you by");
    step(&mut app);
    assert!(shown(&app).contains("step 6 of 6"), "{}", shown(&app));
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    step(&mut app);
    let s = shown(&app);
    assert!(
        s.contains("step 6 of 6"),
        "not taken back to the start: {s}"
    );
    assert!(s.contains("Another desk is saving"), "{s}");
    app.tick();
    assert!(
        shown(&app).contains("Another desk is saving"),
        "still waiting"
    );
    other.execute_batch("COMMIT").unwrap();
    app.tick();
    let s = shown(&app);
    assert!(s.contains("taken; reply due"), "filed once free: {s}");
    // What was picked at the first step is what was recorded.
    press(&mut app, KeyCode::Enter);
    let s = shown(&app);
    assert!(
        s.contains("蓝海科技有限公司") && s.contains("李女士"),
        "{s}"
    );
    assert!(s.contains("021-61412023"), "{s}");
}

/// What a clerk types at each step, in the console's language.
struct Intake {
    greet: &'static str,
    channel: &'static str,
    complainant: &'static str,
    unit: &'static str,
    what: &'static str,
    when: &'static str,
    empathise: &'static str,
    classify: [&'static str; 4],
    promise: &'static str,
    close: &'static str,
}

const ZH: Intake = Intake {
    greet: "能为您",
    channel: "电话",
    complainant: "王先生",
    unit: "1号楼 2单元 301",
    what: "电梯这周两次停在半层,家里老人被困了二十分钟",
    when: "周一晚上",
    empathise: "理解您的心情",
    classify: ["转部门", "较大", "公共设施", "工程部"],
    promise: "前给您答复",
    close: "再见",
};

const EN: Intake = Intake {
    greet: "What can we do",
    channel: "phone",
    complainant: "Mr Wang",
    unit: "1-2-301",
    what: "Lift stuck between floors twice this week",
    when: "Monday evening",
    empathise: "completely understand",
    classify: ["department", "major", "public", "engineering"],
    promise: "reply to you by",
    close: "Goodbye",
};

#[test]
fn the_open_list_and_each_step_of_the_intake_at_80_by_24_in_both_languages() {
    for (lang, t) in [(Lang::Zh, ZH), (Lang::En, EN)] {
        let mut app = demo_app(lang);
        complaints_tab(&mut app);
        // The demo's desk: overdue first, the repairs' minute clocks, then by due date.
        insta::assert_snapshot!(format!("complaints_open_{lang:?}"), screen(&app, 80, 24));
        let snap = |app: &App, step: &str| {
            insta::assert_snapshot!(
                format!("complaints_intake_{step}_{lang:?}"),
                screen(app, 80, 24)
            );
        };
        press(&mut app, KeyCode::Char('n'));
        app.tick();
        say(&mut app, t.greet);
        next_field(&mut app, t.channel);
        press(&mut app, KeyCode::Tab); // not in the directory
        next_field(&mut app, t.complainant);
        next_field(&mut app, "13912345678");
        next_field(&mut app, "");
        next_field(&mut app, t.unit);
        app.tick();
        snap(&app, "greet");
        step(&mut app);
        next_field(&mut app, t.what);
        next_field(&mut app, t.when);
        app.tick();
        snap(&app, "listen");
        step(&mut app);
        say(&mut app, t.empathise);
        snap(&app, "empathise");
        step(&mut app);
        for choice in t.classify {
            next_field(&mut app, choice);
        }
        app.tick();
        snap(&app, "classify");
        step(&mut app);
        say(&mut app, t.promise);
        snap(&app, "promise");
        step(&mut app);
        say(&mut app, t.close);
        snap(&app, "close");
        step(&mut app);
        let s = shown(&app);
        assert!(
            s.contains(t.unit) && !s.contains("step 6 of 6"),
            "filed: {s}"
        );
    }
}

#[test]
fn cmp_1_the_complainant_is_found_in_the_directory_and_their_details_filled() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    next_field(&mut app, "in person");
    press(&mut app, KeyCode::Tab);
    // The demo's 蓝海科技 in A座 501, by its pinyin initials.
    for c in "lhkj".chars() {
        press(&mut app, KeyCode::Char(c));
        app.tick();
    }
    app.tick();
    press(&mut app, KeyCode::Tab);
    app.tick();
    let s = shown(&app);
    assert!(s.contains("蓝海科技有限公司"), "the company is filled: {s}");
    assert!(
        s.contains("02161412023"),
        "the phone is filled from the directory: {s}"
    );
    assert_eq!(s.matches("A座 501").count(), 2, "the unit is filled: {s}");
    // Typed a letter at a time, the picker chose others on the way; none of them is left.
    assert!(
        !s.contains("刘珍欢"),
        "an earlier pick's details are replaced: {s}"
    );
}

#[test]
fn cmp_5_an_office_day_off_declared_by_the_supervisor_moves_the_deadline() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('W'));
    typed(&mut app, "2026-11-23");
    app.tick();
    // Monday the 23rd is an ordinary working day until the office says otherwise.
    assert!(
        shown(&app).contains("2026-11-23 a working day"),
        "{}",
        shown(&app)
    );
    next_field(&mut app, "off");
    press(&mut app, KeyCode::Tab); // the supervisor, 陈经理
    next_field(&mut app, "1234");
    step(&mut app);
    assert!(
        shown(&app).contains("2026-11-23 is now a day off"),
        "{}",
        shown(&app)
    );
    // A general complaint taken on Sunday the 22nd is now due on Tuesday the 24th.
    through_listening(&mut app, "王先生");
    say(&mut app, "completely understand");
    step(&mut app);
    next_field(&mut app, "department");
    next_field(&mut app, "general");
    next_field(&mut app, "public");
    next_field(&mut app, "engineering");
    step(&mut app);
    assert!(
        shown(&app).contains("Due: 11-24 (CMP-5)"),
        "{}",
        screen(&app, 80, 24)
    );
}

/// Takes a general complaint about `unit` through the intake, to a department.
fn file_general(app: &mut App, unit: &str) {
    press(app, KeyCode::Char('n'));
    app.tick();
    say(app, "What can we do");
    next_field(app, "in person");
    press(app, KeyCode::Tab); // not in the directory
    next_field(app, "赵先生");
    next_field(app, "13700001111");
    next_field(app, "");
    next_field(app, unit);
    step(app);
    next_field(app, "Corridor light out");
    step(app);
    say(app, "completely understand");
    step(app);
    next_field(app, "department");
    next_field(app, "general");
    next_field(app, "public");
    next_field(app, "engineering");
    step(app);
    say(app, "reply to you by");
    step(app);
    step(app);
    assert!(shown(app).contains("taken; reply due"), "{}", shown(app));
}

/// Moves the open list's cursor to the item whose record names `unit`.
fn select(app: &mut App, unit: &str) {
    for _ in 0..50 {
        press(app, KeyCode::Enter);
        let found = shown(app).contains(unit);
        press(app, KeyCode::Esc);
        if found {
            return;
        }
        press(app, KeyCode::Down);
        app.tick();
    }
    panic!("no open item for {unit}");
}

#[test]
fn cmp_7_two_desks_recording_the_same_step_one_wins_and_the_other_is_told_what_comes_next() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clock = || Box::new(FixedClock(now()));
    let mut a = demo_on(Store::open(&path).unwrap(), Lang::En, clock());
    let mut b = App::new(Store::open(&path).unwrap(), settings(Lang::En), clock()).unwrap();
    // Desk b: the demo clerk, first on the list, signs in with her PIN.
    sign_in_first_listed(&mut b, frontdesk::demo::DEMO_CLERK_PIN);
    complaints_tab(&mut a);
    file_general(&mut a, "9-9-909");
    complaints_tab(&mut b);
    select(&mut a, "9-9-909");
    select(&mut b, "9-9-909");
    // Both open the next step: investigate.
    step(&mut a);
    step(&mut b);
    typed(&mut a, "Bulb burnt out");
    step(&mut a);
    assert!(shown(&a).contains("investigate"), "{}", shown(&a));
    typed(&mut b, "Wiring fault");
    step(&mut b);
    let s = shown(&b);
    assert!(s.contains("What comes next is: assign"), "{s}");
    assert!(s.contains("Wiring fault"), "what desk b typed is kept: {s}");
}

#[test]
fn cmp_1_a_complaint_answered_on_the_spot_is_recorded_and_closed() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    through_listening(&mut app, "王先生");
    say(&mut app, "completely understand");
    step(&mut app);
    next_field(&mut app, "spot");
    press(&mut app, KeyCode::Tab); // nature: not needed
    next_field(&mut app, "attitude");
    step(&mut app); // to the promise: nothing to promise
    step(&mut app); // to close
    step(&mut app); // recorded
    let s = shown(&app);
    assert!(s.contains("recorded (answered on the spot)"), "{s}");
    assert!(
        !s.contains("1-2-301"),
        "closed at once, not on the open list: {s}"
    );
}

#[test]
fn the_complaints_pane_draws_at_any_size_without_panicking() {
    let mut app = demo_app(Lang::Zh);
    complaints_tab(&mut app);
    for (w, h) in [(10, 3), (20, 5), (40, 10), (80, 24)] {
        screen(&app, w, h);
    }
    press(&mut app, KeyCode::Char('t'));
    app.tick();
    for (w, h) in [(10, 3), (20, 5), (40, 10), (80, 24)] {
        screen(&app, w, h);
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('n'));
    app.tick();
    for (w, h) in [(10, 3), (20, 5), (40, 10)] {
        screen(&app, w, h);
    }
}

#[test]
fn a_repair_just_recorded_is_on_the_open_list_at_once_without_waiting_for_the_tick() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    let before = number_after(&app, "Open complaints and repairs: ");
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Tab); // not in the directory
    typed(&mut app, "李女士");
    next_field(&mut app, "13800001111");
    next_field(&mut app, "2-1-502");
    next_field(&mut app, "Burst pipe in the kitchen");
    next_field(&mut app, "extra");
    save(&mut app); // no tick after it
    let after = number_after(&app, "Open complaints and repairs: ");
    assert_eq!(after, before + 1, "{}", shown(&app));
    assert!(shown(&app).contains("2-1-502"), "{}", shown(&app));
}

#[test]
fn a_repair_step_raced_by_two_desks_tells_the_loser_in_words_who_did_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, path) = demo_on_file(&dir);
    complaints_tab(&mut a);
    press(&mut a, KeyCode::Char('r'));
    press(&mut a, KeyCode::Tab); // not in the directory
    typed(&mut a, "李女士");
    next_field(&mut a, "13800001111");
    next_field(&mut a, "2-1-502");
    next_field(&mut a, "Burst pipe in the kitchen");
    next_field(&mut a, "extra");
    save(&mut a);
    a.tick();
    // Desk b: 前台老周 signs in on the same file.
    let mut b = App::new(
        Store::open(&path).unwrap(),
        settings(Lang::En),
        Box::new(FixedClock(now())),
    )
    .unwrap();
    typed(&mut b, "前台老周");
    press(&mut b, KeyCode::Tab);
    typed(&mut b, "2222");
    press(&mut b, KeyCode::Enter);
    b.tick();
    complaints_tab(&mut b);
    for desk in [&mut a, &mut b] {
        select_row(desk, "2-1-502");
        step(desk); // the receive form
        assert!(
            shown(desk).contains("engineering receives"),
            "{}",
            shown(desk)
        );
    }
    typed(&mut a, "Zhang");
    step(&mut a);
    typed(&mut b, "Li");
    step(&mut b);
    let s = shown(&b);
    assert!(
        s.contains("This step was recorded already, by 前台小刘 at 11-22 11:30 (another")
            && s.contains("What comes next is: plan"),
        "{}",
        screen(&b, 80, 24)
    );
    assert!(!s.contains("Some(") && !s.contains("order needs"), "{s}");
}

#[test]
fn cmp_6_a_repair_finds_its_room_in_the_directory_as_a_complaint_does() {
    let mut app = demo_app(Lang::En);
    complaints_tab(&mut app);
    press(&mut app, KeyCode::Char('r'));
    app.tick();
    // 蓝海科技 by its pinyin initials: its name, phone and room are filled in.
    for c in "lhkj".chars() {
        press(&mut app, KeyCode::Char(c));
        app.tick();
    }
    press(&mut app, KeyCode::Tab);
    app.tick();
    let s = shown(&app);
    assert!(s.contains("蓝海科技有限公司"), "the customer: {s}");
    assert!(s.contains("02161412023"), "its phone: {s}");
    assert_eq!(
        s.matches("A座 501").count(),
        2,
        "its room, picked and filled: {s}"
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "Server room air conditioner leaking");
    next_field(&mut app, "urgent");
    save(&mut app);
    app.tick();
    let id = number_after(&app, "Repair #");
    press(&mut app, KeyCode::Enter);
    app.tick();
    let s = shown(&app);
    assert!(s.contains(&format!("#{id}")), "{s}");
    assert!(
        s.contains("R A座 501 engineering rec"),
        "the directory's room: {s}"
    );
    assert!(
        s.contains("unit: │ │A座 501") || s.contains("unit: A座 501"),
        "{s}"
    );
}
