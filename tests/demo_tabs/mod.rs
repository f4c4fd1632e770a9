//! The demo office's tabs (it runs both desks) by the digit that shows each: the one place
//! the tests name them, so a tab added to the bar changes these lines and no test.
#![allow(dead_code)]

pub const ROTATION: char = '1';
pub const REGISTERS: char = '2';
pub const DEALS: char = '3';
pub const FIGURES: char = '4';
pub const LOBBY: char = '5';
pub const COMPLAINTS: char = '6';
pub const HANDOVER: char = '7';
pub const STAFF: char = '8';

/// The digit as a key name for tmux.
pub fn key(digit: char) -> String {
    digit.to_string()
}
