//! The complaints desk's words: its text catalog and the labels of its categories, channels,
//! natures, steps and urgencies, shared by the pane and the complaints export.

pub mod labels;
pub mod text;
