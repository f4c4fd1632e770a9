//! The registers' forms: a visit (REG-1), a phone inquiry (REG-2), a correction (REG-4) and
//! the search filters; reading them into the domain's forms, and registering. The visit and
//! call forms carry the ownership panel, kept up to date by [`watch`] as the clerk types.
//!
//! These are free functions, not the pane's methods, because the rotation pane opens the
//! visit form too (a reception's customer) and submits it through [`register`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use ratatui::text::Line;

use super::referral_text::Refer;
use super::text::Reg;
use super::{referrals, verdict};
use crate::domain::register::{
    CallForm, CallRegistration, Class, CustomerName, Field, FieldError, Identity, IdentityPart,
    Ownership, Phone, PhoneError, Plate, PlateError, Problem, Register, Source, Verdict, VisitForm,
    VisitRegistration, validate_call, validate_visit,
};
use crate::domain::rotation::Seq;
use crate::domain::staff::{Role, StaffId};
use crate::i18n::{Lang, Msg, fill};
use crate::store::register::{CallId, SearchFilters, VisitId};
use crate::store::{self, Store};
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{self, FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::View;
use crate::ui::said::Said;
use crate::ui::theme::Theme;

pub const AT: Text = Text("at");
pub const PHONE: Text = Text("phone");
pub const PLATE: Text = Text("plate");
pub const CAR_BRAND: Text = Text("car_brand");
pub const INTENT: Text = Text("intent");
pub const WORK_UNIT: Text = Text("work_unit");
pub const PARTY: Text = Text("party");
pub const NOTES: Text = Text("notes");
pub const QUESTION: Text = Text("question");
pub const REASON: Text = Text("reason");
pub const FROM: Text = Text("from");
pub const TO: Text = Text("to");

/// How many of a returning customer's newest registrations are read for what they hold.
const KNOWN_READS: usize = 5;

/// What the register holds about the customer typed in a visit form, found by their phone or
/// their plate and surname (REG-3), the newest value of each: offered, never filled unasked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub name: Option<CustomerName>,
    pub phone: Option<Phone>,
    pub plate: Option<Plate>,
    pub car_brand: Option<String>,
    pub work_unit: Option<String>,
}

impl Known {
    fn is_empty(&self) -> bool {
        *self == Known::default()
    }

    /// In one line, the phone masked as lists show it (SEC-1).
    fn describe(&self) -> String {
        [
            self.name.as_ref().map(|n| n.as_str().to_owned()),
            self.phone.as_ref().map(Phone::masked),
            self.plate.as_ref().map(|p| p.as_str().to_owned()),
            self.car_brand.clone(),
            self.work_unit.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
    }

    /// The form's text fields and what this offers for each.
    fn fields(&self) -> [(Text, Option<String>); 5] {
        [
            (
                form::NAME,
                self.name.as_ref().map(|n| n.as_str().to_owned()),
            ),
            (PHONE, self.phone.as_ref().map(|p| p.as_str().to_owned())),
            (PLATE, self.plate.as_ref().map(|p| p.as_str().to_owned())),
            (CAR_BRAND, self.car_brand.clone()),
            (WORK_UNIT, self.work_unit.clone()),
        ]
    }
}

/// The clerk's answer to what the register knows, the visit form's `known` list. `Use`
/// and `Keep` carry what they answer: an offer that changes (another phone typed) is asked
/// again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// The register knows nothing more of the typed customer.
    Nothing,
    /// Fill the empty fields with these values.
    Use(Known),
    /// Register what is typed, as typed.
    Keep(Known),
}

/// The lists of a registration or filter form, read back at submit. A form without one of
/// them (a call has no class) leaves it empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists {
    pub salesperson: Pick<Option<StaffId>>,
    pub source: Pick<Option<Source>>,
    pub class: Pick<Option<Class>>,
    /// The visit form's answer to what the register already knows of a returning customer.
    pub known: Pick<Offer>,
    /// A referred visit's salesperson named or announced to (REG-7, ATT-V-6).
    pub named: Pick<Option<StaffId>>,
}

impl Lists {
    fn new() -> Lists {
        Lists {
            salesperson: Pick::new("salesperson"),
            source: Pick::new("source"),
            class: Pick::new("class"),
            known: Pick::new("known"),
            named: Pick::new("named"),
        }
    }
}

/// What a registers form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A visit; `reception` links it to the rotation's reception it came from.
    Visit {
        reception: Option<Seq>,
        lists: Lists,
    },
    Call(Lists),
    CorrectVisit(VisitId, Lists),
    CorrectCall(CallId, Lists),
    Filters(Lists),
    /// An employee referral, before the visit (REG-8).
    EmployeeReferral {
        referrer: Pick<Option<StaffId>>,
    },
    /// A supervisor confirms an employee referral at the customer's visit (REG-8).
    ConfirmReferral {
        referral: i64,
        visit: VisitId,
        supervisor: Pick<StaffId>,
    },
    /// A supervisor rules whose customer the registrations in conflict make them (REG-6).
    Rule {
        covers: Vec<(Register, i64)>,
        owner: Pick<StaffId>,
        supervisor: Pick<StaffId>,
    },
}

impl Purpose {
    /// The lists of a form that identifies a customer, so the ownership panel runs beside it.
    fn watched(&self) -> Option<&Lists> {
        match self {
            Purpose::Visit { lists, .. }
            | Purpose::Call(lists)
            | Purpose::CorrectVisit(_, lists)
            | Purpose::CorrectCall(_, lists) => Some(lists),
            Purpose::Filters(_)
            | Purpose::Rule { .. }
            | Purpose::EmployeeReferral { .. }
            | Purpose::ConfirmReferral { .. } => None,
        }
    }
}

/// The built-in information sources, in menu order, with their labels, then the office's own.
fn sources(view: &View) -> Vec<(Option<Source>, String)> {
    let mut out = builtin_sources(view.lang);
    out.extend(
        view.shared
            .settings
            .sources()
            .iter()
            .map(|s| (Some(Source::Other(s.clone())), s.clone())),
    );
    out
}

