//! The console's words that are not the screen's alone: the shell's text catalog, the
//! sentences that describe errors and evidence, and the complaints' labels. The panes draw
//! them and the command line (`main`, `transfer`) prints them, so the command line needs
//! nothing from `ui` (issue 18).

pub mod complaints;
pub mod describe;
pub mod referral;
pub mod text;
