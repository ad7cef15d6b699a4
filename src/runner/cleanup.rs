//! Removing a child's scratch folder, whatever the learner left in it: a
//! hundred thousand files, or folders nested fifty thousand deep (a
//! recursive removal would overflow its stack and abort the grader, and
//! their paths are longer than the kernel accepts). Every folder found is
//! first moved up to the scratch folder itself, so that no walk is ever
//! deeper than one level; then each is emptied and removed.

use std::ffi::{CString, OsStr};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::dir::{Dir, Type};
use nix::errno::Errno;
use nix::fcntl::{openat, renameat, renameat2, OFlag, RenameFlags};
use nix::sys::stat::Mode;
use nix::unistd::{unlinkat, UnlinkatFlags};

/// A run's folder, removed with [`remove_tree`] when dropped: children's
/// scratch folders may still be in it, with whatever names and depth
/// their learners chose.
pub struct RunDir(PathBuf);

impl RunDir {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl From<tempfile::TempDir> for RunDir {
    fn from(dir: tempfile::TempDir) -> RunDir {
        RunDir(dir.keep())
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let _ = remove_tree(&self.0);
    }
}

/// Removes `root` and everything beneath it, without following links.
///
/// The learner chose every name in the tree, so no name can be assumed
/// free or removable: a folder is moved up under a name no other entry
/// has (`RENAME_NOREPLACE`, the next number on a clash), and an entry that
/// resists (a name it cannot move) is skipped while the rest goes on. The
/// first error is returned once everything else is gone.
pub fn remove_tree(root: &Path) -> Result<(), Errno> {
    let top = match nix::fcntl::open(
        root,
        OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
        Mode::empty(),
    ) {
        Ok(fd) => fd,
        Err(Errno::ENOENT) => return Ok(()),
        Err(errno) => return Err(errno),
    };
    let mut first_error: Option<Errno> = None;
    let mut note = |result: Result<(), Errno>| {
        if let Err(errno) = result {
            first_error.get_or_insert(errno);
        }
    };
    let mut moved = 0u64;
    // Folders to empty, by name in `top` (None: `top` itself).
    let mut folders: Vec<Option<CString>> = vec![None];
    let mut emptied: Vec<CString> = Vec::new();
    while let Some(folder) = folders.pop() {
        let fd: OwnedFd = match &folder {
            None => top.try_clone().map_err(|_| Errno::EBADF)?,
            Some(name) => match openat(
                top.as_fd(),
                name.as_c_str(),
                OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                Mode::empty(),
            ) {
                Ok(fd) => fd,
                Err(errno) => {
                    note(Err(errno));
                    continue;
                }
            },
        };
        let found = match entries(&fd) {
            Ok(found) => found,
            Err(errno) => {
                note(Err(errno));
                continue;
            }
        };
        for (name, is_dir) in found {
            if is_dir {
                note(move_up(&fd, &name, &top, &mut moved).map(|flat| folders.push(Some(flat))));
            } else {
                note(unlinkat(
                    fd.as_fd(),
                    name.as_c_str(),
                    UnlinkatFlags::NoRemoveDir,
                ));
            }
        }
        if let Some(name) = folder {
            emptied.push(name);
        }
    }
    for name in emptied {
        note(unlinkat(
            top.as_fd(),
            name.as_c_str(),
            UnlinkatFlags::RemoveDir,
        ));
    }
    drop(top);
    note(unlinkat(
        nix::fcntl::AT_FDCWD,
        root,
        UnlinkatFlags::RemoveDir,
    ));
    first_error.map_or(Ok(()), Err)
}

/// Moves folder `name` of `from` into `top` under a fresh name, and
/// returns it. The learner may have taken any name already (even each of
/// ours, in advance), so a clash only means trying the next.
fn move_up(
    from: &OwnedFd,
    name: &CString,
    top: &OwnedFd,
    moved: &mut u64,
) -> Result<CString, Errno> {
    loop {
        *moved += 1;
        let flat = CString::new(format!(".grade-flat-{moved}")).expect("no NUL");
        match renameat2(
            from.as_fd(),
            name.as_c_str(),
            top.as_fd(),
            flat.as_c_str(),
            RenameFlags::RENAME_NOREPLACE,
        ) {
            Ok(()) => return Ok(flat),
            Err(Errno::EEXIST) => continue,
            // Filesystems without RENAME_NOREPLACE: a plain rename fails on
            // a taken name too (or replaces an empty folder, which is gone
            // then all the same).
            Err(Errno::EINVAL) => {
                match renameat(from.as_fd(), name.as_c_str(), top.as_fd(), flat.as_c_str()) {
                    Ok(()) => return Ok(flat),
                    Err(Errno::EEXIST | Errno::ENOTEMPTY | Errno::ENOTDIR | Errno::EISDIR) => {
                        continue
                    }
                    Err(errno) => return Err(errno),
                }
            }
            Err(errno) => return Err(errno),
        }
    }
}

/// The entries of a folder (but `.` and `..`): name, and whether it is a
/// folder (never following a link).
fn entries(fd: &OwnedFd) -> Result<Vec<(CString, bool)>, Errno> {
    let mut dir = Dir::from_fd(fd.try_clone().map_err(|_| Errno::EBADF)?)?;
    let mut found = Vec::new();
    for entry in dir.iter() {
        let entry = entry?;
        let name = entry.file_name();
        if matches!(name.to_bytes(), b"." | b"..") {
            continue;
        }
        let is_dir = match entry.file_type() {
            Some(kind) => kind == Type::Directory,
            None => nix::sys::stat::fstatat(
                fd.as_fd(),
                OsStr::from_bytes(name.to_bytes()),
                nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW,
            )
            .is_ok_and(|stat| stat.st_mode & libc::S_IFMT == libc::S_IFDIR),
        };
        found.push((name.to_owned(), is_dir));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_a_deep_and_wide_tree_without_following_links() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep"), "kept").unwrap();
        let root = tempfile::tempdir().unwrap().keep();
        // 20 000 levels: far past PATH_MAX, and deep enough to overflow a
        // recursive walk on a small stack.
        let mut dir = std::fs::File::open(&root).unwrap();
        for _ in 0..20_000 {
            nix::sys::stat::mkdirat(dir.as_fd(), "d", Mode::from_bits_truncate(0o700)).unwrap();
            let next = openat(
                dir.as_fd(),
                "d",
                OFlag::O_RDONLY | OFlag::O_DIRECTORY,
                Mode::empty(),
            )
            .unwrap();
            dir = std::fs::File::from(next);
        }
        for i in 0..100 {
            std::fs::write(root.join(format!("f{i}")), "x").unwrap();
        }
        std::os::unix::fs::symlink(outside.path(), root.join("link")).unwrap();
        let handle = std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(move || remove_tree(&root).map(|()| root))
            .unwrap();
        let root = handle.join().unwrap().unwrap();
        assert!(!root.exists());
        assert_eq!(
            std::fs::read_to_string(outside.path().join("keep")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn names_taken_in_advance_do_not_stop_the_removal() {
        let root = tempfile::tempdir().unwrap().keep();
        // Every name the walk would pick, taken: by full folders, by a
        // file, at the top and deeper down.
        for i in 1..40 {
            let taken = root.join(format!(".grade-flat-{i}"));
            std::fs::create_dir_all(taken.join("inner/.grade-flat-1")).unwrap();
            std::fs::write(taken.join("inner/file"), "x").unwrap();
        }
        std::fs::write(root.join(".grade-flat-40"), "a file").unwrap();
        std::fs::create_dir_all(root.join("a/b/c")).unwrap();
        remove_tree(&root).unwrap();
        assert!(!root.exists());
    }
}