fn builtin_sources(lang: Lang) -> Vec<(Option<Source>, String)> {
    let mut out = vec![(None, Reg::NotGiven.text(lang).to_owned())];
    out.extend(
        [
            (Source::Signage, Reg::SourceSignage),
            (Source::Newspaper, Reg::SourceNewspaper),
            (Source::Web, Reg::SourceWeb),
            (Source::CustomerReferral, Reg::SourceReferral),
            (Source::PassingBy, Reg::SourcePassingBy),
            (Source::PhoneInquiry, Reg::SourcePhone),
        ]
        .into_iter()
        .map(|(s, label)| (Some(s), label.text(lang).to_owned())),
    );
    out
}

/// A source as the lists name it.
pub fn source_label(source: &Source, lang: Lang) -> String {
    builtin_sources(lang)
        .into_iter()
        .find(|(s, _)| s.as_ref() == Some(source))
        .map_or_else(|| source.key().to_owned(), |(_, label)| label)
}

fn classes(lang: Lang) -> Vec<(Option<Class>, String)> {
    let mut out = vec![(None, Reg::NotGiven.text(lang).to_owned())];
    out.extend([Class::A, Class::B, Class::C].map(|c| (Some(c), format!("{c:?}"))));
    out
}

/// The active salespeople after a "(choose)" that stands for nobody: a folded picker must
/// never register whoever happens to be listed first.
fn salespeople(view: &View) -> Vec<(Option<StaffId>, String)> {
    let choose = (None, Reg::Choose.text(view.lang).to_owned());
    std::iter::once(choose)
        .chain(
            view.shared
                .active(Role::Salesperson)
                .map(|s| (Some(s.id), s.name.clone())),
        )
        .collect()
}

/// The salespeople a referred customer may be announced to or brought naming (REG-7), after
/// "(none)".
fn named(view: &View) -> Vec<(Option<StaffId>, String)> {
    let mut out = salespeople(view);
    out[0].1 = Refer::NoOne.text(view.lang).to_owned();
    out
}

/// The office's local date and time of `at`, as the time field shows it.
pub fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// The visit form. From the rotation pane `reception` and the receiving salesperson are
/// filled in; from the registers tab the clerk picks the salesperson.
pub fn visit(view: &View, reception: Option<Seq>, salesperson: Option<StaffId>) -> Form {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let title = match salesperson.filter(|_| reception.is_some()) {
        Some(id) => fill(
            Reg::DlgVisitLinked.text(lang),
            &[("name", &view.shared.name(id))],
        ),
        None => Reg::DlgVisit.text(lang).to_owned(),
    };
    let lists = Lists::new();
    let purpose = Purpose::Visit {
        reception,
        lists: lists.clone(),
    };
    let mut form = Form::new(purpose, title)
        .compact()
        .text(form::NAME, Reg::FieldCustomer)
        .text(PHONE, Reg::FieldPhone)
        .checked(phone_check)
        .text(PLATE, Reg::FieldPlate)
        .checked(plate_check)
        .choice(&lists.known, Reg::FieldKnown, offers(None, lang), None)
        .choice(
            &lists.salesperson,
            Reg::FieldSalesperson,
            salespeople(view),
            Some(salesperson),
        )
        .text_with(AT, Reg::FieldAt, &local(view.now, tz))
        .required()
        .checked(time_check)
        .choice(&lists.source, Reg::FieldSource, sources(view), None)
        .text(referrals::REFERRER_NAME, Refer::FieldReferrerName)
        .text(referrals::REFERRER_PHONE, Refer::FieldReferrerPhone)
        .checked(phone_check)
        .text(referrals::ANNOUNCED, Refer::FieldAnnounced)
        .checked(time_check)
        .choice(&lists.named, Refer::FieldNamed, named(view), Some(None))
        .text(INTENT, Reg::FieldIntent)
        .choice(&lists.class, Reg::FieldClass, classes(lang), None)
        .text(CAR_BRAND, Reg::FieldCarBrand)
        .text(WORK_UNIT, Reg::FieldWorkUnit)
        .text(PARTY, Reg::FieldParty)
        .text(NOTES, Reg::FieldNotes);
    form.set_side(verdict::waiting(lang));
    form
}

/// The visit form for a customer the registers know (from their record): the name, phone
/// and plate they were registered with are put in, the rest asked as for anyone.
pub fn visit_of(view: &View, who: &Identity) -> Form {
    let name = who.name.as_ref().map(|n| n.as_str().to_owned());
    let phone = who.phone.as_ref().map(|p| p.as_str().to_owned());
    let plate = who.plate.as_ref().map(|p| p.as_str().to_owned());
    let shown = name
        .clone()
        .or_else(|| who.phone.as_ref().map(Phone::masked))
        .unwrap_or_default();
    let title = fill(Reg::DlgVisitOf.text(view.lang), &[("name", &shown)]);
    let mut form = visit(view, None, None).titled(title);
    for (key, value) in [(form::NAME, name), (PHONE, phone), (PLATE, plate)] {
        if let Some(value) = value {
            form = form.opened_with(key, &value);
        }
    }
    form
}

