//! Differential tests: [`parse`] against the pinned CPython's `ast.literal_eval` (extended
//! with `frozenset(...)`, our one extension that the generator writes) on generated literal
//! texts, and on texts broken by a few random edits.
//!
//! The documented departures (module documentation) are accounted for: a text we accept
//! but Python rejects must be one that Python accepts inside parentheses (where newlines and
//! indentation are free), and a text holding something a `Value` cannot (a complex number,
//! `...`, a lone surrogate) is one we must reject, even where Python's value drops it. The generator writes no
//! `float('inf')` and no `\N{...}`, which only we, or only Python, accept.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestCaseError;

use super::parse;
use crate::value::testing::oracle::{check, Answer, Oracle};
use crate::value::testing::sorted_repr;
use crate::value::Value;

#[test]
fn parse_agrees_with_literal_eval() {
    check(2000, sources(), |oracle, src| agree(oracle, &src));
}

#[test]
fn parse_rejects_what_literal_eval_rejects() {
    let edited = (sources(), vec(edits(), 1..4)).prop_map(|(src, edits)| apply(&src, &edits));
    check(3000, edited, |oracle, src| agree(oracle, &src));
}

#[test]
fn token_soup_agrees_with_literal_eval() {
    // Short texts over the characters that numbers and strings are made of: the corners of
    // the lexer that whole literals rarely reach.
    let soup = |alphabet: &str| {
        let chars: Vec<char> = alphabet.chars().collect();
        vec(select(chars), 1..10).prop_map(|chars| chars.into_iter().collect::<String>())
    };
    let texts = prop_oneof![
        soup("0123456789_.eEjJxXoObBaf+-( )"),
        soup("'\"\\nrbuRBUfx01789N{}u \n\t"),
    ];
    check(3000, texts, |oracle, src| agree(oracle, &src));
}

#[test]
fn nesting_limit_matches_python() {
    let mut oracle = Oracle::start();
    for depth in [199, 200, 201] {
        let nested = |open: &str, inner: &str, close: &str| {
            format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
        };
        for src in [
            nested("[", "", "]"),
            nested("(", "", ")"),
            nested("(", "1", ",)"),
            format!("-{}", nested("(", "1", ")")),
            format!("{{{}}}", nested("(", "", ")").get(2..).unwrap_or_default()),
            format!(
                "{{1: {}}}",
                nested("[", "", "]").get(2..).unwrap_or_default()
            ),
        ] {
            if let Err(e) = agree(&mut oracle, &src) {
                panic!("at depth {depth}: {e}");
            }
        }
    }
}

/// Whether [`parse`] and Python agree on `src`: both reject it, or both accept it with the
/// same value.
fn agree(oracle: &mut Oracle, src: &str) -> Result<(), TestCaseError> {
    let fail = |ours: &str, python: &str| {
        Err(TestCaseError::fail(format!(
            "source: {src:?}\n  ours:   {ours}\n  Python: {python}"
        )))
    };
    match (parse(src), verdict(oracle.literal(src, false))) {
        (Err(_), Verdict::Rejected(_)) => Ok(()),
        (Ok(ours), Verdict::Accepted(theirs, repr)) => same_value(src, &ours, theirs, &repr),
        (Err(e), Verdict::Accepted(_, repr)) => fail(&format!("error at {e}"), &repr),
        // We read every literal as if it were inside brackets, where newlines and
        // indentation do not matter: that is the documented departure.
        (Ok(ours), Verdict::Rejected(why)) => match verdict(oracle.literal(src, true)) {
            Verdict::Accepted(theirs, repr) => same_value(src, &ours, theirs, &repr),
            Verdict::Rejected(_) => fail(&ours.repr(), &why),
        },
    }
}

/// What Python made of a text.
enum Verdict {
    /// Its value (unless too deep to send) and repr.
    Accepted(Option<Value>, String),
    /// Why it is no literal for us: Python's error, or what a `Value` cannot hold.
    Rejected(String),
}

fn verdict(answer: Answer) -> Verdict {
    match answer {
        Answer {
            repr: Some(repr),
            value,
            ..
        } => Verdict::Accepted(value, repr),
        Answer {
            unsupported: Some(why),
            ..
        } => Verdict::Rejected(format!("a value we cannot hold ({why})")),
        Answer {
            error: Some(error), ..
        } => Verdict::Rejected(error),
        other => Verdict::Rejected(format!("{other:?}")),
    }
}

