//! The console's own push to the group's head office (issue 19 §3, offline first): while the
//! office has a head-office address, every five minutes and soon after a supervisor's
//! sign-off, a thread of its own with its own connections pushes the chains (`sync::push`)
//! and notes what the head office confirmed, or why not, through the narrow
//! [`Bookkeeping`](crate::store::Bookkeeping) handle. A desk never waits for it; a push the network stopped is tried
//! again next time, said only in the day's review. A refusal — the file changed behind the
//! console's back — is every supervisor's warning until a push succeeds.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::errand::Errand;
use super::said::Said;
use crate::config::Secret;
use crate::domain::head_office as rules;
use crate::domain::settings::OfficeSettings;
use crate::i18n::{Lang, fill};
use crate::store::Store;
use crate::store::head_office_push::{FailureKind, PushFailure, PushRefusal, PushState};
use crate::sync::{self, SyncError, address};

crate::catalog! {
    pub enum Ho {
        NotSet => "总部:未设置(办公室设置)", "Head office: not set (office settings)";
        NeverPushed => "总部:尚未推送,{n} 行待推送", "Head office: not pushed yet, {n} rows waiting";
        LastPush => "总部:最近推送 {time},尚有 {n} 行未推送", "Head office: last push {time}, {n} rows not yet pushed";
        LastFailed => "  {time} 的推送没有成功:{what}", "  The push at {time} failed: {what}";
        WhatConnect => "连不上总部(网络、地址或密码;{detail}),恢复后自动续推", "the head office could not be reached (network, address or password; {detail}); it resumes by itself";
        WhatHeadOffice => "总部数据库出错({detail})", "the head office's database failed ({detail})";
        WhatRefused => "总部拒绝了本机文件,见警告", "the head office refused this desk's file, see the warning";
        WhatStore => "读不了本机数据库({detail})", "this desk's database could not be read ({detail})";
        Refused => "总部拒绝了本机文件:办事处 {office} 的{chain_name}({chain})第 {row} 行与总部保存的不一致,文件在控制台之外被改动过。请保留文件原样,联系总部核对", "HEAD OFFICE REFUSED this desk's file: office {office}, {chain_name} ({chain}), row {row} no longer matches what the head office holds: the file was changed outside the console. Keep it as it is and call the head office";
    }
}

/// What the push thread sends back: one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pushed { rows: i64 },
    Failed(FailureKind),
}

/// Where this desk's push stands.
#[derive(Default)]
pub struct AutoPush {
    running: Option<Errand<Outcome>>,
    /// When this desk last started one: with the file's own note, at most one every
    /// [`rules::EVERY`] even while the file cannot take the note.
    last_start: Option<DateTime<Utc>>,
}

impl AutoPush {
    /// Starts a push on a thread of its own when the office has a head-office address and
    /// one is due ([`rules::due`]); true when one was started. A store in memory (tests of
    /// panes) has no file for the thread to open.
    pub fn start_if_due(
        &mut self,
        store: &Store,
        settings: &OfficeSettings,
        password: Option<&Secret>,
        now: DateTime<Utc>,
    ) -> bool {
        if self.running.is_some() {
            return false;
        }
        let (Some(url), Some(db)) = (settings.head_office_url(), store.path()) else {
            return false;
        };
        let noted = store.head_office_tried_at().ok().flatten();
        let tried = noted.max(self.last_start);
        let signed = store.last_signoff_at().ok().flatten();
        if !rules::due(tried, signed, now) {
            return false;
        }
        // The name asked for; with an office's own login the head office decides it.
        let office = settings.head_office_name().map(str::to_owned);
        let (db, url) = (db.to_owned(), url.to_owned());
        let password = password.map(|p| p.expose().to_owned());
        self.last_start = Some(now);
        self.running = Errand::start("head-office", move || {
            push(&db, &url, office.as_deref(), password.as_deref(), now)
        });
        self.running.is_some()
    }

    /// The running push's outcome once it has come (waiting for it if `wait`), once.
    pub fn take(&mut self, wait: bool) -> Option<Outcome> {
        let outcome = self.running.as_ref()?.result(wait)?;
        self.running = None;
        Some(outcome.unwrap_or(Outcome::Failed(FailureKind::Store)))
    }
}

/// On the push thread: the desk's own store, the head office, the push, and the outcome
/// noted through the narrow handle.
fn push(
    db: &std::path::Path,
    url: &str,
    office: Option<&str>,
    password: Option<&str>,
    now: DateTime<Utc>,
) -> Outcome {
    let pushed = Store::open(db).map_err(SyncError::from).and_then(|store| {
        let mut client = address::connect_quickly(url, password)?;
        let office = sync::office_for(&mut client, office, &store)?;
        match office {
            Some(office) => sync::push(&store, &office, &mut client).map(Some),
            None => Ok(None),
        }
    });
    let noted = sync::noted::note(db, now, pushed.as_ref().map(Option::as_deref));
    match (noted, pushed) {
        (Some(kind), _) => Outcome::Failed(kind),
        (None, pushed) => Outcome::Pushed {
            rows: pushed.iter().flatten().flatten().map(|c| c.pushed).sum(),
        },
    }
}

