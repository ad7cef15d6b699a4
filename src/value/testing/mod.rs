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
