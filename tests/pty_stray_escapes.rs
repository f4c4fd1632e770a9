//! Stray escape sequences typed or pasted into the console (issue 7 §4): whatever bytes
//! arrive, the console keeps redrawing and keeps answering keys. Driven through a real
//! pseudo-terminal (tmux), because the faults lived in how the terminal's bytes are read.

mod demo_tabs;
#[macro_use]
mod outside;
mod tmux;

use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use tmux::{BIN, Session, demo_db, sh_quote};

fn main() {
    outside::run(tests![outside::TMUX =>
        after_stray_sgr_clear_and_cursor_report_sequences_the_screen_still_follows_other_desks,
        an_unknown_csi_question_sequence_does_not_swallow_the_keys_after_it_crossterm_1104,
        q_still_quits_after_a_stray_csi_question_sequence,
        ctrl_c_right_after_a_cut_short_escape_sequence_still_quits,
        a_paste_that_never_ends_gives_the_keyboard_back_once_typing_pauses,
        a_terminal_s_dcs_osc_apc_and_pm_strings_on_the_main_screen_are_no_keys_and_q_in_them_does_not_quit,
        a_terminal_s_answers_arriving_while_a_form_is_open_type_nothing_into_the_field,
        esc_and_ctrl_c_pressed_after_a_control_string_that_never_ended_still_act,
    ])
}

/// A demo console in an 80×24 terminal, its demo database under `tmp`; the shell says how
/// it ended.
fn demo_desk(tmp: &Path) -> Session {
    let command = format!(
        "TMPDIR={} {BIN} --demo --lang en; echo \"exit=$?\"; sleep 60",
        sh_quote(&tmp.display().to_string())
    );
    let desk = Session::start(80, 24, &command);
    desk.wait_for("Next up: 王芳");
    desk
}

fn next_up(screen: &str) -> Option<String> {
    screen
        .lines()
        .find(|line| line.contains("Next up:"))
        .map(|line| line.trim().to_owned())
}

const HELP: &str = "╭ Keys";

fn after_stray_sgr_clear_and_cursor_report_sequences_the_screen_still_follows_other_desks() {
    let tmp = tempfile::tempdir().unwrap();
    let a = demo_desk(tmp.path());
    let db = demo_db(tmp.path());
    let command = format!(
        "{BIN} --db {} --lang en; sleep 60",
        sh_quote(&db.display().to_string())
    );
    let b = Session::start(80, 24, &command);
    b.wait_for("Sign in");
    b.keys(&["前台小刘", frontdesk::demo::DEMO_CLERK_PIN, "Enter"]);
    b.wait_for("Next up: 王芳");
    // Colour, clear screen, cursor position report: well-formed CSI sequences that are no
    // key, so the console reads them, finds no event, and must go on drawing without one.
    for sequence in [&b"\x1b[31m"[..], b"\x1b[2J", b"\x1b[6n"] {
        a.bytes(sequence);
        // Let desk A take the bytes in before the other desk's change it must then show.
        sleep(Duration::from_millis(300));
        let before = next_up(&b.screen());
        b.keys(&["n"]);
        let after = b.wait_until("desk B's next up to move on", |s| next_up(s) != before);
        let expected = next_up(&after);
        a.wait_until(
            &format!(
                "desk A redraw with desk B's walk-in ({expected:?}) after {:?} and no key",
                String::from_utf8_lossy(sequence)
            ),
            |s| next_up(s) == expected,
        );
    }
    // And it still answers keys.
    a.keys(&["?"]);
    a.wait_for(HELP);
}

fn an_unknown_csi_question_sequence_does_not_swallow_the_keys_after_it_crossterm_1104() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = demo_desk(tmp.path());
    // "Leave the alternate screen": `CSI ?` ends in neither `u` nor `c`, the only two
    // crossterm knew, so its parser waited for one of them and ate every key meanwhile.
    desk.bytes(b"\x1b[?1049l");
    desk.keys(&["?"]);
    desk.wait_for(HELP);
    desk.keys(&["Escape"]);
    desk.wait_until("the help to close", |s| !s.contains(HELP));
    // "Hide the cursor", then Ctrl-C must still quit (the clerk is on duty, so it asks,
    // and a second Ctrl-C quits).
    desk.bytes(b"\x1b[?25l");
    desk.quit_with("C-c", "C-c");
}

fn q_still_quits_after_a_stray_csi_question_sequence() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = demo_desk(tmp.path());
    desk.bytes(b"\x1b[?25l");
    desk.quit_with("q", "y");
}

fn ctrl_c_right_after_a_cut_short_escape_sequence_still_quits() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = demo_desk(tmp.path());
    // `ESC [ 1` waits for the byte that ends the sequence; Ctrl-C (0x03) cannot be part of
    // one, so it must end the sequence and count as itself instead of being eaten.
    desk.bytes(b"\x1b[1");
    desk.quit_with("C-c", "C-c");
}