fn same_value(
    src: &str,
    ours: &Value,
    theirs: Option<Value>,
    repr: &str,
) -> Result<(), TestCaseError> {
    // Sets print in Python's hash order and in our source order: compare them sorted, and
    // the reprs themselves where no set can reorder them. A value too deep to send has only
    // its repr.
    let ours_repr = ours.repr();
    let agree = match theirs {
        Some(theirs) => {
            sorted_repr(ours) == sorted_repr(&theirs) && (has_set(&theirs) || ours_repr == repr)
        }
        None => ours_repr == repr,
    };
    prop_assert!(
        agree,
        "source: {:?}\n  ours:   {}\n  Python: {}",
        src,
        ours_repr,
        repr
    );
    Ok(())
}

fn has_set(value: &Value) -> bool {
    match value {
        Value::Set(_) | Value::FrozenSet(_) => true,
        Value::List(items) | Value::Tuple(items) => items.iter().any(has_set),
        Value::Dict(entries) => entries.iter().any(|(k, v)| has_set(k) || has_set(v)),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Source texts

/// Whitespace where a newline is allowed (inside brackets).
fn space() -> BoxedStrategy<&'static str> {
    select(vec![
        "",
        "",
        "",
        " ",
        " ",
        "  ",
        "\t",
        "\x0c",
        "\n",
        "\n    ",
        "  # note\n",
        " \\\n",
        "\r\n",
    ])
    .boxed()
}

/// Whitespace where a newline would end the statement.
fn line_space() -> BoxedStrategy<&'static str> {
    select(vec!["", "", " ", "\t", " \\\n  "]).boxed()
}

fn numbers() -> BoxedStrategy<String> {
    let unsigned = prop_oneof![
        3 => "0|[1-9](_?[0-9]){0,40}|0(_?0){1,3}",
        2 => "0[xX]_?[0-9a-fA-F](_?[0-9a-fA-F]){0,24}|0[oO]_?[0-7](_?[0-7]){0,24}|0[bB]_?[01](_?[01]){0,64}",
        3 => "[0-9](_?[0-9]){0,6}\\.([0-9](_?[0-9]){0,6})?([eE][-+]?[0-9](_?[0-9]){0,2})?",
        1 => "\\.[0-9](_?[0-9]){0,6}([eE][-+]?[0-9](_?[0-9]){0,2})?",
        1 => "[0-9](_?[0-9]){0,6}[eE][-+]?[0-9](_?[0-9]){0,2}",
        1 => "[1-9]\\.[0-9]{0,17}[eE][-+]?3[0-3][0-9]",
        1 => "0[0-9]{1,3}",
        // Many digits, where rounding to the nearest float is hard.
        1 => "[0-9]{1,25}\\.[0-9]{1,25}|[1-9][0-9]{20,40}\\.?|[0-9]\\.[0-9]{15,30}[eE]-3[0-2][0-9]",
        1 => "2\\.47032822920623[0-9]{0,20}[eE]-324|1\\.797693134862315[0-9]{0,20}[eE]308",
        1 => "[1-9][0-9]{60,300}|0[xX][0-9a-f]{30,120}",
        2 => any::<u64>()
            .prop_map(f64::from_bits)
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(|x| Value::Float(x.abs()).repr()),
    ];
    let imaginary = prop_oneof![9 => Just(""), 1 => Just("j"), 1 => Just("J")];
    let sign = select(vec!["", "", "", "-", "+", "- ", "-(", "+( "]);
    (sign, unsigned, imaginary)
        .prop_map(|(sign, digits, j)| {
            let close = if sign.contains('(') { ")" } else { "" };
            format!("{sign}{digits}{j}{close}")
        })
        .boxed()
}

#[derive(Clone, Debug)]
enum Piece {
    Char(char),
    /// An escape sequence as written, backslash included.
    Escape(String),
    /// The quote character itself, unescaped.
    Quote,
}

