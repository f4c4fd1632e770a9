//! The `frontdesk sync` subcommand: its arguments, and what it prints.

use std::io::Write;
use std::process::ExitCode;

use crate::config::{ConsoleConfig, Overrides};
use crate::i18n::{Lang, fill};
use crate::store::Store;
use crate::words::describe::{config_error, startup_error};
use crate::words::text::Ui;

use super::text::Sy;
use super::{SyncError, connect, noted, office_for, push};
use crate::domain::clock::{Clock, SystemClock};

#[derive(Debug, Clone, clap::Args)]
pub struct SyncArgs {
    /// The head office's PostgreSQL: `postgresql://USER@HOST/DB` or `host=… user=… dbname=…`.
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// The name this office pushes under (default: the office the head office recorded for
    /// the login, else the office's name from its setup). It must stay the same from one
    /// sync to the next: it is where the head office keeps the office's chains. With an
    /// office's own login it must be absent or that office.
    #[arg(long, value_name = "NAME")]
    pub office: Option<String>,
}

/// `frontdesk sync`: 0 when every chain agrees with the head office and what it lacked is
/// pushed; 1 on a refusal or any failure, said on stderr.
pub fn sync(
    args: SyncArgs,
    overrides: Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    match run(&args, &overrides, env_lang, early_lang) {
        Ok(lines) => {
            let mut out = std::io::stdout();
            for line in lines {
                let _ = writeln!(out, "{line}");
            }
            ExitCode::SUCCESS
        }
        Err((lang, message)) => {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                fill(Ui::StartupError.text(lang), &[("detail", &message)])
            );
            ExitCode::FAILURE
        }
    }
}

type Said = (Lang, String);

