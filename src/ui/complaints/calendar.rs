//! The office's working days (CMP-5): the State Council's calendar with its adjusted working
//! weekends is built in, but only as far as the kept crate knows it; a supervisor declares
//! the office's own days off or working days (and next year's holidays once announced), with
//! the PIN, audited. Beside the form: what the typed date is now, and why.

use chrono::NaiveDate;
use ratatui::text::Line;

use super::Purpose;
use super::intake::required;
use super::text::Cpl;
use crate::domain::staff::StaffId;
use crate::domain::workdays::{DaySource, WorkCalendar, national_calendar_until};
use crate::i18n::{Lang, fill};
use crate::ui::context::Context;
use crate::ui::form::{Form, Pick, Refusal, Text};
use crate::ui::pane::View;
use crate::ui::said::Said;
use crate::ui::theme::Theme;

pub const DATE: Text = Text("date");

/// How many of the office's own days the panel lists.
const LISTED: usize = 8;

pub fn form(view: &View, calendar: &WorkCalendar) -> Form {
    let lang = view.lang;
    let kinds = vec![
        (Some(false), Cpl::DayOff.text(lang).to_owned()),
        (Some(true), Cpl::WorkingDay.text(lang).to_owned()),
    ];
    let (working, supervisor) = (Pick::new("working"), Pick::new("supervisor"));
    let purpose = Purpose::Calendar {
        working: working.clone(),
        supervisor: supervisor.clone(),
    };
    let form = Form::new(purpose, Cpl::CalendarTitle.text(lang).to_owned())
        .text(DATE, Cpl::FieldDate)
        .choice(&working, Cpl::FieldDayIs, kinds, None);
    let mut form = view.approval(form, &supervisor);
    watch(&mut form, calendar, lang);
    form
}

fn parse(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn day_kind(working: bool) -> Cpl {
    if working {
        Cpl::WorkingDay
    } else {
        Cpl::DayOff
    }
}

/// The panel: the typed date as the calendar has it, how far the national calendar goes,
/// the office's own days.
pub fn watch(form: &mut Form, calendar: &WorkCalendar, lang: Lang) {
    let mut lines = Vec::new();
    if let Some(date) = parse(&form.value(DATE)) {
        let (working, source) = calendar.day(date);
        let why = match source {
            DaySource::Office => Cpl::SourceOffice,
            DaySource::StateCouncil => Cpl::SourceStateCouncil,
            DaySource::Weekday => Cpl::SourceWeekday,
        };
        lines.push(Line::styled(
            format!(
                "{} {} ({})",
                date.format("%Y-%m-%d"),
                day_kind(working).text(lang),
                why.text(lang)
            ),
            Theme::title(),
        ));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        fill(
            Cpl::NationalUntil.text(lang),
            &[("date", &national_calendar_until().format("%Y-%m-%d"))],
        ),
        Theme::warning(),
    ));
    let own: Vec<_> = calendar.overrides().collect();
    if !own.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(Cpl::OfficeDays.text(lang), Theme::header()));
        for (date, working) in own.iter().rev().take(LISTED) {
            lines.push(Line::raw(format!(
                "{} {}",
                date.format("%Y-%m-%d"),
                day_kind(*working).text(lang)
            )));
        }
    }
    form.set_side(lines);
}

/// Declares the day the form holds; `working` and `supervisor` are its lists.
pub fn submit(
    form: &Form,
    working: &Pick<Option<bool>>,
    supervisor: &Pick<StaffId>,
    cx: &mut Context,
) -> Result<Said, Refusal> {
    let date =
        parse(&form.value(DATE)).ok_or_else(|| Refusal::at(DATE, Said::msg(Cpl::ErrDate)))?;
    let working = form
        .chosen(working)
        .flatten()
        .ok_or_else(|| required(working.into(), Cpl::FieldDayIs))?;
    let approval = cx.approve(form, supervisor)?;
    cx.store
        .set_calendar_day(cx.operator.id, approval, date, working, cx.now)
        .map_err(|e| cx.refusal(e))?;
    let date = date.format("%Y-%m-%d").to_string();
    let kind = day_kind(working);
    Ok(Said::new(move |lang| {
        fill(
            Cpl::CalendarSet.text(lang),
            &[("date", &date), ("kind", &kind.text(lang))],
        )
    }))
}
