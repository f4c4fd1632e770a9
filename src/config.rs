//! Where the database and config live, and what the config file may say.
//!
//! `config.toml` in the platform config directory (or `--config PATH`):
//! ```toml
//! lang = "zh"                # or "en"; --lang wins, then this, then LANG
//! timezone = "Asia/Shanghai" # the office's; business days and deadlines follow it
//! db = "/srv/desk/frontdesk.db"
//! [policy]
//! preset = "004"             # 004, vanke or rules-14
//! helper = "last_in_queue"   # any preset field may be overridden
//! ```

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use directories::ProjectDirs;
use serde::Deserialize;

use crate::domain::policy::{Policy, PolicyError};
use crate::i18n::Lang;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    lang: Option<String>,
    timezone: Option<String>,
    db: Option<PathBuf>,
    #[serde(default)]
    policy: toml::Table,
}

/// The settings the console runs with, after the command line, the file and the
/// environment have had their say.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lang: Lang,
    pub timezone: Tz,
    pub db: PathBuf,
    pub policy: Policy,
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
    #[error("unknown time zone {0:?}")]
    TimeZone(String),
    #[error("unknown language {0:?}; use zh or en")]
    Lang(String),
    #[error(transparent)]
    Policy(#[from] PolicyError),
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

impl Settings {
    /// `--lang` beats the config file, which beats `LANG`. A config file that is named but
    /// missing is an error; the default one may be absent.
    pub fn resolve(overrides: &Overrides, env_lang: Option<&str>) -> Result<Settings, ConfigError> {
        let file = match (&overrides.config, default_config_path()) {
            (Some(path), _) => read(path, true)?,
            (None, Some(path)) => read(&path, false)?,
            (None, None) => ConfigFile::default(),
        };
        Settings::from_parts(file, overrides, env_lang)
    }

    fn from_parts(
        file: ConfigFile,
        overrides: &Overrides,
        env_lang: Option<&str>,
    ) -> Result<Settings, ConfigError> {
        let lang = match overrides.lang.as_deref().or(file.lang.as_deref()) {
            Some(s) => Lang::parse(s).ok_or_else(|| ConfigError::Lang(s.to_owned()))?,
            None => env_lang.and_then(Lang::parse).unwrap_or(Lang::En),
        };
        let tz_name = file.timezone.as_deref().unwrap_or("Asia/Shanghai");
        let timezone = tz_name
            .parse()
            .map_err(|_| ConfigError::TimeZone(tz_name.to_owned()))?;
        let mut policy_table = file.policy;
        let preset = match policy_table.remove("preset") {
            Some(toml::Value::String(s)) => s,
            _ => "004".to_owned(),
        };
        let policy = Policy::load(&preset, &policy_table)?;
        let db = match overrides.db.clone().or(file.db) {
            Some(db) => db,
            None => default_db_path().ok_or(ConfigError::NoHome)?,
        };
        Ok(Settings {
            lang,
            timezone,
            db,
            policy,
        })
    }
}

fn read(path: &Path, required: bool) -> Result<ConfigFile, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| ConfigError::Parse {
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
    ) -> Result<Settings, ConfigError> {
        let file: ConfigFile = toml::from_str(file).unwrap();
        let overrides = Overrides {
            db: Some("x.db".into()),
            lang: lang_flag.map(str::to_owned),
            ..Overrides::default()
        };
        Settings::from_parts(file, &overrides, env)
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
    fn the_policy_preset_and_overrides_come_from_the_file() {
        let s = with(
            None,
            "[policy]\npreset = 'vanke'\nregistration_valid_days = 45",
            None,
        )
        .unwrap();
        assert_eq!(s.policy.name, "vanke");
        assert_eq!(s.policy.registration_valid_days, 45);
    }

    #[test]
    fn bad_values_are_named() {
        assert!(matches!(
            with(Some("fr"), "", None),
            Err(ConfigError::Lang(_))
        ));
        assert!(matches!(
            with(None, "timezone = 'Mars/Base'", None),
            Err(ConfigError::TimeZone(_))
        ));
        assert!(toml::from_str::<ConfigFile>("colour = 'red'").is_err());
    }
}
