//! The JSON wire format between the worker and the grader (described in the `value` module
//! documentation): tagged arrays that keep ints exact, floats bit for bit and Python's types
//! apart, and refuse anything ambiguous.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use super::repr::float_repr;
use super::Value;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn tagged<S: Serializer>(
            serializer: S,
            tag: &str,
            parts: &[&str],
        ) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(parts.len() + 1))?;
            seq.serialize_element(tag)?;
            for part in parts {
                seq.serialize_element(part)?;
            }
            seq.end()
        }
        fn tagged_items<S: Serializer>(
            serializer: S,
            tag: &str,
            items: &[Value],
        ) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(items.len() + 1))?;
            seq.serialize_element(tag)?;
            for item in items {
                seq.serialize_element(item)?;
            }
            seq.end()
        }
        match self {
            Value::None => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Str(s) => serializer.serialize_str(s),
            Value::Int(i) => tagged(serializer, "int", &[i]),
            Value::Float(f) => tagged(serializer, "float", &[&float_repr(*f)]),
            Value::Bytes(b) => tagged(serializer, "bytes", &[&hex(b)]),
            Value::List(items) => tagged_items(serializer, "list", items),
            Value::Tuple(items) => tagged_items(serializer, "tuple", items),
            Value::Set(items) => tagged_items(serializer, "set", items),
            Value::FrozenSet(items) => tagged_items(serializer, "frozenset", items),
            Value::Dict(entries) => {
                let mut seq = serializer.serialize_seq(Some(2 * entries.len() + 1))?;
                seq.serialize_element("dict")?;
                for (k, v) in entries {
                    seq.serialize_element(k)?;
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Other { type_name, repr } => tagged(serializer, "other", &[type_name, repr]),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}

fn is_canonical_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" && digits.len() == s.len() || !digits.starts_with('0'))
}

/// Values a thread may still decode, inside [`with_value_budget`].
#[derive(Clone, Copy)]
struct Budget {
    left: usize,
    ran_out: bool,
}

thread_local! {
    static BUDGET: Cell<Option<Budget>> = const { Cell::new(None) };
}

/// Runs `decode` allowing it at most `*budget` values (each element of a
/// list counts), and takes what it decoded from the budget; true beside
/// its result when the budget ran out (then nothing was kept, and nothing
/// is taken). A child's result of a few megabytes can hold millions of
/// tiny values, each tens of bytes in memory: the budget bounds what a
/// learner's results cost the grader.
pub fn with_value_budget<T>(budget: &mut usize, decode: impl FnOnce() -> T) -> (T, bool) {
    let outer = BUDGET.replace(Some(Budget {
        left: *budget,
        ran_out: false,
    }));
    let result = decode();
    let inner = BUDGET.replace(outer).expect("the budget set above");
    if !inner.ran_out {
        *budget = inner.left;
    }
    (result, inner.ran_out)
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        if let Some(mut budget) = BUDGET.get() {
            if budget.left == 0 {
                budget.ran_out = true;
            } else {
                budget.left -= 1;
            }
            BUDGET.set(Some(budget));
            if budget.ran_out {
                return Err(de::Error::custom("too many values"));
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

const NUMBER_ERROR: &str =
    "a bare JSON number (ints are sent as [\"int\", \"digits\"], floats as [\"float\", \"repr\"])";

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a Python value: null, a boolean, a string or a tagged array like [\"int\", \"12\"]",
        )
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::None)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(s))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Value, E> {
        Err(E::invalid_type(de::Unexpected::Other(NUMBER_ERROR), &self))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Value, E> {
        Err(E::invalid_type(de::Unexpected::Other(NUMBER_ERROR), &self))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Err(E::invalid_type(de::Unexpected::Other(NUMBER_ERROR), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let tag: String = seq
            .next_element()?
            .ok_or_else(|| de::Error::custom("empty array: a tagged value starts with its type"))?;
        let value = match tag.as_str() {
            "int" => {
                let digits: String = required(&mut seq, "int")?;
                if !is_canonical_int(&digits) {
                    return Err(de::Error::custom(format!(
                        "int {digits:?} is not canonical decimal"
                    )));
                }
                Value::Int(digits)
            }
            "float" => {
                let text: String = required(&mut seq, "float")?;
                let f = text
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| de::Error::custom(format!("float {text:?} is not a number")))?;
                Value::Float(f)
            }
            "bytes" => {
                let text: String = required(&mut seq, "bytes")?;
                let bytes = unhex(&text).ok_or_else(|| {
                    de::Error::custom(format!("bytes {text:?} is not hexadecimal"))
                })?;
                Value::Bytes(bytes)
            }
            "other" => {
                let type_name: String = required(&mut seq, "other")?;
                let repr: String = required(&mut seq, "other")?;
                Value::Other { type_name, repr }
            }
            "list" => Value::List(rest(&mut seq)?),
            "tuple" => Value::Tuple(rest(&mut seq)?),
            "set" => Value::Set(rest(&mut seq)?),
            "frozenset" => Value::FrozenSet(rest(&mut seq)?),
            "dict" => {
                let mut entries = Vec::new();
                while let Some(key) = seq.next_element::<Value>()? {
                    let value = seq
                        .next_element::<Value>()?
                        .ok_or_else(|| de::Error::custom("dict key without a value"))?;
                    entries.push((key, value));
                }
                return Ok(Value::Dict(entries));
            }
            _ => return Err(de::Error::custom(format!("unknown value tag {tag:?}"))),
        };
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format!(
                "too many elements in a {tag:?} value"
            )));
        }
        Ok(value)
    }
}

fn required<'de, A: SeqAccess<'de>>(seq: &mut A, tag: &str) -> Result<String, A::Error> {
    seq.next_element()?
        .ok_or_else(|| de::Error::custom(format!("{tag:?} value is missing a field")))
}

