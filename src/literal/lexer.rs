//! The tokens of a Python literal: numbers in every base with underscores, str and bytes
//! literals with every prefix, quote style and escape, names and punctuation. The parser
//! (`super::parser`) decides what the tokens may form.

use super::{Fail, Parsed};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok<'a> {
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
pub(super) struct Token<'a> {
    pub(super) tok: Tok<'a>,
    pub(super) start: usize,
    /// The source text of the token, for messages.
    pub(super) text: &'a str,
}

pub(super) fn describe(token: &Token<'_>) -> String {
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

#[derive(Clone)]
pub(super) struct Lexer<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The buffer of a string literal being read: text for str, bytes for bytes.
pub(super) enum StrBuf {
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

    pub(super) fn next_token(&mut self) -> Parsed<Token<'a>> {
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
        match (self.peek_char(), self.peek_char_at(1)) {
            (Some('0'), Some('x' | 'X')) => self.based_int(16, "hexadecimal"),
            (Some('0'), Some('o' | 'O')) => self.based_int(8, "octal"),
            (Some('0'), Some('b' | 'B')) => self.based_int(2, "binary"),
            _ => self.decimal_number(),
        }
    }

    /// `0x…`, `0o…` or `0b…`, the prefix next.
    fn based_int(&mut self, radix: u32, kind: &str) -> Parsed<Tok<'a>> {
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
        Ok(Tok::Int(to_decimal(&digits, radix)))
    }

    /// A decimal int, a float or an imaginary number.
    fn decimal_number(&mut self) -> Parsed<Tok<'a>> {
        let start = self.pos;
        let int_part = decimal_text(&self.digits(10, "decimal", false)?);
        let mut frac_part = None;
        if self.peek_char() == Some('.') {
            self.pos += 1;
            frac_part = Some(decimal_text(&self.digits(
                10,
                "decimal",
                int_part.is_empty(),
            )?));
        }
        let exponent = self.exponent()?;
        if matches!(self.peek_char(), Some('j' | 'J')) {
            self.pos += 1;
            return Ok(Tok::Imaginary);
        }
        if self.peek_char().is_some_and(is_name_char) {
            return Err(Fail::new(self.pos, "invalid decimal literal"));
        }
        if frac_part.is_some() || exponent.is_some() {
            // Rust's parser wants digits on both sides of the point: `.5` and `5.` are not
            // Rust, and it rounds as Python does (to nearest, ties to even).
            let text = format!(
                "{}.{}e{}",
                if int_part.is_empty() { "0" } else { &int_part },
                frac_part
                    .filter(|f| !f.is_empty())
                    .as_deref()
                    .unwrap_or("0"),
                exponent.as_deref().unwrap_or("0"),
            );
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

    /// The signed digits of an `e` exponent, if one is next: an `e` not followed by digits
    /// is left for the caller to reject.
    fn exponent(&mut self) -> Parsed<Option<String>> {
        if !matches!(self.peek_char(), Some('e' | 'E')) {
            return Ok(None);
        }
        let sign = match self.peek_char_at(1) {
            Some(s @ ('+' | '-')) => Some(s),
            _ => None,
        };
        let digit_at = if sign.is_some() { 2 } else { 1 };
        if !self
            .peek_char_at(digit_at)
            .is_some_and(|d| d.is_ascii_digit())
        {
            return Ok(None);
        }
        self.pos += digit_at;
        let digits = decimal_text(&self.digits(10, "decimal", true)?);
        Ok(Some(format!("{}{digits}", sign.unwrap_or('+'))))
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
        if let Some(simple) = simple_escape(c) {
            return push_char(buf, simple, at);
        }
        match c {
            '\n' => Ok(()),
            '0'..='7' => {
                let value = self.octal_escape(c);
                push_code(buf, value, at)
            }
            'x' => {
                let value = self.hex_digits(2).ok_or_else(|| {
                    Fail::new(at, "truncated \\xXX escape (it needs exactly 2 hex digits)")
                })?;
                push_code(buf, value, at)
            }
            'u' | 'U' if !is_bytes => {
                let ch = self.unicode_escape(c, at)?;
                push_char(buf, ch, at)
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

    /// The value of `\ooo`, up to three octal digits, the first already read.
    fn octal_escape(&mut self, first: char) -> u32 {
        let mut value = first.to_digit(8).unwrap_or(0);
        for _ in 0..2 {
            match self.peek_char().and_then(|d| d.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    self.pos += 1;
                }
                None => break,
            }
        }
        value
    }

    /// The character of `\uXXXX` or `\UXXXXXXXX` (`kind` is the `u`), backslash at `at`.
    fn unicode_escape(&mut self, kind: char, at: usize) -> Parsed<char> {
        let (count, form) = if kind == 'u' {
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
        char::from_u32(value).ok_or_else(|| {
            Fail::new(
                at,
                format!("illegal Unicode character: {form} escape above \\U0010ffff"),
            )
        })
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

/// What a one-character escape such as `\\n` stands for.
fn simple_escape(c: char) -> Option<char> {
    Some(match c {
        '\\' | '\'' | '"' => c,
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        _ => return None,
    })
}

fn decimal_text(digits: &[u32]) -> String {
    digits
        .iter()
        .filter_map(|&d| char::from_digit(d, 10))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::super::tests::{b, err, f, int, ok, s};
    use super::to_decimal;

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