/// The phone-inquiry form (REG-2); whoever answered is usually the operator's colleague.
/// `next` is who answers next in the phone order (REG-2: salespeople answer calls in turn),
/// proposed as the one who answered; the clerk picks another if someone else did.
pub fn call(view: &View, next: Option<StaffId>) -> Form {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let lists = Lists::new();
    let order = match next {
        Some(id) => fill(
            Reg::PhoneOrderNext.text(lang),
            &[("name", &view.shared.name(id))],
        ),
        None => Reg::PhoneOrderNobody.text(lang).to_owned(),
    };
    let mut form = Form::new(
        Purpose::Call(lists.clone()),
        Reg::DlgCall.text(lang).to_owned(),
    )
    .compact()
    .hint(order)
    .text(form::NAME, Reg::FieldCaller)
    .text(PHONE, Reg::FieldPhone)
    .checked(phone_check)
    .choice(
        &lists.salesperson,
        Reg::FieldAnsweredBy,
        salespeople(view),
        Some(next),
    )
    .text_with(AT, Reg::FieldAt, &local(view.now, tz))
    .required()
    .text(QUESTION, Reg::FieldQuestion)
    .text(INTENT, Reg::FieldIntent)
    .choice(&lists.source, Reg::FieldSource, sources(view), None);
    form.set_side(verdict::waiting(lang));
    form
}

fn or_empty(text: Option<&str>) -> &str {
    text.unwrap_or("")
}

/// A correction: the visit as it reads now, every field editable, and the reason (REG-4).
pub fn correct_visit(view: &View, id: VisitId, v: &VisitRegistration) -> Form {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let title = fill(Reg::DlgCorrectVisit.text(lang), &[("id", &id.0)]);
    let lists = Lists::new();
    let mut form = Form::new(Purpose::CorrectVisit(id, lists.clone()), title)
        .compact()
        .text(REASON, Reg::FieldReason)
        .required()
        .text_with(
            form::NAME,
            Reg::FieldCustomer,
            or_empty(v.name.as_ref().map(CustomerName::as_str)),
        )
        .text_with(
            PHONE,
            Reg::FieldPhone,
            or_empty(v.phone.as_ref().map(Phone::as_str)),
        )
        .text_with(
            PLATE,
            Reg::FieldPlate,
            or_empty(v.plate.as_ref().map(Plate::as_str)),
        )
        .choice(
            &lists.salesperson,
            Reg::FieldSalesperson,
            with_person(salespeople(view), v.salesperson, view),
            Some(Some(v.salesperson)),
        )
        .text_with(AT, Reg::FieldAt, &local(v.visited_at, tz))
        .choice(
            &lists.source,
            Reg::FieldSource,
            sources(view),
            Some(v.source.clone()),
        )
        .text_with(INTENT, Reg::FieldIntent, or_empty(v.intent.as_deref()))
        .choice(&lists.class, Reg::FieldClass, classes(lang), Some(v.class))
        .text_with(
            CAR_BRAND,
            Reg::FieldCarBrand,
            or_empty(v.car_brand.as_deref()),
        )
        .text_with(
            WORK_UNIT,
            Reg::FieldWorkUnit,
            or_empty(v.work_unit.as_deref()),
        )
        .text_with(PARTY, Reg::FieldParty, or_empty(v.party.as_deref()))
        .text_with(NOTES, Reg::FieldNotes, or_empty(v.notes.as_deref()));
    form.set_side(verdict::waiting(lang));
    form
}

pub fn correct_call(view: &View, id: CallId, c: &CallRegistration) -> Form {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let title = fill(Reg::DlgCorrectCall.text(lang), &[("id", &id.0)]);
    let lists = Lists::new();
    let mut form = Form::new(Purpose::CorrectCall(id, lists.clone()), title)
        .compact()
        .text(REASON, Reg::FieldReason)
        .required()
        .text_with(
            form::NAME,
            Reg::FieldCaller,
            or_empty(c.caller.as_ref().map(CustomerName::as_str)),
        )
        .text_with(
            PHONE,
            Reg::FieldPhone,
            or_empty(c.phone.as_ref().map(Phone::as_str)),
        )
        .choice(
            &lists.salesperson,
            Reg::FieldAnsweredBy,
            with_person(salespeople(view), c.answered_by, view),
            Some(Some(c.answered_by)),
        )
        .text_with(AT, Reg::FieldAt, &local(c.called_at, tz))
        .text_with(
            QUESTION,
            Reg::FieldQuestion,
            or_empty(c.question.as_deref()),
        )
        .text_with(INTENT, Reg::FieldIntent, or_empty(c.intent.as_deref()))
        .choice(
            &lists.source,
            Reg::FieldSource,
            sources(view),
            Some(c.source.clone()),
        );
    form.set_side(verdict::waiting(lang));
    form
}

/// The active salespeople, and `id` too if they have left since: a correction keeps the
/// owner the record has unless the clerk changes it.
fn with_person(
    mut people: Vec<(Option<StaffId>, String)>,
    id: StaffId,
    view: &View,
) -> Vec<(Option<StaffId>, String)> {
    if !people.iter().any(|(p, _)| *p == Some(id)) {
        people.push((Some(id), view.shared.name(id)));
    }
    people
}

/// The filter form, starting on the filters in force.
pub fn filters(view: &View, current: &SearchFilters) -> Form {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    let date = |at: Option<DateTime<Utc>>| {
        at.map(|t| t.with_timezone(&tz).format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let mut people = vec![(None, Reg::Anyone.text(lang).to_owned())];
    people.extend(
        view.shared
            .staff
            .iter()
            .filter(|s| s.role == Role::Salesperson)
            .map(|s| (Some(s.id), s.name.clone())),
    );
    let mut classes = classes(lang);
    classes[0].1 = Reg::Anyone.text(lang).to_owned();
    let mut sources = sources(view);
    sources[0].1 = Reg::Anyone.text(lang).to_owned();
    let lists = Lists::new();
    Form::new(
        Purpose::Filters(lists.clone()),
        Reg::DlgFilters.text(lang).to_owned(),
    )
    .compact()
    .text_with(FROM, Reg::FieldFrom, &date(current.from))
    .text_with(TO, Reg::FieldTo, &date(current.to))
    .choice(
        &lists.salesperson,
        Reg::FieldSalesperson,
        people,
        Some(current.salesperson),
    )
    .choice(&lists.class, Reg::FieldClass, classes, Some(current.class))
    .choice(
        &lists.source,
        Reg::FieldSource,
        sources,
        Some(current.source.clone()),
    )
}

/// Reads the filter form; a date that cannot be read is refused, naming it.
pub fn read_filters(form: &Form, lists: &Lists, cx: &Context) -> Result<SearchFilters, Refusal> {
    let tz = cx.shared.settings.timezone();
    let day = |key: Text| -> Result<Option<NaiveDate>, Refusal> {
        let text = form.number(key);
        if text.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(&text.replace('/', "-"), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Refusal::at(key, Said::fill(Reg::ErrDate, [("text", text.clone())])))
    };
    let start = |d: NaiveDate| crate::domain::clock::day_start(at_noon(d, tz), tz);
    Ok(SearchFilters {
        from: day(FROM)?.map(start),
        // Through the end of the last day: the start of the next, less one second.
        to: day(TO)?
            .and_then(|d| d.succ_opt())
            .map(|d| start(d) - chrono::Duration::seconds(1)),
        salesperson: form.chosen(&lists.salesperson).flatten(),
        class: form.chosen(&lists.class).flatten(),
        source: form.chosen(&lists.source).flatten(),
    })
}

pub fn at_noon(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
    tz.from_local_datetime(&noon)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&noon), |t| t.with_timezone(&Utc))
}

