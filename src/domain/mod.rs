//! Pure domain logic: no terminal, no database. Time comes in as an argument.

pub mod alert;
pub mod attribution;
pub mod backup;
pub mod clock;
pub mod complaint;
pub mod deal;
pub mod figures;
pub mod hand_over;
pub mod handover;
pub mod head_office;
pub mod lobby;
pub mod money;
pub mod pin_guard;
pub mod policy;
pub mod register;
pub mod rotation;
pub mod settings;
pub mod staff;
pub mod text;
pub mod workdays;
