//! Turning domain facts and errors into sentences from the catalog, citing the rule applied.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::snapshot::Snapshot;
use crate::config::ConfigError;
use crate::domain::policy::PolicyError;
use crate::domain::rotation::{
    Availability, Event, Explanation, MakeUpReason, Outcome, PassCause, ReceptionKind,
    RotationError, Standing,
};
use crate::domain::staff::{PinError, Role, StaffId};
use crate::domain::text::TextError;
use crate::i18n::{Lang, T, fill};
use crate::store::StoreError;

pub fn role(role: Role) -> T {
    match role {
        Role::Clerk => T::RoleClerk,
        Role::Salesperson => T::RoleSalesperson,
        Role::Supervisor => T::RoleSupervisor,
    }
}

pub fn outcome(o: Outcome) -> T {
    match o {
        Outcome::NewCustomer => T::OutcomeNewCustomer,
        Outcome::OwnOldCustomer => T::OutcomeOwnOld,
        Outcome::ColleagueOldCustomer => T::OutcomeColleagueOld,
        Outcome::HelpedColleague => T::OutcomeHelped,
        Outcome::PublicAfterAll => T::OutcomePublic,
        Outcome::Void => T::OutcomeVoid,
    }
}

pub fn reason(r: MakeUpReason) -> T {
    match r {
        MakeUpReason::OwnOldCustomer => T::ReasonOwnOld,
        MakeUpReason::ColleagueOldCustomer => T::ReasonColleagueOld,
        MakeUpReason::HelpedColleague => T::ReasonHelped,
        MakeUpReason::PublicAfterAll => T::ReasonPublic,
        MakeUpReason::AssignedWork => T::ReasonAssignedWork,
        MakeUpReason::VoidTurn => T::ReasonVoidTurn,
    }
}

pub fn kind(k: ReceptionKind, snap: &Snapshot, lang: Lang) -> String {
    match k {
        ReceptionKind::Rotation => T::KindRotation.text(lang).into(),
        ReceptionKind::MakeUp => T::KindMakeUp.text(lang).into(),
        ReceptionKind::Designated => T::KindDesignated.text(lang).into(),
        ReceptionKind::Returning => T::KindReturning.text(lang).into(),
        ReceptionKind::Helping(owner) => {
            fill(T::KindHelping.text(lang), &[("owner", &snap.name(owner))])
        }
        ReceptionKind::Public => T::KindPublic.text(lang).into(),
    }
}

pub fn availability(a: Availability) -> T {
    match a {
        Availability::Available => T::StatusAvailable,
        Availability::AwayAssigned => T::StatusAwayAssigned,
        Availability::Break => T::StatusBreak,
        Availability::Leave => T::StatusLeave,
    }
}

/// A checked-in salesperson's status, as the queue shows it.
pub fn standing(
    s: Option<Standing>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    snap: &Snapshot,
    lang: Lang,
) -> String {
    match s {
        None => T::StatusAvailable.text(lang).into(),
        Some(Standing::Away(a)) => availability(a).text(lang).into(),
        Some(Standing::Receiving(k)) => {
            let minutes = since.map_or(0, |t| (now - t).num_minutes().max(0));
            fill(
                T::StatusReceiving.text(lang),
                &[("min", &minutes), ("kind", &kind(k, snap, lang))],
            )
        }
    }
}

