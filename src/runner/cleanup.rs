//! Removing a child's scratch folder, whatever the learner left in it: a
//! hundred thousand files, or folders nested fifty thousand deep (a
//! recursive removal would overflow its stack and abort the grader, and
//! their paths are longer than the kernel accepts). Every folder found is
//! first moved up to the scratch folder itself, so that no walk is ever
//! deeper than one level; then each is emptied and removed.

use std::ffi::{CString, OsStr};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use nix::dir::{Dir, Type};
use nix::errno::Errno;
use nix::fcntl::{openat, renameat, OFlag};
use nix::sys::stat::Mode;
use nix::unistd::{unlinkat, UnlinkatFlags};

/// Removes `root` and everything beneath it, without following links.
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
    let mut moved = 0u64;
    // Folders to empty, by name in `top` (None: `top` itself).
    let mut folders: Vec<Option<CString>> = vec![None];
    let mut emptied: Vec<CString> = Vec::new();
    while let Some(folder) = folders.pop() {
        let fd: OwnedFd = match &folder {
            None => top.try_clone().map_err(|_| Errno::EBADF)?,
            Some(name) => openat(
                top.as_fd(),
                name.as_c_str(),
                OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
                Mode::empty(),
            )?,
        };
        for (name, is_dir) in entries(&fd)? {
            if is_dir {
                moved += 1;
                let flat = CString::new(format!(".grade-flat-{moved}")).expect("no NUL");
                renameat(fd.as_fd(), name.as_c_str(), top.as_fd(), flat.as_c_str())?;
                folders.push(Some(flat));
            } else {
                unlinkat(fd.as_fd(), name.as_c_str(), UnlinkatFlags::NoRemoveDir)?;
            }
        }
        if let Some(name) = folder {
            emptied.push(name);
        }
    }
    for name in emptied {
        unlinkat(top.as_fd(), name.as_c_str(), UnlinkatFlags::RemoveDir)?;
    }
    drop(top);
    unlinkat(nix::fcntl::AT_FDCWD, root, UnlinkatFlags::RemoveDir)
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
}
