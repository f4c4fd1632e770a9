//! The office's shifts and its handover checklist (issue 10 §1, HND-3): what they are, how
//! they are validated, and which shift a local moment falls in.

use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};

use crate::domain::text::sanitize;

/// One shift of the desk. An `end` at or before `start` runs past midnight (24:00 is
/// written `00:00`); an `end` equal to `start` is a shift of 24 hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub name: String,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Shift {
    fn start_minute(&self) -> u32 {
        self.start.hour() * 60 + self.start.minute()
    }

    /// Its length in minutes, 1 to 1440.
    pub fn minutes(&self) -> u32 {
        let (s, e) = (
            self.start_minute(),
            self.end.hour() * 60 + self.end.minute(),
        );
        if e > s { e - s } else { e + 1440 - s }
    }

    /// The minutes of the day it covers, as at most two half-open ranges within 0..1440.
    fn ranges(&self) -> Vec<(u32, u32)> {
        let s = self.start_minute();
        let e = s + self.minutes();
        if e <= 1440 {
            vec![(s, e)]
        } else {
            vec![(s, 1440), (0, e - 1440)]
        }
    }
}

/// A shift as it runs on one occasion, in office (local) time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftSpan {
    pub shift: Shift,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

/// How many shifts an office may define, and how long a shift's name may be.
pub const MAX_SHIFTS: usize = 6;
pub const SHIFT_NAME_MAX_CHARS: usize = 10;

/// Why a list of shifts was refused; each names the shift.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftError {
    #[error("an office defines at least one shift")]
    None,
    #[error("an office defines at most {MAX_SHIFTS} shifts")]
    TooMany,
    #[error("a shift's name is 1 to {SHIFT_NAME_MAX_CHARS} characters: {0:?}")]
    Name(String),
    #[error("two shifts are named {0:?}")]
    Duplicate(String),
    #[error("shifts {0:?} and {1:?} overlap")]
    Overlap(String, String),
    /// The stored or typed line is not `name HH:MM-HH:MM`.
    #[error("a shift is written \"name HH:MM-HH:MM\", not {0:?}")]
    Line(String),
}

/// The office's shifts, validated: at least one, at most [`MAX_SHIFTS`], names unique and
/// 1–10 characters, no two covering the same minute. Gaps are allowed (an office closed at
/// night has no night shift): [`Shifts::current`] is `None` in a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shifts(Vec<Shift>);

/// A default shift: its Chinese name (stored), its English name (for the UI), and its start
/// and end as (hour, minute).
pub type DefaultShift = (&'static str, &'static str, (u32, u32), (u32, u32));

/// The default shifts.
pub const DEFAULT_SHIFTS: [DefaultShift; 3] = [
    ("早班", "Morning", (8, 0), (16, 0)),
    ("中班", "Evening", (16, 0), (0, 0)),
    ("夜班", "Night", (0, 0), (8, 0)),
];

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a valid time of day")
}

impl Shifts {
    /// Validates `shifts` (names cleaned of control characters, order kept).
    pub fn new(shifts: Vec<Shift>) -> Result<Shifts, ShiftError> {
        if shifts.is_empty() {
            return Err(ShiftError::None);
        }
        if shifts.len() > MAX_SHIFTS {
            return Err(ShiftError::TooMany);
        }
        let mut clean: Vec<Shift> = Vec::with_capacity(shifts.len());
        for shift in shifts {
            let name = sanitize(&shift.name);
            if name.is_empty() || name.chars().count() > SHIFT_NAME_MAX_CHARS {
                return Err(ShiftError::Name(name));
            }
            if clean.iter().any(|s| s.name == name) {
                return Err(ShiftError::Duplicate(name));
            }
            // Seconds are not kept: a shift starts on a minute.
            let shift = Shift {
                name,
                start: hm(shift.start.hour(), shift.start.minute()),
                end: hm(shift.end.hour(), shift.end.minute()),
            };
            for other in &clean {
                let overlap = shift
                    .ranges()
                    .iter()
                    .any(|&(a, b)| other.ranges().iter().any(|&(c, d)| a < d && c < b));
                if overlap {
                    return Err(ShiftError::Overlap(other.name.clone(), shift.name));
                }
            }
            clean.push(shift);
        }
        Ok(Shifts(clean))
    }

    pub fn list(&self) -> &[Shift] {
        &self.0
    }