/// The time field's shape, said as the clerk leaves it: one of the forms `read_time` reads
/// (whether it is in the future is said at save, against the clock).
fn time_check(text: &str) -> Option<Said> {
    let text = crate::domain::text::ascii_digits(text)
        .replace('/', "-")
        .replace('：', ":");
    let reads = NaiveTime::parse_from_str(&text, "%H:%M").is_ok()
        || NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M").is_ok()
        || NaiveDateTime::parse_from_str(&format!("2000-{text}"), "%Y-%m-%d %H:%M").is_ok();
    (!reads).then(|| Said::fill(Reg::ErrTime, [("text", text)]))
}

/// A time typed as the time field takes it (`14:30` today, `11-20 14:30`, `2026-11-20
/// 14:30`), in the office's zone; `None` if it does not read.
pub fn parse_local_time(text: &str, now: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
    let text = crate::domain::text::ascii_digits(text)
        .replace('/', "-")
        .replace('：', ":");
    let today = now.with_timezone(&tz).date_naive();
    let local = NaiveTime::parse_from_str(&text, "%H:%M")
        .map(|t| today.and_time(t))
        .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(
                &format!("{}-{text}", today.format("%Y")),
                "%Y-%m-%d %H:%M",
            )
        })
        .ok()?;
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Reads the time field: `14:30` (today), `11-20 14:30`, `2026-11-20 14:30`, or a date
/// alone (its noon is not invented: midnight is refused as unlikely, so a date needs a time).
fn read_time(form: &Form, key: Text, cx: &Context) -> Result<DateTime<Utc>, Refusal> {
    let tz = cx.shared.settings.timezone();
    let text = form.number(key).replace('/', "-").replace('：', ":");
    let today = cx.now.with_timezone(&tz).date_naive();
    let parsed = NaiveTime::parse_from_str(&text, "%H:%M")
        .map(|t| today.and_time(t))
        .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(
                &format!("{}-{text}", today.format("%Y")),
                "%Y-%m-%d %H:%M",
            )
        });
    let refuse = || Refusal::at(key, Said::fill(Reg::ErrTime, [("text", text.clone())]));
    let local = parsed.map_err(|_| refuse())?;
    let at = tz
        .from_local_datetime(&local)
        .earliest()
        .ok_or_else(refuse)?
        .with_timezone(&Utc);
    // A minute's grace: the field was filled when the form opened.
    if at > cx.now + chrono::Duration::minutes(1) {
        return Err(Refusal::at(key, Said::fill(Reg::ErrFuture, [("at", text)])));
    }
    // The field shows minutes; a registration in this very minute keeps its second, so two
    // registrations a few seconds apart still say which came first (REG-6).
    if (cx.now - at) < chrono::Duration::minutes(1) && at <= cx.now {
        return Ok(cx.now);
    }
    Ok(at)
}

/// What was typed as an identity, each part taken only if it reads: the panel checks what it
/// can while the rest is still being typed.
fn typed_identity(form: &Form) -> Identity {
    Identity {
        name: CustomerName::parse(&form.value(form::NAME)).ok(),
        phone: Phone::parse(&form.value(PHONE)).ok(),
        plate: if form.has_field(PLATE) {
            Plate::parse(&form.value(PLATE)).ok()
        } else {
            None
        },
    }
}

/// The ownership check for the identity typed in `form`, as of `now`.
fn ownership(form: &Form, store: &Store, view: &View) -> store::Result<Option<Ownership>> {
    let identity = typed_identity(form);
    if identity.name.is_none() && identity.phone.is_none() && identity.plate.is_none() {
        return Ok(None);
    }
    let settings = &view.shared.settings;
    store
        .ownership(&identity, view.now, settings.timezone(), settings.policy())
        .map(Some)
}

