//! Who may do what at the head office (issue 19 §3 "Access"): each office pushes under its
//! own LOGIN role, a member of `frontdesk_office`, recorded in `offices` beside the office's
//! name; the row-level policies of `schema.sql` let it push and read only that office's rows.
//! The group's readers are members of `frontdesk_group`, which reads every office's rows.

use std::io::Read;

use postgres::Client;
use postgres::config::{Config, Host};

use super::SyncError;

/// A role's name as the head office's administrator gives it: plain lower-case ASCII, so it
/// needs no quoting anywhere (psql, pg_hba.conf, a connection string), and not one of
/// PostgreSQL's own or the two group roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleName(String);

/// PostgreSQL's longest identifier, in bytes.
const NAME_MAX: usize = 63;

impl RoleName {
    pub fn parse(name: &str) -> Option<RoleName> {
        let mut chars = name.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        let reserved = name.starts_with("pg_")
            || name.starts_with("frontdesk_")
            || matches!(name, "postgres" | "public");
        (first_ok && rest_ok && name.len() <= NAME_MAX && !reserved)
            .then(|| RoleName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The shortest password the administrator may give an office or a reader.
pub const PASSWORD_MIN: usize = 12;

/// A password of 24 characters from 32 letters and digits (120 bits), from the system's
/// random source: nothing in it needs quoting in a connection string.
pub fn generate_password() -> std::io::Result<String> {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    // 256 is a multiple of 32: every letter equally likely.
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % 32] as char)
        .collect())
}

