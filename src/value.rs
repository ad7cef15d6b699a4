//! TEMPORARY stand-in until the real value module lands.
use serde::{Deserialize, Serialize};
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Value {
    None,
    Bool(bool),
    Int(String),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    FrozenSet(Vec<Value>),
    Other { type_name: String, repr: String },
}
#[derive(Debug, Default, Clone, Copy)]
pub struct Compare {
    pub rel_tol: Option<f64>,
    pub unordered: bool,
}
impl Value {
    pub fn equals(&self, other: &Value, _cmp: Compare) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
    pub fn repr(&self) -> String {
        format!("{self:?}")
    }
    pub fn pretty(&self, _width: usize) -> String {
        format!("{self:?}")
    }
    pub fn type_name(&self) -> &str {
        "?"
    }
}
