//! Which submissions of one challenge share code, and where. An inverted
//! index from each fingerprint to the submissions holding it counts, for
//! every pair that shares any, how many they share: the cost grows with
//! what pairs share, not with the square of the class.
//!
//! The measure, per direction: a file's *share* is the fraction of its own
//! fingerprints (what is left once the stub's, the reference's and the
//! common ones are gone) that the other file holds too. A pair's
//! *similarity* is the larger of its two shares, so that code copied into
//! a longer file still counts in full for the file it came from.

use std::collections::{HashMap, HashSet};

use super::fingerprint::{Fingerprinted, K};

/// One learner's file, fingerprinted, less what the stub and the
/// reference give away.
#[derive(Debug)]
pub struct Document {
    pub prints: Fingerprinted,
}

/// What makes a pair worth reporting.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The least similarity reported, from 0 to 1.
    pub threshold: f64,
    /// The least code, in tokens, each file of a pair must have matched.
    pub min_tokens: usize,
    /// A fingerprint held by more submissions than this is a common idiom
    /// (or code everyone was given), not evidence.
    pub max_holders: usize,
}

/// Two submissions that share code.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Indices of the two documents, `a < b`.
    pub a: usize,
    pub b: usize,
    /// The larger of the two shares.
    pub similarity: f64,
    /// Distinct fingerprints both hold.
    pub shared: usize,
    pub side_a: Side,
    pub side_b: Side,
    /// The matched stretches, in the order of `a`'s file.
    pub regions: Vec<Region>,
}

/// One file's part in a pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// Its own distinct fingerprints.
    pub fingerprints: usize,
    /// The fraction of them the other file holds.
    pub share: f64,
    /// Its tokens covered by the shared fingerprints.
    pub matched_tokens: usize,
}

/// A stretch of code matched in both files, as line ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub a: Lines,
    pub b: Lines,
}

/// Lines `first..=last`, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lines {
    pub first: u32,
    pub last: u32,
}

