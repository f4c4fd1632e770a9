//! Referrals in the registers pane (issue 17 §3): the employee referral form (REG-8, before
//! the visit) and its confirmation by a supervisor at the visit; the customer referral read
//! from the visit form (REG-7); and the lines the ownership panel and the customer's record
//! show about referrals and ATT-14-10's redistribution.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::text::Line;

use super::forms::{self, PHONE, Purpose};
use super::referral_text::Refer;
use super::text::Reg;
use super::verdict;
use crate::domain::attribution::Preset;
use crate::domain::register::referral::{
    AppointmentError, ReferralState, check_appointment, registration_settles,
};
use crate::domain::register::{
    CustomerName, CustomerReferral, EmployeeReferral, Identity, Ownership, Phone, ReferralGround,
    Register, Verdict,
};
use crate::domain::staff::StaffId;
use crate::i18n::fill;
use crate::store::referral::NewCustomerReferral;
use crate::store::register::VisitId;
use crate::store::{self, Store};
use crate::ui::context::Context;
use crate::ui::form::{self, Form, Pick, Refusal, Text};
use crate::ui::pane::View;
use crate::ui::said::Said;
use crate::ui::theme::Theme;
pub use crate::words::referral::refusal;

pub const APPOINTMENT: Text = Text("appointment");
pub const REFERRER_NAME: Text = Text("referrer_name");
pub const REFERRER_PHONE: Text = Text("referrer_phone");
pub const ANNOUNCED: Text = Text("announced");

fn day(d: NaiveDate) -> String {
    d.format("%m-%d").to_string()
}

/// REG-8's form: any active staff member may refer (ATT-V-4), salesperson or not.
pub fn employee_form(view: &View) -> Form {
    let lang = view.lang;
    let referrer = Pick::new("referrer");
    let people = std::iter::once((None, Reg::Choose.text(lang).to_owned())).chain(
        view.shared
            .staff
            .iter()
            .filter(|s| s.active)
            .map(|s| (Some(s.id), s.name.clone())),
    );
    let today = view.shared.day_of(view.now).format("%Y-%m-%d").to_string();
    Form::new(
        Purpose::EmployeeReferral {
            referrer: referrer.clone(),
        },
        Refer::DlgEmployeeReferral.text(lang).to_owned(),
    )
    .choice(&referrer, Refer::FieldReferrer, people, Some(None))
    .text(form::NAME, Reg::FieldCustomer)
    .required()
    .text(PHONE, Reg::FieldPhone)
    .required()
    .checked(forms::phone_check)
    .text_with(APPOINTMENT, Refer::FieldAppointment, &today)
    .required()
}

fn read_day(form: &Form, key: Text) -> Result<NaiveDate, Refusal> {
    let text = form.number(key).replace('/', "-");
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| Refusal::at(key, Said::fill(Refer::ErrDate, [("text", text.clone())])))
}

