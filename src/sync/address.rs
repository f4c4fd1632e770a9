//! The head office's address as the office keeps it and the console uses it (issue 19 §3):
//! an address is stored without its password — backups and replicas copy the database
//! everywhere — and each desk adds its own from its config file or the environment. The
//! console's connection gives up quickly, so a dead network costs a background thread a few
//! seconds and never a desk anything.

use std::str::FromStr;
use std::time::Duration;

use postgres::{Client, Config, NoTls};

use super::SyncError;

/// How long the console waits for the head office to answer a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one statement may take there before the push gives up until next time.
pub const STATEMENT_TIMEOUT_MS: u32 = 10_000;
/// Unacknowledged data on a connection whose network went away is given up after this.
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(10);

/// What is wrong with an address typed into the office settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressProblem {
    /// Not a PostgreSQL address at all: the parser's words.
    Unreadable(String),
    /// It holds a password, which must never go into the database.
    HasPassword,
}

/// Whether `url` can be stored as the office's head-office address.
pub fn check(url: &str) -> Result<(), AddressProblem> {
    let config =
        Config::from_str(url.trim()).map_err(|e| AddressProblem::Unreadable(with_causes(&e)))?;
    match config.get_password() {
        Some(_) => Err(AddressProblem::HasPassword),
        None => Ok(()),
    }
}

/// Connects as the console does, from its background thread: the office's address, this
/// desk's password if it has one, short timeouts.
pub fn connect_quickly(url: &str, password: Option<&str>) -> Result<Client, SyncError> {
    let mut config = Config::from_str(url).map_err(SyncError::Connect)?;
    if let Some(password) = password {
        config.password(password);
    }
    config
        .connect_timeout(CONNECT_TIMEOUT)
        .tcp_user_timeout(TCP_USER_TIMEOUT)
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .application_name("frontdesk console");
    let mut client = config.connect(NoTls).map_err(SyncError::Connect)?;
    client
        .batch_execute(&format!(
            "SET statement_timeout = {STATEMENT_TIMEOUT_MS}; SET lock_timeout = {STATEMENT_TIMEOUT_MS}"
        ))
        .map_err(SyncError::Connect)?;
    Ok(client)
}

/// The client's error with what caused it (its own text alone is often just "error
/// connecting to server").
pub fn with_causes(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_19_an_address_with_a_password_is_refused_in_either_form() {
        for url in [
            "postgresql://east:s3cret@hq.example.com/group",
            "postgresql://east@hq.example.com/group?password=s3cret",
            "host=hq.example.com user=east password=s3cret dbname=group",
        ] {
            assert_eq!(check(url), Err(AddressProblem::HasPassword), "{url}");
        }
    }

    #[test]
    fn issue_19_an_address_without_a_password_is_kept_and_nonsense_is_unreadable() {
        for url in [
            "postgresql://east@hq.example.com/group",
            "host=/var/run/postgresql user=east dbname=group",
        ] {
            assert_eq!(check(url), Ok(()), "{url}");
        }
        assert!(matches!(
            check("postgresql://east@hq.example.com:notaport/group"),
            Err(AddressProblem::Unreadable(_))
        ));
    }

    #[test]
    fn issue_19_a_closed_port_fails_at_once_as_a_connection_failure() {
        // Port 9 (discard) on this machine: nobody listens, the refusal is immediate.
        let started = std::time::Instant::now();
        let failed = connect_quickly("host=127.0.0.1 port=9 user=east dbname=group", None);
        assert!(matches!(failed, Err(SyncError::Connect(_))));
        assert!(started.elapsed() < CONNECT_TIMEOUT);
    }
}
