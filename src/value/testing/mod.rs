//! Test support shared by the `value` and `literal` tests: short constructors, and the pinned
//! CPython run as an oracle for the differential tests.

use super::Value;

pub(crate) fn int(digits: &str) -> Value {
    Value::Int(digits.to_owned())
}

pub(crate) fn s(text: &str) -> Value {
    Value::Str(text.to_owned())
}

pub(crate) fn f(x: f64) -> Value {
    Value::Float(x)
}

pub(crate) mod oracle;
pub(crate) mod strategies;

/// The repr of `value` with the elements of every set in sorted order (of their own such
/// reprs): the same for two values that differ only in the order Python happened to iterate
/// their sets, and written without the code under test's ordering.
pub(crate) fn sorted_repr(value: &Value) -> String {
    let join = |items: &[Value]| items.iter().map(sorted_repr).collect::<Vec<_>>().join(", ");
    let sorted_join = |items: &[Value]| {
        let mut reprs: Vec<String> = items.iter().map(sorted_repr).collect();
        reprs.sort();
        reprs.join(", ")
    };
    match value {
        Value::List(items) => format!("[{}]", join(items)),
        Value::Tuple(items) if items.len() == 1 => format!("({},)", join(items)),
        Value::Tuple(items) => format!("({})", join(items)),
        Value::Set(items) if !items.is_empty() => format!("{{{}}}", sorted_join(items)),
        Value::FrozenSet(items) if !items.is_empty() => {
            format!("frozenset({{{}}})", sorted_join(items))
        }
        Value::Dict(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", sorted_repr(k), sorted_repr(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        scalar => scalar.repr(),
    }
}
