//! Who may read the database file (issue 18): it holds whole phone numbers, so a new file is
//! its owner's alone, or its owner's and group's when the folder is shared by a group of
//! clerks who connect as different users. SQLite gives the -wal and -shm files it creates the
//! main file's mode (unix VFS, whatever the umask), so choosing the main file's mode is
//! enough; `tests/file_mode.rs` checks that on this machine.

use std::path::Path;

/// A new file in a private folder: read and written by its owner only.
pub const OWNER_ONLY: u32 = 0o600;
/// A new file in a group-shared folder: its owner and the folder's group.
pub const OWNER_AND_GROUP: u32 = 0o660;

/// The set-group-ID bit and group write on a folder.
const SETGID: u32 = 0o2000;
const GROUP_WRITE: u32 = 0o020;

/// A folder is group-shared when it has the set-group-ID bit and its group may write in it
/// (`chmod 2770`, the usual way to share a folder): every file made in it then belongs to the
/// folder's group, and that group can create the -wal and -shm files. Group write alone is not
/// enough — files would get each creator's own primary group, which may be a wider one such as
/// `users` — and the setgid bit alone lets no other clerk write.
#[cfg(unix)]
pub fn mode_for_new_file(folder: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    match std::fs::metadata(folder) {
        Ok(meta) if meta.permissions().mode() & (SETGID | GROUP_WRITE) == SETGID | GROUP_WRITE => {
            OWNER_AND_GROUP
        }
        _ => OWNER_ONLY,
    }
}

/// Creates the empty database file with the mode its folder calls for, before SQLite opens it
/// (SQLite would create it with 0644 less the umask). The mode is set again after creating,
/// since the umask (022 on most systems) would take the group's write away. Another desk that
/// created the file a moment earlier is not an error: its file is used as it is.
#[cfg(unix)]
pub fn create_new(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mode = mode_for_new_file(path.parent().unwrap_or(Path::new(".")));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
    {
        Ok(file) => file.set_permissions(std::fs::Permissions::from_mode(mode)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The file's permission bits when users other than its owner and group may read or write it
/// (an older database, made 0644 before issue 18). Such a file is not changed behind its
/// owner's back; the console and `frontdesk verify` say so.
#[cfg(unix)]
pub fn open_to_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o006 != 0).then_some(mode)
}

#[cfg(not(unix))]
pub fn mode_for_new_file(_folder: &Path) -> u32 {
    OWNER_ONLY
}

#[cfg(not(unix))]
pub fn create_new(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
pub fn open_to_others(_path: &Path) -> Option<u32> {
    None
}