    /// The shift running at `local` (office time) with its start and end that time; `None`
    /// in a gap between shifts.
    pub fn current(&self, local: NaiveDateTime) -> Option<ShiftSpan> {
        let today = local.date();
        for shift in &self.0 {
            for date in [today, today.pred_opt()?] {
                let start = date.and_time(shift.start);
                let end = start + Duration::minutes(i64::from(shift.minutes()));
                if start <= local && local < end {
                    return Some(ShiftSpan {
                        shift: shift.clone(),
                        start,
                        end,
                    });
                }
            }
        }
        None
    }

    /// The shift a handover made at `local` hands over: the one running, except in the
    /// first quarter of a shift that follows another directly, when it is the one just
    /// ended (a clerk relieved late, at 16:05 or 17:30, hands over 早班); in a gap, the last
    /// one that ran.
    pub fn handed_over(&self, local: NaiveDateTime) -> Option<ShiftSpan> {
        match self.current(local) {
            Some(c) => {
                let before = self.current(c.start - Duration::minutes(1));
                match before {
                    Some(p) if p.end == c.start && (local - c.start) * 4 < c.end - c.start => {
                        Some(p)
                    }
                    _ => Some(c),
                }
            }
            None => (1..=96)
                .map(|k| local - Duration::minutes(15 * k))
                .find_map(|t| self.current(t)),
        }
    }

    /// The stored form: one shift a line, `name HH:MM-HH:MM`.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|s| {
                format!(
                    "{} {}-{}",
                    s.name,
                    s.start.format("%H:%M"),
                    s.end.format("%H:%M")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads what [`Shifts::to_text`] wrote (`24:00` is read as `00:00`).
    pub fn from_text(text: &str) -> Result<Shifts, ShiftError> {
        let mut shifts = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let bad = || ShiftError::Line(line.to_owned());
            let (name, times) = line.rsplit_once(' ').ok_or_else(bad)?;
            let (start, end) = times.split_once('-').ok_or_else(bad)?;
            let time = |t: &str| {
                let t = if t == "24:00" { "00:00" } else { t };
                NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad())
            };
            shifts.push(Shift {
                name: name.trim().to_owned(),
                start: time(start)?,
                end: time(end)?,
            });
        }
        Shifts::new(shifts)
    }
}

impl Default for Shifts {
    /// 早班 08:00–16:00, 中班 16:00–24:00, 夜班 00:00–08:00.
    fn default() -> Self {
        Shifts(
            DEFAULT_SHIFTS
                .iter()
                .map(|(zh, _, (sh, sm), (eh, em))| Shift {
                    name: (*zh).to_owned(),
                    start: hm(*sh, *sm),
                    end: hm(*eh, *em),
                })
                .collect(),
        )
    }
}

/// The default checklist of things the two clerks check together (HND-3), stored in
/// Chinese as the office's own items are; the English is for the UI to show beside a
/// default item ([`default_english`]).
pub const DEFAULT_CHECKLIST: [(&str, &str); 6] = [
    ("钥匙", "keys"),
    ("门禁卡/访客证", "passes and badges counted"),
    ("对讲机", "radio"),
    ("电话", "phone"),
    ("登记本", "registers"),
    ("未结事项", "open matters"),
];

/// The English of a default checklist item or shift name; `None` for the office's own.
pub fn default_english(item: &str) -> Option<&'static str> {
    DEFAULT_CHECKLIST
        .iter()
        .find(|(zh, _)| *zh == item)
        .map(|(_, en)| *en)
        .or_else(|| {
            DEFAULT_SHIFTS
                .iter()
                .find(|(zh, ..)| *zh == item)
                .map(|(_, en, ..)| *en)
        })
}

pub fn default_checklist() -> Vec<String> {
    DEFAULT_CHECKLIST
        .iter()
        .map(|(zh, _)| (*zh).to_owned())
        .collect()
}

pub const MAX_CHECKLIST_ITEMS: usize = 20;
pub const CHECKLIST_ITEM_MAX_CHARS: usize = 20;

/// Cleans an office's checklist: control characters stripped, blanks dropped, duplicates
/// once. Refused (naming the item, or `""` when none is left) when empty, too long or too
/// many: a handover with nothing to check together would skip HND-3.
pub fn validate_checklist<S: AsRef<str>>(
    items: impl IntoIterator<Item = S>,
) -> Result<Vec<String>, String> {
    let mut clean: Vec<String> = Vec::new();
    for item in items {
        let text = sanitize(item.as_ref());
        if text.is_empty() || clean.contains(&text) {
            continue;
        }
        if text.chars().count() > CHECKLIST_ITEM_MAX_CHARS || clean.len() == MAX_CHECKLIST_ITEMS {
            return Err(text);
        }
        clean.push(text);
    }
    if clean.is_empty() {
        return Err(String::new());
    }
    Ok(clean)
}
