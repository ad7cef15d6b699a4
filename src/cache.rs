//! Where grade keeps what it can recompute: the user's cache folder
//! (`$XDG_CACHE_HOME/grade`, else `~/.cache/grade`). Everything there is
//! best effort: without it a run only takes longer.

use std::path::PathBuf;

/// The cache folder `name` (created by whoever writes to it).
pub fn dir(name: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("grade").join(name))
}
