//! What running children write: output relayed as the current case's,
//! frames acted on in order (`S`, `L`, `R`, `F`, `K`), nothing kept.

use zeroize::Zeroize;

use super::*;

impl Server<'_> {
    /// Reads, relays and acts on what every running child wrote, and ends
    /// the children that are done, timed out or gone.
    pub(super) fn service_running(&mut self) -> Result<(), ZygoteError> {
        let now = Instant::now();
        let mut index = 0;
        while index < self.running.len() {
            self.relay_stderr(index)?;
            let state = self.read_channel(index)?;
            let child = &self.running[index];
            let timed_out = !child.finished && child.deadline.is_some_and(|d| now >= d);
            if child.finished
                || state == ChannelState::Closed
                || timed_out
                || child.exit.is_some()
                || child.violation.is_some()
            {
                self.finish(index, timed_out)?;
            } else {
                index += 1;
            }
        }
        Ok(())
    }

    pub(super) fn relay_stderr(&mut self, index: usize) -> Result<(), ZygoteError> {
        for _ in 0..READS_PER_TURN {
            let child = &mut self.running[index];
            let job = child.request.id;
            match child.stderr.read(&mut self.read_buf) {
                Ok(0) => return Ok(()),
                Ok(n) => {
                    let relayed = n.min(STDERR_RELAYED.saturating_sub(child.stderr_bytes));
                    child.stderr_bytes = child.stderr_bytes.saturating_add(n);
                    let sent = if relayed > 0 {
                        self.relay
                            .send(Kind::Stderr, job, &self.read_buf[..relayed])
                    } else {
                        Ok(())
                    };
                    self.read_buf[..n].zeroize();
                    sent?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    /// Reads the child's channel: output is relayed as the current case's,
    /// frames are acted on in the order they were written.
    pub(super) fn read_channel(&mut self, index: usize) -> Result<ChannelState, ZygoteError> {
        for _ in 0..READS_PER_TURN {
            let n = match self.running[index].channel.read(&mut self.read_buf) {
                Ok(0) => return Ok(ChannelState::Closed),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    return Ok(ChannelState::Open)
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Ok(ChannelState::Closed),
            };
            let mut pieces = std::mem::take(&mut self.pieces);
            pieces.clear();
            self.running[index]
                .decoder
                .feed(&self.read_buf[..n], &mut pieces);
            let buf = std::mem::take(&mut self.read_buf);
            let handled = pieces
                .iter()
                .try_for_each(|piece| self.handle_piece(index, piece.clone(), &buf[..n]));
            self.read_buf = buf;
            self.read_buf[..n].zeroize();
            self.pieces = pieces;
            handled?;
            let child = &self.running[index];
            if child.violation.is_some() || child.finished {
                // What it writes from now on is of no case: leave it unread.
                return Ok(ChannelState::Open);
            }
        }
        Ok(ChannelState::Open)
    }

    pub(super) fn handle_piece(
        &mut self,
        index: usize,
        piece: Piece,
        read: &[u8],
    ) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        if child.violation.is_some() {
            return Ok(());
        }
        if child.finished {
            // Anything after the last result: the child's results are in.
            return Ok(());
        }
        match piece {
            Piece::Output(range) => self.output(index, &read[range]),
            Piece::HeldOutput(length) => {
                let held = child.decoder.held(length).to_vec();
                self.output(index, &held)
            }
            Piece::Start(tag) => {
                child.frame = tag;
                child.small.clear();
                match tag {
                    None => child.violation = Some(WireStop::Garbled),
                    Some(Tag::Result) if child.position >= child.assigned.len() => {
                        child.violation = Some(WireStop::AfterLast)
                    }
                    Some(_) => {}
                }
                Ok(())
            }
            Piece::Payload(range) => match child.frame {
                Some(Tag::Result) => {
                    if child.decoder.payload_len() > MAX_RESULT {
                        child.violation = Some(WireStop::TooLarge);
                        return Ok(());
                    }
                    let job = child.request.id;
                    self.relay.send(Kind::ResultPart, job, &read[range])
                }
                Some(_) => {
                    if child.small.len() + range.len() > MAX_SMALL_FRAME {
                        child.violation = Some(WireStop::Garbled);
                    } else {
                        child.small.extend_from_slice(&read[range]);
                    }
                    Ok(())
                }
                None => Ok(()),
            },
            Piece::End => {
                let frame = child.frame.take();
                let handled = match frame {
                    Some(Tag::Result) => self.result_end(index),
                    Some(Tag::Sandboxed) => self.sandboxed(index),
                    Some(Tag::Loaded) => {
                        self.loaded_frame(index);
                        Ok(())
                    }
                    Some(Tag::Failed) => self.failed_frame(index),
                    Some(Tag::Leftovers) => {
                        self.leftovers(index);
                        Ok(())
                    }
                    None => Ok(()),
                };
                if let Some(child) = self.running.get_mut(index) {
                    child.small.zeroize();
                    child.small.clear();
                }
                handled
            }
        }
    }

    /// Output of the current case, up to its cap.
    pub(super) fn output(&mut self, index: usize, bytes: &[u8]) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        let cap = child.request.output_cap;
        let room = cap.saturating_sub(child.output_bytes);
        let kept = bytes.len().min(room);
        child.output_bytes += kept;
        let job = child.request.id;
        let overflow = bytes.len() > room && !child.output_truncated;
        if overflow {
            child.output_truncated = true;
        }
        if kept > 0 {
            self.relay.send(Kind::Output, job, &bytes[..kept])?;
        }
        if overflow {
            self.relay.send(Kind::OutputTruncated, job, &[])?;
        }
        Ok(())
    }

    pub(super) fn sandboxed(&mut self, index: usize) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        if child.sandboxed {
            child.violation = Some(WireStop::Garbled);
            return Ok(());
        }
        child.sandboxed = true;
        let micros = std::str::from_utf8(&child.small)
            .ok()
            .and_then(|m| m.parse::<u64>().ok());
        self.profile.sandbox_us += micros.unwrap_or(0);
        child.case_started = Instant::now();
        let first = child.assigned[0] as usize;
        if child.request.cases[first].measured {
            child.baseline = meter::baseline(child.pid, &child.cell);
            child.deadline =
                Some(Instant::now() + Duration::from_millis(child.request.cases[first].timeout_ms));
            child.case_started = Instant::now();
            child.go();
        }
        Ok(())
    }

    /// The case left processes: they die before the next case starts.
    pub(super) fn leftovers(&mut self, index: usize) {
        let child = &mut self.running[index];
        if !std::mem::take(&mut child.may_clean_up) {
            // Only after a result, once: anything else is a forgery.
            child.violation = Some(WireStop::Garbled);
            return;
        }
        // Whatever survives a second of kills is the cell's to hold until
        // the child ends; the child goes on either way.
        let _ = child.cell.kill_except(child.pid.as_raw());
        child.go();
    }

    pub(super) fn loaded_frame(&mut self, index: usize) {
        let child = &mut self.running[index];
        let unit = std::str::from_utf8(&child.small)
            .ok()
            .and_then(|u| u.parse::<u32>().ok());
        match unit {
            Some(unit) => {
                self.loaded.insert((child.request.group, unit));
            }
            None => child.violation = Some(WireStop::Garbled),
        }
    }

    /// `F` before `S` is the grader's own code failing to set the child up;
    /// after it, learner code may have written it: a crash of the case.
    pub(super) fn failed_frame(&mut self, index: usize) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        if child.sandboxed {
            child.violation = Some(WireStop::LateFailure);
            return Ok(());
        }
        let message = serde_json::from_slice::<String>(&child.small)
            .unwrap_or_else(|_| "the child could not set itself up".to_owned());
        child.finished = true;
        let job = child.request.id;
        self.relay.event(job, &ZygoteEvent::Failed { message })
    }

    pub(super) fn result_end(&mut self, index: usize) -> Result<(), ZygoteError> {
        let now = Instant::now();
        let child = &mut self.running[index];
        let case = child.assigned[child.position] as usize;
        let figures = match (&child.baseline, child.request.cases[case].measured) {
            (Some(baseline), true) => meter::measure(child.pid, &child.cell, baseline),
            _ => None,
        };
        let end = CaseEnd {
            cpu_ns: figures.map(|f| f.cpu_ns),
            peak_bytes: figures.map(|f| f.peak_bytes),
        };
        let job = child.request.id;
        let json = serde_json::to_vec(&end).map_err(|e| ZygoteError::Grader(e.into()))?;
        self.relay.send(Kind::ResultEnd, job, &json)?;
        let child = &mut self.running[index];
        if child.baseline.is_some() {
            // The measured child waits until its figures are read.
            child.go();
        }
        child.position += 1;
        child.may_clean_up = true;
        child.output_bytes = 0;
        child.output_truncated = false;
        child.baseline = None;
        child.case_started = now;
        match child.assigned.get(child.position) {
            Some(&next) => {
                child.deadline = Some(
                    now + Duration::from_millis(child.request.cases[next as usize].timeout_ms),
                );
                Ok(())
            }
            None => self.range_done(index),
        }
    }
}
