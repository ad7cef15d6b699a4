//! Scheduling jobs: which job a free worker slot takes (hidden ones only
//! in the hidden phase), and which of its cases a child is assigned (up to
//! the next case that needs a fresh child). A hidden job always gets a
//! child of its own: a child that ran visible cases never lives on into
//! the hidden phase (waiting alive, its threads would run beside other
//! learners' children uncounted, its scratch folder stay full).

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
            if !self.start(pending)? {
                break;
            }
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

    /// Every case of a job has a verdict: it is done.
    pub(super) fn job_done(&mut self, request: &JobRequest) -> Result<(), ZygoteError> {
        self.relay.event(request.id, &ZygoteEvent::Done)?;
        if !request.hidden {
            self.visible_left -= 1;
        }
        Ok(())
    }

    /// Starts a job in a child; false when no child can be made yet (the
    /// job waits at the head of the queue).
    pub(super) fn start(&mut self, pending: Pending) -> Result<bool, ZygoteError> {
        let Pending { request, next_case } = pending;
        let first = self.skip_dead(&request, next_case)?;
        if first >= request.cases.len() {
            self.job_done(&request)?;
            return Ok(true);
        }
        let spawning = Instant::now();
        let cases = self.assignable(&request, first);
        let remaining_ms: u64 = cases
            .iter()
            .map(|&c| request.cases[c as usize].timeout_ms)
            .sum();
        let assignment = Assignment {
            job_file: request.job_file.clone(),
            cases: cases.clone(),
            measured_first: request.cases[first].measured,
            memory_mb: self.baseline_mb + request.memory_mb,
            cpu_seconds: remaining_ms.div_ceil(1000) + 2,
        };
        let mut spare = match self.take_spare() {
            Ok(spare) => spare,
            Err(error @ ZygoteError::Scratch { .. }) => {
                self.wait_for_space(error)?;
                self.queue.push_front(Pending {
                    request,
                    next_case: first,
                });
                return Ok(false);
            }
            Err(error) => return Err(error),
        };
        // A spare that died while waiting shows up as a stopped job.
        let _ = send_assignment(&mut spare.control, &assignment);
        let deadline =
            Instant::now() + STARTUP_GRACE + Duration::from_millis(request.cases[first].timeout_ms);
        self.running
            .push(Running::new(request, spare, cases, deadline));
        self.profile.spawn_us += spawning.elapsed().as_micros() as u64;
        Ok(true)
    }

    /// A scratch folder could not be made: the filesystem is full, most
    /// likely of what a child left, which the grader is removing. The run
    /// waits (and retries at each turn of the loop) rather than end for
    /// every learner; only a filesystem that stays full ends it.
    fn wait_for_space(&mut self, error: ZygoteError) -> Result<(), ZygoteError> {
        let since = *self.full_since.get_or_insert_with(Instant::now);
        if since.elapsed() < FULL_FOR_AT_MOST {
            Ok(())
        } else {
            Err(error)
        }
    }

    /// Keeps spare children ready, a few per worker slot, but no more than
    /// the jobs still to start once every job is known.
    pub(super) fn refill_spares(&mut self) -> Result<(), ZygoteError> {
        let mut wanted = SPARES_PER_SLOT * self.options.jobs.max(1);
        if !self.requests.open {
            wanted = wanted.min(self.queue.len());
        }
        while self.spares.len() < wanted {
            match self.fork_spare() {
                Ok(spare) => self.spares.push_back(spare),
                // Spares are an optimisation: a job that needs a child
                // waits for space (see `start`).
                Err(ZygoteError::Scratch { .. }) => break,
                Err(error) => return Err(error),
            }
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
        child.finished = true;
        let request = child.request.clone();
        self.job_done(&request)
    }
}
