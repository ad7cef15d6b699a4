//! Parses the `expect` string of a test case as a Python literal.
//!
//! It accepts what `ast.literal_eval` accepts for the types a [`Value`] can hold, and rejects
//! everything else (names, operators, calls, complex numbers), so that an expectation can never
//! run code. Where it departs from Python:
//!
//! - `float('inf')`, `float('-inf')` and `float('nan')` (any case, either quote), because
//!   Python literals cannot spell them, and `frozenset(...)` of a set, list or tuple literal;
//! - newlines may separate any two tokens, even outside brackets, because an `expect` written
//!   as a multi-line TOML string often starts or ends with one (`ast.literal_eval` only allows
//!   them inside brackets);
//! - `\N{...}` escapes are refused (that would need the Unicode name table).
//!
//! Like Python, equal set elements and dict keys collapse (`{1, 1.0}` is `{1}`; in a dict the
//! first key stays and the last value wins). Errors point at the offending token with a message
//! a Python learner can act on.

use std::collections::HashMap;
use std::fmt;

use crate::value::Value;

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
        None => Parser::new(&text).parse_top(),
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

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Name(&'a str),
    /// Canonical decimal digits of a non-negative int.
    Int(String),
    Float(f64),
    /// An imaginary number such as `2j`: lexed so that the parser can explain it is unsupported.
    Imaginary,
    Str(String),
    Bytes(Vec<u8>),
    Punct(char),
    Eof,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    tok: Tok<'a>,
    start: usize,
    /// The source text of the token, for messages.
    text: &'a str,
}

