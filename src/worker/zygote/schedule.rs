//! Scheduling jobs: which job a free worker slot takes (hidden ones only
//! in the hidden phase), which of its cases a child is assigned (up to the
//! next case that needs a fresh child), and what follows a job: its
//! chained hidden job in the same child, parked or in a child of its own.

use super::*;

impl Server<'_> {
    /// Fills the worker slots: children parked for the hidden phase first
    /// (they are ready), then queued jobs allowed to start.
    pub(super) fn start_jobs(&mut self) -> Result<(), ZygoteError> {
        while self.running.len() < self.options.jobs.max(1) {
            if self.hidden_allowed() {
                if let Some(mut child) = self.parked.pop() {
                    let next = child.waiting.take();
                    self.running.push(child);
                    let index = self.running.len() - 1;
                    if let Some(next) = next {
                        self.chain_into(index, next)?;
                    }
                    continue;
                }
            }
            let allowed = self.hidden_allowed();
            let Some(position) = self
                .queue
                .iter()
                .position(|pending| allowed || !pending.request.hidden)
            else {
                break;
            };
            let pending = self.queue.remove(position).expect("a queued job");
            self.start(pending)?;
        }
        Ok(())
    }

    /// Reports the cases of `request` from `next` on whose unit died
    /// without loading, as not run; returns the first case to run.
    pub(super) fn skip_dead(
        &mut self,
        request: &JobRequest,
        mut next: usize,
    ) -> Result<usize, ZygoteError> {
        while let Some(plan) = request.cases.get(next) {
            let Some(&stop) = self.dead.get(&(request.group, plan.unit)) else {
                break;
            };
            self.relay.event(
                request.id,
                &ZygoteEvent::Stopped {
                    case: next as u32,
                    stop,
                    not_run: true,
                },
            )?;
            next += 1;
        }
        Ok(next)
    }

    /// The cases one child runs from `first`: up to the next measured case
    /// (which needs a fresh child) or the next case of a dead unit.
    pub(super) fn assignable(&self, request: &JobRequest, first: usize) -> Vec<u32> {
        let mut cases = vec![first as u32];
        for (index, plan) in request.cases.iter().enumerate().skip(first + 1) {
            if plan.measured || self.dead.contains_key(&(request.group, plan.unit)) {
                break;
            }
            cases.push(index as u32);
        }
        cases
    }

    /// Every case of a job has a verdict: it is done, and its chained job
    /// (if any) waits for a child of its own.
    pub(super) fn job_done(&mut self, mut request: JobRequest) -> Result<(), ZygoteError> {
        self.relay.event(request.id, &ZygoteEvent::Done)?;
        if !request.hidden {
            self.visible_left -= 1;
        }
        if let Some(next) = request.then.take() {
            self.queue.push_front(Pending {
                request: *next,
                next_case: 0,
            });
        }
        Ok(())
    }

    pub(super) fn start(&mut self, pending: Pending) -> Result<(), ZygoteError> {
        let Pending { request, next_case } = pending;
        let first = self.skip_dead(&request, next_case)?;
        if first >= request.cases.len() {
            return self.job_done(request);
        }
        let spawning = Instant::now();
        let cases = self.assignable(&request, first);
        let reaches_end = cases
            .last()
            .is_some_and(|&c| c as usize + 1 == request.cases.len());
        let chained_ms: u64 = chain(&request)
            .skip(1)
            .flat_map(|job| job.cases.iter().map(|c| c.timeout_ms))
            .sum();
        let remaining_ms: u64 = request.cases[first..]
            .iter()
            .map(|c| c.timeout_ms)
            .sum::<u64>()
            + chained_ms;
        let assignment = Assignment {
            job_file: request.job_file.clone(),
            cases: cases.clone(),
            measured_first: request.cases[first].measured,
            chained: reaches_end && request.then.is_some(),
            memory_mb: self.baseline_mb + request.memory_mb,
            cpu_seconds: remaining_ms.div_ceil(1000) + 2,
            imports: self.interpreter.left_to_import(&request.imports),
        };
        let mut spare = self.take_spare(&request.imports)?;
        // A spare that died while waiting shows up as a stopped job.
        let _ = send_assignment(&mut spare.control, &assignment);
        let deadline =
            Instant::now() + STARTUP_GRACE + Duration::from_millis(request.cases[first].timeout_ms);
        let mut child = Running::new(request, spare, cases, deadline);
        child.chained = assignment.chained;
        self.running.push(child);
        self.profile.spawn_us += spawning.elapsed().as_micros() as u64;
        Ok(())
    }

    /// Keeps spare children ready, a few per worker slot, but no more than
    /// the jobs still to start once every job is known.
    pub(super) fn refill_spares(&mut self) -> Result<(), ZygoteError> {
        let mut wanted = SPARES_PER_SLOT * self.options.jobs.max(1);
        if !self.requests.open {
            wanted = wanted.min(self.queue.len() + self.parked.len());
        }
        while self.spares.len() < wanted {
            let spare = self.fork_spare()?;
            self.spares.push_back(spare);
        }
        while self.spares.len() > wanted {
            if let Some(spare) = self.spares.pop_back() {
                self.retire(spare);
            }
        }
        Ok(())
    }

    /// A spare child that inherited every module the zygote imported for
    /// this job; stale spares are let go.
    pub(super) fn take_spare(&mut self, imports: &[String]) -> Result<Spare, ZygoteError> {
        let wanted: Vec<&String> = imports
            .iter()
            .filter(|m| self.interpreter.imported.contains(*m))
            .collect();
        while let Some(spare) = self.spares.pop_front() {
            if wanted.iter().all(|m| spare.imported.contains(*m)) {
                return Ok(spare);
            }
            self.retire(spare);
        }
        self.fork_spare()
    }

    /// Imports in the zygote the standard-library modules that more than
    /// one queued job imports, so that their children inherit them instead
    /// of each importing them again. A module only one job wants is left to
    /// its child, which imports it in parallel with the rest of the run.
    pub(super) fn share_imports(&mut self) {
        let mut wanting: HashMap<&str, usize> = HashMap::new();
        for pending in &self.queue {
            for module in &pending.request.imports {
                *wanting.entry(module.as_str()).or_default() += 1;
            }
        }
        let mut shared: Vec<String> = wanting
            .into_iter()
            .filter(|&(module, count)| {
                let least = if HEAVY_MODULES.contains(&module) {
                    HEAVY_SHARED_FROM
                } else {
                    2
                };
                count >= least && !self.interpreter.imported.contains(module)
            })
            .map(|(module, _)| module.to_owned())
            .collect();
        shared.sort();
        self.interpreter.import_all(&shared);
    }

    /// The child ran every case it was assigned.
    pub(super) fn range_done(&mut self, index: usize) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        child.deadline = None;
        let last = *child.assigned.last().expect("a non-empty assignment") as usize;
        if last + 1 < child.request.cases.len() {
            // The next case needs a fresh child.
            child.finished = true;
            let request = child.request.clone();
            self.queue.push_front(Pending {
                request,
                next_case: last + 1,
            });
            return Ok(());
        }
        let next = child.request.then.take();
        let chained = child.chained;
        let finished = child.request.clone();
        self.job_done(JobRequest {
            then: None,
            ..finished
        })?;
        let Some(next) = next else {
            self.running[index].finished = true;
            return Ok(());
        };
        let measured = next.cases.first().is_some_and(|c| c.measured);
        if !chained || measured {
            self.running[index].finished = true;
            self.queue.push_front(Pending {
                request: *next,
                next_case: 0,
            });
        } else if next.hidden && !self.hidden_allowed() {
            if self.parked.len() < PARKED_PER_SLOT * self.options.jobs.max(1) {
                self.running[index].waiting = Some(*next);
            } else {
                self.running[index].finished = true;
                self.queue.push_front(Pending {
                    request: *next,
                    next_case: 0,
                });
            }
        } else {
            self.chain_into(index, *next)?;
        }
        Ok(())
    }

    /// Gives a running child its chained job. Its file reaches the child
    /// as a read-only link in its scratch folder, only now; if the link
    /// cannot be made (the learner's code took its name) or sent, the job
    /// goes to a fresh child.
    pub(super) fn chain_into(&mut self, index: usize, next: JobRequest) -> Result<(), ZygoteError> {
        let first = self.skip_dead(&next, 0)?;
        if first >= next.cases.len() {
            self.running[index].finished = true;
            return self.job_done(next);
        }
        let cases = self.assignable(&next, first);
        let reaches_end = cases
            .last()
            .is_some_and(|&c| c as usize + 1 == next.cases.len());
        let child = &mut self.running[index];
        let link = child.scratch.join(format!("job-{}.bin", next.id));
        let assignment = Assignment {
            job_file: link.clone(),
            cases: cases.clone(),
            measured_first: false,
            chained: reaches_end && next.then.is_some(),
            memory_mb: 0,
            cpu_seconds: 0,
            imports: Vec::new(),
        };
        let sent = !next.cases[first].measured
            && std::fs::hard_link(&next.job_file, &link).is_ok()
            && send_assignment(&mut child.control, &assignment).is_ok();
        child.chained = assignment.chained;
        if !sent {
            child.finished = true;
            self.queue.push_front(Pending {
                request: next,
                next_case: first,
            });
            return Ok(());
        }
        let now = Instant::now();
        child.deadline = Some(now + Duration::from_millis(next.cases[first].timeout_ms));
        child.case_started = now;
        child.request = next;
        child.assigned = cases;
        child.position = 0;
        Ok(())
    }
}
