//! What one row of the visitor register (REG-1) and of the phone register (REG-2) holds, and
//! the source and class lists it uses (REG-12).

use chrono::{DateTime, Utc};

use super::identity::Identity;
use super::name::CustomerName;
use super::phone::Phone;
use super::plate::Plate;
use crate::domain::staff::StaffId;

/// How the customer heard of the project (REG-1: 客户看楼或咨询源自何种信息, 004 §4). The
/// seeds name no fixed list; these are the common ones, and an office adds its own as
/// `Other` (the store keeps the office's list).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// 户外广告 / 路牌: signage and billboards.
    Signage,
    /// 报纸: newspaper.
    Newspaper,
    /// 网络: the web.
    Web,
    /// 老客户介绍: referred by a customer (REG-7).
    CustomerReferral,
    /// 路过: passing by.
    PassingBy,
    /// 来电咨询: came after a phone inquiry.
    PhoneInquiry,
    /// An office's own entry, cleaned (1–20 characters).
    Other(String),
}

impl Source {
    /// The key the store keeps for a built-in source; `Other` stores its own text.
    pub fn key(&self) -> &str {
        match self {
            Source::Signage => "signage",
            Source::Newspaper => "newspaper",
            Source::Web => "web",
            Source::CustomerReferral => "customer_referral",
            Source::PassingBy => "passing_by",
            Source::PhoneInquiry => "phone_inquiry",
            Source::Other(text) => text,
        }
    }

    /// Reads a stored key back: a built-in key is that source, anything else the office's own.
    pub fn from_key(key: &str) -> Source {
        match key {
            "signage" => Source::Signage,
            "newspaper" => Source::Newspaper,
            "web" => Source::Web,
            "customer_referral" => Source::CustomerReferral,
            "passing_by" => Source::PassingBy,
            "phone_inquiry" => Source::PhoneInquiry,
            other => Source::Other(other.to_owned()),
        }
    }
}

/// Follow-up class (REG-12, 001 第14篇 (四)1: "a、b类客户"); the office's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    A,
    B,
    C,
}

/// One visit, validated (REG-1). Optional fields are `None` when the customer did not say:
/// the seeds accept an incomplete registration (004 §4) as long as one identity REG-3 accepts
/// is there, which [`super::validate::validate_visit`] checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRegistration {
    pub visited_at: DateTime<Utc>,
    pub name: Option<CustomerName>,
    pub phone: Option<Phone>,
    pub work_unit: Option<String>,
    pub intent: Option<String>,
    pub source: Option<Source>,
    /// The receiving salesperson: whose registration this is (REG-5, REG-6).
    pub salesperson: StaffId,
    pub car_brand: Option<String>,
    pub plate: Option<Plate>,
    /// Family or group members who came along.
    pub party: Option<String>,
    pub class: Option<Class>,
    pub notes: Option<String>,
}

/// One phone inquiry, validated (REG-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRegistration {
    pub called_at: DateTime<Utc>,
    pub caller: Option<CustomerName>,
    pub phone: Option<Phone>,
    pub question: Option<String>,
    /// Who answered: the owner where a call is evidence (REG-9, 004 §5).
    pub answered_by: StaffId,
    pub intent: Option<String>,
    pub source: Option<Source>,
}

impl VisitRegistration {
    pub fn identity(&self) -> Identity {
        Identity {
            name: self.name.clone(),
            phone: self.phone.clone(),
            plate: self.plate.clone(),
        }
    }
}

impl CallRegistration {
    pub fn identity(&self) -> Identity {
        Identity {
            name: self.caller.clone(),
            phone: self.phone.clone(),
            plate: None,
        }
    }
}
