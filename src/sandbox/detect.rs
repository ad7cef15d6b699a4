//! `Host::detect`: one probe per mechanism, each owned by the mechanism's
//! module (`cgroup/probe.rs`, `landlock_rules.rs`, `seccomp.rs`,
//! `namespaces.rs`), gathered into the plain [`Host`]; then the one side
//! effect, sweeping cells that dead zygotes left behind.

use std::path::Path;

use super::cgroup::{self, probe::Found};
use super::error::Unavailable;
use super::host::Host;
use super::{landlock_rules, namespaces, seccomp};

impl Host {
    /// Probe the machine ([`Host::probe`]), then remove the cells left
    /// behind by zygotes that died (named after their pid), so that a crash
    /// does not leak cgroups from one run to the next.
    ///
    /// Must run in the zygote itself: its pid is recorded as the parent
    /// every sandboxed child checks for.
    pub fn detect() -> Host {
        let host = Host::probe();
        let mut swept: Vec<&Path> = Vec::new();
        for mount in host.cgroup_mounts() {
            if !swept.contains(&mount.dir.as_path()) {
                cgroup::sweep_stale(&mount.dir);
                swept.push(&mount.dir);
            }
        }
        host
    }

    /// What the machine offers, changing nothing that outlives the call.
    /// Cheap (a few ms at most): reads a few /proc files, makes and removes
    /// one probe cgroup per hierarchy tried, asks the kernel for its
    /// Landlock ABI and, unless Landlock and seccomp already cut the
    /// network as root, forks one short-lived child to try the namespaces.
    pub fn probe() -> Host {
        // SAFETY: plain syscalls without arguments, which cannot fail.
        let (zygote_pid, root) = unsafe { (libc::getpid(), libc::geteuid() == 0) };
        let mut host = Host::bare(zygote_pid, root);
        host.take_cgroups(cgroup::probe::probe());
        match landlock_rules::probe() {
            Ok(abi) => host.landlock_abi = abi,
            Err(why) => host.why_not.landlock = Some(why),
        }
        match seccomp::probe() {
            Ok(()) => host.seccomp = true,
            Err(why) => host.why_not.seccomp = Some(why),
        }
        host.take_namespaces();
        host
    }

    fn take_cgroups(&mut self, found: Found) {
        let why = &mut self.why_not;
        self.pids = found.pids.map_err(|e| why.pids = Some(e)).ok();
        self.memory = found.memory.map_err(|e| why.memory = Some(e)).ok();
        self.memory_peak = found
            .memory_peak
            .map_err(|e| why.memory_peak = Some(e))
            .is_ok();
        self.kill = found.kill.map_err(|e| why.kill = Some(e)).ok();
        self.cpu = found.cpu.map_err(|e| why.cpu = Some(e)).ok();
        self.cpu_time = found.cpu_time.map_err(|e| why.cpu_time = Some(e)).ok();
    }

    /// A network namespace per child costs about 0.5 ms of CPU, and more in
    /// the kernel's deferred teardown, which falls behind at hundreds of
    /// children a second. Where Landlock denies TCP and the seccomp filter
    /// denies connect/bind/listen/sendto/sendmsg, it adds nothing; as root
    /// it is then not even probed (the probe forks: ms at start).
    fn take_namespaces(&mut self) {
        let network_cut = self.landlock_abi >= 4 && self.seccomp;
        if self.root && network_cut {
            self.why_not.namespaces = Some(Unavailable::NotNeeded(
                "Landlock TCP rules and the seccomp filter already cut the network",
            ));
            return;
        }
        match namespaces::probe(self.root) {
            Ok(()) => {
                self.net_namespace = true;
                self.user_namespace = !self.root;
            }
            Err(why) => self.why_not.namespaces = Some(why),
        }
        self.use_net_namespace = self.net_namespace && !network_cut;
    }
}