fn rest<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<Vec<Value>, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
    while let Some(item) = seq.next_element()? {
        items.push(item);
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use crate::value::testing::{f, int, s};
    use crate::value::Value;

    fn sample_values() -> Vec<Value> {
        vec![
            Value::None,
            Value::Bool(true),
            int("0"),
            int("-123456789012345678901234567890"),
            f(0.1),
            f(-0.0),
            f(f64::NAN),
            f(f64::INFINITY),
            f(f64::NEG_INFINITY),
            f(5e-324),
            f(1.7976931348623157e308),
            s(""),
            s("é\"'\\\n\u{0}😀"),
            Value::Bytes(vec![0, 0xff, b'a']),
            Value::List(vec![]),
            Value::Tuple(vec![int("1")]),
            Value::Dict(vec![
                (s("k"), Value::List(vec![Value::None])),
                (int("2"), Value::Set(vec![])),
            ]),
            Value::Set(vec![int("1"), s("a")]),
            Value::FrozenSet(vec![Value::Tuple(vec![])]),
            Value::Other {
                type_name: "builtins.object".into(),
                repr: "<object object at 0x7f>".into(),
            },
        ]
    }

    #[test]
    fn wire_format_round_trips_exactly() {
        let all = Value::List(sample_values());
        for value in sample_values().into_iter().chain([all]) {
            let json = serde_json::to_string(&value).unwrap();
            let back: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(back, value, "{json}");
            if let (Value::Float(a), Value::Float(b)) = (&back, &value) {
                assert!(a.to_bits() == b.to_bits() || a.is_nan());
            }
        }
    }

    #[test]
    fn wire_format_is_compact_and_tagged() {
        let value = Value::Dict(vec![
            (
                s("a"),
                Value::List(vec![int("1"), f(-0.0), Value::None, Value::Bool(false)]),
            ),
            (Value::Tuple(vec![f(1e16)]), Value::Bytes(b"hi".to_vec())),
            (s("s"), Value::Set(vec![f(f64::NAN)])),
            (
                s("o"),
                Value::Other {
                    type_name: "m.T".into(),
                    repr: "T()".into(),
                },
            ),
        ]);
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"["dict","a",["list",["int","1"],["float","-0.0"],null,false],["tuple",["float","1e+16"]],["bytes","6869"],"s",["set",["float","nan"]],"o",["other","m.T","T()"]]"#
        );
        // What a Python worker sends: repr() of floats, including inf.
        let from_python: Value = serde_json::from_str(
            r#"["frozenset",["float","-inf"],["float","1e-05"],["int","-7"],"x"]"#,
        )
        .unwrap();
        assert_eq!(
            from_python,
            Value::FrozenSet(vec![f(f64::NEG_INFINITY), f(1e-5), int("-7"), s("x")])
        );
        let upper: Value = serde_json::from_str(r#"["bytes","FF00"]"#).unwrap();
        assert_eq!(upper, Value::Bytes(vec![0xff, 0]));
    }

    #[test]
    fn a_value_budget_counts_every_value_and_runs_out() {
        let json = r#"["list", null, ["list", true, false], "s"]"#;
        let mut budget = 10;
        let (value, ran_out) =
            super::with_value_budget(&mut budget, || serde_json::from_str::<Value>(json));
        assert!(value.is_ok() && !ran_out);
        assert_eq!(budget, 4, "six values: the lists, null, true, false, \"s\"");
        let (value, ran_out) =
            super::with_value_budget(&mut budget, || serde_json::from_str::<Value>(json));
        assert!(value.is_err() && ran_out);
        assert_eq!(budget, 4, "what was dropped is not taken");
        // Outside a budget, nothing is counted.
        assert!(serde_json::from_str::<Value>(json).is_ok());
    }

    #[test]
    fn wire_format_rejects_bad_input_without_panicking() {
        let bad = [
            "1",
            "1.5",
            "-3",
            "[]",
            "{}",
            r#"{"int":"1"}"#,
            r#"["int"]"#,
            r#"["int", 1]"#,
            r#"["int", "-0"]"#,
            r#"["int", "007"]"#,
            r#"["int", "1e3"]"#,
            r#"["int", ""]"#,
            r#"["int", "-"]"#,
            r#"["int", "+1"]"#,
            r#"["int", "1", "2"]"#,
            r#"["float", "abc"]"#,
            r#"["float", 1.5]"#,
            r#"["bytes", "abc"]"#,
            r#"["bytes", "zz"]"#,
            r#"["bytes", "é1"]"#,
            r#"["dict", "a"]"#,
            r#"["other", "t"]"#,
            r#"["nope"]"#,
            r#"[1]"#,
            r#"["list", 1]"#,
            "[\"list\", \"\\ud800\"]",
            "",
            "[",
            "nul",
        ];
        for text in bad {
            assert!(
                serde_json::from_str::<Value>(text).is_err(),
                "accepted {text}"
            );
        }
        let deep = format!("{}{}", "[\"list\",".repeat(100_000), "]".repeat(100_000));
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        let ok_deep = format!("{}null{}", "[\"list\",".repeat(100), "]".repeat(100));
        assert!(serde_json::from_str::<Value>(&ok_deep).is_ok());
        // Arbitrary bytes never panic.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let alphabet = br#"[]{}",:0123456789-.eE+ abcdefghijklmnopqrstuvwxyz\"#;
        for _ in 0..20_000 {
            let len = (seed % 40) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from(alphabet[(seed % alphabet.len() as u64) as usize])
                })
                .collect();
            let _ = serde_json::from_str::<Value>(&text);
        }
    }
}