/// Registers the employee referral the form holds: a valid phone, an appointment not in the
/// past, and a customer who has not visited yet (REG-8: before the first visit).
pub fn submit_employee(
    form: &Form,
    cx: &mut Context,
    referrer: &Pick<Option<StaffId>>,
) -> Result<Said, Refusal> {
    let Some(referrer) = cx.choice_of(form, referrer)? else {
        return Err(Refusal::at(
            referrer,
            Said::fill(
                Reg::ErrRequiredChoice,
                [("field", Refer::FieldReferrer.text(cx.lang).to_owned())],
            ),
        ));
    };
    let name = CustomerName::parse(&form.value(form::NAME))
        .map_err(|_| Refusal::at(form::NAME, Said::msg(Refer::ErrNeedsName)))?;
    let typed_phone = form.value(PHONE);
    if typed_phone.trim().is_empty() {
        return Err(Refusal::at(PHONE, Said::msg(Refer::ErrNeedsPhone)));
    }
    let phone = Phone::parse(&typed_phone).map_err(|e| {
        Refusal::at(
            PHONE,
            Said::new(move |lang| forms::phone_problem(Reg::FieldPhone.msg(), e, lang)),
        )
    })?;
    let on = read_day(form, APPOINTMENT)?;
    check_appointment(on, cx.day).map_err(|AppointmentError::InThePast| {
        Refusal::at(APPOINTMENT, Said::msg(Refer::ErrPastDay))
    })?;
    let identity = Identity {
        name: Some(name.clone()),
        phone: Some(phone.clone()),
        plate: None,
    };
    let settings = &cx.shared.settings;
    let found = cx
        .store
        .ownership(&identity, cx.now, settings.timezone(), settings.policy())
        .map_err(|e| cx.refusal(e))?;
    if found.matches.iter().any(|m| m.register == Register::Visit) {
        let both = {
            let shared = cx.shared.clone();
            let found = found.clone();
            Said::new(move |lang| {
                fill(
                    Refer::ErrAlreadyRegistered.text(lang),
                    &[("verdict", &verdict::sentence(&found, &shared, lang))],
                )
            })
        };
        return Err(Refusal::at(PHONE, both));
    }
    // One referral per customer while it stands: a second would make two referrers.
    let earlier = cx
        .store
        .employee_referrals_of(&identity)
        .map_err(|e| cx.refusal(e))?;
    if let Some(r) = earlier
        .iter()
        .find(|r| r.state(cx.day) != ReferralState::Void)
    {
        return Err(Refusal::at(
            PHONE,
            Said::fill(
                Refer::ErrAlreadyReferred,
                [
                    ("referrer", cx.shared.name(r.referrer)),
                    ("date", r.appointment_on.format("%Y-%m-%d").to_string()),
                ],
            ),
        ));
    }
    let id = cx
        .store
        .register_employee_referral(cx.operator.id, referrer, &name, &phone, on, cx.now)
        .map_err(|e| cx.refusal(e))?;
    Ok(Said::fill(
        Refer::EmployeeRegistered,
        [
            ("id", id.to_string()),
            ("name", name.as_str().to_owned()),
            ("date", on.format("%Y-%m-%d").to_string()),
            ("referrer", cx.shared.name(referrer)),
        ],
    ))
}

/// The supervisor's confirmation of `referral` at `visit` (REG-8), with their PIN.
pub fn confirm_form(view: &View, referral: &EmployeeReferral, visit: VisitId) -> Form {
    let lang = view.lang;
    let supervisor = Pick::new("supervisor");
    let hint = fill(
        Refer::ConfirmHint.text(lang),
        &[
            ("referrer", &view.shared.name(referral.referrer)),
            ("name", &referral.name),
            ("visit", &visit.0),
        ],
    );
    let form = Form::new(
        Purpose::ConfirmReferral {
            referral: referral.id,
            visit,
            supervisor: supervisor.clone(),
        },
        Refer::DlgConfirm.text(lang).to_owned(),
    )
    .hint(hint);
    view.approval(form, &supervisor)
}

pub fn submit_confirm(
    form: &Form,
    cx: &mut Context,
    referral: i64,
    visit: VisitId,
    supervisor: &Pick<StaffId>,
) -> Result<Said, Refusal> {
    let approval = cx.approve(form, supervisor)?;
    let tz = cx.shared.settings.timezone();
    cx.store
        .confirm_employee_referral(cx.operator.id, approval, referral, visit, cx.now, tz)
        .map_err(|e| cx.refusal(e))?;
    Ok(Said::fill(
        Refer::Confirmed,
        [("supervisor", cx.shared.name(approval.supervisor()))],
    ))
}

/// The employee referral of `typed` a visit registered today can confirm (REG-8).
pub fn confirmable(
    store: &Store,
    typed: &Identity,
    today: NaiveDate,
) -> store::Result<Option<EmployeeReferral>> {
    Ok(store
        .employee_referrals_of(typed)?
        .into_iter()
        .find(|r| r.confirmable_on(today)))
}

