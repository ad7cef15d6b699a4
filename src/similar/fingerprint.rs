//! A file's fingerprints: its tokens normalised so that a copy's cosmetic
//! changes vanish, hashed in k-grams, and a few of those selected by
//! winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms
//! for document fingerprinting", SIGMOD 2003, as MOSS does).
//!
//! What a copy may change and still hash the same:
//! - comments, blank lines, docstrings and any statement that is only a
//!   string: dropped with the tokenizer's trivia;
//! - names: every identifier that is not a keyword or a builtin becomes a
//!   placeholder numbered by its first use within the k-gram, so that a
//!   consistent renaming leaves every k-gram as it was while `a = a + b`
//!   and `a = b + b` still differ;
//! - literals: every number is one symbol, every string another;
//! - the order of functions, methods and classes: k-grams never span the
//!   start of a `def`, `class` or decorator line (a "segment"), so each
//!   definition hashes the same wherever it stands; DEDENT tokens are
//!   dropped too, since how many close before a definition depends on what
//!   came before it.
//!
//! Winnowing keeps, in every window of [`WINDOW`] consecutive k-gram
//! hashes, the smallest (robust winnowing: on a tie, the one already kept,
//! else the rightmost). Any run of `K + WINDOW - 1` tokens two files share
//! therefore yields a fingerprint both hold, and nothing shorter than [`K`]
//! tokens does.

use std::collections::HashMap;
use std::ops::Range;

use super::tokenize::{tokenize, Kind, Token};

/// Tokens per k-gram: about two lines of code. Shorter, and the idioms
/// everyone writes (`for x in y: if x ...`) match between strangers.
pub const K: usize = 12;
/// k-grams per winnowing window: a shared run of `K + WINDOW - 1` = 19
/// tokens (three lines or so) is always found.
pub const WINDOW: usize = 8;

/// One selected k-gram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    /// Index of its first token in [`Fingerprinted::lines`].
    pub at: u32,
}

/// What comparison needs of one file.
#[derive(Debug, Clone, Default)]
pub struct Fingerprinted {
    /// The winnowed fingerprints, in the order of the file.
    pub selected: Vec<Fingerprint>,
    /// The first and last line of each token kept after normalising.
    pub lines: Vec<(u32, u32)>,
}

/// The winnowed fingerprints of a source.
pub fn fingerprint(src: &str) -> Fingerprinted {
    let normalised = normalise(&tokenize(src));
    let mut selected = Vec::new();
    for segment in &normalised.segments {
        let hashes = kgram_hashes(&normalised.symbols[segment.clone()]);
        for index in winnow(&hashes, WINDOW) {
            selected.push(Fingerprint {
                hash: hashes[index],
                at: (segment.start + index) as u32,
            });
        }
    }
    Fingerprinted {
        selected,
        lines: normalised.lines,
    }
}

/// Every k-gram hash of a source, winnowed or not: what a stub or a
/// reference gives away, to be subtracted from learners' fingerprints
/// whichever of its k-grams their winnowing happened to keep.
pub fn all_hashes(src: &str) -> Vec<u64> {
    let normalised = normalise(&tokenize(src));
    normalised
        .segments
        .iter()
        .flat_map(|segment| kgram_hashes(&normalised.symbols[segment.clone()]))
        .collect()
}

/// A normalised token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Symbol {
    /// A keyword, builtin, operator, literal class or line structure: its
    /// hash.
    Fixed(u64),
    /// An identifier the learner chose: its index among the file's names.
    Name(u32),
}

