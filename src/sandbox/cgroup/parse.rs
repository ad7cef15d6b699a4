//! Reading the kernel's cgroup text: which directory is this process's own
//! cgroup in each hierarchy (`/proc/self/cgroup` + `/proc/self/mountinfo`),
//! and the control files cells read (`cgroup.procs`, `cpu.stat`,
//! `memory.events`, single numbers). Pure functions over strings.

use std::path::PathBuf;

/// The directory of the calling process's own cgroup in the v1 hierarchy
/// holding `controller`, or in the v2 hierarchy when `controller` is None.
pub(super) fn own_cgroup_dir(
    mountinfo: &str,
    membership: &str,
    controller: Option<&str>,
) -> Option<PathBuf> {
    let path = membership_path(membership, controller)?;
    mountinfo.lines().find_map(|line| {
        let mount = Mount::parse(line)?;
        let matches = match controller {
            Some(c) => mount.fstype == "cgroup" && mount.superopts.split(',').any(|o| o == c),
            None => mount.fstype == "cgroup2",
        };
        if !matches {
            return None;
        }
        // The mount may expose only a subtree (containers): the process's
        // path is then relative to that root.
        let rel = if mount.root == "/" {
            path
        } else {
            path.strip_prefix(mount.root)
                .filter(|r| r.is_empty() || r.starts_with('/'))?
        };
        let mut dir = PathBuf::from(unescape_mountinfo(mount.point));
        dir.push(rel.trim_start_matches('/'));
        Some(dir)
    })
}

/// The process's path in one hierarchy, from `/proc/self/cgroup`:
/// "hierarchy-id:controllers:path", v2 being "0::path".
fn membership_path<'a>(membership: &'a str, controller: Option<&str>) -> Option<&'a str> {
    membership.lines().find_map(|line| {
        let mut parts = line.splitn(3, ':');
        let (id, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let wanted = match controller {
            Some(c) => controllers.split(',').any(|x| x == c),
            None => id == "0" && controllers.is_empty(),
        };
        wanted.then_some(path)
    })
}

/// The fields of one mountinfo line this module needs:
/// "id parent dev root mountpoint opts [optional...] - fstype source superopts".
struct Mount<'a> {
    root: &'a str,
    point: &'a str,
    fstype: &'a str,
    superopts: &'a str,
}

impl<'a> Mount<'a> {
    fn parse(line: &'a str) -> Option<Mount<'a>> {
        let (left, right) = line.split_once(" - ")?;
        let mut left = left.split(' ').skip(3);
        let (root, point) = (left.next()?, left.next()?);
        let mut right = right.split(' ');
        let fstype = right.next()?;
        let superopts = right.nth(1)?;
        Some(Mount {
            root,
            point,
            fstype,
            superopts,
        })
    }
}

/// mountinfo escapes space, tab, newline and backslash as octal `\NNN`.
pub(super) fn unescape_mountinfo(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| bytes[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push(
                    d.iter()
                        .fold(0u8, |v, c| v.wrapping_mul(8).wrapping_add(c - b'0')),
                );
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The pids of a `cgroup.procs` file, one per line; anything else is
/// skipped.
pub(super) fn pids(text: &str) -> Vec<i32> {
    text.lines()
        .filter_map(|l| l.trim().parse().ok())
        .filter(|&pid| pid > 0)
        .collect()
}

/// The value of `key` in a flat-keyed file of "key value" lines (`cpu.stat`,
/// `memory.events`, v1 `memory.oom_control`).
pub(super) fn keyed(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(' ')?;
        (k == key).then(|| v.trim().parse().ok())?
    })
}

/// A file holding one number (`cpuacct.usage`, `memory.peak`, ...).
pub(super) fn single(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// Whether a v2 `cgroup.subtree_control` (or `cgroup.controllers`) lists
/// `controller`.
pub(super) fn lists_controller(text: &str, controller: &str) -> bool {
    text.split_whitespace().any(|c| c == controller)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
30 23 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 30 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
42 30 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
50 23 0:40 /docker/abc /sys/fs/cgroup/blk\\040x rw,relatime shared:5 - cgroup cgroup rw,blkio";

    const MEMBERSHIP: &str = "\
8:pids:/
7:blkio:/docker/abc/inner
4:memory:/process_api/fd37
2:cpuacct:/
1:cpu:/
0::/user.slice";

    #[test]
    fn finds_own_cgroup_per_hierarchy() {
        let dir = |c| own_cgroup_dir(MOUNTINFO, MEMBERSHIP, c);
        assert_eq!(
            dir(Some("pids")),
            Some(PathBuf::from("/sys/fs/cgroup/pids/"))
        );
        assert_eq!(
            dir(Some("memory")),
            Some(PathBuf::from("/sys/fs/cgroup/memory/process_api/fd37"))
        );
        assert_eq!(
            dir(None),
            Some(PathBuf::from("/sys/fs/cgroup/unified/user.slice"))
        );
        // `cpu` is not `cpuacct` nor `cpuset`.
        assert_eq!(dir(Some("cpu")), Some(PathBuf::from("/sys/fs/cgroup/cpu/")));
        assert_eq!(
            dir(Some("cpuacct")),
            Some(PathBuf::from("/sys/fs/cgroup/cpuacct/"))
        );
        // A mount exposing only a subtree, with an escaped space and an
        // optional field.
        assert_eq!(
            dir(Some("blkio")),
            Some(PathBuf::from("/sys/fs/cgroup/blk x/inner"))
        );
        assert_eq!(dir(Some("freezer")), None);
    }

    #[test]
    fn co_mounted_controllers_share_a_directory() {
        let mountinfo = "33 31 0:30 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct";
        let membership = "3:cpu,cpuacct:/grader";
        let expected = Some(PathBuf::from("/sys/fs/cgroup/cpu,cpuacct/grader"));
        assert_eq!(own_cgroup_dir(mountinfo, membership, Some("cpu")), expected);
        assert_eq!(
            own_cgroup_dir(mountinfo, membership, Some("cpuacct")),
            expected
        );
        // Pure v1: no v2 hierarchy.
        assert_eq!(own_cgroup_dir(mountinfo, membership, None), None);
    }

    #[test]
    fn unescapes_mountinfo_octal() {
        assert_eq!(unescape_mountinfo("a\\040b\\134c"), "a b\\c");
        assert_eq!(unescape_mountinfo("trailing\\04"), "trailing\\04");
    }

    #[test]
    fn parses_control_files() {
        assert_eq!(pids("12\n345\n\n0\nx\n"), vec![12, 345]);
        assert_eq!(pids(""), Vec::<i32>::new());
        let cpu_stat = "usage_usec 57800\nuser_usec 0\nsystem_usec 57800\nnr_periods 0\n";
        assert_eq!(keyed(cpu_stat, "usage_usec"), Some(57800));
        assert_eq!(keyed(cpu_stat, "user_usec"), Some(0));
        assert_eq!(keyed(cpu_stat, "usage"), None);
        let oom_control = "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n";
        assert_eq!(keyed(oom_control, "oom_kill"), Some(3));
        let events = "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\noom_group_kill 0\n";
        assert_eq!(keyed(events, "oom_kill"), Some(1));
        assert_eq!(single("52617153\n"), Some(52_617_153));
        assert_eq!(single("max\n"), None);
        assert!(lists_controller("cpu memory pids\n", "cpu"));
        assert!(!lists_controller("cpuset io\n", "cpu"));
        assert!(!lists_controller("\n", "cpu"));
    }
}
