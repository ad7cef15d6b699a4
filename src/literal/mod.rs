//! Parses the `expect` string of a test case as a Python literal.
//!
//! It accepts what `ast.literal_eval` accepts for the types a [`Value`] can hold, and rejects
//! everything else (names, operators, calls, complex numbers), so that an expectation can never
//! run code. Where it departs from Python:
//!
//! - `float('inf')`, `float('-inf')` and `float('nan')` (any case, either quote), because
//!   Python literals cannot spell them, and `frozenset(...)` of a set, list or tuple literal;
//! - the text is read as if it were inside brackets: newlines may separate any two tokens and
//!   indentation does not matter, because an `expect` written as a multi-line TOML string
//!   often starts or ends with a newline (`ast.literal_eval` allows that only inside brackets);
//! - what a [`Value`] cannot hold is refused wherever it is written, even where Python would
//!   drop it again: a complex number or `...` (`{0: 1j, 0: 2}`), a lone surrogate (`'\ud800'`);
//! - `\N{...}` escapes are refused (that would need the Unicode name table);
//! - ints have no size limit (Python refuses decimal literals over 4300 digits unless
//!   `sys.set_int_max_str_digits` says otherwise).
//!
//! Like Python, equal set elements and dict keys collapse (`{1, 1.0}` is `{1}`; in a dict the
//! first key stays and the last value wins), by the same equality that grades values
//! (`crate::value::collapse_set`). Errors point at the offending token with a message a Python
//! learner can act on.
//!
//! `lexer` cuts the text into tokens, `parser` builds the value; `differential` (tests) checks
//! both against the pinned CPython's `ast.literal_eval` on generated texts.

use std::fmt;

use crate::value::Value;

mod lexer;
mod parser;

#[cfg(test)]
mod differential;

/// Why an `expect` string is not a literal, and where (1-based, inside the string; columns count
/// characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for LiteralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for LiteralError {}

/// Parses `src` as a Python literal (see the module documentation for what is accepted).
pub fn parse(src: &str) -> Result<Value, LiteralError> {
    // Python's tokenizer reads \r\n and a lone \r as \n; doing the same up front keeps line
    // numbers right and triple-quoted strings free of stray \r.
    let text = if src.contains('\r') {
        src.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        src.to_owned()
    };
    let result = match text.find('\0') {
        Some(pos) => Err(Fail::new(
            pos,
            "a literal cannot contain a null character; write \\x00 inside a string",
        )),
        None => parser::Parser::new(&text).parse_top(),
    };
    result.map_err(|fail| {
        let (line, column) = line_column(&text, fail.pos);
        LiteralError {
            line,
            column,
            message: fail.message,
        }
    })
}

/// Maximum nesting of brackets and calls: deep enough for any expectation, shallow enough that
/// recursion (here and in every function walking a [`Value`]) cannot overflow the stack.
const MAX_DEPTH: usize = 200;

fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A parse failure at a byte offset of the normalised text.
struct Fail {
    pos: usize,
    message: String,
}

impl Fail {
    fn new(pos: usize, message: impl Into<String>) -> Fail {
        Fail {
            pos,
            message: message.into(),
        }
    }
}

type Parsed<T> = Result<T, Fail>;

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::value::Compare;

    pub(crate) use crate::value::testing::{f, int, s};

    pub(crate) fn ok(src: &str) -> Value {
        match parse(src) {
            Ok(value) => value,
            Err(e) => panic!("{src:?} failed: {e}"),
        }
    }

    pub(crate) fn b(bytes: &[u8]) -> Value {
        Value::Bytes(bytes.to_vec())
    }

    /// Asserts that `src` fails at `line`:`column` with a message containing `message`.
    pub(crate) fn err(src: &str, line: usize, column: usize, message: &str) {
        match parse(src) {
            Ok(value) => panic!("{src:?} parsed as {value}"),
            Err(e) => {
                assert!(
                    e.message.contains(message),
                    "{src:?}: {e}, expected {message:?}"
                );
                assert_eq!((e.line, e.column), (line, column), "{src:?}: {e}");
            }
        }
    }
    #[test]
    fn layout_comments_and_line_endings() {
        let src = "{\n    'a': [1, 2],  # first\n    # a whole comment line\n    'b': (3,\n          4),\n}\n";
        assert_eq!(
            ok(src),
            Value::Dict(vec![
                (s("a"), Value::List(vec![int("1"), int("2")])),
                (s("b"), Value::Tuple(vec![int("3"), int("4")])),
            ])
        );
        assert_eq!(ok("[1,\r\n 2]\r\n"), Value::List(vec![int("1"), int("2")]));
        assert_eq!(ok("'''a\r\nb'''"), s("a\nb"));
        assert_eq!(ok("[1, \\\n 2]"), Value::List(vec![int("1"), int("2")]));
        assert_eq!(ok("\t[\x0c1]"), Value::List(vec![int("1")]));
    }

    #[test]
    fn error_display() {
        let e = parse("[1,\n  foo]").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert_eq!(e.to_string(), format!("line 2, column 3: {}", e.message));
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().starts_with("line 2"));
        // Columns count characters, not bytes.
        let e = parse("['é', foo]").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
    }

    fn round_trip_values() -> Vec<Value> {
        let mut values = vec![
            Value::None,
            Value::Bool(true),
            Value::Bool(false),
            int("0"),
            int("-1"),
            int("123456789012345678901234567890123456789"),
            s(""),
            s("it's"),
            s("say \"hi\""),
            s("both ' and \""),
            s("\\ \n \r \t \0 \x1b \x7f \u{85} \u{a0} \u{ad} é 漢 😀 \u{200b} \u{e000} \u{10ffff}"),
            b(b""),
            b(b"'\"\\\x00\xff abc"),
            Value::List(vec![]),
            Value::Tuple(vec![]),
            Value::Tuple(vec![int("1")]),
            Value::Dict(vec![]),
            Value::Set(vec![]),
            Value::FrozenSet(vec![]),
            Value::FrozenSet(vec![int("3"), Value::Tuple(vec![s("x")])]),
            Value::Dict(vec![
                (s("k"), Value::List(vec![Value::Set(vec![int("1")]), Value::Tuple(vec![])])),
                (Value::Tuple(vec![int("1"), f(2.5)]), Value::Dict(vec![(Value::None, b(b"x"))])),
            ]),
        ];
        let floats = [
            0.1,
            0.5,
            1.0,
            -1.5,
            1e16,
            1e15,
            1e-5,
            1e-4,
            5e-324,
            2.2250738585072014e-308,
            1.7976931348623157e308,
            -0.0,
            0.0,
            123456789012345.67,
            1304182577649040.2,
            1e22,
            1e23,
            0.30000000000000004,
            9007199254740993.0,
            -2.5e-300,
        ];
        values.extend(floats.iter().map(|&x| f(x)));
        values.push(Value::List(floats.iter().map(|&x| f(x)).collect()));
        values
    }

    #[test]
    fn repr_parses_back_to_the_same_value() {
        for value in round_trip_values() {
            let repr = value.repr();
            assert_eq!(ok(&repr), value, "{repr}");
            for width in [0, 5, 20, 80] {
                let pretty = value.pretty(width);
                assert!(ok(&pretty).equals(&value, Compare::default()), "{pretty}");
            }
        }
        // A xorshift stream of doubles, including subnormals and huge exponents.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = f64::from_bits(seed);
            if x.is_finite() {
                let repr = f(x).repr();
                assert_eq!(ok(&repr), f(x), "{repr}");
            }
        }
    }
}
