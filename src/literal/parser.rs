//! Reads the tokens of `super::lexer` as one literal: constants, signed numbers, adjacent
//! strings, lists, tuples, dicts, sets and the few calls we accept, with Python's rules for
//! hashability and for equal set elements and dict keys, and errors a learner can act on.

use super::lexer::{describe, Lexer, StrBuf, Tok, Token};
use super::{Fail, Parsed, MAX_DEPTH};
use crate::value::{collapse_dict, collapse_set, Value};

pub(super) struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token<'a>>,
    depth: usize,
}

fn closer_of(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Parser<'a> {
        Parser {
            lexer: Lexer { src, pos: 0 },
            peeked: None,
            depth: 0,
        }
    }

    fn peek(&mut self) -> Parsed<&Token<'a>> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        match &self.peeked {
            Some(token) => Ok(token),
            None => Err(Fail::new(self.lexer.pos, "internal error: no token")),
        }
    }

    fn next(&mut self) -> Parsed<Token<'a>> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lexer.next_token(),
        }
    }

    fn peek_is(&mut self, c: char) -> Parsed<bool> {
        Ok(self.peek()?.tok == Tok::Punct(c))
    }

    pub(super) fn parse_top(&mut self) -> Parsed<Value> {
        if self.peek()?.tok == Tok::Eof {
            return Err(Fail::new(0, "expected a Python literal, found nothing"));
        }
        let (first, _) = self.value()?;
        if !self.peek_is(',')? {
            let token = self.next()?;
            return match token.tok {
                Tok::Eof => Ok(first),
                _ => Err(self.after_value(token, "after the literal")),
            };
        }
        // `1, 2` is a tuple, as for ast.literal_eval.
        let mut items = vec![first];
        while self.peek_is(',')? {
            self.next()?;
            if self.peek()?.tok == Tok::Eof {
                break;
            }
            items.push(self.value()?.0);
        }
        let token = self.next()?;
        match token.tok {
            Tok::Eof => Ok(Value::Tuple(items)),
            _ => Err(self.after_value(token, "after the literal")),
        }
    }

    /// The error for a token where `,`, a closing bracket or the end was due; `context` says
    /// where we are, e.g. "after the literal".
    fn after_value(&mut self, token: Token<'a>, context: &str) -> Fail {
        match token.tok {
            Tok::Punct('+' | '-') => {
                if let Ok(Token {
                    tok: Tok::Imaginary,
                    start,
                    ..
                }) = self.peek().cloned()
                {
                    return complex_error(start);
                }
                operator_error(&token)
            }
            Tok::Punct('*' | '/' | '%' | '@' | '&' | '|' | '^' | '<' | '>' | '=' | '!') => {
                operator_error(&token)
            }
            Tok::Punct('(') => Fail::new(token.start, "calls are not literals: unexpected `(`"),
            Tok::Imaginary => complex_error(token.start),
            _ => Fail::new(
                token.start,
                format!("unexpected {} {context}", describe(&token)),
            ),
        }
    }

    fn enter(&mut self, at: usize) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Fail::new(
                at,
                format!("the literal is nested too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    // The functions from `value` down to the next `value` recurse once per nesting level, so
    // they keep few locals and leave error messages to #[cold] helpers: unoptimised builds
    // otherwise spend kilobytes of stack per level.

    /// Parses one value, returning it with the offset where it starts.
    fn value(&mut self) -> Parsed<(Value, usize)> {
        let token = self.next()?;
        let start = token.start;
        let value = match token.tok {
            Tok::Punct('[') => self.list(start)?,
            Tok::Punct('(') => match self.parenthesised_callee()? {
                Some((name, name_at)) => self.call(name, name_at)?,
                None => self.parenthesised(start)?,
            },
            Tok::Punct('{') => self.braces(start)?,
            _ => self.atom(token)?,
        };
        Ok((value, start))
    }

    /// Python reads a name in parentheses as the name, so `(set)()` and `((set))()` are
    /// `set()`. Just after a `(`, looks ahead for more `(`, a name, as many `)` plus one,
    /// and a `(`; if they are there, consumes them up to that last `(` and returns the name.
    #[inline(never)]
    fn parenthesised_callee(&mut self) -> Parsed<Option<(&'a str, usize)>> {
        let mut ahead = self.lexer.clone();
        let mut next = || {
            ahead
                .next_token()
                .map(|token| (token.tok, token.start))
                .ok()
        };
        let mut opens = 1;
        let mut token = next();
        while let Some((Tok::Punct('('), _)) = token {
            opens += 1;
            token = next();
        }
        let Some((Tok::Name(name), name_at)) = token else {
            return Ok(None);
        };
        let closed = (0..opens).all(|_| matches!(next(), Some((Tok::Punct(')'), _))));
        let fits = self.depth + opens <= MAX_DEPTH;
        if matches!(name, "None" | "True" | "False") || !closed || !fits {
            return Ok(None);
        }
        let before_call = ahead.clone();
        if ahead.next_token().map(|token| token.tok).ok() != Some(Tok::Punct('(')) {
            return Ok(None);
        }
        self.lexer = before_call;
        Ok(Some((name, name_at)))
    }

    /// Everything but a bracket: constants, numbers, strings and calls.
    #[inline(never)]
    fn atom(&mut self, token: Token<'a>) -> Parsed<Value> {
        let start = token.start;
        Ok(match token.tok {
            Tok::Int(digits) => Value::Int(digits),
            Tok::Float(f) => Value::Float(f),
            Tok::Imaginary => return Err(complex_error(start)),
            Tok::Punct(sign @ ('+' | '-')) => self.signed(sign, start)?,
            Tok::Str(text) => self.concat(StrBuf::Text(text))?,
            Tok::Bytes(bytes) => self.concat(StrBuf::Bytes(bytes))?,
            Tok::Name("None") => Value::None,
            Tok::Name("True") => Value::Bool(true),
            Tok::Name("False") => Value::Bool(false),
            Tok::Name(name) => {
                if self.peek_is('(')? {
                    self.call(name, start)?
                } else {
                    return Err(name_error(name, start));
                }
            }
            Tok::Punct(c) => return Err(Fail::new(start, format!("unexpected `{c}`"))),
            Tok::Eof => {
                return Err(Fail::new(
                    start,
                    "expected a Python literal, found the end of the literal",
                ))
            }
        })
    }

    fn signed(&mut self, sign: char, sign_at: usize) -> Parsed<Value> {
        // Python allows parentheses between the sign and the number: `-(1)`.
        let mut opens = Vec::new();
        let mut token = self.next()?;
        while token.tok == Tok::Punct('(') {
            self.enter(token.start)?;
            opens.push(token.start);
            token = self.next()?;
        }
        let value = self.signed_number(sign, sign_at, token)?;
        while let Some(open_at) = opens.pop() {
            let token = self.next()?;
            if token.tok != Tok::Punct(')') {
                return Err(self.bad_separator(token, '(', open_at, "`)`"));
            }
            self.depth -= 1;
        }
        Ok(value)
    }

    fn signed_number(&mut self, sign: char, sign_at: usize, token: Token<'a>) -> Parsed<Value> {
        let negate = sign == '-';
        match token.tok {
            Tok::Int(digits) if negate && digits != "0" => Ok(Value::Int(format!("-{digits}"))),
            Tok::Int(digits) => Ok(Value::Int(digits)),
            Tok::Float(f) => Ok(Value::Float(if negate { -f } else { f })),
            Tok::Imaginary => Err(complex_error(token.start)),
            Tok::Name("float") if self.peek_is('(')? => match self.call("float", token.start)? {
                Value::Float(f) => Ok(Value::Float(if negate { -f } else { f })),
                other => Ok(other),
            },
            Tok::Punct('+' | '-') => Err(Fail::new(token.start, "a number can have only one sign")),
            _ => Err(Fail::new(
                sign_at,
                format!(
                    "a sign (`{sign}`) can only come before a number, found {}",
                    describe(&token)
                ),
            )),
        }
    }

    /// Joins adjacent string literals (`'a' 'b'`), as Python does.
    fn concat(&mut self, mut buf: StrBuf) -> Parsed<Value> {
        loop {
            let start = self.peek()?.start;
            match (&mut buf, &self.peek()?.tok) {
                (StrBuf::Text(text), Tok::Str(more)) => text.push_str(more),
                (StrBuf::Bytes(bytes), Tok::Bytes(more)) => bytes.extend_from_slice(more),
                (_, Tok::Str(_) | Tok::Bytes(_)) => {
                    return Err(Fail::new(start, "cannot mix bytes and str literals"));
                }
                _ => break,
            }
            self.next()?;
        }
        Ok(match buf {
            StrBuf::Text(text) => Value::Str(text),
            StrBuf::Bytes(bytes) => Value::Bytes(bytes),
        })
    }

    /// Consumes the closer of `open` if it is next; fails on the end of the input or a closer
    /// of another kind.
    fn at_close(&mut self, open: char, open_at: usize) -> Parsed<bool> {
        let token = self.peek()?;
        if token.tok == Tok::Punct(closer_of(open)) {
            self.peeked = None;
            return Ok(true);
        }
        match unclosed(token, open, open_at) {
            Some(fail) => Err(fail),
            None => Ok(false),
        }
    }

    /// After an item: true for `,` (more may follow), false for the closer of `open`.
    fn separator(&mut self, open: char, open_at: usize) -> Parsed<bool> {
        let token = self.next()?;
        match token.tok {
            Tok::Punct(',') => Ok(true),
            Tok::Punct(c) if c == closer_of(open) => Ok(false),
            _ => Err(self.bad_separator(token, open, open_at, "`,` or a closing bracket")),
        }
    }

    #[cold]
    #[inline(never)]
    fn bad_separator(
        &mut self,
        token: Token<'a>,
        open: char,
        open_at: usize,
        expected: &str,
    ) -> Fail {
        if let Some(fail) = unclosed(&token, open, open_at) {
            return fail;
        }
        let expected = if expected.starts_with("`,`") {
            format!("(expected `,` or `{}`)", closer_of(open))
        } else {
            format!("(expected {expected})")
        };
        self.after_value(token, &expected)
    }

    /// Parses items up to the closer of `open`, allowing a trailing comma; `items` holds those
    /// already read.
    fn items(
        &mut self,
        open: char,
        open_at: usize,
        mut items: Vec<(Value, usize)>,
    ) -> Parsed<Vec<(Value, usize)>> {
        loop {
            if self.at_close(open, open_at)? {
                return Ok(items);
            }
            items.push(self.value()?);
            if !self.separator(open, open_at)? {
                return Ok(items);
            }
        }
    }

    fn list(&mut self, open_at: usize) -> Parsed<Value> {
        self.enter(open_at)?;
        let items = self.items('[', open_at, Vec::new())?;
        self.depth -= 1;
        Ok(Value::List(items.into_iter().map(|(v, _)| v).collect()))
    }

    fn parenthesised(&mut self, open_at: usize) -> Parsed<Value> {
        self.enter(open_at)?;
        if self.at_close('(', open_at)? {
            self.depth -= 1;
            return Ok(Value::Tuple(Vec::new()));
        }
        let first = self.value()?;
        let value = if self.separator('(', open_at)? {
            let items = self.items('(', open_at, vec![first])?;
            Value::Tuple(items.into_iter().map(|(v, _)| v).collect())
        } else {
            // `(1)` is just 1.
            first.0
        };
        self.depth -= 1;
        Ok(value)
    }

    fn braces(&mut self, open_at: usize) -> Parsed<Value> {
        self.enter(open_at)?;
        if self.at_close('{', open_at)? {
            self.depth -= 1;
            return Ok(Value::Dict(Vec::new()));
        }
        let first = self.value()?;
        let value = if self.peek_is(':')? {
            self.peeked = None;
            let first_value = self.value()?.0;
            finish_dict(self.dict_entries(open_at, vec![(first, first_value)])?)?
        } else if self.separator('{', open_at)? {
            finish_set(self.items('{', open_at, vec![first])?)?
        } else {
            finish_set(vec![first])?
        };
        self.depth -= 1;
        Ok(value)
    }

    /// Continues a dict after its first entry.
    fn dict_entries(
        &mut self,
        open_at: usize,
        mut entries: Vec<((Value, usize), Value)>,
    ) -> Parsed<Vec<((Value, usize), Value)>> {
        loop {
            if !self.separator('{', open_at)? || self.at_close('{', open_at)? {
                return Ok(entries);
            }
            let key = self.value()?;
            let token = self.next()?;
            if token.tok != Tok::Punct(':') {
                return Err(colon_error(&token, open_at));
            }
            let value = self.value()?.0;
            entries.push((key, value));
        }
    }

    /// `set()`, `frozenset(...)` and `float('inf')`-style calls; `(` is next.
    fn call(&mut self, name: &str, name_at: usize) -> Parsed<Value> {
        if !matches!(name, "set" | "frozenset" | "float") {
            return Err(call_error(name, name_at));
        }
        let open_at = self.next()?.start;
        self.enter(open_at)?;
        let value = if self.at_close('(', open_at)? {
            match name {
                "set" => Value::Set(Vec::new()),
                "frozenset" => Value::FrozenSet(Vec::new()),
                _ => return Err(Fail::new(name_at, FLOAT_CALL_ERROR)),
            }
        } else {
            let (arg, arg_at) = self.value()?;
            let value = call_result(name, arg, arg_at)?;
            if self.peek_is(',')? {
                self.peeked = None;
            }
            let token = self.next()?;
            if token.tok != Tok::Punct(')') {
                return Err(match unclosed(&token, '(', open_at) {
                    Some(fail) => fail,
                    None => Fail::new(
                        token.start,
                        format!(
                            "`{name}(...)` takes one argument; expected `)`, found {}",
                            describe(&token)
                        ),
                    ),
                });
            }
            value
        };
        self.depth -= 1;
        Ok(value)
    }
}

/// The error for a closing bracket that does not match, or for the end of the input.
fn unclosed(token: &Token<'_>, open: char, open_at: usize) -> Option<Fail> {
    match token.tok {
        Tok::Eof => Some(Fail::new(open_at, format!("`{open}` was never closed"))),
        Tok::Punct(c @ (')' | ']' | '}')) if c != closer_of(open) => Some(Fail::new(
            token.start,
            format!("closing `{c}` does not match opening `{open}`"),
        )),
        _ => None,
    }
}

#[cold]
#[inline(never)]
fn colon_error(token: &Token<'_>, open_at: usize) -> Fail {
    unclosed(token, '{', open_at).unwrap_or_else(|| {
        Fail::new(
            token.start,
            format!("expected `:` after a dict key, found {}", describe(token)),
        )
    })
}

#[cold]
#[inline(never)]
fn call_error(name: &str, name_at: usize) -> Fail {
    Fail::new(
        name_at,
        format!(
            "calls are not literals: found `{name}(...)` (only set(), frozenset(...) and \
             float('inf'), float('-inf'), float('nan') are allowed)"
        ),
    )
}

/// The value of `name(arg)` for the calls `call` accepts.
fn call_result(name: &str, arg: Value, arg_at: usize) -> Parsed<Value> {
    match (name, arg) {
        ("set", _) => Err(Fail::new(
            arg_at,
            "set(...) takes no argument in a literal; write a non-empty set as {1, 2}",
        )),
        (
            "frozenset",
            Value::List(items) | Value::Tuple(items) | Value::Set(items) | Value::FrozenSet(items),
        ) => {
            for item in &items {
                check_hashable(item, arg_at, "a frozenset element")?;
            }
            Ok(Value::FrozenSet(collapse_set(items)))
        }
        ("frozenset", _) => Err(Fail::new(
            arg_at,
            "frozenset(...) takes a set, list or tuple literal",
        )),
        (_, Value::Str(text)) => match float_word(&text) {
            Some(f) => Ok(Value::Float(f)),
            None => Err(Fail::new(arg_at, FLOAT_CALL_ERROR)),
        },
        _ => Err(Fail::new(arg_at, FLOAT_CALL_ERROR)),
    }
}

fn finish_dict(entries: Vec<((Value, usize), Value)>) -> Parsed<Value> {
    for ((key, at), _) in &entries {
        check_hashable(key, *at, "a dict key")?;
    }
    Ok(Value::Dict(collapse_dict(
        entries.into_iter().map(|((k, _), v)| (k, v)).collect(),
    )))
}

fn finish_set(items: Vec<(Value, usize)>) -> Parsed<Value> {
    for (item, at) in &items {
        check_hashable(item, *at, "a set element")?;
    }
    Ok(Value::Set(collapse_set(
        items.into_iter().map(|(v, _)| v).collect(),
    )))
}

const FLOAT_CALL_ERROR: &str =
    "float(...) is only allowed as float('inf'), float('-inf') or float('nan'); write other floats directly";

fn float_word(text: &str) -> Option<f64> {
    let word = text.trim().to_ascii_lowercase();
    let (negative, word) = match word.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, word.strip_prefix('+').unwrap_or(&word)),
    };
    let value = match word {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => return None,
    };
    Some(if negative { -value } else { value })
}