fn pieces(bytes: bool) -> BoxedStrategy<Piece> {
    let simple = select(vec![
        "\\\\", "\\'", "\\\"", "\\a", "\\b", "\\f", "\\n", "\\r", "\\t", "\\v", "\\\n", "\\q",
        "\\8", "\\\r\n",
    ])
    .prop_map(str::to_owned);
    // Escapes that are errors in a str (but some only unknown, and kept, in bytes).
    let broken = select(vec![
        "\\x",
        "\\x4",
        "\\u12",
        "\\U0011ffff",
        "\\UFFFFFFFF",
        "\\ud800",
        "\\udfff",
        "\\N",
    ])
    .prop_map(str::to_owned);
    let numeric = prop_oneof!["\\\\[0-7]{1,3}", "\\\\x[0-9a-fA-F]{2}"];
    let unicode = any::<char>().prop_map(|c| match u32::from(c) {
        cp if cp <= 0xffff => format!("\\u{cp:04X}"),
        cp => format!("\\U{cp:08x}"),
    });
    let escape = if bytes {
        prop_oneof![8 => simple, 4 => numeric, 1 => broken].boxed()
    } else {
        prop_oneof![8 => simple, 4 => numeric, 4 => unicode, 1 => broken].boxed()
    };
    prop_oneof![
        8 => crate::value::testing::strategies::chars().prop_map(Piece::Char),
        4 => escape.prop_map(Piece::Escape),
        1 => Just(Piece::Quote),
    ]
    .boxed()
}

/// One string or bytes literal, mostly valid: characters that would end or break it are
/// written as escapes.
fn render(prefix: &str, quote: &str, pieces: &[Piece]) -> String {
    let raw = prefix.contains(['r', 'R']);
    let bytes = prefix.contains(['b', 'B']);
    let triple = quote.len() == 3;
    let q = quote.chars().next().unwrap_or('\'');
    let mut out = format!("{prefix}{quote}");
    for piece in pieces {
        match piece {
            Piece::Quote => out.push(q),
            Piece::Escape(escape) => out.push_str(escape),
            Piece::Char('\\') => out.push_str("\\\\"),
            Piece::Char(c) if *c == q => {
                out.push('\\');
                out.push(q);
            }
            Piece::Char('\n' | '\r') if !triple => {
                if !raw {
                    out.push_str("\\n");
                }
            }
            Piece::Char('\0') => {
                if !raw {
                    out.push_str("\\0");
                }
            }
            Piece::Char(c) if bytes && !c.is_ascii() => {
                if !raw {
                    out.push_str(&format!("\\x{:02x}", u32::from(*c) & 0xff));
                }
            }
            Piece::Char(c) => out.push(*c),
        }
    }
    out.push_str(quote);
    out
}

/// One to three adjacent string literals, all str or all bytes.
fn strings() -> BoxedStrategy<String> {
    any::<bool>()
        .prop_flat_map(|bytes| {
            let prefixes = if bytes {
                vec!["b", "B", "br", "rb", "Br", "bR", "RB"]
            } else {
                vec!["", "", "", "r", "R", "u", "U"]
            };
            let quotes = select(vec!["'", "\"", "'''", "\"\"\""]);
            let literal = (select(prefixes), quotes, vec(pieces(bytes), 0..10))
                .prop_map(|(prefix, quote, pieces)| render(prefix, quote, &pieces));
            let joint = select(vec![" ", "", "  ", " \\\n"]);
            (literal.clone(), vec((joint, literal), 0..3))
        })
        .prop_map(|(first, rest)| {
            let mut out = first;
            for (joint, literal) in rest {
                out.push_str(joint);
                out.push_str(&literal);
            }
            out
        })
        .boxed()
}

/// Scalars, often from a small pool so that set elements and dict keys collide.
fn scalars() -> BoxedStrategy<String> {
    let pool = select(vec![
        "None", "True", "False", "0", "1", "1.0", "-0.0", "0.0", "2", "2.0", "0x1", "'a'", "b'a'",
        "1e0", "-1",
    ])
    .prop_map(str::to_owned);
    prop_oneof![3 => pool, 3 => numbers(), 3 => strings()].boxed()
}

/// `open items close`, items separated by commas and whitespace; `one` is what a single
/// item needs after it (`,` in a tuple).
fn bracketed(
    open: &'static str,
    close: &'static str,
    item: BoxedStrategy<String>,
    sizes: std::ops::Range<usize>,
    one: &'static str,
) -> BoxedStrategy<String> {
    (vec((space(), item, space()), sizes), any::<bool>(), space())
        .prop_map(move |(items, trailing, end)| {
            let mut out = open.to_owned();
            for (i, (before, item, after)) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(before);
                out.push_str(item);
                out.push_str(after);
            }
            if items.len() == 1 && !one.is_empty() || !items.is_empty() && trailing {
                out.push(',');
            }
            out.push_str(end);
            out.push_str(close);
            out
        })
        .boxed()
}

