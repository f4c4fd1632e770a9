//! What a form is for: one variant per owner, each holding that owner's own purpose type.
//! The shell carries a form without looking inside; each pane reads only its own variant
//! ([`OwnPurpose`]), so a form can never be taken for another pane's.

use super::{complaints, deals, gate, handover, lobby, registers, rotation, staff};

pub enum Purpose {
    /// A form used only for its fields (a test, a page).
    None,
    Gate(gate::Purpose),
    Rotation(rotation::Purpose),
    Registers(registers::forms::Purpose),
    Deals(deals::forms::Purpose),
    Lobby(lobby::Purpose),
    Complaints(complaints::Purpose),
    Handover(handover::Purpose),
    Staff(staff::Purpose),
}

impl From<()> for Purpose {
    fn from((): ()) -> Purpose {
        Purpose::None
    }
}

/// A pane's purpose type: how it goes into a form and is read back out.
pub trait OwnPurpose: Into<Purpose> {
    fn of(purpose: &Purpose) -> Option<&Self>;
}

macro_rules! own_purpose {
    ($($variant:ident => $ty:ty),* $(,)?) => {$(
        impl From<$ty> for Purpose {
            fn from(purpose: $ty) -> Purpose {
                Purpose::$variant(purpose)
            }
        }

        impl OwnPurpose for $ty {
            fn of(purpose: &Purpose) -> Option<&Self> {
                match purpose {
                    Purpose::$variant(own) => Some(own),
                    _ => None,
                }
            }
        }
    )*};
}

own_purpose! {
    Gate => gate::Purpose,
    Rotation => rotation::Purpose,
    Registers => registers::forms::Purpose,
    Deals => deals::forms::Purpose,
    Lobby => lobby::Purpose,
    Complaints => complaints::Purpose,
    Handover => handover::Purpose,
    Staff => staff::Purpose,
}