fn run(
    args: &SyncArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<Vec<String>, Said> {
    let config = ConsoleConfig::resolve(overrides, env_lang)
        .map_err(|e| (early_lang, config_error(&e, early_lang)))?;
    let lang = config.lang;
    // Opening creates a missing file: a mistyped path must not push an empty office.
    if !config.db.is_file() {
        let path = config.db.display();
        return Err((lang, fill(Ui::ErrNoDatabase.text(lang), &[("path", &path)])));
    }
    let store = Store::open(&config.db).map_err(|e| {
        let detail = format!("{}: {}", config.db.display(), startup_error(&e, lang));
        (lang, fill(Sy::ErrStore.text(lang), &[("detail", &detail)]))
    })?;
    let said = |e: SyncError| (lang, describe(&e, lang));
    let attempt = (|| {
        let mut client = connect(&args.to)?;
        let Some(office) = office_for(&mut client, args.office.as_deref(), &store)? else {
            return Ok(None);
        };
        let chains = push(&store, &office, &mut client)?;
        Ok(Some((office, chains)))
    })();
    // Noted for the day's review and the supervisors' warning, as the console's own push
    // is, when the office has a head office set: that is the one this sync reached.
    let head_office_set = store
        .office_settings()
        .is_ok_and(|s| s.head_office_url().is_some());
    if head_office_set {
        let now = SystemClock.now();
        let outcome = match &attempt {
            Ok(pushed) => Ok(pushed.as_ref().map(|(_, chains)| chains.as_slice())),
            Err(e) => Err(e),
        };
        noted::note(&config.db, now, outcome);
    }
    let (office, pushed) = attempt
        .map_err(said)?
        .ok_or_else(|| (lang, Sy::ErrNoOffice.text(lang).to_owned()))?;
    let rows: i64 = pushed.iter().map(|c| c.pushed).sum();
    let mut lines = vec![fill(
        Sy::Pushed.text(lang),
        &[
            ("rows", &rows),
            ("chains", &pushed.len()),
            ("office", &office),
        ],
    )];
    for chain in pushed.iter().filter(|c| c.pushed > 0) {
        lines.push(fill(
            Sy::PushedChain.text(lang),
            &[
                ("chain", &chain.chain.name.text(lang)),
                ("rows", &chain.pushed),
                ("held", &chain.held),
            ],
        ));
    }
    Ok(lines)
}

/// The name the office's chains are under at the head office: `--office` when given, else
/// the office's name from its setup; `None` when neither says one. `sync` and `verify
/// --against` share it, so both look under the same name.
pub(crate) fn office_name(given: Option<&str>, store: &Store) -> Option<String> {
    match given {
        Some(name) if !name.trim().is_empty() => Some(name.trim().to_owned()),
        _ => store
            .office_name()
            .ok()
            .flatten()
            .filter(|n| !n.trim().is_empty()),
    }
}

/// A sync's failure in the user's language; a refusal names the office, the chain and the row.
pub fn describe(e: &SyncError, lang: Lang) -> String {
    match e {
        SyncError::Connect(e) => fill(Sy::ErrConnect.text(lang), &[("detail", &with_causes(e))]),
        SyncError::HeadOffice(e) => {
            fill(Sy::ErrHeadOffice.text(lang), &[("detail", &with_causes(e))])
        }
        SyncError::Store(e) => fill(
            Sy::ErrStore.text(lang),
            &[("detail", &startup_error(e, lang))],
        ),
        SyncError::NotSetUp { found: None } => Sy::ErrNotSetUp.text(lang).to_owned(),
        SyncError::NotSetUp { found: Some(found) } => {
            fill(Sy::ErrOlderSchema.text(lang), &[("found", found)])
        }
        SyncError::NewerSchema { found } => {
            fill(Sy::ErrNewerSchema.text(lang), &[("found", found)])
        }
        SyncError::NotYourOffice { login, asked } => fill(
            Sy::ErrNotYourOffice.text(lang),
            &[("login", login), ("asked", asked)],
        ),
        SyncError::Refused(r) => {
            let key = match r.why.as_str() {
                "differs" => Sy::RefusedDiffers,
                "shorter" => Sy::RefusedShorter,
                "office" => Sy::RefusedOffice,
                _ => Sy::RefusedContinue,
            };
            let chain_name = crate::store::chain::CHAINS
                .iter()
                .find(|c| c.table == r.chain)
                .map_or("", |c| c.name.text(lang));
            fill(
                key.text(lang),
                &[
                    ("office", &r.office),
                    ("chain_name", &chain_name),
                    ("chain", &r.chain),
                    ("row", &r.row),
                    ("pos", &r.pos),
                ],
            )
        }
    }
}

/// The client's error with what caused it: its own text alone is often just "error
/// connecting to server", and the cause (no such host, refused, bad password) is what helps.
fn with_causes(e: &postgres::Error) -> String {
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
    use crate::sync::Refusal;

    #[test]
    fn a_row_pushed_under_another_offices_name_is_refused_in_words_naming_that_office() {
        let refused = SyncError::Refused(Refusal {
            office: "西区".to_owned(),
            chain: "visits".to_owned(),
            pos: 1,
            row: 7,
            why: "office".to_owned(),
        });
        assert_eq!(
            describe(&refused, Lang::En),
            "The head office refused the push: this login may not push rows of office 西区 \
             (visitor register, row 7): each office pushes only with its own login"
        );
        assert!(
            describe(&refused, Lang::Zh).contains("这个登录名不能推送办事处 西区 的记录"),
            "{}",
            describe(&refused, Lang::Zh)
        );
    }

    #[test]
    fn a_head_office_never_set_up_and_one_set_up_by_an_older_frontdesk_are_told_apart() {
        let none = describe(&SyncError::NotSetUp { found: None }, Lang::En);
        let older = describe(&SyncError::NotSetUp { found: Some(0) }, Lang::En);
        assert!(none.contains("is not set up"), "{none}");
        assert!(
            older.contains("older frontdesk (schema version 0)"),
            "{older}"
        );
        for said in [none, older] {
            assert!(said.contains("frontdesk head-office setup"), "{said}");
        }
    }
}