fn frozenset_call(item: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let arg = prop_oneof![
        bracketed("[", "]", item.clone(), 0..4, ""),
        bracketed("(", ")", item.clone(), 0..4, ","),
        bracketed("{", "}", item, 1..4, ""),
        Just("set()".to_owned()),
        Just(String::new()),
    ];
    let callee = select(vec!["frozenset", "frozenset", "(frozenset)"]);
    (callee, space(), arg, space())
        .prop_map(|(callee, before, arg, after)| format!("{callee}({before}{arg}{after})"))
        .boxed()
}

fn parenthesised(item: BoxedStrategy<String>) -> BoxedStrategy<String> {
    (space(), item, space())
        .prop_map(|(before, item, after)| format!("({before}{item}{after})"))
        .boxed()
}

fn hashable() -> BoxedStrategy<String> {
    scalars()
        .prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                bracketed("(", ")", inner.clone(), 0..4, ","),
                frozenset_call(inner.clone()),
                parenthesised(inner),
            ]
        })
        .boxed()
}

fn dict(value: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let entry = (hashable(), space(), space(), value)
        .prop_map(|(key, before, after, value)| format!("{key}{before}:{after}{value}"))
        .boxed();
    bracketed("{", "}", entry, 0..4, "")
}

fn literals() -> BoxedStrategy<String> {
    let empty_set = select(vec!["set()", "set( )", "(set)()"]).prop_map(str::to_owned);
    prop_oneof![5 => scalars(), 1 => empty_set]
        .prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                bracketed("[", "]", inner.clone(), 0..4, ""),
                bracketed("(", ")", inner.clone(), 0..4, ","),
                bracketed("{", "}", hashable(), 1..5, ""),
                dict(inner.clone()),
                frozenset_call(hashable()),
                parenthesised(inner),
            ]
        })
        .boxed()
}

/// A whole `expect` text: a literal or a bare tuple, with what may surround it.
fn sources() -> BoxedStrategy<String> {
    let bare_tuple = vec((literals(), line_space()), 1..4).prop_map(|items| {
        let items: Vec<String> = items
            .into_iter()
            .map(|(item, space)| item + space)
            .collect();
        items.join(",") + ","
    });
    let body = prop_oneof![6 => literals(), 1 => bare_tuple];
    let lead = select(vec![
        "",
        "",
        " ",
        "\t",
        "\n",
        "\\\n",
        "\x0c",
        "# a comment\n",
        "\r\n",
    ]);
    let tail = select(vec!["", "", " ", "\n", " # the answer", "  \n", "\n\n"]);
    (lead, body, tail)
        .prop_map(|(lead, body, tail)| format!("{lead}{body}{tail}"))
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Edits that break a text (or, now and then, make another valid one)

#[derive(Clone, Debug)]
enum Edit {
    Delete(Index),
    Insert(Index, char),
    Duplicate(Index, usize),
}

fn edits() -> BoxedStrategy<Edit> {
    let chars = select(
        "'\"\\_.,:()[]{}0189xXoObBeEjJ+-#\n\r\x0c\0 \trRuUfFN*=é\u{a0}\u{2028}\u{feff}"
            .chars()
            .collect::<Vec<_>>(),
    );
    prop_oneof![
        any::<Index>().prop_map(Edit::Delete),
        (any::<Index>(), chars).prop_map(|(at, c)| Edit::Insert(at, c)),
        (any::<Index>(), 1usize..6).prop_map(|(at, len)| Edit::Duplicate(at, len)),
    ]
    .boxed()
}

fn apply(src: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for edit in edits {
        let len = chars.len();
        match edit {
            Edit::Delete(at) if len > 0 => {
                chars.remove(at.index(len));
            }
            Edit::Delete(_) => {}
            Edit::Insert(at, c) => chars.insert(at.index(len + 1), *c),
            Edit::Duplicate(at, n) if len > 0 => {
                let start = at.index(len);
                let end = (start + n).min(len);
                let copy: Vec<char> = chars[start..end].to_vec();
                chars.splice(end..end, copy);
            }
            Edit::Duplicate(..) => {}
        }
    }
    chars.into_iter().collect()
}
