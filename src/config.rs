//! Where the database and config live, and what the config file may say: only what belongs
//! to this one console.
//!
//! `config.toml` in the platform config directory (or `--config PATH`):
//! ```toml
//! lang = "zh"                # or "en"; --lang wins, then this, then LANG
//! db = "/srv/desk/frontdesk.db"
//! mouse = false              # clicks and the wheel; off for clerks who copy with the mouse
//! bell = false               # the terminal bell on an alert (issue 20 §3); the flash stays
//! head_office_password = "…" # this desk's password at the head office (issue 19)
//! ```
//! The head office's password is this machine's alone, never the database's: backups and
//! replicas copy the database everywhere. Without it here, `FRONTDESK_HEAD_OFFICE_PASSWORD`.
//! The office's policy and time zone are not here: they live in the office's database
//! (`domain::settings`), so every desk on it applies the same rules.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use crate::i18n::Lang;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    lang: Option<String>,
    db: Option<PathBuf>,
    mouse: Option<bool>,
    bell: Option<bool>,
    head_office_password: Option<String>,
    /// Read only to be refused with a pointer to where they went: a file from before the
    /// office settings moved into the database must not be half-obeyed.
    timezone: Option<toml::Value>,
    policy: Option<toml::Value>,
    /// Where the file was read from, for messages.
    #[serde(skip)]
    path: PathBuf,
}

/// What this console runs with, after the command line, the file and the environment have
/// had their say.
#[derive(Debug, Clone)]
pub struct ConsoleConfig {
    pub lang: Lang,
    pub db: PathBuf,
    /// Clicks and the wheel (on unless the file says `mouse = false`): with it on, the
    /// terminal's own selection needs Shift held.
    pub mouse: bool,
    /// The terminal bell when an alert is raised (on unless the file says `bell = false`):
    /// a desk beside a sleeping ward or a shared office may want the flash alone.
    pub bell: bool,
    /// The password of the head office's address the office set (issue 19 §3).
    pub head_office_password: Option<Secret>,
}

/// The environment variable that gives the head office's password when the file does not.
pub const HEAD_OFFICE_PASSWORD_VAR: &str = "FRONTDESK_HEAD_OFFICE_PASSWORD";

/// A password: never printed, not even in a debug dump of the config.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("unknown language {0:?}; use zh or en")]
    Lang(String),
    /// `keys` (`timezone`, `[policy]`) are the office's now: kept in its database and
    /// changed by a supervisor in the console.
    #[error(
        "{path}: {} now live in the office database; remove them here, a supervisor changes them in the console",
        keys.join(", ")
    )]
    OfficeSettingsInFile {
        path: PathBuf,
        keys: Vec<&'static str>,
    },
    #[error("no home directory to keep the database in; pass --db PATH")]
    NoHome,
}

pub fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "frontdesk")
}

/// The default database: `frontdesk.db` in the platform data directory.
pub fn default_db_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().join("frontdesk.db"))
}

pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// What the command line asked for.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub db: Option<PathBuf>,
    pub lang: Option<String>,
}

impl ConsoleConfig {
    /// `--lang` beats the config file, which beats `LANG`. A config file that is named but
    /// missing is an error; the default one may be absent.
    pub fn resolve(
        overrides: &Overrides,
        env_lang: Option<&str>,
    ) -> Result<ConsoleConfig, ConfigError> {
        let file = match (&overrides.config, default_config_path()) {
            (Some(path), _) => read(path, true)?,
            (None, Some(path)) => read(&path, false)?,
            (None, None) => ConfigFile::default(),
        };
        ConsoleConfig::from_parts(file, overrides, env_lang)
    }

