//! Configuration: where the database lives and the user's settings from
//! `config.toml` in the config directory. A bad file is an error naming the file, the
//! line and the reason, reported before anything else happens.

mod desk;
mod settings;

pub use desk::{DEFAULT_CLOSE_DAYS, DeskKeyError};
pub use settings::{Settings, load_settings};

use std::path::PathBuf;

use directories::ProjectDirs;

/// rolo's per-user directories (config, data).
pub fn dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "rolo")
}

/// The config directory (`~/.config/rolo` on Linux), or `ROLO_CONFIG_DIR`.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ROLO_CONFIG_DIR") {
        return Some(PathBuf::from(d));
    }
    dirs().map(|d| d.config_dir().to_path_buf())
}

/// The database path: `--db`, else `ROLO_DB`, else `db` in the config file, else
/// `rolo.redb` in the data directory.
pub fn database_path(flag: Option<PathBuf>, settings: &Settings) -> anyhow::Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("ROLO_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(p) = &settings.db {
        return Ok(expand_home(p));
    }
    let dirs = dirs().ok_or_else(|| {
        anyhow::anyhow!(
            "cannot find a home directory for the default database; pass --db PATH or set ROLO_DB"
        )
    })?;
    Ok(dirs.data_dir().join("rolo.redb"))
}

fn expand_home(p: &std::path::Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    p.to_path_buf()
}
