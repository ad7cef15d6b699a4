//! Turning a Python object into a canonical [`Value`], inside the child.
//!
//! Walking the object through the C API is several times faster than the
//! json module and never calls learner code for builtin types: an `int`
//! subclass is read as its integer, a `list` subclass as its items. Anything
//! else becomes `Value::Other` with its repr, which runs learner code and so
//! happens inside the case's time limit.

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString,
    PyTuple,
};

use crate::value::Value;

/// Deeper values are cut (a self-containing list would never end).
const MAX_DEPTH: usize = 100;
/// Larger values are cut: a result line must stay a reasonable size.
const MAX_NODES: usize = 2_000_000;

pub fn canonical(obj: &Bound<'_, PyAny>, repr_of: &Bound<'_, PyAny>) -> Value {
    let mut walker = Walker {
        nodes: 0,
        repr_of: repr_of.clone(),
    };
    walker.walk(obj, 0)
}

struct Walker<'py> {
    nodes: usize,
    repr_of: Bound<'py, PyAny>,
}

impl<'py> Walker<'py> {
    fn walk(&mut self, obj: &Bound<'py, PyAny>, depth: usize) -> Value {
        self.nodes += 1;
        if depth > MAX_DEPTH || self.nodes > MAX_NODES {
            return Value::Other {
                type_name: type_name(obj),
                repr: format!(
                    "<{} too large or too deeply nested to compare>",
                    type_name(obj)
                ),
            };
        }
        if obj.is_none() {
            return Value::None;
        }
        if let Ok(flag) = obj.cast::<PyBool>() {
            return Value::Bool(flag.is_true());
        }
        if let Ok(int) = obj.cast::<PyInt>() {
            if let Some(digits) = int_digits(int) {
                return Value::Int(digits);
            }
        }
        if let Ok(float) = obj.cast::<PyFloat>() {
            return Value::Float(float.value());
        }
        if let Ok(text) = obj.cast::<PyString>() {
            return Value::Str(text.to_string_lossy().into_owned());
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Value::Bytes(bytes.as_bytes().to_vec());
        }
        if let Ok(bytes) = obj.cast::<PyByteArray>() {
            return Value::Bytes(bytes.to_vec());
        }
        if let Ok(list) = obj.cast::<PyList>() {
            let items: Vec<_> = list.iter().collect();
            return Value::List(
                items
                    .iter()
                    .map(|item| self.walk(item, depth + 1))
                    .collect(),
            );
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            let items: Vec<_> = tuple.iter().collect();
            return Value::Tuple(
                items
                    .iter()
                    .map(|item| self.walk(item, depth + 1))
                    .collect(),
            );
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            let items: Vec<_> = dict.iter().collect();
            return Value::Dict(
                items
                    .iter()
                    .map(|(key, value)| (self.walk(key, depth + 1), self.walk(value, depth + 1)))
                    .collect(),
            );
        }
        if let Ok(set) = obj.cast::<PyFrozenSet>() {
            let items: Vec<_> = set.iter().collect();
            return Value::FrozenSet(
                items
                    .iter()
                    .map(|item| self.walk(item, depth + 1))
                    .collect(),
            );
        }
        if let Ok(set) = obj.cast::<PySet>() {
            let items: Vec<_> = set.iter().collect();
            return Value::Set(
                items
                    .iter()
                    .map(|item| self.walk(item, depth + 1))
                    .collect(),
            );
        }
        let repr = self
            .repr_of
            .call1((obj,))
            .ok()
            .and_then(|text| text.extract::<String>().ok())
            .unwrap_or_else(|| "<repr() failed>".to_owned());
        Value::Other {
            type_name: type_name(obj),
            repr,
        }
    }
}

/// The decimal digits of an int, read through `int.__repr__` so that a
/// subclass's own `__repr__` or `__str__` is not involved. None when even
/// that fails (the value is then shown by its own repr, never as a made-up
/// number).
fn int_digits(int: &Bound<'_, PyInt>) -> Option<String> {
    if let Ok(small) = int.extract::<i64>() {
        return Some(small.to_string());
    }
    let py = int.py();
    py.get_type::<PyInt>()
        .getattr("__repr__")
        .and_then(|repr| repr.call1((int,)))
        .and_then(|text| text.extract::<String>())
        .ok()
        .filter(|digits| {
            digits
                .strip_prefix('-')
                .unwrap_or(digits)
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
}

/// `module.Qualname`, or just `Qualname` for builtins.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    let kind = obj.get_type();
    let qualname = kind
        .qualname()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    match kind.module().map(|module| module.to_string()) {
        Ok(module) if module != "builtins" => format!("{module}.{qualname}"),
        _ => qualname,
    }
}
