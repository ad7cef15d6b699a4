//! Reading a learner's files as the learner could (SPEC §4 "no secret
//! read"): beneath the submission root, never through a symbolic link,
//! only regular files, at most [`SOURCE_CAP`] bytes. The grader reads them
//! and hands the bytes to the child, which never opens a learner file with
//! the grader's privileges.
//!
//! `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS` (Linux 5.6) does it
//! in one call; where it is missing, each component is opened in turn with
//! `O_NOFOLLOW`, which refuses links the same way.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Component, Path};

use nix::errno::Errno;
use nix::fcntl::AtFlags;
use nix::fcntl::{openat, openat2, OFlag, OpenHow, ResolveFlag};
use nix::sys::stat::{fstat, fstatat, Mode, SFlag};

use crate::execution::FileProblem;

/// The largest learner file read. Real solutions are kilobytes; a larger
/// file would only cost memory before any limit applies.
pub const SOURCE_CAP: u64 = 4 << 20;

/// A learner file as tracebacks and messages show it: relative to the
/// current folder when it is below it.
pub fn display_name(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// Reads `relative` (plain components only) beneath `root`.
pub fn read_beneath(root: &Path, relative: &Path, cap: u64) -> Result<Vec<u8>, FileProblem> {
    let shown = display_name(&root.join(relative));
    let unreadable = |reason: String| FileProblem::Unreadable {
        file: shown.clone(),
        reason,
    };
    if !relative
        .components()
        .all(|part| matches!(part, Component::Normal(_)))
    {
        return Err(unreadable("not a plain relative path".into()));
    }
    let root_fd = File::open(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FileProblem::Missing {
            file: shown.clone(),
        },
        _ => unreadable(e.to_string()),
    })?;
    let fd = open_beneath(&root_fd, relative).map_err(|errno| match errno {
        Errno::ENOENT | Errno::ENOTDIR => FileProblem::Missing {
            file: shown.clone(),
        },
        Errno::ELOOP | Errno::EXDEV => FileProblem::Link {
            file: shown.clone(),
        },
        other => unreadable(other.desc().to_owned()),
    })?;
    let stat = fstat(&fd).map_err(|e| unreadable(e.desc().to_owned()))?;
    if SFlag::from_bits_truncate(stat.st_mode) & SFlag::S_IFMT != SFlag::S_IFREG {
        return Err(FileProblem::NotAFile { file: shown });
    }
    let size = u64::try_from(stat.st_size).unwrap_or(u64::MAX);
    if size > cap {
        return Err(FileProblem::TooLarge {
            file: shown,
            bytes: size,
            limit: cap,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // At most one byte over the cap: a file that grows while read is cut.
    File::from(fd)
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(FileProblem::TooLarge {
            file: shown,
            bytes: bytes.len() as u64,
            limit: cap,
        });
    }
    Ok(bytes)
}

fn open_beneath(root: &File, relative: &Path) -> Result<OwnedFd, Errno> {
    let how = OpenHow::new()
        .flags(OFlag::O_RDONLY | OFlag::O_CLOEXEC | OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK)
        .resolve(
            ResolveFlag::RESOLVE_BENEATH
                | ResolveFlag::RESOLVE_NO_SYMLINKS
                | ResolveFlag::RESOLVE_NO_MAGICLINKS,
        );
    match openat2(root.as_fd(), relative, how) {
        Err(Errno::ENOSYS) => open_by_components(root, relative),
        other => other,
    }
}

/// The same, one component at a time, for kernels without `openat2`.
fn open_by_components(root: &File, relative: &Path) -> Result<OwnedFd, Errno> {
    let parts: Vec<_> = relative.components().collect();
    let mut dir: Option<OwnedFd> = None;
    for (index, part) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        let mut flags = OFlag::O_RDONLY | OFlag::O_CLOEXEC | OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK;
        if !last {
            flags |= OFlag::O_DIRECTORY;
        }
        let parent = match &dir {
            Some(dir) => dir.as_fd(),
            None => root.as_fd(),
        };
        let fd = openat(parent, part.as_os_str(), flags, Mode::empty()).map_err(|errno| {
            // A link where a folder was expected is refused as ENOTDIR.
            let is_link = fstatat(parent, part.as_os_str(), AtFlags::AT_SYMLINK_NOFOLLOW)
                .is_ok_and(|stat| {
                    SFlag::from_bits_truncate(stat.st_mode) & SFlag::S_IFMT == SFlag::S_IFLNK
                });
            if is_link {
                Errno::ELOOP
            } else {
                errno
            }
        })?;
        dir = Some(fd);
    }
    dir.ok_or(Errno::ENOENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plain_file_and_refuses_links() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("week/a")).unwrap();
        std::fs::write(root.path().join("week/a/solution.py"), "x = 1\n").unwrap();
        std::fs::write(outside.path().join("secret.py"), "secret").unwrap();
        let read = |path: &str| read_beneath(root.path(), Path::new(path), 100);
        assert_eq!(read("week/a/solution.py").unwrap(), b"x = 1\n");

        std::os::unix::fs::symlink(
            outside.path().join("secret.py"),
            root.path().join("week/a/link.py"),
        )
        .unwrap();
        assert!(matches!(
            read("week/a/link.py"),
            Err(FileProblem::Link { .. })
        ));
        std::os::unix::fs::symlink(outside.path(), root.path().join("week/b")).unwrap();
        assert!(matches!(
            read("week/b/secret.py"),
            Err(FileProblem::Link { .. })
        ));
        std::os::unix::fs::symlink("solution.py", root.path().join("week/a/inner.py")).unwrap();
        assert!(matches!(
            read("week/a/inner.py"),
            Err(FileProblem::Link { .. })
        ));

        assert!(matches!(
            read("week/a/missing.py"),
            Err(FileProblem::Missing { .. })
        ));
        assert!(matches!(read("week/a"), Err(FileProblem::NotAFile { .. })));
        assert!(matches!(
            read("../x.py"),
            Err(FileProblem::Unreadable { .. })
        ));
        std::fs::write(root.path().join("week/a/big.py"), vec![b'#'; 101]).unwrap();
        assert!(matches!(
            read("week/a/big.py"),
            Err(FileProblem::TooLarge { bytes: 101, .. })
        ));
    }

    #[test]
    fn the_component_walk_refuses_links_too() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("a")).unwrap();
        std::fs::write(root.path().join("a/f.py"), "ok").unwrap();
        std::os::unix::fs::symlink(root.path().join("a"), root.path().join("b")).unwrap();
        let dir = File::open(root.path()).unwrap();
        assert!(open_by_components(&dir, Path::new("a/f.py")).is_ok());
        assert_eq!(
            open_by_components(&dir, Path::new("b/f.py")).err(),
            Some(Errno::ELOOP)
        );
    }
}
