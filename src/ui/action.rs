//! How panes ask for effects: they return an `Action`; `App::apply` performs it.

use super::dialog::Dialog;
use crate::domain::rotation::{Command, StaffId};

pub enum Action {
    /// A rotation command that needs no further input.
    Rotate(Command),
    /// Ask for input first.
    Open(Dialog),
    /// Explain from the log why this salesperson stands where they do.
    Why(StaffId),
    /// Show today's rotation log.
    Log,
    /// Tell the clerk why the key did nothing.
    Error(String),
}