pub fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// One log entry as a sentence that names the rule it applied.
pub fn event(e: &Event, snap: &Snapshot, lang: Lang) -> String {
    let n = |id| snap.name(id);
    let t = |key: T, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        Event::CheckedIn { salesperson } => t(T::EvCheckedIn, &[("name", &n(*salesperson))]),
        Event::CheckedOut { salesperson } => t(T::EvCheckedOut, &[("name", &n(*salesperson))]),
        Event::AvailabilitySet {
            salesperson,
            availability,
            ..
        } => {
            let key = match availability {
                Availability::Available => T::EvAvailable,
                Availability::AwayAssigned => T::EvAwayAssigned,
                Availability::Break => T::EvBreak,
                Availability::Leave => T::EvLeave,
            };
            t(key, &[("name", &n(*salesperson))])
        }
        Event::ReceptionStarted {
            salesperson, kind, ..
        } => {
            let name = n(*salesperson);
            match kind {
                // Every new walk-in is asked whether they visited before (ROT-12).
                ReceptionKind::Rotation | ReceptionKind::MakeUp => t(
                    if *kind == ReceptionKind::Rotation {
                        T::EvRotation
                    } else {
                        T::EvMakeUpServed
                    },
                    &[("name", &name), ("phrase", &T::GreetSales.text(lang))],
                ),
                ReceptionKind::Designated => t(T::EvDesignated, &[("name", &name)]),
                ReceptionKind::Returning => t(T::EvReturning, &[("name", &name)]),
                ReceptionKind::Helping(owner) => {
                    t(T::EvHelping, &[("name", &name), ("owner", &n(*owner))])
                }
                ReceptionKind::Public => t(T::EvPublic, &[("name", &name)]),
            }
        }
        Event::ReceptionEnded {
            reception,
            outcome: o,
        } => {
            let started = snap.reception_started_by(*reception);
            let name = started.map(&n).unwrap_or_default();
            let counted = *o == Outcome::NewCustomer && snap.reception_used_turn(*reception);
            if counted {
                t(T::EvEndedCounted, &[("name", &name)])
            } else {
                t(
                    T::EvEnded,
                    &[("name", &name), ("outcome", &outcome(*o).text(lang))],
                )
            }
        }
        Event::TurnPassed { salesperson, cause } => {
            let key = match cause {
                PassCause::Absent => T::EvPassedAbsent,
                PassCause::AssignedWork => T::EvPassedAssigned,
                PassCause::Break => T::EvPassedBreak,
                PassCause::Leave => T::EvPassedLeave,
                PassCause::Designated => T::EvPassedDesignated,
            };
            t(key, &[("name", &n(*salesperson))])
        }
        Event::MakeUpEarned {
            salesperson,
            reason: r,
        } => t(
            T::EvMakeUpEarned,
            &[
                ("rule", &r.rule()),
                ("name", &n(*salesperson)),
                ("reason", &reason(*r).text(lang)),
            ],
        ),
        Event::MakeUpForfeited { make_up } => {
            let holder = snap.make_up_holder(*make_up).map(&n).unwrap_or_default();
            t(T::EvMakeUpForfeited, &[("name", &holder)])
        }
        Event::Reordered {
            salesperson,
            position,
            reason: why,
            supervisor,
        } => t(
            T::EvReordered,
            &[
                ("supervisor", &n(*supervisor)),
                ("name", &n(*salesperson)),
                ("position", position),
                ("reason", why),
            ],
        ),
        Event::Rejected {
            reception,
            supervisor,
        } => {
            let name = snap
                .reception_started_by(*reception)
                .map(&n)
                .unwrap_or_default();
            t(
                T::EvRejected,
                &[("name", &name), ("supervisor", &n(*supervisor))],
            )
        }
        Event::Violation {
            salesperson,
            fine_fen,
            supervisor,
            ..
        } => t(
            T::EvViolation,
            &[
                ("name", &n(*salesperson)),
                ("yuan", &yuan(*fine_fen)),
                ("supervisor", &n(*supervisor)),
            ],
        ),
    }
}

/// Fen as yuan, without a trailing ".00" when whole.
pub fn yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, (fen % 100).abs())
    }
}