/// Runs the ownership check again when the identity typed in `form` changed (called after
/// every key, at most once per change), and puts the verdict beside the fields. A visit form also
/// offers what the register knows of the customer, and fills the empty fields with it once
/// the clerk has chosen to use it.
pub fn watch(form: &mut Form, store: &Store, view: &View) -> store::Result<()> {
    let Some(purpose) = form.purpose::<Purpose>() else {
        return Ok(());
    };
    let Some(lists) = purpose.watched().cloned() else {
        return Ok(());
    };
    if !form.take_change() {
        return Ok(());
    }
    let new_visit = matches!(purpose, Purpose::Visit { .. });
    let found = ownership(form, store, view)?;
    let mut lines = match &found {
        Some(found) => verdict::lines(found, view, new_visit),
        None => verdict::waiting(view.lang),
    };
    if let (Purpose::Call(_), Some(found)) = (&purpose, &found) {
        let answered = form.chosen(&lists.salesperson).flatten();
        lines.extend(call_conflict(found, answered, view));
    }
    if let Some(found) = &found {
        let notes = referrals::notes(found, &typed_identity(form), store)?;
        lines.extend(referrals::note_lines(&notes, found, view));
    }
    if new_visit && form.chosen(&lists.source).flatten() == Some(Source::CustomerReferral) {
        let typed = referrals::typed_referral(form, &lists.named, view);
        if typed.referrer_name.is_some() || typed.referrer_phone.is_some() {
            let receiver = form.chosen(&lists.salesperson).flatten();
            lines.extend(referrals::typed_referral_lines(
                &typed, receiver, store, view,
            )?);
        }
    }
    if new_visit {
        let known = match &found {
            Some(found) => known(found, store)?,
            None => None,
        };
        form.set_options(&lists.known, offers(known.as_ref(), view.lang));
        lines.extend(offer_lines(form, &lists, known.as_ref(), view.lang));
        if let Some(Offer::Use(known)) = form.chosen(&lists.known) {
            for (key, value) in known.fields() {
                if let Some(value) = value {
                    form.fill_over(key, "", &value);
                }
            }
        }
    }
    form.set_side(lines);
    Ok(())
}

/// Where a call is evidence of ownership (REG-9, policy 004 §5), a protected customer's call
/// registered as answered by someone else stands against the owner's protection as a
/// conflict: the panel says so before it is saved (issue 16 §3), naming whom to pass it to.
fn call_conflict(
    found: &Ownership,
    answered: Option<StaffId>,
    view: &View,
) -> Option<Line<'static>> {
    if !view.shared.settings.policy().phone_registration_is_evidence {
        return None;
    }
    let answered = answered?;
    let owner = match &found.verdict {
        Verdict::Returning(claim) => claim.owner,
        Verdict::Conflict { holders } if holders.iter().all(|h| h.owner != answered) => {
            holders.first()?.owner
        }
        _ => return None,
    };
    (owner != answered).then(|| {
        Line::styled(
            fill(
                Reg::PanelCallConflict.text(view.lang),
                &[
                    ("answered", &view.shared.name(answered)),
                    ("owner", &view.shared.name(owner)),
                ],
            ),
            Theme::error(),
        )
    })
}

/// What the register holds about the customer `found` names by phone or by plate and surname:
/// each field from the newest registration that has it. A full name alone is not enough to
/// offer a phone: two customers may share one (张伟).
pub fn known(found: &Ownership, store: &Store) -> store::Result<Option<Known>> {
    fn first<T>(slot: &mut Option<T>, value: Option<T>) {
        if slot.is_none() {
            *slot = value;
        }
    }
    let mut known = Known::default();
    let by_phone_or_plate = found.matches.iter().rev().filter(|m| {
        m.by.iter()
            .any(|b| matches!(b, IdentityPart::Phone | IdentityPart::PlateAndSurname))
    });
    for m in by_phone_or_plate.take(KNOWN_READS) {
        match m.register {
            Register::Visit => {
                if let Some(record) = store.visit(VisitId(m.id))? {
                    let v = record.visit;
                    first(&mut known.name, v.name);
                    first(&mut known.phone, v.phone);
                    first(&mut known.plate, v.plate);
                    first(&mut known.car_brand, v.car_brand);
                    first(&mut known.work_unit, v.work_unit);
                }
            }
            Register::Call => {
                if let Some(record) = store.call(CallId(m.id))? {
                    first(&mut known.name, record.call.caller);
                    first(&mut known.phone, record.call.phone);
                }
            }
        }
    }
    Ok((!known.is_empty()).then_some(known))
}

/// The `known` list's options for what the register knows.
fn offers(known: Option<&Known>, lang: Lang) -> Vec<(Offer, String)> {
    let Some(known) = known else {
        return vec![(Offer::Nothing, Reg::KnownNothing.text(lang).to_owned())];
    };
    vec![
        (
            Offer::Use(known.clone()),
            fill(Reg::KnownUse.text(lang), &[("known", &known.describe())]),
        ),
        (
            Offer::Keep(known.clone()),
            Reg::KnownKeep.text(lang).to_owned(),
        ),
    ]
}

/// The offer in the panel beside the fields, and how to take it or what was answered.
fn offer_lines(
    form: &Form,
    lists: &Lists,
    known: Option<&Known>,
    lang: Lang,
) -> Vec<Line<'static>> {
    let Some(known) = known else {
        return Vec::new();
    };
    let how = match form.chosen(&lists.known) {
        Some(Offer::Use(_)) => Reg::PanelKnownUsed,
        Some(Offer::Keep(_)) => Reg::PanelKnownKept,
        _ => Reg::PanelKnownHow,
    };
    vec![
        Line::default(),
        Line::styled(
            fill(Reg::PanelKnown.text(lang), &[("known", &known.describe())]),
            Theme::title(),
        ),
        Line::styled(how.text(lang).to_owned(), Theme::dim()),
    ]
}

/// A registration that went through, for the status line and the rotation's next step.
pub struct Registered {
    pub said: Said,
    /// The ownership as checked when it was registered (before this registration).
    pub ownership: Option<Ownership>,
    /// The visit written, if a visit was.
    pub visit: Option<VisitId>,
    /// A pending employee referral for today that this visit lets a supervisor confirm
    /// (REG-8), and the visit.
    pub confirm: Option<(crate::domain::register::EmployeeReferral, VisitId)>,
}

fn visit_form_of(form: &Form, lists: &Lists, cx: &Context) -> Result<VisitForm, Refusal> {
    Ok(VisitForm {
        visited_at: read_time(form, AT, cx)?,
        name: form.value(form::NAME),
        phone: form.value(PHONE),
        work_unit: form.value(WORK_UNIT),
        intent: form.value(INTENT),
        source: form.chosen(&lists.source).flatten(),
        salesperson: form.chosen(&lists.salesperson).flatten(),
        car_brand: form.value(CAR_BRAND),
        plate: form.value(PLATE),
        party: form.value(PARTY),
        class: form.chosen(&lists.class).flatten(),
        notes: form.value(NOTES),
    })
}

