//! Splitting a child's channel into its output and its frames, read after
//! read. A frame is `token tag payload \n`; the token is random per child,
//! so honest output never contains it. (Learner code can find the token in
//! its own process and forge frames: the zygote and the grader treat what
//! they carry as the learner's word, see `crate::runner`.)
//!
//! The decoder never copies the bytes it is fed: it hands back ranges of
//! each read, so that the zygote relays them and wipes its one read buffer,
//! keeping nothing of a child where a later fork would inherit it. The
//! only bytes it holds across reads are the start of a token, which are
//! the token's own.

use std::ops::Range;

use super::protocol::Tag;

/// One piece of a read, in order. Ranges index the read it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// What the child printed.
    Output(Range<usize>),
    /// What the child printed: the first bytes of the token, held back
    /// from an earlier read that ended with them.
    HeldOutput(usize),
    /// A frame starts (None: an unknown tag).
    Start(Option<Tag>),
    /// Bytes of the current frame's payload.
    Payload(Range<usize>),
    /// The current frame ended (its line feed).
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Output,
    /// After a token, before the tag byte.
    Tag,
    Payload,
}

/// The state of one child's channel between reads.
#[derive(Debug)]
pub struct FrameDecoder {
    token: Vec<u8>,
    /// How many bytes of the token the last read ended with.
    partial: usize,
    state: State,
    /// Bytes of the current frame's payload so far.
    payload: usize,
}

impl FrameDecoder {
    /// `token` must start with a byte it contains nowhere else, so that a
    /// failed partial match can never hide another token's start.
    pub fn new(token: Vec<u8>) -> FrameDecoder {
        debug_assert!(token.len() > 1 && !token[1..].contains(&token[0]));
        FrameDecoder {
            token,
            partial: 0,
            state: State::Output,
            payload: 0,
        }
    }

    /// Bytes of the current frame's payload received so far.
    pub fn payload_len(&self) -> usize {
        self.payload
    }

    /// Whether the decoder is inside a frame.
    #[cfg(test)]
    pub fn in_frame(&self) -> bool {
        self.state != State::Output
    }

    /// The first `length` bytes of the token (see [`Piece::HeldOutput`]).
    pub fn held(&self, length: usize) -> &[u8] {
        &self.token[..length]
    }

    /// Splits one read into pieces, appended to `pieces` in order.
    pub fn feed(&mut self, chunk: &[u8], pieces: &mut Vec<Piece>) {
        let mut at = 0;
        while at < chunk.len() {
            at = match self.state {
                State::Output => self.output(chunk, at, pieces),
                State::Tag => {
                    pieces.push(Piece::Start(Tag::from_byte(chunk[at])));
                    self.state = State::Payload;
                    self.payload = 0;
                    at + 1
                }
                State::Payload => match memchr::memchr(b'\n', &chunk[at..]) {
                    Some(length) => {
                        if length > 0 {
                            self.payload += length;
                            pieces.push(Piece::Payload(at..at + length));
                        }
                        pieces.push(Piece::End);
                        self.state = State::Output;
                        at + length + 1
                    }
                    None => {
                        self.payload += chunk.len() - at;
                        pieces.push(Piece::Payload(at..chunk.len()));
                        chunk.len()
                    }
                },
            };
        }
    }