/// The warning every supervisor sees while the head office's refusal stands.
pub fn warning(refusal: Option<&PushRefusal>) -> Option<Said> {
    let r = refusal?.clone();
    Some(Said::new(move |lang| {
        let chain_name = crate::store::chain::CHAINS
            .iter()
            .find(|c| c.table == r.chain)
            .map_or("", |c| c.name.text(lang));
        fill(
            Ho::Refused.text(lang),
            &[
                ("office", &r.office),
                ("chain_name", &chain_name),
                ("chain", &r.chain),
                ("row", &r.row),
            ],
        )
    }))
}

/// The day's review lines: when the last push was and what is not yet pushed, or that no
/// address is set, and the last failure in plain words.
pub fn review_lines(
    settings: &OfficeSettings,
    state: &PushState,
    now: DateTime<Utc>,
    lang: Lang,
) -> Vec<String> {
    if settings.head_office_url().is_none() {
        return vec![Ho::NotSet.text(lang).to_owned()];
    }
    let tz = settings.timezone();
    let first = match state.pushed_at {
        Some(at) => fill(
            Ho::LastPush.text(lang),
            &[("time", &time(at, now, tz)), ("n", &state.unpushed)],
        ),
        None => fill(Ho::NeverPushed.text(lang), &[("n", &state.unpushed)]),
    };
    let mut lines = vec![first];
    if let Some(failure) = &state.failure {
        lines.push(fill(
            Ho::LastFailed.text(lang),
            &[
                ("time", &time(failure.at, now, tz)),
                ("what", &plain(failure, lang)),
            ],
        ));
    }
    lines
}

/// Today's times as HH:MM, other days' with their date.
fn time(at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> String {
    let (at, now) = (at.with_timezone(&tz), now.with_timezone(&tz));
    match at.date_naive() == now.date_naive() {
        true => at.format("%H:%M").to_string(),
        false => at.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A failure in plain words, with the system's most specific reason (the last cause: "
/// Connection refused", "timed out") rather than every layer of it.
fn plain(failure: &PushFailure, lang: Lang) -> String {
    let detail = failure.text.rsplit(": ").next().unwrap_or_default().trim();
    let what = match failure.kind {
        FailureKind::Connect => Ho::WhatConnect,
        FailureKind::HeadOffice => Ho::WhatHeadOffice,
        FailureKind::Refused => Ho::WhatRefused,
        FailureKind::Store => Ho::WhatStore,
    };
    fill(what.text(lang), &[("detail", &detail)])
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn now() -> DateTime<Utc> {
        // 11:30 in Shanghai.
        Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap()
    }

    fn set() -> OfficeSettings {
        OfficeSettings::default().with_head_office("postgresql://east@hq/group", "")
    }

    #[test]
    fn issue_19_without_an_address_the_review_says_not_set_and_no_push_starts() {
        let lines = review_lines(
            &OfficeSettings::default(),
            &PushState::default(),
            now(),
            Lang::En,
        );
        assert_eq!(lines, ["Head office: not set (office settings)"]);
        let store = Store::open_in_memory().unwrap();
        let mut pushes = AutoPush::default();
        assert!(!pushes.start_if_due(&store, &OfficeSettings::default(), None, now()));
        // A store in memory has no file for the thread, even with an address.
        assert!(!pushes.start_if_due(&store, &set(), None, now()));
    }

    #[test]
    fn issue_19_the_review_says_the_last_push_and_what_waits_then_a_failure_plainly() {
        let state = PushState {
            pushed_at: Some(now() - Duration::minutes(20)),
            unpushed: 3,
            failure: Some(PushFailure {
                at: now() - Duration::minutes(5),
                kind: FailureKind::Connect,
                text: "cannot reach the head office: error connecting to server: Connection refused (os error 111)".into(),
            }),
            ..PushState::default()
        };
        assert_eq!(
            review_lines(&set(), &state, now(), Lang::En),
            [
                "Head office: last push 11:10, 3 rows not yet pushed",
                "  The push at 11:25 failed: the head office could not be reached (network, address or password; Connection refused (os error 111)); it resumes by itself",
            ]
        );
        let zh = review_lines(&set(), &state, now(), Lang::Zh);
        assert_eq!(zh[0], "总部:最近推送 11:10,尚有 3 行未推送");
        assert!(zh[1].contains("连不上总部"), "{}", zh[1]);
        // Yesterday's push carries its date.
        let old = PushState {
            pushed_at: Some(now() - Duration::days(1)),
            ..PushState::default()
        };
        assert_eq!(
            review_lines(&set(), &old, now(), Lang::En),
            ["Head office: last push 2026-11-21 11:30, 0 rows not yet pushed"]
        );
    }

    #[test]
    fn issue_19_a_refusal_warning_names_the_office_the_chain_and_the_row() {
        let refusal = PushRefusal {
            at: now(),
            office: "东区售楼处".into(),
            chain: "visits".into(),
            pos: 3,
            row: 17,
            why: "differs".into(),
        };
        let said = warning(Some(&refusal)).unwrap();
        assert!(
            said.text(Lang::En).starts_with(
                "HEAD OFFICE REFUSED this desk's file: office 东区售楼处, visitor register (visits), row 17"
            ),
            "{}",
            said.text(Lang::En)
        );
        assert!(
            said.text(Lang::Zh)
                .contains("办事处 东区售楼处 的来访客户登记(visits)第 17 行"),
            "{}",
            said.text(Lang::Zh)
        );
        assert!(warning(None).is_none());
    }
}
