//! Where this process may make cells, one mechanism at a time: for each,
//! the v1 hierarchy or the v2 one, tried by making a probe cgroup there,
//! looking at its control files (and writing the ones cells write), and
//! removing it. `Host::detect` calls [`probe`] once.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::control::CPU_PERIOD_US;
use super::parse;
use crate::sandbox::error::Unavailable;
use crate::sandbox::host::{CgroupMount, CgroupVersion};

/// What [`probe`] found, mechanism by mechanism.
#[derive(Debug)]
pub(in crate::sandbox) struct Found {
    /// `pids.max`.
    pub pids: Result<CgroupMount, Unavailable>,
    /// A memory limit, current use and OOM count.
    pub memory: Result<CgroupMount, Unavailable>,
    /// A readable and resettable memory peak, in the `memory` mount.
    pub memory_peak: Result<(), Unavailable>,
    /// `cgroup.kill`.
    pub kill: Result<CgroupMount, Unavailable>,
    /// A CPU cap.
    pub cpu: Result<CgroupMount, Unavailable>,
    /// Cumulative CPU time.
    pub cpu_time: Result<CgroupMount, Unavailable>,
}

/// Probe every cgroup mechanism. Cheap: a few reads, one probe cgroup made
/// and removed per hierarchy tried.
pub(in crate::sandbox) fn probe() -> Found {
    let places = match Places::read() {
        Ok(places) => places,
        Err(why) => {
            return Found {
                pids: Err(why.clone()),
                memory: Err(why.clone()),
                memory_peak: Err(why.clone()),
                kill: Err(why.clone()),
                cpu: Err(why.clone()),
                cpu_time: Err(why),
            }
        }
    };
    // One v2 probe cgroup serves every v2 question.
    let v2 = places.v2().and_then(|dir| Probe::create(&dir));
    let pids = either(places.v1_mount("pids", &["pids.max"]), || {
        v2_mount(&v2, Some("pids"), "pids.max")
    });
    let (memory, memory_peak) = memory(&places, &v2);
    let kill = v2_mount(&v2, None, "cgroup.kill");
    let cpu = either(cpu_v1(&places), || cpu_v2(&v2));
    let cpu_time = cpu_time(&places, &v2, cpu.as_ref().ok());
    Found {
        pids,
        memory,
        memory_peak,
        kill,
        cpu,
        cpu_time,
    }
}

/// `/proc/self/mountinfo` and `/proc/self/cgroup`: where each hierarchy is
/// mounted and where this process lives in it.
struct Places {
    mountinfo: String,
    membership: String,
}

impl Places {
    fn read() -> Result<Places, Unavailable> {
        let read = |path: &str| {
            fs::read_to_string(path).map_err(|e| Unavailable::Unreadable {
                path: PathBuf::from(path),
                source: Arc::new(e),
            })
        };
        Ok(Places {
            mountinfo: read("/proc/self/mountinfo")?,
            membership: read("/proc/self/cgroup")?,
        })
    }

    fn v1(&self, controller: &'static str) -> Result<PathBuf, Unavailable> {
        parse::own_cgroup_dir(&self.mountinfo, &self.membership, Some(controller))
            .ok_or(Unavailable::NoV1Hierarchy { controller })
    }

    fn v2(&self) -> Result<PathBuf, Unavailable> {
        parse::own_cgroup_dir(&self.mountinfo, &self.membership, None)
            .ok_or(Unavailable::NoV2Hierarchy)
    }