fn a_paste_that_never_ends_gives_the_keyboard_back_once_typing_pauses() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = demo_desk(tmp.path());
    // The start of a bracketed paste with no end: everything after it was taken as pasted
    // text for ever. A terminal sends a paste in one go, so a pause ends it.
    desk.bytes(b"\x1b[200~");
    // `4` (the staff tab) until it is obeyed: the first may still land inside the paste.
    // Waiting between tries is the pause that ends it; the tab stays put if pressed twice.
    desk.wait_until("the staff tab after a pause in typing", |screen| {
        if screen.contains("Salesperson") {
            return true;
        }
        desk.keys(&[&demo_tabs::key(demo_tabs::STAFF)]);
        sleep(Duration::from_secs(2));
        false
    });
}

/// What terminals send unasked or in answer to a query, none of it a key (issue 15): control
/// strings — DCS (an XTGETTCAP and a DECRQSS answer), OSC ended by BEL and by ST (a background
/// colour answer, a clipboard write), APC (a kitty graphics answer), PM — and CSI answers
/// crossterm does not know (secondary device attributes, a mode report). They hold `q`, `c`
/// and digits, which as keys would quit, open a form or be typed into a field.
const ANSWERS: &[&[u8]] = &[
    b"\x1bP+q544e\x1b\\",
    b"\x1bP1$r0;1m\x1b\\",
    b"\x1b]11;rgb:1e1e/1e1e/2e2e\x07",
    b"\x1b]52;c;cXVpdA==\x1b\\",
    b"\x1b_Gi=1;OK\x1b\\",
    b"\x1b^quit\x1b\\",
    b"\x1b[>0;276;0c",
    b"\x1b[?1;2$y",
];

/// All of `ANSWERS` in one write, as a terminal answering several queries at once sends them.
fn answers() -> Vec<u8> {
    ANSWERS.concat()
}

fn a_terminal_s_dcs_osc_apc_and_pm_strings_on_the_main_screen_are_no_keys_and_q_in_them_does_not_quit()
 {
    let tmp = tempfile::tempdir().unwrap();
    let desk = demo_desk(tmp.path());
    desk.bytes(&answers());
    // Keys are read in order: once `?` has opened the help, the strings before it were read.
    desk.keys(&["?"]);
    let screen = desk.wait_for(HELP);
    assert!(!screen.contains("exit="), "{screen}");
    // A real Esc, alone, is still Esc.
    desk.keys(&["Escape"]);
    desk.wait_until("the help to close", |s| !s.contains(HELP));
    desk.quit_with("q", "y");
}

/// The text in the visit form's Customer field, from its line on the screen.
fn customer_field(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.contains("│Customer"))?;
    let field = line.split("│Customer").nth(1)?;
    let field = field.split("Whose customer").next()?;
    Some(field.trim().to_owned())
}

fn a_terminal_s_answers_arriving_while_a_form_is_open_type_nothing_into_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = demo_desk(tmp.path());
    desk.keys(&["n"]);
    desk.wait_for("ROT-1: 王芳 receives the walk-in");
    desk.keys(&["c"]);
    desk.wait_for("Register a visit — 王芳 receiving");
    desk.bytes(&answers());
    desk.keys(&["赵晓东"]);
    let screen = desk.wait_until("the name typed after the answers", |s| {
        customer_field(s).is_some_and(|f| f.contains("赵晓东"))
    });
    assert_eq!(
        customer_field(&screen).as_deref(),
        Some("赵晓东"),
        "{screen}"
    );
    // The same answers between two keys typed into the field: still only the keys.
    desk.bytes(&[&b"\x1bP+q71\x1b\\"[..], b"Z", b"\x1b]11;?\x07"].concat());
    let screen = desk.wait_until("the Z typed between two answers", |s| {
        customer_field(s).is_some_and(|f| f.contains('Z'))
    });
    assert_eq!(
        customer_field(&screen).as_deref(),
        Some("赵晓东Z"),
        "{screen}"
    );
    // And Esc, alone, still cancels the form.
    desk.keys(&["Escape"]);
    desk.wait_until("the form to close", |s| {
        !s.contains("Register a visit — 王芳 receiving")
    });
}

fn esc_and_ctrl_c_pressed_after_a_control_string_that_never_ended_still_act() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = demo_desk(tmp.path());
    desk.keys(&["?"]);
    desk.wait_for(HELP);
    // An OSC cut off before its end, then the Esc key alone: it might have begun the string
    // terminator `ESC \`, so it is Esc once nothing follows it.
    desk.bytes(b"\x1b]11;rgb:1e1e");
    desk.keys(&["Escape"]);
    desk.wait_until("the help to close", |s| !s.contains(HELP));
    // A DCS cut off, then Ctrl-C: a control key is never part of a control string.
    desk.bytes(b"\x1bP1$r0;");
    // The clerk is on duty, so the first Ctrl-C asks; a second one quits.
    desk.quit_with("C-c", "C-c");
}
