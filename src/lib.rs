//! frontdesk: a full-screen terminal console for front desks.

pub mod domain;
pub mod store;
