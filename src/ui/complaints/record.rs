//! One complaint's or repair's whole record (CMP-1, CMP-7): who complained, about what, the
//! conversation at intake, every step with who and when, where it stands now. Phones are
//! shown whole here: this is the record the follow-up calls from (REG-11 keeps them out of
//! the visitor flow, not out of the complaint record).

use super::labels;
use super::steps::{next_label, repair_label};
use super::text::Cpl;
use crate::domain::complaint::{ComplaintEvent, RepairEvent, addressed, surname, written_title};
use crate::i18n::{Lang, fill};
use crate::store::complaint::{ComplaintRecord, OpenRef, RepairRecord};
use crate::store::{self, Store};
use crate::ui::info::Info;
use crate::ui::pane::View;

pub enum Record {
    Complaint(ComplaintRecord),
    Repair(RepairRecord),
}

impl Record {
    pub fn load(store: &Store, work: OpenRef) -> store::Result<Option<Record>> {
        Ok(match work {
            OpenRef::Complaint(id) => store.complaint(id)?.map(Record::Complaint),
            OpenRef::Repair(id) => store.repair(id)?.map(Record::Repair),
        })
    }

    pub fn work(&self) -> OpenRef {
        match self {
            Record::Complaint(c) => OpenRef::Complaint(c.id),
            Record::Repair(r) => OpenRef::Repair(r.id),
        }
    }

    /// How the follow-up addresses the customer (`{surname}`): surname and the title kept
    /// with the complaint (李女士), never the full name; with no title kept, both titles for
    /// the clerk to choose from as they speak (李先生/女士).
    pub fn addressed_as(&self, lang: Lang) -> String {
        let (name, title) = match self {
            Record::Complaint(c) => (&c.complaint.complainant, c.complaint.title),
            Record::Repair(r) => (&r.repair.customer, None),
        };
        let Some(surname) = surname(name) else {
            return String::new();
        };
        match title.or_else(|| written_title(name)) {
            Some(title) => addressed(&surname, title, lang == Lang::Zh),
            None => fill(Cpl::AddressEither.text(lang), &[("surname", &surname)]),
        }
    }

    pub fn page(&self, view: &View) -> Info {
        match self {
            Record::Complaint(c) => complaint_page(c, view),
            Record::Repair(r) => repair_page(r, view),
        }
    }
}

fn complaint_page(c: &ComplaintRecord, view: &View) -> Info {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let k = &c.complaint;
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_owned()
        } else {
            s.to_owned()
        }
    };
    let mut lines = vec![
        fill(
            Cpl::RecordWho.text(lang),
            &[
                ("name", &k.complainant),
                ("phone", &k.phone),
                ("company", &dash(&k.company)),
                ("unit", &dash(&k.unit)),
            ],
        ),
        fill(Cpl::RecordWhat.text(lang), &[("what", &k.what_happened)]),
        fill(
            Cpl::RecordWhen.text(lang),
            &[
                ("when", &dash(&k.when_happened)),
                ("channel", &labels::channel(k.channel).text(lang)),
                ("clerk", &view.shared.name(c.owner)),
                ("at", &stamp(c.recorded_at, tz)),
            ],
        ),
    ];
    if k.about_staff {
        lines.push(fill(
            Cpl::RecordStaff.text(lang),
            &[
                ("witnesses", &dash(&k.witnesses)),
                ("evidence", &dash(&k.evidence)),
            ],
        ));
    }
    let state = &c.state;
    let due = c
        .due
        .map_or_else(|| "—".to_owned(), |d| d.format("%Y-%m-%d").to_string());
    let next = state.next_step().map_or_else(
        || Cpl::StepClosed.text(lang).to_owned(),
        |n| next_label(n).text(lang).to_owned(),
    );
    lines.push(fill(
        Cpl::RecordState.text(lang),
        &[
            ("step", &step_label(c).text(lang)),
            ("next", &next),
            ("due", &due),
            ("owner", &view.shared.name(c.owner)),
        ],
    ));
    if !k.conversation.is_empty() {
        lines.push(String::new());
        lines.push(Cpl::RecordConversation.text(lang).to_owned());
        lines.extend(k.conversation.iter().map(|s| format!("  · {s}")));
    }
    if !c.entries.is_empty() {
        lines.push(String::new());
        lines.push(Cpl::RecordEvents.text(lang).to_owned());
        for entry in &c.entries {
            let mut what = event_text(&entry.event, lang);
            // CMP-5: an extension stands on a supervisor's approval; the record names them.
            if let Some(approver) = entry.approver {
                what.push_str(&fill(
                    Cpl::RecordApprovedBy.text(lang),
                    &[("who", &view.shared.name(approver))],
                ));
            }
            lines.push(format!(
                "  {} {} · {what}",
                stamp(entry.at, tz),
                view.shared.name(entry.by),
            ));
        }
    }
    let title = fill(Cpl::RecordTitle.text(lang), &[("id", &c.id)]);
    Info::new(title, lines)
}

