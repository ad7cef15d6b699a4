//! A Python value in canonical form, the common currency of grading.
//!
//! Expected values come from `expect` literals (parsed in Rust by `crate::literal`) and actual
//! values come from the sandboxed Python worker as JSON. Both end up as a [`Value`] so that the
//! grader can compare them outside the process that runs learner code (hidden expectations never
//! enter it), print them exactly as Python would (`repr`, `pprint`) and diff them.
//!
//! # Wire format
//!
//! The worker sends one JSON value per Python value. Every container is a single JSON array
//! whose first element names the type, so that one level of Python nesting costs one level of
//! JSON nesting (serde_json refuses input nested deeper than 128 levels: a worker should send a
//! value nested deeper than about 100 levels as `other`):
//!
//! | Python                  | JSON                                                     |
//! | ----------------------- | -------------------------------------------------------- |
//! | `None`, `True`          | `null`, `true`                                           |
//! | `'text'`                | `"text"`                                                 |
//! | `-12`                   | `["int", "-12"]`: canonical decimal, any size            |
//! | `0.1`, `inf`, `-0.0`    | `["float", "0.1"]`: Python's `repr(x)`                   |
//! | `b'hi'`                 | `["bytes", "6869"]`: `x.hex()`                           |
//! | `[1, 'a']`              | `["list", ["int", "1"], "a"]`                            |
//! | `(1,)`                  | `["tuple", ["int", "1"]]`                                |
//! | `{1, 2}`, `frozenset()` | `["set", …]`, `["frozenset"]`                            |
//! | `{'a': 1}`              | `["dict", "a", ["int", "1"]]`: keys and values alternate |
//! | anything else           | `["other", "pkg.Type", "repr text"]`                     |
//!
//! Bare JSON numbers are refused: a JSON number cannot say whether `1e20` was an int or a float,
//! and serde_json would round a big int to a float. A str holding a lone surrogate (which JSON
//! can escape but a Rust string cannot hold) is refused too: send such a string as `other`.
//!
//! # Where things live
//!
//! - `compare`: Python's `==` (and the tolerances of [`Compare`]), the one definition of
//!   equality, which also collapses equal set elements and dict keys for `crate::literal`;
//! - `repr`: `repr()` of every type, byte for byte as CPython writes it;
//! - `pretty`: the `pprint` port behind [`Value::pretty`];
//! - `wire`: the serde implementation of the wire format above.
//!
//! Each is checked against the pinned CPython by `differential` (tests), through the oracle and
//! the value generators of `testing`, which `crate::literal`'s tests share.

use std::fmt;

mod compare;
mod pretty;
mod repr;
mod wire;
pub use wire::with_value_budget;

#[cfg(test)]
mod differential;
#[cfg(test)]
pub(crate) mod testing;

pub(crate) use compare::{collapse_dict, collapse_set};

/// A Python value. See the module documentation for the JSON wire format.
///
/// `==` (`PartialEq`) is *structural identity*: same variants, same contents in the same order,
/// floats compared bit for bit (so `-0.0 != 0.0` and `nan == nan`). Tests and caches want that;
/// grading wants Python's `==`, which is [`Value::equals`].
#[derive(Debug, Clone)]
pub enum Value {
    None,
    Bool(bool),
    /// Decimal digits with optional leading '-', no leading zeros, "0" for zero: ints of any size.
    Int(String),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    /// Insertion order kept for display; equality ignores it.
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    FrozenSet(Vec<Value>),
    /// Anything else: the type's qualified name and its repr(). Never equal to any other value (an
    /// object whose __eq__ always returns True must NOT pass against a literal), not even to an
    /// identical Other (we cannot know its semantics).
    Other {
        type_name: String,
        repr: String,
    },
}

/// How [`Value::equals`] relaxes Python's `==`.
#[derive(Default, Clone, Copy, Debug)]
pub struct Compare {
    /// Floats (and an int against a float) compare with `math.isclose(a, b, rel_tol=…)`, at any
    /// depth. Int against int stays exact. A negative or NaN tolerance means exact comparison.
    pub rel_tol: Option<f64>,
    /// Every list and tuple, at any depth, compares as a multiset: a test that says "order does
    /// not matter" rarely means "except inside the elements".
    pub unordered: bool,
}