fn describe(token: &Token<'_>) -> String {
    match token.tok {
        Tok::Name(name) => format!("name `{name}`"),
        Tok::Int(_) | Tok::Float(_) | Tok::Imaginary => format!("number `{}`", token.text),
        Tok::Str(_) | Tok::Bytes(_) => {
            let mut text: String = token.text.chars().take(30).collect();
            if text.len() < token.text.len() {
                text.push('…');
            }
            format!("string `{text}`")
        }
        Tok::Punct(c) => format!("`{c}`"),
        Tok::Eof => "the end of the literal".to_owned(),
    }
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The buffer of a string literal being read: text for str, bytes for bytes.
enum StrBuf {
    Text(String),
    Bytes(Vec<u8>),
}

impl<'a> Lexer<'a> {
    fn peek_char(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_char_at(&self, offset: usize) -> Option<char> {
        self.src
            .get(self.pos + offset..)
            .and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_trivia(&mut self) -> Parsed<()> {
        while let Some(c) = self.peek_char() {
            match c {
                ' ' | '\t' | '\x0c' | '\n' => self.pos += 1,
                '#' => {
                    while self.peek_char().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '\\' if self.peek_char_at(1) == Some('\n') => self.pos += 2,
                '\\' => {
                    return Err(Fail::new(
                        self.pos,
                        "unexpected `\\` outside a string (a backslash continues a line only at its very end)",
                    ))
                }
                _ => break,
            }
        }
        Ok(())
    }

    fn next_token(&mut self) -> Parsed<Token<'a>> {
        self.skip_trivia()?;
        let start = self.pos;
        let Some(c) = self.peek_char() else {
            return Ok(Token {
                tok: Tok::Eof,
                start,
                text: "",
            });
        };
        let tok = if c.is_ascii_digit()
            || (c == '.' && self.peek_char_at(1).is_some_and(|d| d.is_ascii_digit()))
        {
            self.number()?
        } else if c == '\'' || c == '"' {
            self.string(start, false, false)?
        } else if is_name_start(c) {
            while self.peek_char().is_some_and(is_name_char) {
                self.bump();
            }
            let name = &self.src[start..self.pos];
            if matches!(self.peek_char(), Some('\'' | '"')) {
                self.prefixed_string(start, name)?
            } else {
                Tok::Name(name)
            }
        } else if "()[]{},:+-*/%@&|^~<>=!.;".contains(c) {
            self.pos += 1;
            Tok::Punct(c)
        } else {
            return Err(Fail::new(
                start,
                format!("invalid character `{c}` (U+{:04X})", u32::from(c)),
            ));
        };
        Ok(Token {
            tok,
            start,
            text: &self.src[start..self.pos],
        })
    }

    fn prefixed_string(&mut self, start: usize, prefix: &str) -> Parsed<Tok<'a>> {
        match prefix.to_ascii_lowercase().as_str() {
            "r" => self.string(start, true, false),
            "u" => self.string(start, false, false),
            "b" => self.string(start, false, true),
            "br" | "rb" => self.string(start, true, true),
            "f" | "fr" | "rf" => Err(Fail::new(
                start,
                "f-strings are not literals: write the resulting string itself",
            )),
            _ => Err(Fail::new(
                start,
                format!("invalid string prefix `{prefix}`"),
            )),
        }
    }

    /// Reads `digit (["_"] digit)*` in `radix`, returning the digit values; `kind` names the
    /// literal in error messages.
    fn digits(&mut self, radix: u32, kind: &str, required: bool) -> Parsed<Vec<u32>> {
        let mut digits = Vec::new();
        loop {
            match self.peek_char() {
                Some(c) if c.is_digit(radix) => {
                    self.pos += 1;
                    digits.push(c.to_digit(radix).unwrap_or(0));
                }
                // One underscore may separate digits, and follow the prefix of 0x_1f.
                Some('_') => {
                    let next_is_digit = self.peek_char_at(1).is_some_and(|d| d.is_digit(radix));
                    if !next_is_digit || (digits.is_empty() && radix == 10) {
                        return Err(Fail::new(self.pos, format!("invalid {kind} literal")));
                    }
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if required && digits.is_empty() {
            if let Some(c) = self.peek_char().filter(char::is_ascii_digit) {
                return Err(Fail::new(
                    self.pos,
                    format!("invalid digit '{c}' in {kind} literal"),
                ));
            }
            return Err(Fail::new(self.pos, format!("invalid {kind} literal")));
        }
        Ok(digits)
    }

    fn number(&mut self) -> Parsed<Tok<'a>> {
        let start = self.pos;
        let radix = match (self.peek_char(), self.peek_char_at(1)) {
            (Some('0'), Some('x' | 'X')) => Some((16, "hexadecimal")),
            (Some('0'), Some('o' | 'O')) => Some((8, "octal")),
            (Some('0'), Some('b' | 'B')) => Some((2, "binary")),
            _ => None,
        };
        if let Some((radix, kind)) = radix {
            self.pos += 2;
            let digits = self.digits(radix, kind, true)?;
            if let Some(c) = self.peek_char() {
                if c.is_ascii_digit() {
                    return Err(Fail::new(
                        self.pos,
                        format!("invalid digit '{c}' in {kind} literal"),
                    ));
                }
                if is_name_char(c) || c == '.' {
                    return Err(Fail::new(self.pos, format!("invalid {kind} literal")));
                }
            }
            return Ok(Tok::Int(to_decimal(&digits, radix)));
        }

        let as_text = |digits: &[u32]| {
            digits
                .iter()
                .filter_map(|&d| char::from_digit(d, 10))
                .collect::<String>()
        };
        let int_part = as_text(&self.digits(10, "decimal", false)?);
        let mut is_float = false;
        let mut frac_part = String::new();
        let mut exponent = String::new();
        if self.peek_char() == Some('.') {
            self.pos += 1;
            is_float = true;
            frac_part = as_text(&self.digits(10, "decimal", int_part.is_empty())?);
        }
        if matches!(self.peek_char(), Some('e' | 'E')) {
            let sign = match self.peek_char_at(1) {
                Some(s @ ('+' | '-')) => Some(s),
                _ => None,
            };
            let digit_at = if sign.is_some() { 2 } else { 1 };
            if self
                .peek_char_at(digit_at)
                .is_some_and(|d| d.is_ascii_digit())
            {
                self.pos += digit_at;
                is_float = true;
                exponent.push(sign.unwrap_or('+'));
                exponent.push_str(&as_text(&self.digits(10, "decimal", true)?));
            }
        }
        if matches!(self.peek_char(), Some('j' | 'J')) {
            self.pos += 1;
            return Ok(Tok::Imaginary);
        }
        if self.peek_char().is_some_and(is_name_char) {
            return Err(Fail::new(self.pos, "invalid decimal literal"));
        }
        if is_float {
            let mut text = if int_part.is_empty() {
                "0".to_owned()
            } else {
                int_part
            };
            text.push('.');
            text.push_str(if frac_part.is_empty() {
                "0"
            } else {
                &frac_part
            });
            if !exponent.is_empty() {
                text.push('e');
                text.push_str(&exponent);
            }
            let value = text
                .parse::<f64>()
                .map_err(|_| Fail::new(start, "invalid decimal literal"))?;
            return Ok(Tok::Float(value));
        }
        let trimmed = int_part.trim_start_matches('0');
        if trimmed.is_empty() {
            return Ok(Tok::Int("0".to_owned()));
        }
        if trimmed.len() != int_part.len() {
            return Err(Fail::new(
                start,
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            ));
        }
        Ok(Tok::Int(trimmed.to_owned()))
    }

    /// Reads a string literal whose opening quote is at `self.pos`; `start` is where its
    /// prefix began.
    fn string(&mut self, start: usize, raw: bool, bytes: bool) -> Parsed<Tok<'a>> {
        let quote = self.peek_char().unwrap_or('\'');
        let triple = self.src[self.pos..].starts_with(&quote.to_string().repeat(3));
        self.pos += if triple { 3 } else { 1 };
        let unterminated = || {
            if triple {
                Fail::new(start, "unterminated triple-quoted string")
            } else {
                Fail::new(
                    start,
                    "unterminated string (a string in single quotes must end on the same line)",
                )
            }
        };
        let mut buf = if bytes {
            StrBuf::Bytes(Vec::new())
        } else {
            StrBuf::Text(String::new())
        };
        loop {
            let at = self.pos;
            let Some(c) = self.bump() else {
                return Err(unterminated());
            };
            if c == quote
                && (!triple || self.src[self.pos..].starts_with(&quote.to_string().repeat(2)))
            {
                if triple {
                    self.pos += 2;
                }
                break;
            }
            match c {
                '\n' if !triple => return Err(unterminated()),
                '\\' if raw => {
                    push_char(&mut buf, '\\', at)?;
                    // The backslash keeps the next character from ending the string, and both
                    // stay in the value.
                    let next_at = self.pos;
                    let Some(next) = self.bump() else {
                        return Err(unterminated());
                    };
                    push_char(&mut buf, next, next_at)?;
                }
                '\\' => self.escape(&mut buf, at, &unterminated)?,
                c => push_char(&mut buf, c, at)?,
            }
        }
        Ok(match buf {
            StrBuf::Text(text) => Tok::Str(text),
            StrBuf::Bytes(bytes) => Tok::Bytes(bytes),
        })
    }

    /// Decodes one escape sequence whose backslash was at `at`.
    fn escape(
        &mut self,
        buf: &mut StrBuf,
        at: usize,
        unterminated: &dyn Fn() -> Fail,
    ) -> Parsed<()> {
        let is_bytes = matches!(buf, StrBuf::Bytes(_));
        let Some(c) = self.bump() else {
            return Err(unterminated());
        };
        let simple = match c {
            '\n' => return Ok(()),
            '\\' | '\'' | '"' => Some(c),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            _ => None,
        };
        if let Some(s) = simple {
            return push_char(buf, s, at);
        }
        match c {
            '0'..='7' => {
                let mut value = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek_char().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                push_code(buf, value, at)
            }
            'x' => {
                let value = self.hex_digits(2).ok_or_else(|| {
                    Fail::new(at, "truncated \\xXX escape (it needs exactly 2 hex digits)")
                })?;
                push_code(buf, value, at)
            }
            'u' | 'U' if !is_bytes => {
                let (count, form) = if c == 'u' {
                    (4, "\\uXXXX")
                } else {
                    (8, "\\UXXXXXXXX")
                };
                let value = self.hex_digits(count).ok_or_else(|| {
                    Fail::new(
                        at,
                        format!("truncated {form} escape (it needs exactly {count} hex digits)"),
                    )
                })?;
                if (0xd800..=0xdfff).contains(&value) {
                    return Err(Fail::new(
                        at,
                        "surrogate code points (\\ud800 to \\udfff) are not supported",
                    ));
                }
                match char::from_u32(value) {
                    Some(ch) => push_char(buf, ch, at),
                    None => Err(Fail::new(
                        at,
                        format!("illegal Unicode character: {form} escape above \\U0010ffff"),
                    )),
                }
            }
            'N' if !is_bytes => Err(Fail::new(
                at,
                "\\N{...} escapes are not supported; write the character itself",
            )),
            // Python keeps an unknown escape as written (with a warning).
            other => {
                push_char(buf, '\\', at)?;
                push_char(buf, other, at + 1)
            }
        }
    }

    fn hex_digits(&mut self, count: usize) -> Option<u32> {
        let text = self.src.get(self.pos..self.pos + count)?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += count;
        u32::from_str_radix(text, 16).ok()
    }
}

fn push_char(buf: &mut StrBuf, c: char, at: usize) -> Parsed<()> {
    match buf {
        StrBuf::Text(text) => text.push(c),
        StrBuf::Bytes(bytes) => match u8::try_from(c) {
            Ok(b) if c.is_ascii() => bytes.push(b),
            _ => return Err(Fail::new(
                at,
                "bytes can only contain ASCII literal characters; write others as \\xNN escapes",
            )),
        },
    }
    Ok(())
}

/// Pushes the code from a `\ooo` or `\xhh` escape: a byte in bytes (octal above 0o377 wraps
/// as in CPython 3.11), a code point in str.
fn push_code(buf: &mut StrBuf, value: u32, at: usize) -> Parsed<()> {
    match buf {
        StrBuf::Text(text) => match char::from_u32(value) {
            Some(c) => text.push(c),
            None => return Err(Fail::new(at, "invalid escape")),
        },
        StrBuf::Bytes(bytes) => bytes.push((value & 0xff) as u8),
    }
    Ok(())
}

/// Converts digit values in `radix` to canonical decimal: schoolbook multiply-add on base-10^9
/// limbs, because ints have no size limit and no bignum crate is needed for this one job.
fn to_decimal(digits: &[u32], radix: u32) -> String {
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = Vec::new(); // least significant first
    for &digit in digits {
        let mut carry = u64::from(digit);
        for limb in &mut limbs {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut out = match limbs.last() {
        Some(top) => top.to_string(),
        None => return "0".to_owned(),
    };
    for limb in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Parser

struct Parser<'a> {
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
    fn new(src: &'a str) -> Parser<'a> {
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

    fn parse_top(&mut self) -> Parsed<Value> {
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
            Tok::Punct('(') => self.parenthesised(start)?,
            Tok::Punct('{') => self.braces(start)?,
            _ => self.atom(token)?,
        };
        Ok((value, start))
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
            Ok(Value::FrozenSet(dedup_set(items)))
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
    Ok(Value::Dict(dedup_dict(
        entries.into_iter().map(|((k, _), v)| (k, v)).collect(),
    )))
}

fn finish_set(items: Vec<(Value, usize)>) -> Parsed<Value> {
    for (item, at) in &items {
        check_hashable(item, *at, "a set element")?;
    }
    Ok(Value::Set(dedup_set(
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

/// A string that two hashable values share exactly when Python considers them equal (so
/// `1`, `1.0` and `True` collide), letting duplicates be found in linear time.
fn hash_key(value: &Value) -> String {
    match value {
        Value::None => "N".to_owned(),
        Value::Bool(b) => format!("i{}", u8::from(*b)),
        Value::Int(digits) => format!("i{digits}"),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => {
            let digits = format!("{f:.0}");
            format!("i{}", if digits == "-0" { "0" } else { &digits })
        }
        Value::Float(f) if f.is_nan() => "fnan".to_owned(),
        Value::Float(f) => format!("f{f:e}"),
        Value::Str(s) => format!("s{}:{s}", s.len()),
        Value::Bytes(b) => format!("b{b:?}"),
        Value::Tuple(items) => {
            let keys: Vec<String> = items.iter().map(hash_key).collect();
            format!(
                "t{}({})",
                keys.len(),
                keys.iter()
                    .map(|k| format!("{}:{k}", k.len()))
                    .collect::<String>()
            )
        }
        Value::FrozenSet(items) | Value::Set(items) => {
            let mut keys: Vec<String> = items.iter().map(hash_key).collect();
            keys.sort();
            keys.dedup();
            format!(
                "z{}({})",
                keys.len(),
                keys.iter()
                    .map(|k| format!("{}:{k}", k.len()))
                    .collect::<String>()
            )
        }
        // Not reachable for checked keys; any unique-enough text will do.
        other => format!("?{}", other.repr()),
    }
}

/// `{1: 'a', 1.0: 'b'}` is `{1: 'b'}` in Python: the first key stays, the last value wins.
fn dedup_dict(entries: Vec<(Value, Value)>) -> Vec<(Value, Value)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<(Value, Value)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match index.get(&hash_key(&key)) {
            Some(&i) => out[i].1 = value,
            None => {
                index.insert(hash_key(&key), out.len());
                out.push((key, value));
            }
        }
    }
    out
}

/// `{1, 1.0}` is `{1}` in Python: the first of equal elements stays.
fn dedup_set(items: Vec<Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(hash_key(item)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Compare;

    fn ok(src: &str) -> Value {
        match parse(src) {
            Ok(value) => value,
            Err(e) => panic!("{src:?} failed: {e}"),
        }
    }

    fn int(s: &str) -> Value {
        Value::Int(s.to_owned())
    }

    fn s(text: &str) -> Value {
        Value::Str(text.to_owned())
    }

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    fn b(bytes: &[u8]) -> Value {
        Value::Bytes(bytes.to_vec())
    }

    /// Asserts that `src` fails at `line`:`column` with a message containing `message`.
    fn err(src: &str, line: usize, column: usize, message: &str) {
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
    fn constants() {
        assert_eq!(ok("None"), Value::None);
        assert_eq!(ok("True"), Value::Bool(true));
        assert_eq!(ok("False"), Value::Bool(false));
        assert_eq!(ok("  \n None  # the answer\n"), Value::None);
    }

    #[test]
    fn integers_in_every_base() {
        let cases = [
            ("0", "0"),
            ("00", "0"),
            ("0_0", "0"),
            ("-0", "0"),
            ("+0", "0"),
            ("42", "42"),
            ("-12", "-12"),
            ("+7", "7"),
            ("- 7", "-7"),
            ("1_000_000", "1000000"),
            ("0x1F", "31"),
            ("0XfF", "255"),
            ("0x_ff", "255"),
            ("0o17", "15"),
            ("0O7_7", "63"),
            ("0b101", "5"),
            ("0B_1_0", "2"),
            ("-0x10", "-16"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
            (
                "0xffffffffffffffffffffffffffffffff",
                "340282366920938463463374607431768211455",
            ),
            ("0b1", "1"),
            ("0o0", "0"),
            ("0x0000", "0"),
            ("-(1)", "-1"),
            ("-((0x10))", "-16"),
        ];
        for (src, digits) in cases {
            assert_eq!(ok(src), int(digits), "{src}");
        }
        let big = format!("0x1{}", "0".repeat(64));
        assert_eq!(
            ok(&big),
            int("115792089237316195423570985008687907853269984665640564039457584007913129639936")
        );
    }

    #[test]
    fn floats() {
        let cases = [
            ("1.5", 1.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e10", 1e10),
            ("1E-3", 1e-3),
            ("1e+5", 1e5),
            ("1_0.5", 10.5),
            ("1e1_0", 1e10),
            ("1.e5", 1e5),
            ("007.5", 7.5),
            ("00e1", 0.0),
            ("-2.5", -2.5),
            ("+.25", 0.25),
            ("1e400", f64::INFINITY),
            ("-1e400", f64::NEG_INFINITY),
            ("1e-400", 0.0),
            ("0.1", 0.1),
            ("5e-324", 5e-324),
            ("1.7976931348623157e308", 1.7976931348623157e308),
            ("-(2.5)", -2.5),
        ];
        for (src, x) in cases {
            assert_eq!(ok(src), f(x), "{src}");
        }
        assert_eq!(ok("-0.0"), f(-0.0));
        assert_ne!(ok("0.0"), f(-0.0));
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
    fn strings_and_escapes() {
        let cases = [
            ("'abc'", "abc"),
            ("\"abc\"", "abc"),
            ("''", ""),
            ("'''a\nb'''", "a\nb"),
            ("\"\"\"a\"b\"\"\"", "a\"b"),
            ("'''it's'''", "it's"),
            (r#"'\n\t\\\'\"\a\b\f\v\r'"#, "\n\t\\'\"\x07\x08\x0c\x0b\r"),
            (r"'\101\0\7\777'", "A\0\x07\u{1ff}"),
            (r"'\x41\xe9'", "Aé"),
            (r"'\u00e9\U0001F600'", "é😀"),
            (r"'\q\d'", "\\q\\d"),
            ("'a\\\nb'", "ab"),
            ("'''a\\\nb'''", "ab"),
            ("'é漢😀'", "é漢😀"),
            ("u'x'", "x"),
            ("U'x'", "x"),
            (r"r'\n'", "\\n"),
            (r"R'\''", "\\'"),
            (r"r'\\'", "\\\\"),
            ("r'a\\\nb'", "a\\\nb"),
            ("'a' 'b'", "ab"),
            ("'a' \"b\" '''c'''", "abc"),
            ("('a'\n 'b')", "ab"),
            ("'#not a comment'", "#not a comment"),
        ];
        for (src, text) in cases {
            assert_eq!(ok(src), s(text), "{src}");
        }
    }

    #[test]
    fn bytes_literals() {
        assert_eq!(ok("b'abc'"), b(b"abc"));
        assert_eq!(ok("B\"abc\""), b(b"abc"));
        assert_eq!(ok(r"b'\x00\xff\n\\'"), b(b"\x00\xff\n\\"));
        assert_eq!(ok(r"b'\777'"), b(b"\xff"));
        assert_eq!(ok(r"b'\u1234\N'"), b(b"\\u1234\\N"));
        assert_eq!(ok(r"br'\x'"), b(b"\\x"));
        assert_eq!(ok(r"Rb'\''"), b(b"\\'"));
        assert_eq!(ok(r"bR'a'"), b(b"a"));
        assert_eq!(ok("b'a' b'b'"), b(b"ab"));
        assert_eq!(ok("b''"), b(b""));
        assert_eq!(ok("b'''x\ny'''"), b(b"x\ny"));
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
    fn bare_tuples_at_top_level() {
        assert_eq!(ok("1, 2"), Value::Tuple(vec![int("1"), int("2")]));
        assert_eq!(ok("1,"), Value::Tuple(vec![int("1")]));
        assert_eq!(
            ok("'a', [1], "),
            Value::Tuple(vec![s("a"), Value::List(vec![int("1")])])
        );
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
    fn number_rejections() {
        err(
            "007",
            1,
            1,
            "leading zeros in decimal integer literals are not permitted",
        );
        err("0_7", 1, 1, "leading zeros");
        err("1__0", 1, 2, "invalid decimal literal");
        err("1_", 1, 2, "invalid decimal literal");
        err("1_.5", 1, 2, "invalid decimal literal");
        err("1e", 1, 2, "invalid decimal literal");
        err("1abc", 1, 2, "invalid decimal literal");
        err("0x", 1, 3, "invalid hexadecimal literal");
        err("0xg", 1, 3, "invalid hexadecimal literal");
        err("0b2", 1, 3, "invalid digit '2' in binary literal");
        err("0o8", 1, 3, "invalid digit '8' in octal literal");
        err("0x1__2", 1, 4, "invalid hexadecimal literal");
        err("0x1.5", 1, 4, "invalid hexadecimal literal");
        err("1.2.3", 1, 4, "unexpected number `.3` after the literal");
    }

    #[test]
    fn string_rejections() {
        err("'abc", 1, 1, "unterminated string");
        err("[1, 'abc]", 1, 5, "unterminated string");
        err("'a\nb'", 1, 1, "unterminated string");
        err("'''abc''", 1, 1, "unterminated triple-quoted string");
        err(r"'abc\'", 1, 1, "unterminated string");
        err(r"r'\'", 1, 1, "unterminated string");
        err(r"'\x4'", 1, 2, "truncated \\xXX escape");
        err(r"'ab\u00e'", 1, 4, "truncated \\uXXXX escape");
        err(r"'\U0011ffff'", 1, 2, "illegal Unicode character");
        err(r"'\ud800'", 1, 2, "surrogate");
        err(
            r"'x\N{BULLET}'",
            1,
            3,
            "\\N{...} escapes are not supported; write the character itself",
        );
        err(
            "b'é'",
            1,
            3,
            "bytes can only contain ASCII literal characters",
        );
        err("'a' b'b'", 1, 5, "cannot mix bytes and str literals");
        err("b'a' 'b'", 1, 6, "cannot mix bytes and str literals");
        err("f'x'", 1, 1, "f-strings are not literals");
        err("Rf'x'", 1, 1, "f-strings are not literals");
        err("ur'x'", 1, 1, "invalid string prefix `ur`");
        err("x'a'", 1, 1, "invalid string prefix `x`");
        err(
            "['ok',\n  'still ok',\n  'broken]",
            3,
            3,
            "unterminated string",
        );
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

    #[test]
    fn to_decimal_converts_bases() {
        assert_eq!(to_decimal(&[], 16), "0");
        assert_eq!(to_decimal(&[0, 0], 2), "0");
        assert_eq!(to_decimal(&[1; 64], 2), "18446744073709551615");
        assert_eq!(to_decimal(&[7, 7, 7], 8), "511");
        assert_eq!(
            to_decimal(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 16),
            "68719476736"
        );
    }
}