/// The customer referral the visit form holds, if the referrer is typed.
pub fn typed_referral(
    form: &Form,
    named: &Pick<Option<StaffId>>,
    view: &View,
) -> NewCustomerReferral {
    let text = |key| {
        Some(form.value(key))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let tz = view.shared.settings.timezone();
    NewCustomerReferral {
        referrer_name: text(REFERRER_NAME),
        referrer_phone: text(REFERRER_PHONE),
        announced_at: text(ANNOUNCED).and_then(|t| forms::parse_local_time(&t, view.now, tz)),
        named_salesperson: form.chosen(named).flatten(),
    }
}

fn implied_why(ground: ReferralGround) -> Refer {
    match ground {
        ReferralGround::Announced => Refer::WhyAnnounced,
        ReferralGround::BroughtNaming => Refer::WhyNamed,
        ReferralGround::Rotation => Refer::WhyRotation,
        ReferralGround::OriginalReceiver => Refer::WhyOriginal,
    }
}

/// The visit form's referral lines: the referrer found (REG-3) and what the referral
/// implies under the office's preset (REG-7, ATT-V-6, ATT-14-9).
pub fn typed_referral_lines(
    typed: &NewCustomerReferral,
    receiver: Option<StaffId>,
    store: &Store,
    view: &View,
) -> store::Result<Vec<Line<'static>>> {
    let lang = view.lang;
    let settings = &view.shared.settings;
    let referrer = typed.referrer();
    let shown = typed
        .referrer_name
        .clone()
        .or_else(|| referrer.phone.as_ref().map(Phone::masked))
        .unwrap_or_default();
    let found = store.find_referrer(&referrer, view.now, settings.timezone(), settings.policy())?;
    let mut out = vec![Line::default()];
    out.push(Line::styled(
        match found {
            Some(f) => fill(
                Refer::PanelReferrerFound.text(lang),
                &[
                    ("referrer", &shown),
                    (
                        "date",
                        &f.at
                            .with_timezone(&settings.timezone())
                            .format("%y-%m-%d")
                            .to_string(),
                    ),
                    ("salesperson", &view.shared.name(f.salesperson)),
                ],
            ),
            None => fill(
                Refer::PanelReferrerNotFound.text(lang),
                &[("referrer", &shown)],
            ),
        },
        Theme::info(),
    ));
    let referral = CustomerReferral {
        id: 0,
        visit_id: 0,
        referrer_name: typed.referrer_name.clone(),
        referrer_phone: typed.referrer_phone.clone(),
        referrer,
        found: found.map(|f| (f.register, f.id)),
        found_salesperson: found.map(|f| f.salesperson),
        announced_at: typed.announced_at,
        named_salesperson: typed.named_salesperson,
        operator: view.operator.id,
        at: view.now,
    };
    out.push(implied_line(&referral, receiver, view));
    Ok(out)
}

fn implied_line(
    referral: &CustomerReferral,
    receiver: Option<StaffId>,
    view: &View,
) -> Line<'static> {
    let lang = view.lang;
    let preset = Preset::of(view.shared.settings.policy());
    let implied = match receiver {
        Some(receiver) => Some(referral.implies(receiver, preset)),
        None => referral.implied(preset),
    };
    let text = match implied {
        Some(implied) if implied.ground != ReferralGround::Rotation => fill(
            Refer::PanelImplies.text(lang),
            &[
                ("owner", &view.shared.name(implied.owner)),
                ("why", &implied_why(implied.ground).text(lang)),
                ("rule", &implied.rule),
            ],
        ),
        _ => fill(
            Refer::PanelImpliesReceiver.text(lang),
            &[("rule", &CustomerReferral::rule_under(preset))],
        ),
    };
    Line::styled(text, Theme::warning())
}

/// What the registers hold about a customer's referrals: the customer referrals registered
/// with their visits (with the visit's receiver and time) and their employee referrals.
#[derive(Debug, Clone, Default)]
pub struct ReferralNotes {
    pub customer: Vec<(CustomerReferral, StaffId, DateTime<Utc>)>,
    pub employee: Vec<EmployeeReferral>,
}

/// Reads the referrals of the customer `found` matched and `typed` names.
pub fn notes(found: &Ownership, typed: &Identity, store: &Store) -> store::Result<ReferralNotes> {
    let visits: Vec<(i64, StaffId, DateTime<Utc>)> = found
        .matches
        .iter()
        .filter(|m| m.register == Register::Visit)
        .map(|m| (m.id, m.salesperson, m.at))
        .collect();
    let ids: Vec<i64> = visits.iter().map(|v| v.0).collect();
    let customer = store
        .customer_referrals_for_visits(&ids)?
        .into_iter()
        .filter_map(|r| {
            let &(_, receiver, at) = visits.iter().find(|v| v.0 == r.visit_id)?;
            Some((r, receiver, at))
        })
        .collect();
    Ok(ReferralNotes {
        customer,
        employee: store.employee_referrals_of(typed)?,
    })
}