    fn from_parts(
        file: ConfigFile,
        overrides: &Overrides,
        env_lang: Option<&str>,
    ) -> Result<ConsoleConfig, ConfigError> {
        let moved: Vec<&'static str> = [
            file.timezone.as_ref().map(|_| "timezone"),
            file.policy.as_ref().map(|_| "[policy]"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !moved.is_empty() {
            return Err(ConfigError::OfficeSettingsInFile {
                path: file.path,
                keys: moved,
            });
        }
        let lang = match overrides.lang.as_deref().or(file.lang.as_deref()) {
            Some(s) => Lang::parse(s).ok_or_else(|| ConfigError::Lang(s.to_owned()))?,
            None => env_lang.and_then(Lang::parse).unwrap_or(Lang::En),
        };
        let db = match overrides.db.clone().or(file.db) {
            Some(db) => db,
            None => default_db_path().ok_or(ConfigError::NoHome)?,
        };
        let mouse = file.mouse.unwrap_or(true);
        let bell = file.bell.unwrap_or(true);
        // The file first, as for the language; an empty value is no password.
        let head_office_password = file
            .head_office_password
            .or_else(|| std::env::var(HEAD_OFFICE_PASSWORD_VAR).ok())
            .filter(|p| !p.is_empty())
            .map(Secret);
        Ok(ConsoleConfig {
            lang,
            db,
            mouse,
            bell,
            head_office_password,
        })
    }
}

fn read(path: &Path, required: bool) -> Result<ConfigFile, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map(|file| ConfigFile {
                path: path.to_owned(),
                ..file
            })
            .map_err(|e| ConfigError::Parse {
                path: path.to_owned(),
                message: e.message().to_owned(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            Ok(ConfigFile::default())
        }
        Err(source) => Err(ConfigError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(
        lang_flag: Option<&str>,
        file: &str,
        env: Option<&str>,
    ) -> Result<ConsoleConfig, ConfigError> {
        let file: ConfigFile = toml::from_str(file).unwrap();
        let file = ConfigFile {
            path: "config.toml".into(),
            ..file
        };
        let overrides = Overrides {
            db: Some("x.db".into()),
            lang: lang_flag.map(str::to_owned),
            ..Overrides::default()
        };
        ConsoleConfig::from_parts(file, &overrides, env)
    }

    fn moved(result: Result<ConsoleConfig, ConfigError>) -> Vec<&'static str> {
        match result {
            Err(ConfigError::OfficeSettingsInFile { path, keys }) => {
                assert_eq!(path, Path::new("config.toml"));
                keys
            }
            other => panic!("expected the office-settings error, got {other:?}"),
        }
    }

    #[test]
    fn the_flag_beats_the_file_which_beats_lang() {
        assert_eq!(
            with(Some("en"), "lang = 'zh'", Some("zh_CN")).unwrap().lang,
            Lang::En
        );
        assert_eq!(
            with(None, "lang = 'zh'", Some("en_US")).unwrap().lang,
            Lang::Zh
        );
        assert_eq!(with(None, "", Some("zh_CN.UTF-8")).unwrap().lang, Lang::Zh);
        assert_eq!(with(None, "", None).unwrap().lang, Lang::En);
    }

    #[test]
    fn the_database_path_comes_from_the_flag_then_the_file() {
        let file = ConfigFile {
            db: Some("/srv/desk.db".into()),
            ..ConfigFile::default()
        };
        let config = ConsoleConfig::from_parts(file, &Overrides::default(), None).unwrap();
        assert_eq!(config.db, Path::new("/srv/desk.db"));
        assert_eq!(
            with(None, "db = '/srv/desk.db'", None).unwrap().db,
            Path::new("x.db")
        );
    }

    #[test]
    fn a_time_zone_or_policy_in_the_file_is_refused_as_now_the_office_s() {
        assert_eq!(
            moved(with(None, "timezone = 'Asia/Shanghai'", None)),
            ["timezone"]
        );
        assert_eq!(
            moved(with(None, "[policy]\npreset = 'vanke'", None)),
            ["[policy]"]
        );
        assert_eq!(
            moved(with(
                None,
                "timezone = 'Asia/Shanghai'\n[policy]\nhelper = 'next_up'",
                None
            )),
            ["timezone", "[policy]"]
        );
    }

    #[test]
    fn wrong_office_values_in_the_file_are_errors_never_defaults() {
        // Once `preset = 14` quietly became 004 and a bad zone was its own error; now any
        // office setting here is refused before its value is even looked at.
        for text in [
            "[policy]\npreset = 14",
            "[policy]\npreset = 'acme'",
            "[policy]\nhelpr = 'next_up'",
            "timezone = 'Mars/Base'",
            "timezone = 8",
            "policy = 'vanke'",
        ] {
            assert!(!moved(with(None, text, None)).is_empty(), "{text}");
        }
    }

    #[test]
    fn issue_19_the_head_office_password_comes_from_the_file_and_is_never_printed() {
        let config = with(None, "head_office_password = 's3cret'", None).unwrap();
        let password = config.head_office_password.as_ref().unwrap();
        assert_eq!(password.expose(), "s3cret");
        assert!(!format!("{config:?}").contains("s3cret"));
        let none = with(None, "head_office_password = ''", None).unwrap();
        // The environment may give one on this machine; an empty file value never does.
        assert_ne!(
            none.head_office_password.map(|p| p.expose().to_owned()),
            Some(String::new())
        );
    }

    #[test]
    fn issue_20_the_bell_rings_unless_the_file_turns_it_off() {
        assert!(with(None, "", None).unwrap().bell);
        assert!(!with(None, "bell = false", None).unwrap().bell);
        assert!(with(None, "bell = true", None).unwrap().bell);
    }

    #[test]
    fn bad_values_are_named() {
        assert!(matches!(
            with(Some("fr"), "", None),
            Err(ConfigError::Lang(_))
        ));
        assert!(toml::from_str::<ConfigFile>("colour = 'red'").is_err());
        assert!(toml::from_str::<ConfigFile>("lang = 3").is_err());
    }

    #[test]
    fn a_file_on_disk_names_itself_in_the_office_settings_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "timezone = 'Asia/Shanghai'\n").unwrap();
        let overrides = Overrides {
            config: Some(path.clone()),
            db: Some("x.db".into()),
            ..Overrides::default()
        };
        match ConsoleConfig::resolve(&overrides, None) {
            Err(ConfigError::OfficeSettingsInFile { path: p, .. }) => assert_eq!(p, path),
            other => panic!("{other:?}"),
        }
    }
}
