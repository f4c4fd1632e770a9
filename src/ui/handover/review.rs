//! The handover pane's read-only pages: a log entry whole, yesterday's open complaints and
//! repairs (HND-8), and the supervisor's review of a day (HND-6) — every handover with its
//! log, items, checks, questions and outcome, the desk left unstaffed, the day's figures and
//! the evidence chain heads the signature seals.

use super::draw::{entry_line, item_line};
use super::forms::checklist_item;
use super::text::Hnd;
use crate::domain::handover::{HandoverItem, LogEntry, Stage, as_corrected};
use crate::i18n::fill;
use crate::store::complaint::{OpenItem, OpenRef};
use crate::store::handover::{DayReview, HandoverRecord};
use crate::ui::describe::{self, local_time};
use crate::ui::info::Info;
use crate::ui::pane::View;

/// A log entry whole, with its correction if it has one.
pub fn entry_page(entry: &LogEntry, log: &[LogEntry], view: &View) -> Info {
    let lines = as_corrected(log)
        .into_iter()
        .filter(|(original, _)| original.id == entry.id)
        .flat_map(|(original, correction)| {
            let mut lines = vec![entry_line(original, view)];
            if let Some(c) = correction {
                lines.push(entry_line(c, view));
            }
            lines
        })
        .collect();
    Info::new(Hnd::EntryTitle.text(view.lang).to_owned(), lines)
}

/// An open item whole, where its own tab is not shown at this office.
pub fn item_page(item: &HandoverItem, view: &View) -> Info {
    Info::new(
        Hnd::ItemTitle.text(view.lang).to_owned(),
        vec![item_line(item, view)],
    )
}

/// Complaints and repairs recorded before today and still open (HND-8).
pub fn yesterday_page(open: &[OpenItem], view: &View) -> Info {
    Info::new(
        Hnd::YesterdayTitle.text(view.lang).to_owned(),
        yesterday_lines(open, view),
    )
}

fn yesterday_lines(open: &[OpenItem], view: &View) -> Vec<String> {
    let lang = view.lang;
    if open.is_empty() {
        return vec![Hnd::NoItems.text(lang).to_owned()];
    }
    open.iter()
        .map(|item| {
            let (kind, id) = match item.item {
                OpenRef::Complaint(id) => (Hnd::ItemComplaint, id.0),
                OpenRef::Repair(id) => (Hnd::ItemRepair, id.0),
            };
            fill(
                kind.text(lang),
                &[("id", &id), ("unit", &item.unit), ("what", &item.summary)],
            )
        })
        .collect()
}

/// HND-8 at the day's first sign-in: what yesterday left open, to follow up first.
pub fn first_sign_in_page(open: &[OpenItem], view: &View) -> Info {
    let mut lines = vec![Hnd::FirstSignIn.text(view.lang).to_owned(), String::new()];
    lines.extend(yesterday_lines(open, view));
    Info::new(Hnd::YesterdayTitle.text(view.lang).to_owned(), lines)
}

fn handover_lines(h: &HandoverRecord, view: &View) -> Vec<String> {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let state = &h.state;
    let stage = match state.stage() {
        Stage::Submitted => Hnd::StageSubmitted.text(lang).to_owned(),
        Stage::Accepted => Hnd::StageAccepted.text(lang).to_owned(),
        Stage::Refused => fill(
            Hnd::StageRefused.text(lang),
            &[("reason", &state.refusal().unwrap_or_default())],
        ),
    };
    let to = state
        .decided_by()
        .map_or_else(|| "—".to_owned(), |id| view.shared.name(id));
    let shift = h
        .shift
        .as_deref()
        .map_or_else(String::new, |s| checklist_item(s, lang));
    let mut lines = vec![fill(
        Hnd::ReviewHandover.text(lang),
        &[
            ("id", &h.id),
            (
                "shift",
                &format!("{shift} {}", local_time(h.submitted_at, tz)),
            ),
            ("from", &view.shared.name(h.outgoing)),
            ("to", &to),
            ("stage", &stage),
        ],
    )];
    lines.extend(h.log.iter().map(|e| format!("  {}", entry_line(e, view))));
    lines.extend(
        state
            .items()
            .iter()
            .map(|i| format!("  {}", item_line(i, view))),
    );
    let checks: Vec<String> = state
        .checklist()
        .iter()
        .map(|c| {
            let mark = if c.ticked { "✓" } else { "✗" };
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!("({})", c.note)
            };
            format!("{}{mark}{note}", checklist_item(&c.item, lang))
        })
        .collect();
    lines.push(fill(
        Hnd::ReviewChecklist.text(lang),
        &[("items", &checks.join(" "))],
    ));
    for q in state.questions() {
        lines.push(format!(
            "  {}",
            fill(
                Hnd::QuestionLine.text(lang),
                &[("who", &view.shared.name(q.by)), ("text", &q.text)]
            )
        ));
        let answer = match &q.answer {
            Some(a) => fill(Hnd::AnswerLine.text(lang), &[("text", a)]),
            None => Hnd::Unanswered.text(lang).to_owned(),
        };
        lines.push(format!("  {answer}"));
    }
    lines
}

