//! The burst a fast lobby clerk types (issue 15 §2), through the real binary in tmux: the
//! room typed is the room recorded, however fast the keys come — the list a key acts on is
//! the list answered for the keys before it, never the one an earlier tick left on screen.

mod demo_tabs;
#[macro_use]
mod outside;
mod tmux;

use chrono::Utc;
use frontdesk::store::Store;
use tmux::{BIN, Session};

fn main() {
    outside::run(tests![outside::TMUX =>
        reg_11_a_burst_of_keys_records_every_visitor_at_the_room_typed,
    ])
}

/// Visitors typed, each as one burst: `i 301 ⇥ 郑 ⇥ 测试N ⇥ ⇥ R-N Ctrl-S`. The README's
/// figure is this test run with `FRONTDESK_BURSTS=100`.
fn visitors() -> usize {
    std::env::var("FRONTDESK_BURSTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40)
}

/// The demo's database, in the directory the test gave the console as its TMPDIR.
fn demo_db(tmp: &std::path::Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(tmp)
        .ok()?
        .flatten()
        .map(|e| e.path().join("demo.db"))
        .find(|p| p.exists())
}

fn reg_11_a_burst_of_keys_records_every_visitor_at_the_room_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let command = format!(
        "TMPDIR={} {BIN} --demo --lang en; sleep 60",
        tmux::sh_quote(&tmp.path().display().to_string())
    );
    let s = Session::start(80, 24, &command);
    s.wait_for("Next up: 王芳");
    s.keys(&[&demo_tabs::key(demo_tabs::LOBBY)]);
    s.wait_for("Inside now: 8 visits");
    let visitors = visitors();
    for n in 1..=visitors {
        let purpose = format!("测试{n}");
        let badge = format!("R-{n}");
        // One write per visitor: the whole burst arrives before the console draws again.
        s.keys(&[
            "i", "301", "Tab", "郑", "Tab", &purpose, "Tab", "Tab", &badge, "C-s",
        ]);
    }
    s.wait_for(&format!("Inside now: {} visits", 8 + visitors));
    let store = Store::open(&demo_db(tmp.path()).expect("the demo's file")).unwrap();
    let ours: Vec<_> = store
        .inside_now(Utc::now())
        .unwrap()
        .into_iter()
        .filter(|v| v.name == "郑")
        .collect();
    assert_eq!(ours.len(), visitors);
    for v in &ours {
        let room = v.host_room.to_string();
        assert!(
            room.contains("301"),
            "{:?} recorded at {room}, not at the room typed",
            v.badge
        );
        let n: usize = v.purpose.trim_start_matches("测试").parse().unwrap();
        assert_eq!(v.badge.as_deref(), Some(format!("R-{n}").as_str()));
    }
    s.keys(&["q", "y"]);
}
