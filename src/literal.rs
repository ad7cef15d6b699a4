//! TEMPORARY stand-in until the real literal parser lands.
use crate::value::Value;
#[derive(Debug)]
pub struct LiteralError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}
impl std::fmt::Display for LiteralError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl std::error::Error for LiteralError {}
pub fn parse(src: &str) -> Result<Value, LiteralError> {
    let s = src.trim();
    if let Ok(i) = s.parse::<i64>() {
        return Ok(Value::Int(i.to_string()));
    }
    Ok(Value::Str(s.to_owned()))
}