fn step_label(c: &ComplaintRecord) -> Cpl {
    super::labels::step(c.state.step())
}

/// One recorded step in words.
fn event_text(event: &ComplaintEvent, lang: Lang) -> String {
    let with = |label: Cpl, detail: &str| format!("{}:{detail}", label.text(lang));
    match event {
        ComplaintEvent::DetermineNature {
            nature,
            category,
            department,
        } => format!(
            "{}:{} · {} · {}",
            Cpl::DoDetermine.text(lang),
            labels::nature(*nature).text(lang),
            labels::category(*category).text(lang),
            labels::department(department, lang)
        ),
        ComplaintEvent::Investigate { cause } => with(Cpl::DoInvestigate, cause),
        ComplaintEvent::Assign { person } => with(Cpl::DoAssign, person),
        ComplaintEvent::ProposeSolution { text } => with(Cpl::DoPropose, text),
        ComplaintEvent::HeadSigns { head } => with(Cpl::DoSign, head),
        ComplaintEvent::Reply { text } => with(Cpl::DoReply, text),
        ComplaintEvent::FollowUp { satisfied, remarks } => {
            let verdict = if *satisfied { Cpl::Yes } else { Cpl::No };
            format!(
                "{}:{} {} {remarks}",
                Cpl::DoFollowUp.text(lang),
                Cpl::FieldSatisfied.text(lang),
                verdict.text(lang)
            )
        }
        ComplaintEvent::Evaluate { text } => with(Cpl::DoEvaluate, text),
        ComplaintEvent::ExtendDeadline { working_days } => with(
            Cpl::DoExtend,
            &fill(Cpl::RecordExtendedBy.text(lang), &[("n", working_days)]),
        ),
        ComplaintEvent::Note { text } => with(Cpl::DoNote, text),
    }
}

fn repair_page(r: &RepairRecord, view: &View) -> Info {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let k = &r.repair;
    let mut lines = vec![
        // A work order's customer reported a fault; they are no complainant.
        fill(
            Cpl::RecordRepairWho.text(lang),
            &[
                ("name", &k.customer),
                ("phone", &k.phone),
                ("unit", &k.unit),
            ],
        ),
        format!("{}:{}", Cpl::FieldRepairWhat.text(lang), k.what),
        format!(
            "{}:{} · {}:{}",
            Cpl::FieldUrgency.text(lang),
            labels::urgency(k.urgency).text(lang),
            Cpl::FieldAppointment.text(lang),
            if k.appointment.is_empty() {
                "—"
            } else {
                &k.appointment
            }
        ),
        // When and by whom it was reported, and what it needs next: worded as what comes,
        // never beside a time and a clerk as if someone had done it.
        fill(
            Cpl::RepairReported.text(lang),
            &[
                ("at", &stamp(r.reported_at, tz)),
                ("clerk", &view.shared.name(r.owner)),
                (
                    "next",
                    &r.state.next_step().map_or_else(
                        || Cpl::StepClosed.text(lang).to_owned(),
                        |n| repair_label(n).text(lang).to_owned(),
                    ),
                ),
            ],
        ),
    ];
    if !r.entries.is_empty() {
        lines.push(String::new());
        lines.push(Cpl::RecordEvents.text(lang).to_owned());
        for entry in &r.entries {
            let what = match &entry.event {
                RepairEvent::Receive { by } => format!("{}:{by}", Cpl::DoReceive.text(lang)),
                RepairEvent::Plan {
                    plan,
                    responsibility,
                } => format!("{}:{plan} · {responsibility}", Cpl::DoPlan.text(lang)),
                RepairEvent::Complete { cost_fen, staff } => format!(
                    "{}:{staff} · ¥{}.{:02}",
                    Cpl::DoComplete.text(lang),
                    cost_fen / 100,
                    cost_fen % 100
                ),
                RepairEvent::Confirm { satisfied, opinion } => format!(
                    "{}:{} {opinion}",
                    Cpl::DoConfirm.text(lang),
                    if *satisfied { Cpl::Yes } else { Cpl::No }.text(lang)
                ),
            };
            lines.push(format!(
                "  {} {} · {what}",
                stamp(entry.at, tz),
                view.shared.name(entry.by)
            ));
        }
    }
    let title = fill(Cpl::RepairRecordTitle.text(lang), &[("id", &r.id)]);
    Info::new(title, lines)
}

/// When a step was recorded: with its day, since a complaint runs over days.
fn stamp(at: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%m-%d %H:%M").to_string()
}
