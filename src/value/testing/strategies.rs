//! proptest strategies for values: scalars biased towards the cases where Python is subtle
//! (`1`, `1.0` and `True`; `-0.0`; NaN; ints past 2**53; strs that need escaping or wrap),
//! containers nested a few levels, and for the equality tests a twin of a value that is
//! often equal to it in Python without being identical.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::value::Value;

pub(crate) fn ints() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => (-3i64..=3).prop_map(Value::from),
        2 => any::<i64>().prop_map(Value::from),
        1 => (any::<bool>(), "[1-9][0-9]{15,60}").prop_map(|(negative, digits)| {
            Value::Int(if negative { format!("-{digits}") } else { digits })
        }),
        // Around 2**53 and 2**63, where floats stop being exact.
        1 => (select(vec![9_007_199_254_740_992i64, i64::MAX]), -2i64..=2)
            .prop_map(|(base, delta)| Value::Int((i128::from(base) + i128::from(delta)).to_string())),
    ]
    .boxed()
}

/// Floats, NaN excluded when `nan` is false (pprint cannot sort NaN).
pub(crate) fn floats(nan: bool) -> BoxedStrategy<Value> {
    let special = select(vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        0.1,
        1e16,
        1e15,
        1e-4,
        1e-5,
        5e-324,
        f64::MAX,
        f64::INFINITY,
        f64::NEG_INFINITY,
        9_007_199_254_740_992.0,
        1e22,
        1e23,
    ]);
    let bits = any::<u64>().prop_map(f64::from_bits);
    let integral = (-1000i64..1000).prop_map(|i| i as f64);
    prop_oneof![3 => special, 2 => bits, 2 => integral, 1 => any::<f64>()]
        .prop_map(move |x| if x.is_nan() && !nan { 0.25 } else { x })
        .prop_map(Value::Float)
        .boxed()
}

/// Characters that test escaping, printability and Python's whitespace.
pub(crate) fn chars() -> BoxedStrategy<char> {
    let tricky = select(vec![
        '\'',
        '"',
        '\\',
        '\n',
        '\r',
        '\t',
        '\0',
        '\x0b',
        '\x0c',
        '\x1b',
        '\x1c',
        '\x1f',
        '\x7f',
        '\u{80}',
        '\u{85}',
        '\u{a0}',
        '\u{ad}',
        'é',
        '漢',
        '😀',
        '\u{180e}',
        '\u{200b}',
        '\u{2028}',
        '\u{2029}',
        '\u{3000}',
        '\u{e000}',
        '\u{fffd}',
        '\u{10ffff}',
        '\u{e0001}',
    ]);
    prop_oneof![
        6 => proptest::char::range(' ', '~'),
        3 => tricky,
        2 => any::<char>(),
    ]
    .boxed()
}

/// Text that wraps: words and Python's line and space separators.
fn prose() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        3 => select(vec!["a", "to", "the", "word", "sentence", "antidisestablishment"]),
        2 => select(vec![" ", "  ", "\n", "\t", "\r\n", "\r", "\x0b", "\x1c", "\u{2028}", "\u{3000}", "\u{a0}"]),
    ];
    vec(piece, 0..24).prop_map(|pieces| pieces.concat()).boxed()
}

pub(crate) fn strs() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => vec(chars(), 0..12).prop_map(|cs| Value::Str(cs.into_iter().collect())),
        1 => prose().prop_map(Value::Str),
        1 => select(vec!["", "a", "b", "1"]).prop_map(Value::from),
    ]
    .boxed()
}

pub(crate) fn bytes() -> BoxedStrategy<Value> {
    prop_oneof![
        2 => vec(any::<u8>(), 0..24),
        1 => prose().prop_map(String::into_bytes),
        1 => vec(select(b"'\"\\ax".to_vec()), 0..6),
    ]
    .prop_map(Value::Bytes)
    .boxed()
}