/// The register's values in the fields the clerk left empty; what was typed stays.
fn use_known(checked: &mut VisitForm, known: &Known) {
    let slots = [
        &mut checked.name,
        &mut checked.phone,
        &mut checked.plate,
        &mut checked.car_brand,
        &mut checked.work_unit,
    ];
    for (slot, (_, value)) in slots.into_iter().zip(known.fields()) {
        if let Some(value) = value
            && slot.trim().is_empty()
        {
            *slot = value;
        }
    }
}

fn call_form_of(form: &Form, lists: &Lists, cx: &Context) -> Result<CallForm, Refusal> {
    Ok(CallForm {
        called_at: read_time(form, AT, cx)?,
        caller: form.value(form::NAME),
        phone: form.value(PHONE),
        question: form.value(QUESTION),
        answered_by: form.chosen(&lists.salesperson).flatten(),
        intent: form.value(INTENT),
        source: form.chosen(&lists.source).flatten(),
    })
}

/// Registers or corrects what `form` holds. `None` when the form is not a registration.
pub fn register(form: &Form, cx: &mut Context) -> Option<Result<Registered, Refusal>> {
    let purpose = form.purpose::<Purpose>()?;
    Some(match purpose {
        Purpose::Visit { reception, lists } => register_visit(form, &lists, cx, reception),
        Purpose::Call(lists) => register_call(form, &lists, cx),
        Purpose::CorrectVisit(id, lists) => correct_visit_submit(form, &lists, cx, id),
        Purpose::CorrectCall(id, lists) => correct_call_submit(form, &lists, cx, id),
        Purpose::Filters(_)
        | Purpose::Rule { .. }
        | Purpose::EmployeeReferral { .. }
        | Purpose::ConfirmReferral { .. } => return None,
    })
}

fn register_visit(
    form: &Form,
    lists: &Lists,
    cx: &mut Context,
    reception: Option<Seq>,
) -> Result<Registered, Refusal> {
    let ownership = {
        let view = cx.view();
        ownership(form, cx.store, &view).map_err(|e| cx.refusal(e))?
    };
    let mut checked = visit_form_of(form, lists, cx)?;
    match form.chosen(&lists.known) {
        // What the clerk confirmed fills only what is still empty.
        Some(Offer::Use(known)) => use_known(&mut checked, &known),
        Some(Offer::Keep(_)) => {}
        // Asked again here, not only as the phone was typed: a save right after it must not
        // register a returning customer nameless when the register knows the name.
        _ => {
            let known = match &ownership {
                Some(found) => known(found, cx.store).map_err(|e| cx.refusal(e))?,
                None => None,
            };
            if let Some(name) = known.and_then(|k| k.name)
                && checked.name.trim().is_empty()
            {
                let said = Said::fill(Reg::ErrKnownName, [("name", name.to_string())]);
                return Err(Refusal::at(&lists.known, said));
            }
        }
    }
    let valid = validate_visit(&checked).map_err(|e| refuse(&e, lists))?;
    let visit = &valid.registration;
    let referral = customer_referral_of(form, lists, cx)?;
    // A reception's customer: whose customer they are is checked inside the write that
    // registers the visit, which registers it to the colleague the registers name (ROT-8;
    // in a conflict the earlier registration's salesperson, REG-6, whom the supervisor
    // confirms at the end of the reception), noting who received first (issue 16 §1).
    let (id, ownership, handed_to) = match reception {
        Some(reception) => {
            let first = fill(
                Reg::ReceivedFirstBy.text(cx.lang),
                &[("name", &cx.shared.name(visit.salesperson))],
            );
            let registered = cx
                .store
                .register_reception_visit(cx.operator.id, visit, reception, &first, cx.now)
                .map_err(|e| cx.refusal(e))?;
            (
                registered.id,
                Some(registered.ownership),
                registered.handed_to,
            )
        }
        None => {
            let id = cx
                .store
                .register_visit(cx.operator.id, visit, None, cx.now)
                .map_err(|e| cx.refusal(e))?;
            (id, ownership, None)
        }
    };
    let name = visit.name.as_ref().map(|n| n.as_str().to_owned());
    let mut said = registered_said(Reg::VisitRegistered, id.0, name, &valid.missing);
    if let Some(owner) = handed_to {
        said = said.and(Said::fill(
            Reg::RegisteredToOwner,
            [("owner", cx.shared.name(owner))],
        ));
    }
    if let Some(referral) = referral {
        let settings = &cx.shared.settings;
        cx.store
            .register_customer_referral(
                cx.operator.id,
                id,
                &referral,
                cx.now,
                settings.timezone(),
                settings.policy(),
            )
            .map_err(|e| cx.refusal(e))?;
        let referrer = referral
            .referrer_name
            .clone()
            .or(referral.referrer_phone.clone())
            .unwrap_or_default();
        said = said.and(Said::fill(
            Refer::CustomerReferralRegistered,
            [("referrer", referrer)],
        ));
    }
    // REG-8: a pending employee referral for today is confirmed by a supervisor now.
    let confirm = referrals::confirmable(cx.store, &visit.identity(), cx.day)
        .map_err(|e| cx.refusal(e))?
        .map(|r| (r, id));
    Ok(Registered {
        said,
        ownership,
        visit: Some(id),
        confirm,
    })
}