    /// The v1 hierarchy of `controller`, if a cgroup made there has `files`.
    fn v1_mount(
        &self,
        controller: &'static str,
        files: &[&'static str],
    ) -> Result<CgroupMount, Unavailable> {
        let dir = self.v1(controller)?;
        let probe = Probe::create(&dir)?;
        files.iter().try_for_each(|f| probe.has(f))?;
        Ok(CgroupMount {
            version: CgroupVersion::V1,
            dir,
        })
    }
}

/// The v2 hierarchy, if its probe cgroup has `file`; `controller` is the
/// controller that must be enabled for children to give it.
fn v2_mount(
    v2: &Result<Probe, Unavailable>,
    controller: Option<&'static str>,
    file: &'static str,
) -> Result<CgroupMount, Unavailable> {
    let probe = v2.as_ref().map_err(Clone::clone)?;
    if let Err(missing) = probe.has(file) {
        let delegated = fs::read_to_string(probe.parent.join("cgroup.subtree_control"))
            .map(|text| controller.is_none_or(|c| parse::lists_controller(&text, c)));
        return Err(match (controller, delegated) {
            (Some(controller), Ok(false)) => Unavailable::NotDelegated {
                controller,
                dir: probe.parent.clone(),
            },
            _ => missing,
        });
    }
    Ok(CgroupMount {
        version: CgroupVersion::V2,
        dir: probe.parent.clone(),
    })
}

/// The v1 result, or else the v2 one; both reasons when neither.
fn either(
    v1: Result<CgroupMount, Unavailable>,
    v2: impl FnOnce() -> Result<CgroupMount, Unavailable>,
) -> Result<CgroupMount, Unavailable> {
    v1.or_else(|v1| {
        v2().map_err(|v2| Unavailable::Neither {
            v1: Box::new(v1),
            v2: Box::new(v2),
        })
    })
}

/// The memory mount, and whether its peak can be read and reset (v1: write
/// 0 to `memory.max_usage_in_bytes`; v2: write to `memory.peak`, Linux
/// 6.12+).
fn memory(
    places: &Places,
    v2: &Result<Probe, Unavailable>,
) -> (Result<CgroupMount, Unavailable>, Result<(), Unavailable>) {
    let v1 = places.v1("memory").and_then(|dir| {
        let probe = Probe::create(&dir)?;
        probe.has("memory.limit_in_bytes")?;
        let peak = probe
            .has("memory.max_usage_in_bytes")
            .and_then(|()| probe.write("memory.max_usage_in_bytes", "0"));
        let mount = CgroupMount {
            version: CgroupVersion::V1,
            dir,
        };
        Ok((mount, peak))
    });
    match v1 {
        Ok((mount, peak)) => (Ok(mount), peak),
        Err(v1) => match v2_mount(v2, Some("memory"), "memory.max") {
            Ok(mount) => {
                let peak = v2.as_ref().map_err(Clone::clone).and_then(|probe| {
                    probe.has("memory.peak")?;
                    probe.write("memory.peak", "reset")
                });
                (Ok(mount), peak)
            }
            Err(v2) => {
                let why = Unavailable::Neither {
                    v1: Box::new(v1),
                    v2: Box::new(v2),
                };
                (Err(why.clone()), Err(why))
            }
        },
    }
}

/// v1 CFS bandwidth control, checked by writing a one-core cap.
fn cpu_v1(places: &Places) -> Result<CgroupMount, Unavailable> {
    let dir = places.v1("cpu")?;
    let probe = Probe::create(&dir)?;
    probe.has("cpu.cfs_quota_us")?;
    probe.write("cpu.cfs_period_us", &CPU_PERIOD_US.to_string())?;
    probe.write("cpu.cfs_quota_us", &CPU_PERIOD_US.to_string())?;
    Ok(CgroupMount {
        version: CgroupVersion::V1,
        dir,
    })
}

/// v2 `cpu.max`, checked by writing a one-core cap.
fn cpu_v2(v2: &Result<Probe, Unavailable>) -> Result<CgroupMount, Unavailable> {
    let mount = v2_mount(v2, Some("cpu"), "cpu.max")?;
    if let Ok(probe) = v2 {
        probe.write("cpu.max", &format!("{CPU_PERIOD_US} {CPU_PERIOD_US}"))?;
    }
    Ok(mount)
}

/// Where to read a cell's CPU time. Every v2 cgroup has `cpu.stat`, with
/// or without the `cpu` controller; v1 needs the `cpuacct` hierarchy. Each
/// extra hierarchy costs every child one more move at start (a v1 move
/// waits for an RCU grace period), so prefer v1 `cpuacct` only where it is
/// mounted with `cpu` (one directory for both), then v2, then v1.
fn cpu_time(
    places: &Places,
    v2: &Result<Probe, Unavailable>,
    cpu: Option<&CgroupMount>,
) -> Result<CgroupMount, Unavailable> {
    let v1 = || places.v1_mount("cpuacct", &["cpuacct.usage"]);
    if let Ok(dir) = places.v1("cpuacct") {
        if cpu.is_some_and(|cpu| cpu.dir == dir) {
            return v1();
        }
    }
    let v2 = v2.as_ref().map_err(Clone::clone).and_then(|probe| {
        let stat = probe.read("cpu.stat")?;
        match parse::keyed(&stat, "usage_usec") {
            Some(_) => Ok(CgroupMount {
                version: CgroupVersion::V2,
                dir: probe.parent.clone(),
            }),
            None => Err(Unavailable::MissingFile {
                dir: probe.parent.clone(),
                file: "cpu.stat",
            }),
        }
    });
    v2.or_else(|v2| {
        v1().map_err(|v1| Unavailable::Neither {
            v1: Box::new(v1),
            v2: Box::new(v2),
        })
    })
}

/// A short-lived cgroup `grade-probe-<pid>` under `parent`, removed on drop.
#[derive(Debug)]
struct Probe {
    parent: PathBuf,
    dir: PathBuf,
}

impl Probe {
    fn create(parent: &Path) -> Result<Probe, Unavailable> {
        let dir = parent.join(format!("grade-probe-{}", std::process::id()));
        match fs::create_dir(&dir) {
            Ok(()) => {}
            // Left by an earlier probe of this process: as good as new.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(Unavailable::NotWritable {
                    dir: parent.to_owned(),
                    source: Arc::new(e),
                })
            }
        }
        Ok(Probe {
            parent: parent.to_owned(),
            dir,
        })
    }

    fn has(&self, file: &'static str) -> Result<(), Unavailable> {
        if self.dir.join(file).exists() {
            Ok(())
        } else {
            Err(Unavailable::MissingFile {
                dir: self.parent.clone(),
                file,
            })
        }
    }

    fn write(&self, file: &'static str, value: &str) -> Result<(), Unavailable> {
        OpenOptions::new()
            .write(true)
            .open(self.dir.join(file))
            .and_then(|mut f| f.write_all(value.as_bytes()))
            .map_err(|e| Unavailable::Refused {
                dir: self.parent.clone(),
                file,
                source: Arc::new(e),
            })
    }

    fn read(&self, file: &'static str) -> Result<String, Unavailable> {
        fs::read_to_string(self.dir.join(file)).map_err(|e| Unavailable::Unreadable {
            path: self.dir.join(file),
            source: Arc::new(e),
        })
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        // Ignoring a failure is right: the probe never held a process, and
        // one left behind is removed by the stale-cell sweep of the next
        // zygote, once this process is gone.
        let _ = fs::remove_dir(&self.dir);
    }
}