fn complex_error(at: usize) -> Fail {
    Fail::new(at, "complex numbers are not supported")
}

fn operator_error(token: &Token<'_>) -> Fail {
    Fail::new(
        token.start,
        format!(
            "operators are not allowed in a literal (found `{}`); write the resulting value itself",
            token.text
        ),
    )
}

fn name_error(name: &str, at: usize) -> Fail {
    let hint = match name {
        "inf" | "nan" => format!("; write float('{name}')"),
        "true" | "false" | "none" | "null" | "TRUE" | "FALSE" => {
            let fixed = match name.to_ascii_lowercase().as_str() {
                "true" => "True",
                "false" => "False",
                _ => "None",
            };
            format!("; did you mean `{fixed}`?")
        }
        _ => format!("; a string needs quotes: '{name}'"),
    };
    Fail::new(
        at,
        format!("expected a Python literal, found name `{name}`{hint}"),
    )
}

/// Rejects what Python could not hash, with Python's own words.
fn check_hashable(value: &Value, at: usize, role: &str) -> Parsed<()> {
    let unhashable = match value {
        Value::List(_) => Some(("list", "use a tuple")),
        Value::Dict(_) => Some(("dict", "dicts cannot be nested this way")),
        Value::Set(_) => Some(("set", "use a frozenset")),
        Value::Tuple(items) => {
            for item in items {
                check_hashable(item, at, role)?;
            }
            None
        }
        _ => None,
    };
    match unhashable {
        Some((type_name, hint)) => Err(Fail::new(
            at,
            format!("unhashable type: '{type_name}' ({role} must be hashable; {hint})"),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::super::tests::{b, err, f, int, ok, s};
    use crate::value::Value;

    #[test]
    fn constants() {
        assert_eq!(ok("None"), Value::None);
        assert_eq!(ok("True"), Value::Bool(true));
        assert_eq!(ok("False"), Value::Bool(false));
        assert_eq!(ok("  \n None  # the answer\n"), Value::None);
    }

    #[test]
    fn float_calls_spell_inf_and_nan() {
        assert_eq!(ok("float('inf')"), f(f64::INFINITY));
        assert_eq!(ok("float(\"-inf\")"), f(f64::NEG_INFINITY));
        assert_eq!(ok("float('INF')"), f(f64::INFINITY));
        assert_eq!(ok("float('Infinity')"), f(f64::INFINITY));
        assert_eq!(ok("float(' +inf ')"), f(f64::INFINITY));
        assert_eq!(ok("-float('inf')"), f(f64::NEG_INFINITY));
        assert_eq!(ok("float('NaN')"), f(f64::NAN));
        assert_eq!(
            ok("[float('nan'), float( 'inf' , )]"),
            Value::List(vec![f(f64::NAN), f(f64::INFINITY)])
        );
    }

    #[test]
    fn containers() {
        assert_eq!(ok("[]"), Value::List(vec![]));
        assert_eq!(ok("[1, 2,]"), Value::List(vec![int("1"), int("2")]));
        assert_eq!(ok("()"), Value::Tuple(vec![]));
        assert_eq!(ok("(1,)"), Value::Tuple(vec![int("1")]));
        assert_eq!(ok("(1)"), int("1"));
        assert_eq!(ok("((1))"), int("1"));
        assert_eq!(ok("((1,))"), Value::Tuple(vec![int("1")]));
        assert_eq!(
            ok("(1, 'a', None)"),
            Value::Tuple(vec![int("1"), s("a"), Value::None])
        );
        assert_eq!(ok("{}"), Value::Dict(vec![]));
        assert_eq!(
            ok("{'a': 1, 'b': [2],}"),
            Value::Dict(vec![
                (s("a"), int("1")),
                (s("b"), Value::List(vec![int("2")]))
            ])
        );
        assert_eq!(ok("{1, 2}"), Value::Set(vec![int("1"), int("2")]));
        assert_eq!(ok("{1,}"), Value::Set(vec![int("1")]));
        assert_eq!(ok("set()"), Value::Set(vec![]));
        assert_eq!(ok("set( )"), Value::Set(vec![]));
        assert_eq!(ok("frozenset()"), Value::FrozenSet(vec![]));
        assert_eq!(
            ok("frozenset({1, 2})"),
            Value::FrozenSet(vec![int("1"), int("2")])
        );
        assert_eq!(
            ok("frozenset([1, 2, 1])"),
            Value::FrozenSet(vec![int("1"), int("2")])
        );
        assert_eq!(ok("frozenset((1,))"), Value::FrozenSet(vec![int("1")]));
        assert_eq!(ok("frozenset(set())"), Value::FrozenSet(vec![]));
        assert_eq!(
            ok("{frozenset({1}): (2, frozenset())}"),
            Value::Dict(vec![(
                Value::FrozenSet(vec![int("1")]),
                Value::Tuple(vec![int("2"), Value::FrozenSet(vec![])]),
            )])
        );
        assert_eq!(
            ok("{(1, (2, 'x')): b''}"),
            Value::Dict(vec![(
                Value::Tuple(vec![int("1"), Value::Tuple(vec![int("2"), s("x")])]),
                b(b""),
            )])
        );
    }

    #[test]
    fn a_parenthesised_name_can_be_called() {
        // ast.literal_eval("(set)()") is set(): parentheses make no node of their own.
        assert_eq!(ok("(set)()"), Value::Set(vec![]));
        assert_eq!(ok("( ( set ) ) ( )"), Value::Set(vec![]));
        assert_eq!(ok("((set)())"), Value::Set(vec![]));
        assert_eq!(ok("[(frozenset)((1,))]").repr(), "[frozenset({1})]");
        assert_eq!(ok("(float)('inf')"), f(f64::INFINITY));
        err("(set)", 1, 2, "found name `set`");
        err("((set)) + 1", 1, 3, "found name `set`");
        err("(None)()", 1, 7, "calls are not literals: unexpected `(`");
        err("(foo)()", 1, 2, "calls are not literals: found `foo(...)`");
        err("(set)(1)", 1, 7, "set(...) takes no argument");
        err("((set), 1)", 1, 3, "found name `set`");
    }

    #[test]
    fn bare_tuples_at_top_level() {
        assert_eq!(ok("1, 2"), Value::Tuple(vec![int("1"), int("2")]));
        assert_eq!(ok("1,"), Value::Tuple(vec![int("1")]));
        assert_eq!(
            ok("'a', [1], "),
            Value::Tuple(vec![s("a"), Value::List(vec![int("1")])])
        );
    }

    #[test]
    fn duplicates_collapse_like_python() {
        // The first key stays, the last value wins; 1, 1.0 and True are the same key.
        assert_eq!(
            ok("{1: 'a', 1.0: 'b', True: 'c'}"),
            Value::Dict(vec![(int("1"), s("c"))])
        );
        assert_eq!(
            ok("{'k': 1, 'j': 2, 'k': 3}"),
            Value::Dict(vec![(s("k"), int("3")), (s("j"), int("2"))])
        );
        assert_eq!(
            ok("{1, 1.0, True, 2}"),
            Value::Set(vec![int("1"), int("2")])
        );
        assert_eq!(ok("{0, -0.0, False}"), Value::Set(vec![int("0")]));
        assert_eq!(
            ok("{(1, 2), (1.0, 2.0)}"),
            Value::Set(vec![Value::Tuple(vec![int("1"), int("2")])])
        );
        assert_eq!(
            ok("{frozenset({1, 2}), frozenset({2, 1})}").repr(),
            "{frozenset({1, 2})}"
        );
        assert_eq!(
            ok("{'1', 1, b'1', 1.5, '1.5'}").repr(),
            "{'1', 1, b'1', 1.5, '1.5'}"
        );
        assert_eq!(
            ok("{('a', 'b'), ('ab',), ('a', 'b')}").repr(),
            "{('a', 'b'), ('ab',)}"
        );
    }

    #[test]
    fn rejections_point_at_the_offending_token() {
        err("", 1, 1, "expected a Python literal, found nothing");
        err("   # just a comment", 1, 1, "found nothing");
        err(
            "foo",
            1,
            1,
            "expected a Python literal, found name `foo`; a string needs quotes: 'foo'",
        );
        err("[1, foo]", 1, 5, "found name `foo`");
        err("true", 1, 1, "did you mean `True`?");
        err("null", 1, 1, "did you mean `None`?");
        err("inf", 1, 1, "write float('inf')");
        err("[1] x", 1, 5, "unexpected name `x` after the literal");
        err("1 2", 1, 3, "unexpected number `2` after the literal");
        err("[1 2]", 1, 4, "unexpected number `2` (expected `,` or `]`)");
        err("]", 1, 1, "unexpected `]`");
        err("[1,,]", 1, 4, "unexpected `,`");
        err("[1, 2", 1, 1, "`[` was never closed");
        err(
            "{'a': [1,\n 2}",
            2,
            3,
            "closing `}` does not match opening `[`",
        );
        err("(1, 2]", 1, 6, "closing `]` does not match opening `(`");
        err(
            "1+2",
            1,
            2,
            "operators are not allowed in a literal (found `+`)",
        );
        err("[1 * 2]", 1, 4, "found `*`");
        err("1+2j", 1, 3, "complex numbers are not supported");
        err("2j", 1, 1, "complex numbers are not supported");
        err("--1", 1, 2, "only one sign");
        err(
            "-'a'",
            1,
            1,
            "a sign (`-`) can only come before a number, found string `'a'`",
        );
        err("-", 1, 1, "found the end of the literal");
        err("-True", 1, 1, "can only come before a number");
        err("-(1,)", 1, 4, "(expected `)`)");
        err("foo(1)", 1, 1, "calls are not literals: found `foo(...)`");
        err("set([1])", 1, 5, "set(...) takes no argument");
        err(
            "frozenset('ab')",
            1,
            11,
            "takes a set, list or tuple literal",
        );
        err("frozenset([1], [2])", 1, 16, "takes one argument");
        err(
            "float('1.5')",
            1,
            7,
            "float(...) is only allowed as float('inf')",
        );
        err("float(1)", 1, 7, "float(...) is only allowed");
        err("float()", 1, 1, "float(...) is only allowed");
        err("float", 1, 1, "found name `float`");
        err("x = 1", 1, 1, "found name `x`");
        err("[1][0]", 1, 4, "unexpected `[` after the literal");
        err("'abc'.upper()", 1, 6, "unexpected `.` after the literal");
        err("...", 1, 1, "unexpected `.`");
        err("{**a}", 1, 2, "unexpected `*`");
        err(
            "{1: 2, 3}",
            1,
            9,
            "expected `:` after a dict key, found `}`",
        );
        err("{1, 2: 3}", 1, 6, "unexpected `:`");
        err("$", 1, 1, "invalid character `$` (U+0024)");
        err("[1,\u{a0}2]", 1, 4, "invalid character");
        err("1 \\ 2", 1, 3, "unexpected `\\` outside a string");
        err("'\0'", 1, 2, "null character");
    }

    #[test]
    fn unhashable_elements_and_keys() {
        err("{[1]: 2}", 1, 2, "unhashable type: 'list'");
        err("{'a': 1, {}: 2}", 1, 10, "unhashable type: 'dict'");
        err("{1, [2]}", 1, 5, "unhashable type: 'list'");
        err("{(1, [2])}", 1, 2, "unhashable type: 'list'");
        err("{set()}", 1, 2, "unhashable type: 'set'");
        err("frozenset([[1]])", 1, 11, "unhashable type: 'list'");
        assert_eq!(
            ok("{(1, (2, frozenset({3})))}").repr(),
            "{(1, (2, frozenset({3})))}"
        );
    }

    #[test]
    fn depth_is_limited() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&nested(200)).is_ok());
        err(&nested(201), 1, 201, "nested too deeply");
        err(&nested(100_000), 1, 201, "nested too deeply");
        err(&"(".repeat(100_000), 1, 201, "nested too deeply");
        err(
            &format!("-{}1", "(".repeat(1000)),
            1,
            202,
            "nested too deeply",
        );
        err("-(-1)", 1, 3, "only one sign");
        let calls = format!("{}{}", "frozenset((".repeat(150), "))".repeat(150));
        assert!(parse(&calls).is_err());
    }
}