/// The customer referral a visit form holds (REG-7): the referrer's name or phone is
/// required when the source is a customer referral, and a referrer means that source.
fn customer_referral_of(
    form: &Form,
    lists: &Lists,
    cx: &Context,
) -> Result<Option<store::referral::NewCustomerReferral>, Refusal> {
    let view = cx.view();
    let typed = referrals::typed_referral(form, &lists.named, &view);
    let has_referrer = typed.referrer_name.is_some() || typed.referrer_phone.is_some();
    let referred = form.chosen(&lists.source).flatten() == Some(Source::CustomerReferral);
    if !referred {
        return if has_referrer {
            Err(Refusal::at(
                &lists.source,
                Said::msg(Refer::ErrReferrerWithoutSource),
            ))
        } else {
            Ok(None)
        };
    }
    if !has_referrer {
        return Err(Refusal::at(
            referrals::REFERRER_NAME,
            Said::msg(Refer::ErrNeedsReferrer),
        ));
    }
    let announced = form.value(referrals::ANNOUNCED);
    if !announced.trim().is_empty() && typed.announced_at.is_none() {
        return Err(Refusal::at(
            referrals::ANNOUNCED,
            Said::fill(Reg::ErrTime, [("text", announced)]),
        ));
    }
    if let Some(phone) = &typed.referrer_phone
        && let Err(e) = Phone::parse(phone)
    {
        return Err(Refusal::at(
            referrals::REFERRER_PHONE,
            Said::new(move |lang| phone_problem(Refer::FieldReferrerPhone.msg(), e, lang)),
        ));
    }
    Ok(Some(typed))
}

fn register_call(form: &Form, lists: &Lists, cx: &mut Context) -> Result<Registered, Refusal> {
    let checked = call_form_of(form, lists, cx)?;
    let valid = validate_call(&checked).map_err(|e| refuse(&e, lists))?;
    let call = &valid.registration;
    let id = cx
        .store
        .register_call(cx.operator.id, call, cx.now)
        .map_err(|e| cx.refusal(e))?;
    let name = call.caller.as_ref().map(|n| n.as_str().to_owned());
    Ok(Registered {
        said: registered_said(Reg::CallRegistered, id.0, name, &valid.missing),
        ownership: None,
        visit: None,
        confirm: None,
    })
}

fn correct_visit_submit(
    form: &Form,
    lists: &Lists,
    cx: &mut Context,
    id: VisitId,
) -> Result<Registered, Refusal> {
    let reason = cx.required(
        form,
        REASON,
        Reg::FieldReason,
        store::register::REASON_MAX_CHARS,
    )?;
    let mut checked = visit_form_of(form, lists, cx)?;
    // The time field shows minutes: left as it was, the visit keeps its time to the second
    // (issue 16 §3: correcting the notes alone recorded a time change nobody made).
    if !form.changed(AT)
        && let Some(record) = cx.store.visit(id).map_err(|e| cx.refusal(e))?
    {
        checked.visited_at = record.visit.visited_at;
    }
    let valid = validate_visit(&checked).map_err(|e| refuse(&e, lists))?;
    let correction = cx
        .store
        .correct_visit(cx.operator.id, id, &valid.registration, &reason, cx.now)
        .map_err(|e| cx.refusal(e))?;
    Ok(Registered {
        said: Said::fill(Reg::Corrections, [("id", correction.to_string())]),
        ownership: None,
        visit: None,
        confirm: None,
    })
}

fn correct_call_submit(
    form: &Form,
    lists: &Lists,
    cx: &mut Context,
    id: CallId,
) -> Result<Registered, Refusal> {
    let reason = cx.required(
        form,
        REASON,
        Reg::FieldReason,
        store::register::REASON_MAX_CHARS,
    )?;
    let mut checked = call_form_of(form, lists, cx)?;
    if !form.changed(AT)
        && let Some(record) = cx.store.call(id).map_err(|e| cx.refusal(e))?
    {
        checked.called_at = record.call.called_at;
    }
    let valid = validate_call(&checked).map_err(|e| refuse(&e, lists))?;
    let correction = cx
        .store
        .correct_call(cx.operator.id, id, &valid.registration, &reason, cx.now)
        .map_err(|e| cx.refusal(e))?;
    Ok(Registered {
        said: Said::fill(Reg::Corrections, [("id", correction.to_string())]),
        ownership: None,
        visit: None,
        confirm: None,
    })
}

/// What was registered, and by which identities the registers will know the customer again
/// (REG-3) — said as what it holds, never as an error about what it lacks (issue 16 §3).
fn registered_said(what: Reg, id: i64, name: Option<String>, missing: &[IdentityPart]) -> Said {
    // A call has no plate to be known by.
    let parts: &[IdentityPart] = match what {
        Reg::CallRegistered => &[IdentityPart::FullName, IdentityPart::Phone],
        _ => &[
            IdentityPart::FullName,
            IdentityPart::Phone,
            IdentityPart::PlateAndSurname,
        ],
    };
    let held: Vec<IdentityPart> = parts
        .iter()
        .copied()
        .filter(|p| !missing.contains(p))
        .collect();
    Said::new(move |lang| {
        let name = name
            .clone()
            .unwrap_or_else(|| Reg::Anonymous.text(lang).to_owned());
        let said = fill(what.text(lang), &[("id", &id), ("name", &name)]);
        let parts: Vec<&str> = held.iter().map(|p| part(*p).text(lang)).collect();
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let held = fill(Reg::HeldIdentity.text(lang), &[("parts", &parts.join(sep))]);
        format!("{said}  {held}")
    })
}

pub fn part(p: IdentityPart) -> Reg {
    match p {
        IdentityPart::FullName => Reg::PartFullName,
        IdentityPart::Phone => Reg::PartPhone,
        IdentityPart::PlateAndSurname => Reg::PartPlate,
    }
}

/// The first field at fault, with the cursor on it, and how many more there are.
fn refuse(errors: &[FieldError], lists: &Lists) -> Refusal {
    let Some(first) = errors.first().cloned() else {
        return Refusal::said(Said::verbatim(String::new()));
    };
    let more = errors.len() - 1;
    let said = Said::new(move |lang| {
        let mut message = problem(&first, lang);
        if more > 0 {
            message.push(' ');
            message.push_str(&fill(Reg::ErrMore.text(lang), &[("n", &more)]));
        }
        message
    });
    Refusal::Refused {
        field: Some(key_of(errors[0].field, lists)),
        said,
    }
}

