//! frontdesk: a full-screen terminal console for front desks.

pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod phrases;
pub mod stop;
pub mod store;
pub mod sync;
pub mod transfer;
pub mod ui;
pub mod words;