/// Why the administrator's request was not done.
#[derive(Debug, thiserror::Error)]
pub enum RoleError {
    #[error("office {0} already has a login")]
    OfficeExists(String),
    #[error("role {0} already exists")]
    RoleExists(String),
    #[error("{0}")]
    Sync(#[from] SyncError),
}

impl From<postgres::Error> for RoleError {
    fn from(e: postgres::Error) -> RoleError {
        RoleError::Sync(e.into())
    }
}

/// Creates `role`, a LOGIN role in `frontdesk_office` with `password`, and records it as
/// `office`'s login: from then on it pushes and reads only `office`'s rows. The password is
/// sent as its SCRAM verifier, so the server (and its statement log) never sees it.
pub fn add_office(
    client: &mut Client,
    office: &str,
    role: &RoleName,
    password: &str,
) -> Result<(), RoleError> {
    let mut tx = client.transaction()?;
    super::setup::check_schema(&mut tx)?;
    if tx
        .query_opt("SELECT 1 FROM offices WHERE office = $1", &[&office])?
        .is_some()
    {
        return Err(RoleError::OfficeExists(office.to_owned()));
    }
    create_login(&mut tx, role, password, "frontdesk_office")?;
    tx.execute(
        "INSERT INTO offices (office, role) VALUES ($1, $2)",
        &[&office, &role.as_str()],
    )?;
    tx.commit()?;
    Ok(())
}

/// Creates `role`, a LOGIN role in `frontdesk_group` with `password`: it reads every office's
/// rows (the group's figures, an auditor) and pushes nothing.
pub fn add_reader(client: &mut Client, role: &RoleName, password: &str) -> Result<(), RoleError> {
    let mut tx = client.transaction()?;
    super::setup::check_schema(&mut tx)?;
    create_login(&mut tx, role, password, "frontdesk_group")?;
    tx.commit()?;
    Ok(())
}

/// A new LOGIN role in `group`; an existing role is never taken over (it could be anyone's).
fn create_login(
    tx: &mut postgres::Transaction<'_>,
    role: &RoleName,
    password: &str,
    group: &str,
) -> Result<(), RoleError> {
    if tx
        .query_opt(
            "SELECT 1 FROM pg_roles WHERE rolname = $1",
            &[&role.as_str()],
        )?
        .is_some()
    {
        return Err(RoleError::RoleExists(role.as_str().to_owned()));
    }
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    // The server quotes the name and the verifier: CREATE ROLE takes no parameters.
    let create: String = tx
        .query_one(
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', $1::text, $2::text, $3::text)",
            &[&role.as_str(), &verifier, &group],
        )?
        .get(0);
    tx.batch_execute(&create)?;
    Ok(())
}

/// The office the session's login pushes as, `None` for a login that is no office's (the
/// administrator). Fails with [`SyncError::NotSetUp`] when the head office was not set up.
pub fn login_office(
    client: &mut impl postgres::GenericClient,
) -> Result<Option<String>, SyncError> {
    super::setup::check_schema(client)?;
    Ok(client.query_one("SELECT frontdesk_office()", &[])?.get(0))
}

/// The office a push goes under, `None` when nothing names one. An office's own login
/// pushes as the office the head office recorded for it (a name `asked` for must be that
/// one); any other login (the administrator's) as the name asked for, else the office's name
/// from its setup. `frontdesk sync` and the console's own push share it.
pub fn office_for(
    client: &mut impl postgres::GenericClient,
    asked: Option<&str>,
    store: &crate::store::Store,
) -> Result<Option<String>, SyncError> {
    let asked = asked.map(str::trim).filter(|n| !n.is_empty());
    match (login_office(client)?, asked) {
        (Some(login), Some(asked)) if login != asked => Err(SyncError::NotYourOffice {
            login,
            asked: asked.to_owned(),
        }),
        (Some(login), _) => Ok(Some(login)),
        (None, asked) => Ok(super::command::office_name(asked, store)),
    }
}

/// The head office's address for a login: the administrator's, with the login's role and
/// `password` (`None`: none in it, as the office's settings keep the address) in place of
/// the administrator's. In `key=value` form, which says a socket folder as plainly as a
/// host name.
pub fn office_connection(admin_url: &str, role: &RoleName, password: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Ok(config) = admin_url.parse::<Config>() {
        let hosts: Vec<String> = config
            .get_hosts()
            .iter()
            .map(|h| match h {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        if !hosts.is_empty() {
            parts.push(format!("host={}", quoted(&hosts.join(","))));
        }
        let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
        if !ports.is_empty() {
            parts.push(format!("port={}", ports.join(",")));
        }
        if let Some(db) = config.get_dbname() {
            parts.push(format!("dbname={}", quoted(db)));
        }
    }
    parts.push(format!("user={}", role.as_str()));
    if let Some(password) = password {
        parts.push(format!("password={}", quoted(password)));
    }
    parts.join(" ")
}

/// A `key=value` connection string's value, quoted when it holds a space, a quote or a
/// backslash.
fn quoted(value: &str) -> String {
    if !value.is_empty() && !value.contains([' ', '\'', '\\']) {
        return value.to_owned();
    }
    let escaped = value.replace('\\', "\\\\").replace('\'', "\\'");
    format!("'{escaped}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_name_is_plain_lower_case_ascii_and_not_a_reserved_one() {
        assert!(RoleName::parse("east_sales2").is_some());
        for bad in [
            "",
            "East",
            "2east",
            "东区",
            "east-sales",
            "east sales",
            "pg_east",
            "frontdesk_office",
            "postgres",
            &"a".repeat(64),
        ] {
            assert!(RoleName::parse(bad).is_none(), "{bad:?} was taken");
        }
        assert!(RoleName::parse(&"a".repeat(63)).is_some());
    }

    #[test]
    fn a_generated_password_is_long_plain_and_new_each_time() {
        let (a, b) = (generate_password().unwrap(), generate_password().unwrap());
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn an_office_connection_keeps_the_administrators_address_with_the_offices_login() {
        let role = RoleName::parse("east").unwrap();
        assert_eq!(
            office_connection(
                "postgresql://admin:secret@hq.example.com:5433/group",
                &role,
                Some("abc")
            ),
            "host=hq.example.com port=5433 dbname=group user=east password=abc"
        );
        assert_eq!(
            office_connection("host='/run/my sockets' user=postgres dbname=g", &role, None),
            "host='/run/my sockets' dbname=g user=east"
        );
        // Without a password it is an address the office's settings take as it is.
        let address = office_connection("postgresql://admin:secret@hq/group", &role, None);
        assert_eq!(crate::sync::address::check(&address), Ok(()));
        let with = office_connection("postgresql://admin:secret@hq/group", &role, Some("x y"));
        assert_eq!(
            with,
            "host=hq port=5432 dbname=group user=east password='x y'"
        );
        assert!(crate::sync::address::check(&with).is_err());
    }
}
