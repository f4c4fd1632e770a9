//! `frontdesk head-office …`, run by the head office's administrator, never by a desk:
//! `setup` creates or upgrades the schema, `add-office` gives an office its own login,
//! `add-reader` a login that reads every office (the group's figures, an auditor).

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use postgres::Client;

use crate::i18n::{Lang, fill};
use crate::words::text::Ui;

use super::admin_text::Ho;
use super::roles::{self, PASSWORD_MIN, RoleError, RoleName};
use super::setup::{SCHEMA_VERSION, setup};
use super::{connect, describe};

#[derive(Debug, Clone, clap::Args)]
pub struct HeadOfficeArgs {
    #[command(subcommand)]
    pub command: HeadOfficeCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum HeadOfficeCommand {
    /// Create the head office's schema, or upgrade it: the table of every office's chains,
    /// the witness, the group roles (frontdesk_office, frontdesk_group) and the row-level
    /// policies. Once, and after each upgrade of frontdesk; safe to repeat.
    Setup {
        /// The administrator's connection string (a role that may create tables and roles).
        #[arg(long, value_name = "ADMIN_URL")]
        url: String,
    },
    /// Give office NAME its own login, ROLE: it may push and read only NAME's rows. The
    /// password is the first line piped on stdin; without one (a terminal, or nothing piped)
    /// it is generated and shown once. Then the connection string the office puts in its
    /// settings.
    AddOffice {
        /// The office's name, as it pushes under it (its name from the first-run setup).
        name: String,
        /// The login's name: lower-case ASCII letters, digits and _ (e.g. east_sales).
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// The administrator's connection string.
        #[arg(long, value_name = "ADMIN_URL")]
        url: String,
    },
    /// Create login ROLE that reads every office's rows (frontdesk_group): for the group's
    /// figures and auditors; it pushes nothing. Password as for add-office.
    AddReader {
        /// The login's name: lower-case ASCII letters, digits and _.
        role: String,
        /// The administrator's connection string.
        #[arg(long, value_name = "ADMIN_URL")]
        url: String,
    },
}

/// `frontdesk head-office …`: 0 when done, 1 with one line on stderr otherwise. Its language
/// is `--lang`'s or `LANG`'s: the administrator has no desk config.
pub fn head_office(args: HeadOfficeArgs, lang: Lang) -> ExitCode {
    match run(&args.command, lang) {
        Ok(lines) => {
            let mut out = std::io::stdout();
            for line in lines {
                let _ = writeln!(out, "{line}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                fill(Ui::StartupError.text(lang), &[("detail", &message)])
            );
            ExitCode::FAILURE
        }
    }
}

fn run(command: &HeadOfficeCommand, lang: Lang) -> Result<Vec<String>, String> {
    match command {
        HeadOfficeCommand::Setup { url } => {
            let before = client(url, lang)
                .and_then(|mut c| setup(&mut c).map_err(|e| describe(&e, lang)))?;
            let version = SCHEMA_VERSION;
            Ok(vec![match before {
                None => fill(Ho::SetUpNew.text(lang), &[("version", &version)]),
                Some(from) if from < version => fill(
                    Ho::SetUpUpgraded.text(lang),
                    &[("from", &from), ("version", &version)],
                ),
                Some(_) => fill(Ho::SetUpAgain.text(lang), &[("version", &version)]),
            }])
        }
        HeadOfficeCommand::AddOffice { name, role, url } => {
            let office = name.trim();
            if office.is_empty() {
                return Err(Ho::ErrOfficeName.text(lang).to_owned());
            }
            let role = role_name(role, lang)?;
            let (password, generated) = password(lang)?;
            let mut c = client(url, lang)?;
            roles::add_office(&mut c, office, &role, &password).map_err(|e| said(&e, lang))?;
            let mut lines = vec![fill(
                Ho::OfficeAdded.text(lang),
                &[("office", &office), ("role", &role.as_str())],
            )];
            lines.extend(login_lines(
                url,
                &role,
                &password,
                generated,
                Ho::Connection,
                lang,
            ));
            Ok(lines)
        }
        HeadOfficeCommand::AddReader { role, url } => {
            let role = role_name(role, lang)?;
            let (password, generated) = password(lang)?;
            let mut c = client(url, lang)?;
            roles::add_reader(&mut c, &role, &password).map_err(|e| said(&e, lang))?;
            let mut lines = vec![fill(
                Ho::ReaderAdded.text(lang),
                &[("role", &role.as_str())],
            )];
            let conn = Ho::ReaderConnection;
            lines.extend(login_lines(url, &role, &password, generated, conn, lang));
            Ok(lines)
        }
    }
}

fn client(url: &str, lang: Lang) -> Result<Client, String> {
    connect(url).map_err(|e| describe(&e, lang))
}

fn role_name(role: &str, lang: Lang) -> Result<RoleName, String> {
    RoleName::parse(role).ok_or_else(|| fill(Ho::ErrRole.text(lang), &[("role", &role)]))
}

/// The password piped in on stdin (its first line), or a generated one when stdin is a
/// terminal or gives nothing (`</dev/null` in a script); `true` when generated, to be shown.
fn password(lang: Lang) -> Result<(String, bool), String> {
    let read_error = |e: std::io::Error| fill(Ho::ErrPasswordRead.text(lang), &[("detail", &e)]);
    let mut piped = String::new();
    if !std::io::stdin().is_terminal() {
        std::io::stdin()
            .read_to_string(&mut piped)
            .map_err(read_error)?;
    }
    let password = piped.lines().next().unwrap_or("").to_owned();
    if piped.trim().is_empty() {
        return Ok((roles::generate_password().map_err(read_error)?, true));
    }
    if password.chars().count() < PASSWORD_MIN {
        return Err(fill(
            Ho::ErrPasswordShort.text(lang),
            &[("min", &PASSWORD_MIN)],
        ));
    }
    Ok((password, false))
}

/// The password, when generated (once: it is kept nowhere else); for an office, the address
/// its console's settings take (never with a password: backups copy the settings); then the
/// connection string for the command line (with the password only when generated).
fn login_lines(
    url: &str,
    role: &RoleName,
    password: &str,
    generated: bool,
    connection: Ho,
    lang: Lang,
) -> Vec<String> {
    let shown = generated.then_some(password);
    let mut lines = vec![match shown {
        Some(password) => fill(Ho::PasswordOnce.text(lang), &[("password", &password)]),
        None => Ho::PasswordGiven.text(lang).to_owned(),
    }];
    if connection == Ho::Connection {
        let address = roles::office_connection(url, role, None);
        lines.push(fill(Ho::Address.text(lang), &[("url", &address)]));
    }
    let conn = roles::office_connection(url, role, Some(shown.unwrap_or("…")));
    lines.push(fill(connection.text(lang), &[("url", &conn)]));
    lines
}

fn said(e: &RoleError, lang: Lang) -> String {
    match e {
        RoleError::OfficeExists(office) => {
            fill(Ho::ErrOfficeExists.text(lang), &[("office", office)])
        }
        RoleError::RoleExists(role) => fill(Ho::ErrRoleExists.text(lang), &[("role", role)]),
        RoleError::Sync(e) => describe(e, lang),
    }
}