/// What the panel and the record say about the customer's referrals and redistribution:
/// the referrals registered with their visits (and REG-7's seven days in a conflict), their
/// employee referrals and where each stands (REG-8), and the redistribution that moved them
/// (ATT-14-10).
pub fn note_lines(notes: &ReferralNotes, found: &Ownership, view: &View) -> Vec<Line<'static>> {
    let lang = view.lang;
    let shared = view.shared;
    let tz = shared.settings.timezone();
    let today = shared.day_of(view.now);
    let preset = Preset::of(shared.settings.policy());
    let mut out = Vec::new();
    for (referral, receiver, at) in &notes.customer {
        let implied = referral.implies(*receiver, preset);
        let referrer = referral
            .referrer_name
            .clone()
            .or_else(|| referral.referrer.phone.as_ref().map(Phone::masked))
            .unwrap_or_default();
        out.push(Line::styled(
            fill(
                Refer::PanelReferredVisit.text(lang),
                &[
                    ("visit", &referral.visit_id.to_string()),
                    ("referrer", &referrer),
                    ("why", &implied_why(implied.ground).text(lang)),
                    ("owner", &shared.name(implied.owner)),
                    ("rule", &implied.rule),
                ],
            ),
            Theme::info(),
        ));
        if matches!(found.verdict, Verdict::Conflict { .. }) {
            let date = at.with_timezone(&tz).format("%m-%d").to_string();
            let line = if registration_settles(*at, view.now, tz) {
                fill(
                    Refer::PanelWithin7.text(lang),
                    &[("date", &date), ("owner", &shared.name(implied.owner))],
                )
            } else {
                fill(Refer::PanelAfter7.text(lang), &[("date", &date)])
            };
            out.push(Line::styled(line, Theme::warning()));
        }
    }
    for r in &notes.employee {
        out.push(employee_line(r, today, view));
    }
    if let Some(line) = redistributed_text(found, view) {
        out.push(Line::styled(line, Theme::warning()));
    }
    out
}

fn employee_line(r: &EmployeeReferral, today: NaiveDate, view: &View) -> Line<'static> {
    let lang = view.lang;
    let referrer = view.shared.name(r.referrer);
    let text = match (r.state(today), &r.confirmed) {
        (ReferralState::Confirmed, Some(c)) => fill(
            Refer::PanelEmployeeConfirmed.text(lang),
            &[
                ("referrer", &referrer),
                ("supervisor", &view.shared.name(c.supervisor)),
                ("visit", &c.visit_id.to_string()),
            ],
        ),
        (ReferralState::Pending, _) if r.appointment_on == today => fill(
            Refer::PanelEmployeeToday.text(lang),
            &[("referrer", &referrer)],
        ),
        (ReferralState::Pending, _) => fill(
            Refer::PanelEmployeeLater.text(lang),
            &[("referrer", &referrer), ("date", &day(r.appointment_on))],
        ),
        _ => fill(
            Refer::PanelEmployeeVoid.text(lang),
            &[("referrer", &referrer), ("date", &day(r.appointment_on))],
        ),
    };
    Line::styled(text, Theme::info())
}

/// "Redistributed from X to Y on D by Z (ATT-14-10)", when a redistribution moved the
/// customer.
pub fn redistributed_text(found: &Ownership, view: &View) -> Option<String> {
    let r = found.redistributed.as_ref()?;
    let shared = view.shared;
    Some(fill(
        Refer::PanelRedistributed.text(view.lang),
        &[
            ("from", &shared.name(r.from)),
            ("to", &shared.name(r.to)),
            (
                "date",
                &r.at
                    .with_timezone(&shared.settings.timezone())
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
            ("supervisor", &shared.name(r.supervisor)),
            ("seed", &r.seed.to_string()),
        ],
    ))
}

/// The employee referrals still pending, for the day's summary (REG-8).
pub fn pending_lines(pending: &[EmployeeReferral], view: &View) -> Vec<String> {
    let lang = view.lang;
    if pending.is_empty() {
        return vec![Refer::PendingNone.text(lang).to_owned()];
    }
    let mut out = vec![Refer::PendingTitle.text(lang).to_owned()];
    out.extend(pending.iter().map(|r| {
        let phone = Phone::from_stored(&r.phone)
            .map(|p| p.masked())
            .unwrap_or_else(|_| r.phone.clone());
        fill(
            Refer::PendingLine.text(lang),
            &[
                ("date", &day(r.appointment_on)),
                ("name", &r.name),
                ("phone", &phone),
                ("referrer", &view.shared.name(r.referrer)),
            ],
        )
    }));
    out
}