fn key_of(field: Field, lists: &Lists) -> FieldName {
    match field {
        Field::Name | Field::Caller | Field::Identity => form::NAME.into(),
        Field::Phone => PHONE.into(),
        Field::WorkUnit => WORK_UNIT.into(),
        Field::Intent => INTENT.into(),
        Field::Source => (&lists.source).into(),
        Field::Salesperson | Field::AnsweredBy => (&lists.salesperson).into(),
        Field::CarBrand => CAR_BRAND.into(),
        Field::Plate => PLATE.into(),
        Field::Party => PARTY.into(),
        Field::Notes => NOTES.into(),
        Field::Question => QUESTION.into(),
    }
}

/// A phone's shape, said as the clerk leaves the field (any pane's phone field).
pub fn phone_check(text: &str) -> Option<Said> {
    let e = Phone::parse(text).err()?;
    Some(Said::new(move |lang| {
        phone_problem(Reg::FieldPhone.msg(), e, lang)
    }))
}

/// A plate's shape, said as the clerk leaves the field (any pane's plate field).
pub fn plate_check(text: &str) -> Option<Said> {
    let e = Plate::parse(text).err()?;
    let error = FieldError {
        field: Field::Plate,
        problem: Problem::Plate(e),
    };
    Some(Said::new(move |lang| problem(&error, lang)))
}

fn label_of(field: Field) -> Msg {
    match field {
        Field::Name | Field::Identity => Reg::FieldCustomer,
        Field::Caller => Reg::FieldCaller,
        Field::Phone => Reg::FieldPhone,
        Field::WorkUnit => Reg::FieldWorkUnit,
        Field::Intent => Reg::FieldIntent,
        Field::Source => Reg::FieldSource,
        Field::Salesperson => Reg::FieldSalesperson,
        Field::AnsweredBy => Reg::FieldAnsweredBy,
        Field::CarBrand => Reg::FieldCarBrand,
        Field::Plate => Reg::FieldPlate,
        Field::Party => Reg::FieldParty,
        Field::Notes => Reg::FieldNotes,
        Field::Question => Reg::FieldQuestion,
    }
    .msg()
}

/// One field's problem in plain words, naming the field.
fn problem(e: &FieldError, lang: Lang) -> String {
    let label = label_of(e.field);
    let said = |msg: Reg| format!("{}: {}", label.text(lang), msg.text(lang));
    match e.problem {
        Problem::Text(t) => describe::text_error(label, t, lang),
        Problem::Required => fill(
            Reg::ErrRequiredChoice.text(lang),
            &[("field", &label.text(lang))],
        ),
        Problem::NoIdentity => Reg::ErrNoIdentity.text(lang).to_owned(),
        Problem::Phone(p) => phone_problem(label, p, lang),
        Problem::Plate(p) => match p {
            PlateError::Empty | PlateError::Length => said(Reg::ErrPlateLength),
            PlateError::Province => said(Reg::ErrPlateProvince),
            PlateError::Letter => said(Reg::ErrPlateLetter),
            PlateError::Character(ch) => fill(Reg::ErrPlateCharacter.text(lang), &[("ch", &ch)]),
        },
    }
}

/// What is wrong with a typed phone number, naming the field (any pane's phone field).
pub fn phone_problem(label: Msg, e: PhoneError, lang: Lang) -> String {
    let said = |msg: Reg| format!("{}: {}", label.text(lang), msg.text(lang));
    match e {
        PhoneError::Empty => said(Reg::ErrPhoneNotANumber),
        PhoneError::Character(ch) => fill(Reg::ErrPhoneCharacter.text(lang), &[("ch", &ch)]),
        PhoneError::OtherCountry => said(Reg::ErrPhoneOtherCountry),
        PhoneError::NoAreaCode => said(Reg::ErrPhoneNoAreaCode),
        PhoneError::NotAPhoneNumber => said(Reg::ErrPhoneNotANumber),
        PhoneError::Extension => said(Reg::ErrPhoneExtension),
    }
}

/// The supervisor's ruling on a conflict: whose customer, with the earlier registration's
/// salesperson first (REG-6's default), a reason and the supervisor's PIN.
pub fn rule(view: &View, found: &Ownership) -> Option<Form> {
    let Verdict::Conflict { holders } = &found.verdict else {
        return None;
    };
    let lang = view.lang;
    let people = holders.iter().map(|c| (c.owner, view.shared.name(c.owner)));
    let (owner, supervisor) = (Pick::new("owner"), Pick::new("supervisor"));
    let purpose = Purpose::Rule {
        covers: found.contested(),
        owner: owner.clone(),
        supervisor: supervisor.clone(),
    };
    let form = Form::new(purpose, Reg::DlgRule.text(lang).to_owned())
        .hint(verdict::sentence(found, view.shared, lang))
        .choice(
            &owner,
            Reg::FieldOwner,
            people,
            holders.first().map(|c| c.owner),
        )
        .text(REASON, Reg::FieldRuleReason)
        .required();
    Some(view.approval(form, &supervisor))
}

/// Records the ruling the form holds.
pub fn submit_rule(
    form: &Form,
    cx: &mut Context,
    covers: &[(Register, i64)],
    owner: &Pick<StaffId>,
    supervisor: &Pick<StaffId>,
) -> Result<Said, Refusal> {
    let owner: StaffId = cx.choice_of(form, owner)?;
    let reason = cx.required(
        form,
        REASON,
        Reg::FieldRuleReason,
        store::register::REASON_MAX_CHARS,
    )?;
    let approval = cx.approve(form, supervisor)?;
    cx.store
        .rule_ownership(cx.operator.id, approval, owner, covers, &reason, cx.now)
        .map_err(|e| cx.refusal(e))?;
    Ok(Said::fill(Reg::Ruled, [("owner", cx.shared.name(owner))]))
}
