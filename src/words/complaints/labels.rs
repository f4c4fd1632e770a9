//! How the complaint domain's kinds are named on screen, in one place: the pickers, the list,
//! the record and the statistics all say "较大" for `Nature::Major`.

use strum::IntoEnumIterator;

use super::text::Cpl;
use crate::domain::complaint::{Category, Channel, Nature, Step, Urgency};
use crate::i18n::Lang;
use crate::phrases::initials_of;

pub fn channel(c: Channel) -> Cpl {
    match c {
        Channel::InPerson => Cpl::ChannelInPerson,
        Channel::Phone => Cpl::ChannelPhone,
        Channel::Letter => Cpl::ChannelLetter,
        Channel::Online => Cpl::ChannelOnline,
        Channel::ThroughSomeone => Cpl::ChannelThroughSomeone,
    }
}

pub fn nature(n: Nature) -> Cpl {
    match n {
        Nature::General => Cpl::NatureGeneral,
        Nature::Major => Cpl::NatureMajor,
        Nature::Serious => Cpl::NatureSerious,
        Nature::Malicious => Cpl::NatureMalicious,
    }
}

pub fn category(c: Category) -> Cpl {
    match c {
        Category::Security => Cpl::CategorySecurity,
        Category::Power => Cpl::CategoryPower,
        Category::Water => Cpl::CategoryWater,
        Category::FireAndOrder => Cpl::CategoryFireAndOrder,
        Category::Sanitation => Cpl::CategorySanitation,
        Category::Greening => Cpl::CategoryGreening,
        Category::PublicFacilities => Cpl::CategoryPublicFacilities,
        Category::RepairService => Cpl::CategoryRepairService,
        Category::ServiceAttitude => Cpl::CategoryServiceAttitude,
        Category::Other => Cpl::CategoryOther,
    }
}

/// A category in a word, for the open list's column.
pub fn category_short(c: Category) -> Cpl {
    match c {
        Category::Security => Cpl::CategoryShortSecurity,
        Category::Power => Cpl::CategoryShortPower,
        Category::Water => Cpl::CategoryShortWater,
        Category::FireAndOrder => Cpl::CategoryShortFireAndOrder,
        Category::Sanitation => Cpl::CategoryShortSanitation,
        Category::Greening => Cpl::CategoryShortGreening,
        Category::PublicFacilities => Cpl::CategoryShortPublicFacilities,
        Category::RepairService => Cpl::CategoryShortRepairService,
        Category::ServiceAttitude => Cpl::CategoryShortServiceAttitude,
        Category::Other => Cpl::CategoryShortOther,
    }
}

/// Where a complaint stands, as the record and the export say it.
pub fn step(s: Step) -> Cpl {
    match s {
        Step::Recorded => Cpl::StepRecorded,
        Step::NatureDetermined => Cpl::StepNatureDetermined,
        Step::Investigated => Cpl::StepInvestigated,
        Step::Assigned => Cpl::StepAssigned,
        Step::SolutionProposed => Cpl::StepSolutionProposed,
        Step::Replied => Cpl::StepReplied,
        Step::FollowedUp => Cpl::StepFollowedUp,
        Step::Evaluated => Cpl::StepEvaluated,
        Step::AnsweredOnSpot => Cpl::OutcomeOnSpot,
    }
}

pub fn urgency(u: Urgency) -> Cpl {
    match u {
        Urgency::ExtraUrgent => Cpl::UrgencyExtra,
        Urgency::Urgent => Cpl::UrgencyUrgent,
        Urgency::Normal => Cpl::UrgencyNormal,
    }
}

/// The departments a complaint goes to (CMP-4), the usual ones of a property office: the key
/// stored with the complaint, and its name.
pub const DEPARTMENTS: [(&str, Cpl); 5] = [
    ("engineering", Cpl::DeptEngineering),
    ("cleaning", Cpl::DeptCleaning),
    ("security", Cpl::DeptSecurity),
    ("greening", Cpl::DeptGreening),
    ("customer_service", Cpl::DeptCustomerService),
];

/// A stored department's name: a known key in the clerk's language, anything else as stored.
pub fn department(key: &str, lang: Lang) -> String {
    DEPARTMENTS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_owned(), |(_, name)| name.text(lang).to_owned())
}

/// An option's label, and what else finds it when typed into the picker: the other
/// language and the Chinese's pinyin initials (`dh` finds 电话 without an input method).
pub fn labelled(name: Cpl, lang: Lang) -> (String, String) {
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let also = format!("{} {}", name.text(other), initials_of(name.msg().zh));
    (name.text(lang).to_owned(), also)
}

/// A picker's options behind "(choose)": nothing chosen is a refusal, never a default.
pub fn unchosen<V>(
    options: impl IntoIterator<Item = (V, String, String)>,
    lang: Lang,
) -> Vec<(Option<V>, String, String)> {
    let mut out = vec![(None, Cpl::Choose.text(lang).to_owned(), String::new())];
    out.extend(options.into_iter().map(|(v, l, a)| (Some(v), l, a)));
    out
}

/// Every value of a kind with its label, for a picker.
pub fn options<E: IntoEnumIterator + Copy>(
    label: fn(E) -> Cpl,
    lang: Lang,
) -> Vec<(E, String, String)> {
    E::iter()
        .map(|e| {
            let (shown, also) = labelled(label(e), lang);
            (e, shown, also)
        })
        .collect()
}

/// The departments as picker options (their stored keys).
pub fn department_options(lang: Lang) -> Vec<(String, String, String)> {
    DEPARTMENTS
        .iter()
        .map(|(key, name)| {
            let (shown, also) = labelled(*name, lang);
            ((*key).to_owned(), shown, also)
        })
        .collect()
}