impl Value {
    /// Python's `==`, relaxed by `cmp`, with one deliberate difference: NaN equals NaN, because a
    /// learner whose function correctly returns `float('nan')` must be able to pass.
    ///
    /// An [`Value::Other`] anywhere inside either side makes the result false.
    pub fn equals(&self, other: &Value, cmp: Compare) -> bool {
        compare::equals(self, other, cmp)
    }

    /// The Python type name: `int`, `NoneType`, …, or an [`Value::Other`]'s qualified name.
    pub fn type_name(&self) -> &str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
            Value::Other { type_name, .. } => type_name,
        }
    }

    /// Exactly Python's `repr()` (sets and dicts in their stored order).
    pub fn repr(&self) -> String {
        let mut out = String::new();
        repr::write_repr(self, &mut out);
        out
    }

    /// Like Python's `pprint.pformat(value, width=width)`: dicts sorted by key and sets by
    /// element (sets are sorted even when they fit on a line, unlike pprint, so that two values
    /// differing only in order print identically and a line diff shows only real differences).
    ///
    /// The order: `None`, then numbers by value (`True`, `1` and `1.0` by type name when equal,
    /// NaN last), then bytes, dicts, sets and frozensets, lists, strs (by code point), tuples
    /// (element by element), and Others by type name and repr.
    pub fn pretty(&self, width: usize) -> String {
        pretty::pretty(&compare::normalized(self, false), width)
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => {
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b))
            | (Value::Tuple(a), Value::Tuple(b))
            | (Value::Set(a), Value::Set(b))
            | (Value::FrozenSet(a), Value::FrozenSet(b)) => a == b,
            (Value::Dict(a), Value::Dict(b)) => a == b,
            (
                Value::Other {
                    type_name: ta,
                    repr: ra,
                },
                Value::Other {
                    type_name: tb,
                    repr: rb,
                },
            ) => ta == tb && ra == rb,
            _ => false,
        }
    }
}

impl Eq for Value {}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i.to_string())
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{f, int, s};
    use super::*;

    #[test]
    fn type_names() {
        let cases = [
            (Value::None, "NoneType"),
            (Value::Bool(true), "bool"),
            (int("1"), "int"),
            (f(1.0), "float"),
            (s("x"), "str"),
            (Value::Bytes(vec![]), "bytes"),
            (Value::List(vec![]), "list"),
            (Value::Tuple(vec![]), "tuple"),
            (Value::Dict(vec![]), "dict"),
            (Value::Set(vec![]), "set"),
            (Value::FrozenSet(vec![]), "frozenset"),
            (
                Value::Other {
                    type_name: "collections.deque".into(),
                    repr: "deque([])".into(),
                },
                "collections.deque",
            ),
        ];
        for (value, name) in cases {
            assert_eq!(value.type_name(), name);
        }
    }

    #[test]
    fn structural_identity_is_not_python_equality() {
        assert_eq!(f(f64::NAN), f(f64::NAN));
        assert_ne!(f(0.0), f(-0.0));
        assert_ne!(int("1"), f(1.0));
        assert_ne!(
            Value::Set(vec![int("1"), int("2")]),
            Value::Set(vec![int("2"), int("1")])
        );
    }

    #[test]
    fn deep_values_do_not_overflow() {
        let mut value = int("1");
        for _ in 0..120 {
            value = Value::List(vec![Value::Tuple(vec![value]), Value::Set(vec![])]);
        }
        assert!(value.equals(
            &value.clone(),
            Compare {
                rel_tol: Some(1e-9),
                unordered: true
            }
        ));
        assert!(value.pretty(20).lines().count() > 100);
        let json = serde_json::to_string(&value).unwrap();
        assert!(
            serde_json::from_str::<Value>(&json).is_err(),
            "deeper than serde_json's limit"
        );
    }
}