/// The pairs of `documents` at or above the settings' bars, most similar
/// first.
pub fn pairs(documents: &[Document], settings: &Settings) -> Vec<Pair> {
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (number, document) in documents.iter().enumerate() {
        for hash in distinct(&document.prints) {
            index.entry(hash).or_default().push(number as u32);
        }
    }
    let mut own = vec![0usize; documents.len()];
    let mut shared: HashMap<(u32, u32), usize> = HashMap::new();
    for holders in index.values() {
        if holders.len() > settings.max_holders {
            continue;
        }
        for &holder in holders {
            own[holder as usize] += 1;
        }
        for (i, &a) in holders.iter().enumerate() {
            for &b in &holders[i + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let common = |hash: &u64| {
        index
            .get(hash)
            .is_some_and(|h| h.len() > settings.max_holders)
    };
    let mut found: Vec<Pair> = shared
        .into_iter()
        .filter_map(|((a, b), count)| {
            let (a, b) = (a as usize, b as usize);
            let share_a = count as f64 / own[a] as f64;
            let share_b = count as f64 / own[b] as f64;
            let similarity = share_a.max(share_b);
            if similarity < settings.threshold {
                return None;
            }
            let held_by_b: HashSet<u64> = distinct(&documents[b].prints)
                .into_iter()
                .filter(|h| !common(h))
                .collect();
            let matched: HashSet<u64> = distinct(&documents[a].prints)
                .into_iter()
                .filter(|h| held_by_b.contains(h))
                .collect();
            let side_a = Side {
                fingerprints: own[a],
                share: share_a,
                matched_tokens: covered(&documents[a].prints, &matched),
            };
            let side_b = Side {
                fingerprints: own[b],
                share: share_b,
                matched_tokens: covered(&documents[b].prints, &matched),
            };
            if side_a.matched_tokens.min(side_b.matched_tokens) < settings.min_tokens {
                return None;
            }
            Some(Pair {
                a,
                b,
                similarity,
                shared: count,
                regions: regions(&documents[a].prints, &documents[b].prints, &matched),
                side_a,
                side_b,
            })
        })
        .collect();
    found.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    found
}

fn distinct(prints: &Fingerprinted) -> Vec<u64> {
    let mut hashes: Vec<u64> = prints.selected.iter().map(|f| f.hash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Tokens covered by the k-grams of the fingerprints in `matched`.
fn covered(prints: &Fingerprinted, matched: &HashSet<u64>) -> usize {
    let mut spans: Vec<(usize, usize)> = prints
        .selected
        .iter()
        .filter(|f| matched.contains(&f.hash))
        .map(|f| (f.at as usize, f.at as usize + K))
        .collect();
    spans.sort_unstable();
    let mut total = 0;
    let mut reached = 0;
    for (start, end) in spans {
        let start = start.max(reached);
        if end > start {
            total += end - start;
            reached = end;
        }
    }
    total
}

/// The matched stretches: `a`'s matched fingerprints in file order, each
/// paired with where `b` holds the same hash first, joined while both
/// sides move on together by at most a k-gram (winnowing leaves gaps up to
/// a window between the fingerprints of one shared stretch; an edit of a
/// token or two leaves one k-gram long).
fn regions(a: &Fingerprinted, b: &Fingerprinted, matched: &HashSet<u64>) -> Vec<Region> {
    let mut in_b: HashMap<u64, usize> = HashMap::new();
    for print in &b.selected {
        if matched.contains(&print.hash) {
            in_b.entry(print.hash).or_insert(print.at as usize);
        }
    }
    let mut pieces: Vec<(usize, usize)> = a
        .selected
        .iter()
        .filter_map(|f| Some((f.at as usize, *in_b.get(&f.hash)?)))
        .collect();
    pieces.sort_unstable();
    struct Run {
        /// Token ranges [start, end) on each side.
        a: (usize, usize),
        b: (usize, usize),
        /// The last piece joined.
        last: (usize, usize),
    }
    let mut runs: Vec<Run> = Vec::new();
    for (at_a, at_b) in pieces {
        if let Some(run) = runs.last_mut() {
            let (last_a, last_b) = run.last;
            let on = |at: usize, last: usize| at > last && at <= last + K;
            if on(at_a, last_a) && on(at_b, last_b) {
                run.a.1 = run.a.1.max(at_a + K);
                run.b.1 = run.b.1.max(at_b + K);
                run.last = (at_a, at_b);
                continue;
            }
        }
        runs.push(Run {
            a: (at_a, at_a + K),
            b: (at_b, at_b + K),
            last: (at_a, at_b),
        });
    }
    let lines = |prints: &Fingerprinted, (start, end): (usize, usize)| Lines {
        first: prints.lines.get(start).map_or(0, |l| l.0),
        last: prints
            .lines
            .get(end.min(prints.lines.len()).saturating_sub(1))
            .map_or(0, |l| l.1),
    };
    runs.into_iter()
        .map(|run| Region {
            a: lines(a, run.a),
            b: lines(b, run.b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fingerprint::fingerprint;
    use super::*;

    const SETTINGS: Settings = Settings {
        threshold: 0.5,
        min_tokens: 20,
        max_holders: 10,
    };

    fn document(src: &str) -> Document {
        Document {
            prints: fingerprint(src),
        }
    }

    const ONE: &str = "
def mean(values):
    total = 0
    count = 0
    for value in values:
        total += value
        count += 1
    if count == 0:
        raise ValueError('no values')
    return total / count
";

    const TWO: &str = "
def spread(xs):
    lo, hi = min(xs), max(xs)
    while lo < hi:
        lo, hi = hi, lo
    return {k: v for k, v in zip(xs, xs[1:])}
";

    #[test]
    fn a_copy_is_paired_with_its_original_and_a_stranger_is_not() {
        let copy = ONE.replace("values", "numbers").replace("total", "acc");
        let documents = [document(ONE), document(TWO), document(&copy)];
        let found = pairs(&documents, &SETTINGS);
        assert_eq!(found.len(), 1, "{found:?}");
        let pair = &found[0];
        assert_eq!((pair.a, pair.b), (0, 2));
        assert_eq!(pair.similarity, 1.0);
        assert_eq!(pair.side_a.share, 1.0);
        assert_eq!(pair.side_b.share, 1.0);
        assert_eq!(pair.regions.len(), 1, "{:?}", pair.regions);
        let region = pair.regions[0];
        assert_eq!(region.a, region.b);
        assert!(region.a.first <= 3 && region.a.last >= 9, "{region:?}");
    }

    #[test]
    fn code_copied_into_a_longer_file_counts_in_full_for_its_source() {
        let longer = format!("{ONE}\n{TWO}");
        let documents = [document(ONE), document(&longer)];
        let found = pairs(&documents, &SETTINGS);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].side_a.share, 1.0);
        assert!(found[0].side_b.share < 0.8, "{:?}", found[0]);
        assert_eq!(found[0].similarity, 1.0);
    }

    #[test]
    fn fingerprints_held_by_too_many_are_no_evidence() {
        let documents: Vec<Document> = (0..4).map(|_| document(ONE)).collect();
        let settings = Settings {
            max_holders: 3,
            ..SETTINGS
        };
        assert!(pairs(&documents, &settings).is_empty());
        assert_eq!(pairs(&documents[..3], &settings).len(), 3);
    }

    #[test]
    fn too_little_matched_code_is_not_reported() {
        let settings = Settings {
            min_tokens: 1000,
            ..SETTINGS
        };
        assert!(pairs(&[document(ONE), document(ONE)], &settings).is_empty());
    }

    #[test]
    fn reordered_functions_make_two_regions_that_cross() {
        let one = format!("{ONE}\n{TWO}");
        let two = format!("{TWO}\n{ONE}");
        let found = pairs(&[document(&one), document(&two)], &SETTINGS);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].similarity, 1.0);
        let regions = &found[0].regions;
        assert_eq!(regions.len(), 2, "{regions:?}");
        assert!(regions[0].a.first < regions[1].a.first);
        assert!(regions[0].b.first > regions[1].b.first);
    }
}