pub(crate) fn scalars(nan: bool) -> BoxedStrategy<Value> {
    prop_oneof![
        1 => Just(Value::None),
        1 => any::<bool>().prop_map(Value::Bool),
        4 => ints(),
        4 => floats(nan),
        3 => strs(),
        2 => bytes(),
    ]
    .boxed()
}

/// Hashable values: scalars, and tuples and frozensets of them.
pub(crate) fn hashables() -> BoxedStrategy<Value> {
    scalars(true)
        .prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..4).prop_map(Value::Tuple),
                vec(inner, 0..4).prop_map(Value::FrozenSet),
            ]
        })
        .boxed()
}

/// Any value (no `Other`), set elements and dict keys of any hashable kinds mixed.
pub(crate) fn values() -> BoxedStrategy<Value> {
    scalars(true)
        .prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..5).prop_map(Value::List),
                vec(inner.clone(), 0..5).prop_map(Value::Tuple),
                vec((hashables(), inner), 0..5).prop_map(Value::Dict),
                vec(hashables(), 0..5).prop_map(Value::Set),
                vec(hashables(), 0..5).prop_map(Value::FrozenSet),
            ]
        })
        .boxed()
}

/// The shape of values that Python's `<` orders totally, so that pprint sorts them the same
/// way on every run: numbers without NaN, strs, bytes, or tuples with one such shape per
/// position.
#[derive(Clone, Debug)]
enum Sortable {
    Number,
    Str,
    Bytes,
    Tuple(Vec<Sortable>),
}

fn sortable_shapes() -> impl Strategy<Value = Sortable> {
    prop_oneof![
        Just(Sortable::Number),
        Just(Sortable::Str),
        Just(Sortable::Bytes)
    ]
    .prop_recursive(2, 6, 3, |inner| vec(inner, 0..3).prop_map(Sortable::Tuple))
}

fn sortable(shape: &Sortable) -> BoxedStrategy<Value> {
    match shape {
        Sortable::Number => prop_oneof![
            2 => ints(),
            2 => floats(false),
            1 => any::<bool>().prop_map(Value::Bool),
        ]
        .boxed(),
        Sortable::Str => strs(),
        Sortable::Bytes => bytes(),
        Sortable::Tuple(shapes) => shapes
            .iter()
            .map(sortable)
            .collect::<Vec<_>>()
            .prop_map(Value::Tuple)
            .boxed(),
    }
}

/// Values whose sets and dicts pprint sorts deterministically (see [`Sortable`]), for
/// comparing `Value::pretty` with `pprint.pformat`.
pub(crate) fn printable_values() -> BoxedStrategy<Value> {
    scalars(true)
        .prop_recursive(4, 32, 5, |inner| {
            let keys = || sortable_shapes().prop_flat_map(|shape| vec(sortable(&shape), 0..6));
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Value::List),
                vec(inner.clone(), 0..4).prop_map(Value::Tuple),
                (keys(), vec(inner, 6)).prop_map(|(keys, values)| {
                    Value::Dict(keys.into_iter().zip(values).collect())
                }),
                keys().prop_map(Value::Set),
                keys().prop_map(Value::FrozenSet),
            ]
        })
        .boxed()
}

/// A value and a twin of it: equal in Python about half the time without being identical
/// (`1` for `1.0` or `True`, `0` for `-0.0`, sets and dicts in another order, a list where a
/// tuple was), and otherwise different in one or two small ways.
pub(crate) fn pairs() -> BoxedStrategy<(Value, Value)> {
    values()
        .prop_flat_map(|a| {
            let b = twin(&a, false);
            (Just(a), b)
        })
        .boxed()
}

/// How often a node of a twin keeps Python equality, against how often it breaks it: a few
/// percent of broken nodes leave about half of the twins equal.
const KEEP: u32 = 20;