struct Normalised {
    symbols: Vec<Symbol>,
    lines: Vec<(u32, u32)>,
    /// Ranges of `symbols` that k-grams stay within.
    segments: Vec<Range<usize>>,
}

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Builtins keep their names: a copy renames its own variables, not
/// `len` or `ValueError`, and keeping them tells independent code apart.
/// (The interactive helpers, `exit`, `help` and the like, are left out.)
/// Dunder names (`__init__`, `__next__`) keep theirs too: a protocol fixes
/// them.
const BUILTINS: [&str; 140] = [
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

/// FNV-1a, 64 bits: a hash that is the same in every run and on every
/// machine (std's is seeded per process), so reports are reproducible.
fn fnv(kind: u8, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in std::iter::once(kind).chain(text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn normalise(tokens: &[Token<'_>]) -> Normalised {
    let mut names: HashMap<&str, u32> = HashMap::new();
    let mut out = Normalised {
        symbols: Vec::with_capacity(tokens.len()),
        lines: Vec::with_capacity(tokens.len()),
        segments: Vec::new(),
    };
    let mut segment_start = 0;
    let mut previous_was_decorator = false;
    let newline = Symbol::Fixed(fnv(b'n', ""));
    let indent = Symbol::Fixed(fnv(b'i', ""));
    let number = Symbol::Fixed(fnv(b'0', ""));
    let string = Symbol::Fixed(fnv(b's', ""));
    for line in logical_lines(tokens) {
        let code: Vec<&Token<'_>> = line
            .iter()
            .filter(|t| !matches!(t.kind, Kind::Indent | Kind::Dedent | Kind::Newline))
            .collect();
        // A statement that is only a string does nothing: docstrings, and
        // strings used as comments. The INDENT that opens it stays: a body
        // opens with one whether or not a docstring heads it.
        if code.iter().all(|t| t.kind == Kind::String) {
            for token in line.iter().filter(|t| t.kind == Kind::Indent) {
                out.symbols.push(indent);
                out.lines.push((token.line, token.end_line));
            }
            continue;
        }
        let first = code.first().map_or("", |t| t.text);
        let second = code.get(1).map_or("", |t| t.text);
        let definition = matches!(first, "def" | "class") || (first == "async" && second == "def");
        let decorator = first == "@";
        if (definition || decorator) && !previous_was_decorator {
            if out.symbols.len() > segment_start {
                out.segments.push(segment_start..out.symbols.len());
            }
            segment_start = out.symbols.len();
        }
        previous_was_decorator = decorator;
        for token in line {
            let symbol = match token.kind {
                Kind::Dedent => continue,
                Kind::Indent => indent,
                Kind::Newline => newline,
                Kind::Number => number,
                Kind::String => string,
                Kind::Op => Symbol::Fixed(fnv(b'o', token.text)),
                Kind::Name
                    if KEYWORDS.contains(&token.text)
                        || BUILTINS.contains(&token.text)
                        || (token.text.len() > 4
                            && token.text.starts_with("__")
                            && token.text.ends_with("__")) =>
                {
                    Symbol::Fixed(fnv(b'k', token.text))
                }
                Kind::Name => {
                    let next = names.len() as u32;
                    Symbol::Name(*names.entry(token.text).or_insert(next))
                }
            };
            out.symbols.push(symbol);
            out.lines.push((token.line, token.end_line));
        }
    }
    if out.symbols.len() > segment_start {
        out.segments.push(segment_start..out.symbols.len());
    }
    out
}

/// The tokens split after each NEWLINE (a logical line keeps the INDENT
/// or DEDENTs that open it).
fn logical_lines<'t, 'a>(tokens: &'t [Token<'a>]) -> impl Iterator<Item = &'t [Token<'a>]> {
    tokens.split_inclusive(|t| t.kind == Kind::Newline)
}

/// The hash of each k-gram of a segment (none when it is shorter than
/// [`K`]).
fn kgram_hashes(symbols: &[Symbol]) -> Vec<u64> {
    if symbols.len() < K {
        return Vec::new();
    }
    symbols
        .windows(K)
        .map(|gram| {
            let mut hash: u64 = 0x2545_f491_4f6c_dd1d;
            for (index, symbol) in gram.iter().enumerate() {
                let value = match *symbol {
                    Symbol::Fixed(value) => value,
                    // The position of the name's first use in this k-gram.
                    Symbol::Name(name) => {
                        let first = gram[..index]
                            .iter()
                            .position(|s| *s == Symbol::Name(name))
                            .unwrap_or(index);
                        0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(first as u64 + 1)
                    }
                };
                hash = (hash ^ value)
                    .wrapping_mul(0x0000_0100_0000_01b3)
                    .rotate_left(29);
            }
            finish(hash)
        })
        .collect()
}

/// splitmix64's finaliser: spreads the bits, so that the minimum of a
/// window is as good as a random pick.
fn finish(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Robust winnowing: the indices of the hashes kept, in order. A sequence
/// shorter than a window is one window.
fn winnow(hashes: &[u64], window: usize) -> Vec<usize> {
    if hashes.is_empty() {
        return Vec::new();
    }
    let window = window.min(hashes.len());
    let mut kept: Vec<usize> = Vec::new();
    for end in window..=hashes.len() {
        let range = end - window..end;
        let minimum = hashes[range.clone()].iter().copied().min().unwrap_or(0);
        let last = kept.last().copied();
        // The one kept before, if it is still in the window and minimal.
        if last.is_some_and(|last| range.contains(&last) && hashes[last] == minimum) {
            continue;
        }
        let rightmost = range
            .rev()
            .find(|&index| hashes[index] == minimum)
            .unwrap_or(end - 1);
        kept.push(rightmost);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(src: &str) -> Vec<u64> {
        let mut hashes: Vec<u64> = fingerprint(src).selected.iter().map(|f| f.hash).collect();
        hashes.sort_unstable();
        hashes
    }

    const ORIGINAL: &str = r##"
def parse(lines):
    """Yield (name, value) pairs."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, raw = line.partition(",")
        yield name.strip(), int(raw)


def total(pairs):
    result = {}
    for name, value in pairs:
        result[name] = result.get(name, 0) + value
    return result
"##;

    #[test]
    fn cosmetic_changes_leave_the_fingerprints_as_they_were() {
        let disguised = r#"
# Totals per sensor.
def total(readings):
    # accumulate
    sums = {}

    for sensor, amount in readings:   # every reading
        sums[sensor] = sums.get(sensor, 1) + amount
    return sums

def parse(rows):
    for row in rows:
        row = row.strip()
        if not row or row.startswith('//'):
            continue
        sensor, _, text = row.partition(';')
        yield sensor.strip(), int(text)
"#;
        assert!(!hashes(ORIGINAL).is_empty());
        assert_eq!(hashes(ORIGINAL), hashes(disguised));
    }

    #[test]
    fn a_different_structure_or_naming_pattern_hashes_differently() {
        let same_names = ORIGINAL.replace(
            "result[name] = result.get(name, 0) + value",
            "result[name] = result.get(value, 0) + value",
        );
        assert_ne!(hashes(ORIGINAL), hashes(&same_names));
        let builtin = ORIGINAL.replace("int(raw)", "float(raw)");
        assert_ne!(hashes(ORIGINAL), hashes(&builtin));
    }

    #[test]
    fn winnowing_keeps_a_fingerprint_in_every_window() {
        let hashes: Vec<u64> = (0..200u64).map(|i| finish(i * 7919)).collect();
        for window in [1, 4, 8] {
            let kept = winnow(&hashes, window);
            for start in 0..=hashes.len() - window {
                assert!(
                    kept.iter().any(|&k| (start..start + window).contains(&k)),
                    "window {start}+{window} has none"
                );
            }
            // Minima of a random sequence: about 2/(w+1) of the positions.
            assert!(kept.len() <= hashes.len() * 2 / (window + 1) + 10);
        }
        assert_eq!(winnow(&[5, 3, 4], 8), [1]);
        assert_eq!(winnow(&[1, 1, 1, 1], 2), [1, 3]);
        assert!(winnow(&[], 4).is_empty());
    }

    #[test]
    fn a_shared_run_of_k_plus_w_minus_1_tokens_is_always_found() {
        // The same 19 tokens (three statements), between different code.
        let shared = "x = y + z\nw = x * 2\nreturn w\n";
        let one = format!("def f(a, b, c):\n    a.b.c(1)\n{}", indent(shared));
        let two = format!(
            "def g():\n    while True:\n        yield\n{}",
            indent(shared)
        );
        let (one, two) = (hashes(&one), hashes(&two));
        assert!(one.iter().any(|h| two.contains(h)), "{one:?} {two:?}");
    }

    fn indent(text: &str) -> String {
        text.lines().map(|l| format!("    {l}\n")).collect()
    }

    #[test]
    fn positions_name_the_lines_of_each_kgram() {
        let printed = fingerprint(ORIGINAL);
        for print in &printed.selected {
            let (first, _) = printed.lines[print.at as usize];
            assert!((2..=16).contains(&first), "{first}");
        }
        // Of the docstring's line 3, only the INDENT opening the body is left.
        assert_eq!(printed.lines.iter().filter(|l| l.0 == 3).count(), 1);
    }
}