/// The supervisor's page for one day (HND-6).
pub fn page(review: &DayReview, view: &View) -> Info {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let mut lines = Vec::new();
    if review.handovers.is_empty() {
        lines.push(Hnd::ReviewNoHandover.text(lang).to_owned());
    }
    for h in &review.handovers {
        lines.extend(handover_lines(h, view));
        lines.push(String::new());
    }
    // What was written that day and handed over in none of its handovers (issue 16 §5:
    // the report lists them; so does the review).
    if !review.other_log.is_empty() {
        lines.push(fill(
            Hnd::ReviewOtherLog.text(lang),
            &[("n", &review.other_log.len())],
        ));
        lines.extend(
            review
                .other_log
                .iter()
                .map(|e| format!("  {}", entry_line(e, view))),
        );
        lines.push(String::new());
    }
    if !review.deals.is_empty() {
        let name = |id| view.shared.name(id);
        lines.push(fill(
            Hnd::ReviewDeals.text(lang),
            &[("n", &review.deals.len())],
        ));
        for d in &review.deals {
            lines.push(fill(
                Hnd::ReviewDealLine.text(lang),
                &[
                    ("unit", &d.record.unit),
                    ("buyers", &d.buyers()),
                    ("closer", &name(d.record.closer)),
                    ("split", &crate::ui::describe::split(d.shares(), lang, name)),
                    ("rule", &d.rule().unwrap_or("")),
                    (
                        "standing",
                        &crate::ui::describe::deal_standing(d.standing(), lang, tz, name),
                    ),
                ],
            ));
        }
        lines.push(String::new());
    }
    for u in &review.unstaffed {
        lines.push(fill(
            Hnd::ReviewUnstaffed.text(lang),
            &[
                ("who", &view.shared.name(u.clerk)),
                ("at", &local_time(u.at, tz)),
                ("supervisor", &view.shared.name(u.supervisor)),
                ("reason", &u.reason),
            ],
        ));
    }
    let f = &review.figures;
    lines.push(Hnd::ReviewFigures.text(lang).to_owned());
    for s in &f.sales {
        lines.push(fill(
            Hnd::ReviewSales.text(lang),
            &[
                ("who", &view.shared.name(s.salesperson)),
                ("walk_ins", &s.walk_ins),
                ("counted", &s.counted),
                ("other", &s.other),
            ],
        ));
    }
    lines.push(fill(
        Hnd::ReviewCounts.text(lang),
        &[
            ("visits", &f.visits),
            ("calls", &f.calls),
            ("lobby_in", &f.lobby_in),
            ("lobby_out", &f.lobby_out),
        ],
    ));
    lines.push(fill(
        Hnd::ReviewComplaints.text(lang),
        &[
            ("opened", &f.complaints_opened),
            ("closed", &f.complaints_closed),
            ("overdue", &f.complaints_overdue),
            ("repairs_opened", &f.repairs_opened),
            ("repairs_closed", &f.repairs_closed),
        ],
    ));
    lines.push(String::new());
    lines.push(Hnd::ReviewHeads.text(lang).to_owned());
    lines.extend(
        review
            .heads
            .iter()
            .map(|h| format!("  {}", describe::chain_head(h, lang))),
    );
    // A head the signature sealed that is no longer in its chain (issue 16 §2).
    lines.extend(
        review
            .seals_broken
            .iter()
            .map(|b| describe::evidence_failure(b, tz, lang)),
    );
    // Evidence failures a supervisor acknowledged that day (issue 16 §2).
    lines.extend(review.acknowledged.iter().map(|a| {
        fill(
            Hnd::ReviewAcknowledged.text(lang),
            &[
                ("who", &view.shared.name(a.supervisor)),
                ("at", &local_time(a.at, tz)),
                ("what", &a.what),
            ],
        )
    }));
    // When and where the last good backup was written (issue 19).
    lines.push(crate::ui::backups::last_good_line(
        &view.shared.settings,
        review.last_good_backup.as_ref(),
        lang,
    ));
    // When the last push to the head office was and what is not yet there (issue 19 §3).
    lines.extend(crate::ui::head_office::review_lines(
        &view.shared.settings,
        &review.head_office,
        view.now,
        lang,
    ));
    lines.push(String::new());
    lines.push(match &review.signoff {
        Some(s) => fill(
            Hnd::ReviewSigned.text(lang),
            &[
                ("who", &view.shared.name(s.supervisor)),
                ("at", &local_time(s.at, tz)),
                ("remarks", &s.remarks),
            ],
        ),
        None => Hnd::ReviewUnsigned.text(lang).to_owned(),
    });
    let title = fill(
        Hnd::ReviewTitle.text(lang),
        &[("day", &review.day.format("%Y-%m-%d"))],
    );
    Info::new(title, lines)
}