fn twin(value: &Value, hashable: bool) -> BoxedStrategy<Value> {
    let fresh = if hashable { hashables() } else { values() };
    let near = match value {
        Value::List(items) => {
            let items = twin_items(items, false);
            prop_oneof![
                KEEP => items.clone().prop_map(Value::List),
                1 => items.clone().prop_shuffle().prop_map(Value::List),
                1 => items.prop_map(Value::Tuple),
            ]
            .boxed()
        }
        Value::Tuple(items) => {
            let items = twin_items(items, hashable);
            let other_kind = if hashable { Value::Tuple } else { Value::List };
            prop_oneof![
                KEEP => items.clone().prop_map(Value::Tuple),
                1 => items.clone().prop_shuffle().prop_map(Value::Tuple),
                1 => items.prop_map(other_kind),
            ]
            .boxed()
        }
        Value::Set(items) | Value::FrozenSet(items) => {
            // A set and a frozenset of the same elements are equal.
            let kind = if hashable {
                Value::FrozenSet
            } else {
                Value::Set
            };
            prop_oneof![
                Just(kind as fn(Vec<Value>) -> Value),
                Just(Value::FrozenSet as fn(Vec<Value>) -> Value)
            ]
            .prop_flat_map({
                let items = twin_items(items, true);
                move |kind| items.clone().prop_shuffle().prop_map(kind)
            })
            .boxed()
        }
        Value::Dict(entries) => entries
            .iter()
            .map(|(k, v)| (twin(k, true), twin(v, false)))
            .collect::<Vec<_>>()
            .prop_shuffle()
            .prop_map(Value::Dict)
            .boxed(),
        scalar => {
            let (equal, different) = scalar_twins(scalar);
            prop_oneof![KEEP => select(equal), 1 => select(different)].boxed()
        }
    };
    prop_oneof![KEEP => near, 1 => fresh].boxed()
}

fn twin_items(items: &[Value], hashable: bool) -> BoxedStrategy<Vec<Value>> {
    let twins: Vec<_> = items.iter().map(|item| twin(item, hashable)).collect();
    prop_oneof![
        KEEP => twins.clone(),
        1 => twins.prop_map(|mut items| {
            items.pop();
            items
        }),
    ]
    .boxed()
}

/// Scalars equal to `value` in Python, and scalars near it that are not.
fn scalar_twins(value: &Value) -> (Vec<Value>, Vec<Value>) {
    let mut equal = vec![value.clone()];
    let mut different = vec![Value::None];
    match value {
        Value::Bool(b) => {
            equal.extend([
                Value::from(i64::from(*b)),
                Value::Float(f64::from(u8::from(*b))),
            ]);
            different.extend([Value::Bool(!b), Value::from(2)]);
        }
        Value::Int(digits) => {
            if let Ok(x) = digits.parse::<f64>() {
                let exact = format!("{x:.0}") == *digits;
                if exact { &mut equal } else { &mut different }.push(Value::Float(x));
            }
            if let Ok(i) = digits.parse::<i64>() {
                if i == 0 || i == 1 {
                    equal.push(Value::Bool(i == 1));
                }
                different.extend([Value::from(i.wrapping_add(1)), Value::Float(i as f64 + 0.5)]);
            }
        }
        Value::Float(x) => {
            if x.is_nan() {
                equal.push(Value::Float(-x));
            } else {
                different.push(Value::Float(f64::NAN));
            }
            if *x == 0.0 {
                equal.extend([Value::Float(-x), Value::from(0), Value::Bool(false)]);
            } else {
                different.push(Value::Float(-x));
            }
            if x.is_finite() {
                // The next float away from zero.
                different.push(Value::Float(f64::from_bits(x.to_bits() + 1)));
            }
            if x.is_finite() && x.fract() == 0.0 && *x != 0.0 {
                equal.push(Value::Int(format!("{x:.0}")));
            }
        }
        Value::Str(text) => different.extend([
            Value::Str(format!("{text}x")),
            Value::Bytes(text.as_bytes().to_vec()),
        ]),
        Value::Bytes(data) => different.push(Value::Bytes([data.as_slice(), b"x"].concat())),
        _ => {}
    }
    (equal, different)
}