/// The answer to "why is this person where they are?", one sentence a line.
pub fn explanation(
    id: StaffId,
    snap: &Snapshot,
    now: DateTime<Utc>,
    tz: Tz,
    lang: Lang,
) -> Vec<String> {
    let name = snap.name(id);
    let t = |key: T, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match snap.rotation.explain(id) {
        Explanation::MakeUp(m) => vec![t(
            T::WhyMakeUp,
            &[
                ("name", &name),
                ("time", &local_time(m.earned, tz)),
                ("reason", &reason(m.reason).text(lang)),
                ("rule", &m.reason.rule()),
            ],
        )],
        Explanation::FirstInOrder {
            placed_by,
            standing_by,
        } => {
            let mut lines = vec![t(T::WhyFirst, &[("name", &name)])];
            if let Some(entry) = placed_by {
                lines.push(t(
                    T::WhyPlacedBy,
                    &[
                        ("time", &local_time(entry.at, tz)),
                        ("event", &event(&entry.event, snap, lang)),
                    ],
                ));
            }
            if !standing_by.is_empty() {
                let list = standing_by
                    .iter()
                    .map(|(other, s)| {
                        format!(
                            "{} ({})",
                            snap.name(*other),
                            standing(Some(*s), None, now, snap, lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                lines.push(t(T::WhyStandingBy, &[("list", &list)]));
            }
            lines
        }
        Explanation::Behind { ahead } => {
            let list = ahead
                .iter()
                .map(|&o| snap.name(o))
                .collect::<Vec<_>>()
                .join(", ");
            vec![t(T::WhyBehind, &[("name", &name), ("list", &list)])]
        }
        Explanation::Unavailable(s) => vec![t(
            T::WhyUnavailable,
            &[
                ("name", &name),
                ("status", &standing(Some(s), None, now, snap, lang)),
            ],
        )],
        Explanation::NotCheckedIn => vec![t(T::WhyNotCheckedIn, &[("name", &name)])],
    }
}

fn text_error(field: T, e: TextError, lang: Lang) -> String {
    match e {
        TextError::Empty => fill(T::ErrRequired.text(lang), &[("field", &field.text(lang))]),
        TextError::TooLong(max) => fill(
            T::ErrTooLong.text(lang),
            &[("field", &field.text(lang)), ("max", &max)],
        ),
    }
}

pub fn name_error(e: TextError, lang: Lang) -> String {
    text_error(T::FieldName, e, lang)
}

pub fn field_error(field: T, e: TextError, lang: Lang) -> String {
    text_error(field, e, lang)
}

pub fn rotation_error(e: &RotationError, snap: &Snapshot, lang: Lang) -> String {
    let t = |key: T, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        RotationError::AlreadyCheckedIn(id) => {
            t(T::ErrAlreadyCheckedIn, &[("name", &snap.name(*id))])
        }
        RotationError::NotCheckedIn(id) => t(T::ErrNotCheckedIn, &[("name", &snap.name(*id))]),
        RotationError::Receiving(id) => t(T::ErrReceiving, &[("name", &snap.name(*id))]),
        RotationError::NobodyAvailable => t(T::ErrNobodyAvailable, &[]),
        RotationError::NoSuchReception(_) => t(T::ErrReceptionGone, &[]),
        RotationError::NotARotationReception => t(T::ErrNotRotationReception, &[]),
        RotationError::BadPosition(_) => {
            t(T::ErrBadPosition, &[("max", &snap.rotation.order().len())])
        }
        RotationError::ReasonRequired => t(T::ErrReasonRequired, &[]),
        RotationError::FineOutOfRange { min, max } => t(
            T::ErrFineRange,
            &[("min", &yuan(*min)), ("max", &yuan(*max))],
        ),
        RotationError::NoteRequired => t(T::ErrNoteRequired, &[]),
        RotationError::NotNextUp(id) => t(T::ErrNotNextUp, &[("name", &snap.name(*id))]),
        RotationError::OutcomeDoesNotFit => t(T::ErrOutcomeDoesNotFit, &[]),
        RotationError::AssignedWorkNeedsSupervisor => t(T::ErrAssignedWorkNeedsSupervisor, &[]),
    }
}

/// A configuration problem, told in the console's language; the parser's own detail
/// (line and column of a TOML mistake) is passed through as it is.
pub fn config_error(e: &ConfigError, lang: Lang) -> String {
    let t = |key: T, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        ConfigError::Read { path, source } => t(
            T::ErrConfigRead,
            &[("path", &path.display()), ("detail", source)],
        ),
        ConfigError::Parse { path, message } => t(
            T::ErrConfigParse,
            &[("path", &path.display()), ("detail", message)],
        ),
        ConfigError::TimeZone(zone) => t(T::ErrConfigTimeZone, &[("zone", zone)]),
        ConfigError::Lang(l) => t(T::ErrConfigLang, &[("lang", l)]),
        ConfigError::Policy(PolicyError::UnknownPreset(p)) => {
            t(T::ErrConfigPreset, &[("preset", p)])
        }
        ConfigError::Policy(PolicyError::Invalid(detail)) => {
            t(T::ErrConfigPolicy, &[("detail", detail)])
        }
        ConfigError::NoHome => t(T::ErrConfigNoHome, &[]),
    }
}

/// A store error met before the console has anything loaded (opening the file, the demo).
pub fn startup_error(e: &StoreError, lang: Lang) -> String {
    store_error(e, &Snapshot::default(), lang)
}

pub fn store_error(e: &StoreError, snap: &Snapshot, lang: Lang) -> String {
    let t = |key: T, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        StoreError::Busy => t(T::ErrBusy, &[]),
        StoreError::ReadOnly => t(T::ErrReadOnly, &[]),
        StoreError::Corrupt => t(T::ErrCorrupt, &[]),
        StoreError::DiskFull => t(T::ErrDiskFull, &[]),
        StoreError::CannotOpen(detail) => t(T::ErrCannotOpen, &[("detail", detail)]),
        StoreError::TooNew => t(T::ErrTooNew, &[]),
        StoreError::DuplicateName(name) => t(T::ErrDuplicateName, &[("name", name)]),
        StoreError::Name(e) => name_error(*e, lang),
        StoreError::Pin(PinError::Shape) => t(T::ErrPinShape, &[]),
        StoreError::Pin(PinError::Mismatch) => t(T::ErrPinMismatch, &[]),
        StoreError::WrongPin => t(T::ErrWrongPin, &[]),
        StoreError::NotSupervisor => t(T::ErrNotSupervisor, &[]),
        StoreError::NotSalesperson(_) => t(T::ErrNotSalesperson, &[]),
        StoreError::AlreadySetUp => t(T::ErrAlreadySetUp, &[]),
        StoreError::NoSuchStaff(_) => t(T::ErrNoSuchStaff, &[]),
        StoreError::LastSupervisor => t(T::ErrLastSupervisor, &[]),
        StoreError::StillCheckedIn(id) => t(T::ErrStillCheckedIn, &[("name", &snap.name(*id))]),
        StoreError::Rotation(e) => rotation_error(e, snap, lang),
        StoreError::Other(detail) => t(T::ErrOther, &[("detail", detail)]),
    }
}