    /// Output from `at` until a token; returns where what follows it starts.
    fn output(&mut self, chunk: &[u8], at: usize, pieces: &mut Vec<Piece>) -> usize {
        let rest = &chunk[at..];
        if self.partial > 0 {
            let need = self.token.len() - self.partial;
            let take = need.min(rest.len());
            if rest[..take] == self.token[self.partial..self.partial + take] {
                if take == need {
                    self.partial = 0;
                    self.state = State::Tag;
                    return at + take;
                }
                self.partial += take;
                return chunk.len();
            }
            // Not a token after all: what was held back was output.
            pieces.push(Piece::HeldOutput(self.partial));
            self.partial = 0;
        }
        if let Some(start) = memchr::memmem::find(rest, &self.token) {
            if start > 0 {
                pieces.push(Piece::Output(at..at + start));
            }
            self.state = State::Tag;
            return at + start + self.token.len();
        }
        // The read may end with the start of a token: hold that back.
        let window = rest.len().saturating_sub(self.token.len() - 1);
        let held = memchr::memrchr(self.token[0], &rest[window..])
            .map(|found| window + found)
            .filter(|&found| self.token.starts_with(&rest[found..]))
            .map_or(0, |found| rest.len() - found);
        let shown = rest.len() - held;
        if shown > 0 {
            pieces.push(Piece::Output(at..at + shown));
        }
        self.partial = held;
        chunk.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &[u8] = b"\x00\x1egrade:0123456789abcdef:";

    /// Feeds `reads` and returns the pieces, output and payload bytes
    /// merged across reads.
    fn decode(reads: &[&[u8]]) -> Vec<(String, Vec<u8>)> {
        let mut decoder = FrameDecoder::new(TOKEN.to_vec());
        let mut pieces: Vec<(String, Vec<u8>)> = Vec::new();
        for read in reads {
            let mut found = Vec::new();
            decoder.feed(read, &mut found);
            for piece in found {
                let (kind, bytes) = match piece {
                    Piece::Output(range) => ("out".to_owned(), read[range].to_vec()),
                    Piece::HeldOutput(length) => ("out".to_owned(), decoder.held(length).to_vec()),
                    Piece::Start(tag) => (format!("start {:?}", tag), vec![]),
                    Piece::Payload(range) => ("payload".to_owned(), read[range].to_vec()),
                    Piece::End => ("end".to_owned(), vec![]),
                };
                match pieces.last_mut() {
                    Some((last, merged))
                        if *last == kind && (kind == "out" || kind == "payload") =>
                    {
                        merged.extend(bytes)
                    }
                    _ => pieces.push((kind, bytes)),
                }
            }
        }
        pieces
    }

    fn stream() -> Vec<u8> {
        let mut all = b"hello ".to_vec();
        all.extend_from_slice(TOKEN);
        all.extend_from_slice(b"R{\"case\":0}\nmore\x00\x1egra out");
        all.extend_from_slice(TOKEN);
        all.extend_from_slice(b"L0\n");
        all
    }

    fn expected() -> Vec<(String, Vec<u8>)> {
        vec![
            ("out".into(), b"hello ".to_vec()),
            ("start Some(Result)".into(), vec![]),
            ("payload".into(), b"{\"case\":0}".to_vec()),
            ("end".into(), vec![]),
            ("out".into(), b"more\x00\x1egra out".to_vec()),
            ("start Some(Loaded)".into(), vec![]),
            ("payload".into(), b"0".to_vec()),
            ("end".into(), vec![]),
        ]
    }

    #[test]
    fn one_read() {
        assert_eq!(decode(&[&stream()]), expected());
    }

    #[test]
    fn split_at_every_position() {
        let all = stream();
        for at in 0..=all.len() {
            let (a, b) = all.split_at(at);
            assert_eq!(decode(&[a, b]), expected(), "split at {at}");
        }
    }

    #[test]
    fn byte_by_byte() {
        let all = stream();
        let reads: Vec<&[u8]> = all.chunks(1).collect();
        assert_eq!(decode(&reads), expected());
    }

    #[test]
    fn a_token_prefix_at_the_end_is_output_once_it_is_not_a_token() {
        let pieces = decode(&[b"abc\x00\x1egr", b"X"]);
        assert_eq!(pieces, vec![("out".to_owned(), b"abc\x00\x1egrX".to_vec())]);
    }

    #[test]
    fn payload_length_is_counted() {
        let mut decoder = FrameDecoder::new(TOKEN.to_vec());
        let mut frame = TOKEN.to_vec();
        frame.extend_from_slice(b"R12345");
        decoder.feed(&frame, &mut Vec::new());
        assert!(decoder.in_frame());
        assert_eq!(decoder.payload_len(), 5);
        decoder.feed(b"678\n", &mut Vec::new());
        assert!(!decoder.in_frame());
    }
}
