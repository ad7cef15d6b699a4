//! Scheduling jobs: which job a free worker slot takes (hidden ones only
//! in the hidden phase), which of its cases a child is assigned (up to the
//! next case that needs a fresh child), and what follows a job: its
//! chained hidden job in the same child once the hidden phase has begun,
//! or in a child of its own.

use super::*;

impl Server<'_> {
    /// Fills the worker slots with queued jobs allowed to start.
    pub(super) fn start_jobs(&mut self) -> Result<(), ZygoteError> {
        while self.running.len() < self.options.jobs.max(1) {
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
        };
        let mut spare = self.take_spare()?;
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
            wanted = wanted.min(self.queue.len());
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

    /// A spare child, or a new one.
    pub(super) fn take_spare(&mut self) -> Result<Spare, ZygoteError> {
        match self.spares.pop_front() {
            Some(spare) => Ok(spare),
            None => self.fork_spare(),
        }
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
        // A child that finished its visible cases while another child can
        // still add to a visible report does not wait, alive, for the
        // hidden phase: its threads would run beside the other learners'
        // children uncounted, and its scratch folder would stay full. Its
        // hidden job goes to a fresh child then.
        if !chained || measured || (next.hidden && !self.hidden_allowed()) {
            self.running[index].finished = true;
            self.queue.push_front(Pending {
                request: *next,
                next_case: 0,
            });
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
