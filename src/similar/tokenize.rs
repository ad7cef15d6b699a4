//! Python source into tokens, as CPython 3.11's `tokenize` module splits
//! it (names, numbers, strings with every prefix and quote style, f-strings
//! as one token, operators, NEWLINE, INDENT, DEDENT), less what carries no
//! code: comments, blank lines and line breaks inside brackets. Hand-written
//! because `grade similar` needs only the token stream, and parsers that
//! come with one are whole compilers.
//!
//! It never fails: learner files need not compile (a copy can be broken as
//! well as its original), so an unterminated string ends at its line's end
//! (or the file's, when triple-quoted) and a character Python would refuse
//! is a one-character operator.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or a keyword.
    Name,
    Number,
    /// A string or bytes literal, f-strings included, with its prefix.
    String,
    /// An operator or a delimiter (and any character Python would refuse).
    Op,
    /// The end of a logical line.
    Newline,
    Indent,
    Dedent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    /// The token's source text (empty for NEWLINE at the end of a file,
    /// INDENT and DEDENT).
    pub text: &'a str,
    /// The line it starts on, from 1.
    pub line: u32,
    /// The line it ends on (a triple-quoted string spans several).
    pub end_line: u32,
}

/// Operators, longest first: the lexer takes the longest that matches.
const OPERATORS: [&str; 47] = [
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|",
    "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=",
];

/// The tokens of a Python source.
pub fn tokenize(src: &str) -> Vec<Token<'_>> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        line: 1,
        depth: 0,
        indents: vec![0],
        tokens: Vec::with_capacity(src.len() / 4),
        line_has_tokens: false,
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    /// Open brackets: inside them, line breaks and indentation mean nothing.
    depth: usize,
    indents: Vec<usize>,
    tokens: Vec<Token<'a>>,
    /// Whether the logical line being read has a token yet (a NEWLINE ends
    /// only a line that has).
    line_has_tokens: bool,
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.src.get(self.pos + offset..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn push(&mut self, kind: Kind, start: usize, line: u32) {
        self.tokens.push(Token {
            kind,
            text: &self.src[start..self.pos],
            line,
            end_line: self.line,
        });
        if !matches!(kind, Kind::Newline | Kind::Indent | Kind::Dedent) {
            self.line_has_tokens = true;
        }
    }

    /// Consumes a line break (`\n`, `\r\n` or `\r`) if there is one.
    fn line_break(&mut self) -> bool {
        match self.peek() {
            Some('\n') => self.pos += 1,
            Some('\r') => {
                self.pos += 1;
                if self.peek() == Some('\n') {
                    self.pos += 1;
                }
            }
            _ => return false,
        }
        self.line += 1;
        true
    }

    fn run(&mut self) {
        let mut at_line_start = true;
        loop {
            if at_line_start && self.depth == 0 {
                at_line_start = false;
                if !self.indentation() {
                    break;
                }
            }
            while matches!(self.peek(), Some(' ' | '\t' | '\x0c')) {
                self.pos += 1;
            }
            let start = self.pos;
            let line = self.line;
            let Some(c) = self.peek() else { break };
            match c {
                '#' => self.skip_comment(),
                '\n' | '\r' => {
                    self.line_break();
                    if self.depth == 0 {
                        self.newline(start, line);
                        at_line_start = true;
                    }
                }
                '\\' if matches!(self.peek_at(1), Some('\n' | '\r')) => {
                    self.pos += 1;
                    self.line_break();
                }
                '\'' | '"' => {
                    self.string();
                    self.push(Kind::String, start, line);
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number();
                    self.push(Kind::Number, start, line);
                }
                c if is_name_start(c) => {
                    while self.peek().is_some_and(is_name_char) {
                        self.bump();
                    }
                    let name = &self.src[start..self.pos];
                    let prefix = matches!(
                        name.to_ascii_lowercase().as_str(),
                        "r" | "u" | "f" | "b" | "br" | "rb" | "fr" | "rf"
                    );
                    if prefix && matches!(self.peek(), Some('\'' | '"')) {
                        self.string();
                        self.push(Kind::String, start, line);
                    } else {
                        self.push(Kind::Name, start, line);
                    }
                }
                _ => {
                    self.operator();
                    self.push(Kind::Op, start, line);
                }
            }
        }
        if self.line_has_tokens {
            let end = self.src.len();
            self.tokens.push(Token {
                kind: Kind::Newline,
                text: "",
                line: self.line,
                end_line: self.line,
            });
            self.pos = end;
        }
        // Python puts the closing DEDENTs on the line after the last one.
        let line = if self.src.ends_with(['\n', '\r']) || self.src.is_empty() {
            self.line
        } else {
            self.line + 1
        };
        for _ in 1..self.indents.len() {
            self.tokens.push(Token {
                kind: Kind::Dedent,
                text: "",
                line,
                end_line: line,
            });
        }
    }

    /// At the start of a line outside brackets: skips blank and
    /// comment-only lines, then measures the indentation and emits INDENT
    /// or DEDENTs. False at the end of the source.
    fn indentation(&mut self) -> bool {
        loop {
            let mut column = 0;
            while let Some(c) = self.peek() {
                match c {
                    ' ' => column += 1,
                    '\t' => column = (column / 8 + 1) * 8,
                    '\x0c' => column = 0,
                    _ => break,
                }
                self.pos += 1;
            }
            match self.peek() {
                None => return false,
                Some('#') => {
                    self.skip_comment();
                    self.line_break();
                }
                Some('\n' | '\r') => {
                    self.line_break();
                }
                Some(_) => {
                    let current = self.indents.last().copied().unwrap_or(0);
                    if column > current {
                        self.indents.push(column);
                        self.tokens.push(Token {
                            kind: Kind::Indent,
                            text: "",
                            line: self.line,
                            end_line: self.line,
                        });
                    } else {
                        // A column that matches no enclosing level (an
                        // IndentationError) closes the levels above it.
                        while self.indents.len() > 1
                            && self.indents.last().is_some_and(|&level| level > column)
                        {
                            self.indents.pop();
                            self.tokens.push(Token {
                                kind: Kind::Dedent,
                                text: "",
                                line: self.line,
                                end_line: self.line,
                            });
                        }
                    }
                    return true;
                }
            }
        }
    }

    fn newline(&mut self, start: usize, line: u32) {
        if self.line_has_tokens {
            self.tokens.push(Token {
                kind: Kind::Newline,
                text: &self.src[start..self.pos],
                line,
                end_line: line,
            });
            self.line_has_tokens = false;
        }
    }

    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|c| c != '\n' && c != '\r') {
            self.bump();
        }
    }

    /// A string from its opening quote (the prefix already read). A
    /// backslash escapes the next character, in raw strings too (`r"\""`
    /// is one string).
    fn string(&mut self) {
        let Some(quote) = self.bump() else { return };
        let triple = self.peek() == Some(quote) && self.peek_at(1) == Some(quote);
        if triple {
            self.pos += 2;
        }
        loop {
            match self.peek() {
                None => return,
                Some('\\') => {
                    self.pos += 1;
                    if !self.line_break() {
                        self.bump();
                    }
                }
                Some('\n' | '\r') if triple => {
                    self.line_break();
                }
                // Unterminated: the string ends with its line.
                Some('\n' | '\r') => return,
                Some(c) if c == quote => {
                    self.pos += 1;
                    if !triple {
                        return;
                    }
                    if self.peek() == Some(quote) && self.peek_at(1) == Some(quote) {
                        self.pos += 2;
                        return;
                    }
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    /// A number: ints in any base, floats, exponents, imaginary suffixes,
    /// underscores between digits.
    fn number(&mut self) {
        let digits = |lexer: &mut Self| {
            while lexer.peek().is_some_and(|c| c.is_ascii_digit() || c == '_') {
                lexer.pos += 1;
            }
        };
        if self.peek() == Some('0')
            && matches!(self.peek_at(1), Some('x' | 'X' | 'o' | 'O' | 'b' | 'B'))
        {
            self.pos += 2;
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_hexdigit() || c == '_')
            {
                self.pos += 1;
            }
            return;
        }
        digits(self);
        if self.peek() == Some('.') {
            self.pos += 1;
            digits(self);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_at(1), Some('+' | '-')));
            if self.peek_at(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1 + sign;
                digits(self);
            }
        }
        if matches!(self.peek(), Some('j' | 'J')) {
            self.pos += 1;
        }
    }

    fn operator(&mut self) {
        let rest = &self.src[self.pos..];
        if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            self.pos += op.len();
            match *op {
                "(" | "[" | "{" => self.depth += 1,
                ")" | "]" | "}" => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        } else {
            // `!`, `$`, `?`, a stray backslash: one character Python refuses.
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(src: &str) -> Vec<(Kind, &str)> {
        tokenize(src).iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn strings_of_every_form_are_one_token() {
        let src = "x = rb'a\\'b' + F\"{y!r}\" + '''one\n'two' \"\"\n''' + u'' + Br\"\\\"\"\n";
        let tokens = tokenize(src);
        let strings: Vec<&str> = tokens
            .iter()
            .filter(|t| t.kind == Kind::String)
            .map(|t| t.text)
            .collect();
        assert_eq!(
            strings,
            [
                "rb'a\\'b'",
                "F\"{y!r}\"",
                "'''one\n'two' \"\"\n'''",
                "u''",
                "Br\"\\\"\""
            ]
        );
        let triple = tokens.iter().find(|t| t.text.starts_with("'''")).unwrap();
        assert_eq!((triple.line, triple.end_line), (1, 3));
        assert_eq!(tokens.last().unwrap().line, 3);
    }

    #[test]
    fn comments_blank_lines_and_bracketed_breaks_leave_no_token() {
        let src = "# a comment\n\ndef f(a,\n      b):  # trailing\n    return (a +\n\n b)\n";
        assert_eq!(
            kinds_and_texts(src),
            [
                (Kind::Name, "def"),
                (Kind::Name, "f"),
                (Kind::Op, "("),
                (Kind::Name, "a"),
                (Kind::Op, ","),
                (Kind::Name, "b"),
                (Kind::Op, ")"),
                (Kind::Op, ":"),
                (Kind::Newline, "\n"),
                (Kind::Indent, ""),
                (Kind::Name, "return"),
                (Kind::Op, "("),
                (Kind::Name, "a"),
                (Kind::Op, "+"),
                (Kind::Name, "b"),
                (Kind::Op, ")"),
                (Kind::Newline, "\n"),
                (Kind::Dedent, ""),
            ]
        );
    }

    #[test]
    fn numbers_and_operators() {
        let src = "a **= 0x_ff + 1_000.5e-3j - .5 // 5. ... -> := !x";
        let texts: Vec<&str> = tokenize(src).iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            [
                "a",
                "**=",
                "0x_ff",
                "+",
                "1_000.5e-3j",
                "-",
                ".5",
                "//",
                "5.",
                "...",
                "->",
                ":=",
                "!",
                "x",
                ""
            ]
        );
    }

    #[test]
    fn broken_source_still_tokenizes() {
        // An unterminated string ends with its line; a bad dedent closes
        // the levels above it; junk characters are operators.
        let tokens = kinds_and_texts("s = 'open\nif x:\n        a\n    b $ ?\n\"\"\"never closed");
        assert!(tokens.contains(&(Kind::String, "'open")));
        assert!(tokens.contains(&(Kind::Op, "$")));
        assert!(tokens.contains(&(Kind::String, "\"\"\"never closed")));
        assert_eq!(
            tokens.iter().filter(|(k, _)| *k == Kind::Dedent).count(),
            1,
            "{tokens:?}"
        );
        assert!(tokenize("").is_empty());
        assert_eq!(
            kinds_and_texts("\\"),
            [(Kind::Op, "\\"), (Kind::Newline, "")]
        );
    }
    /// Python's own `tokenize` on the same files, less comments and
    /// non-logical line breaks: (type, text, first line, last line).
    fn python_tokens(files: &[std::path::PathBuf]) -> Vec<Vec<(String, String, u32, u32)>> {
        const SCRIPT: &str = r#"
import json, sys, tokenize
out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        out.append([
            [tokenize.tok_name[t.type], t.string, t.start[0], t.end[0]]
            for t in tokenize.tokenize(f.readline)
            if tokenize.tok_name[t.type] not in ("COMMENT", "NL", "ENCODING", "ENDMARKER")
        ])
print(json.dumps(out))
"#;
        let output = std::process::Command::new(env!("GRADE_PYTHON_EXECUTABLE"))
            .args(["-I", "-S", "-c", SCRIPT])
            .args(files)
            .output()
            .expect("the pinned Python runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("JSON from Python")
    }

    /// Ours in the same shape; Python's INDENT holds the indentation
    /// itself, ours nothing, so INDENT texts are left out on both sides.
    fn ours(src: &str) -> Vec<(String, String, u32, u32)> {
        tokenize(src)
            .iter()
            .map(|t| {
                let kind = match t.kind {
                    Kind::Name => "NAME",
                    Kind::Number => "NUMBER",
                    Kind::String => "STRING",
                    Kind::Op => "OP",
                    Kind::Newline => "NEWLINE",
                    Kind::Indent => "INDENT",
                    Kind::Dedent => "DEDENT",
                };
                (kind.to_owned(), t.text.to_owned(), t.line, t.end_line)
            })
            .collect()
    }

    fn python_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                python_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "py") {
                out.push(path);
            }
        }
    }

    #[test]
    fn agrees_with_python_tokenize_on_the_course_and_on_corner_cases() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        python_files(&root.join("exercises"), &mut files);
        python_files(&root.join("solutions"), &mut files);
        assert!(files.len() > 150, "{}", files.len());
        let corners = [
            "x = (1,\n     2)  # c\n\n\ty = '''a\n'b'\\\n''' ; z = rb'\\''\n",
            "@decorator(\n    arg)\nasync def f(a, /, *b, **c) -> 'T':\n    if a:\n        return [i\n                for i in b]  # x\n    # dedent comment\n    return f\"{a!r:>{c}}\" + F'{\"q\"}'\n",
            "n = 0xFF + 0o17 + 0b1_0 + 1_000 + 1.5e+3 + .5j + 5. + 1E5 + 0.0\nx = 1 if n else 2\n",
            "café = naïve = 1\nλ = lambda x: x ** 2  # unicode names\n",
            "def f():\r\n    return 1\r\n\r\nclass A:\r\n    pass",
            "if x:\n    if y:\n        z = 1 \\\n            + 2\n\n\n# trailing\n",
            "s = ''\nt = \"\"\nu = '''\"'''\nv = \"\"\"'\"\"\"\nw = r'\\\\'\nwhile (n := n - 1) >= 0: n @= m; n //= 2; n **= 1; n >>= 1\n",
            "x = [\n    1,\n  2,\n]\n  # comment at another indentation\ny = {\n}\n",
            "def g(): return ...\n",
        ];
        let temp = tempfile::tempdir().unwrap();
        for (index, corner) in corners.iter().enumerate() {
            let path = temp.path().join(format!("corner{index}.py"));
            std::fs::write(&path, corner).unwrap();
            files.push(path);
        }
        let strip_indents = |tokens: Vec<(String, String, u32, u32)>| -> Vec<_> {
            tokens
                .into_iter()
                .map(|(kind, text, first, last)| {
                    let text = if kind == "INDENT" {
                        String::new()
                    } else {
                        text
                    };
                    (kind, text, first, last)
                })
                .collect()
        };
        for (path, python) in files.iter().zip(python_tokens(&files)) {
            let src = std::fs::read_to_string(path).unwrap();
            let (ours, python) = (ours(&src), strip_indents(python));
            if ours != python {
                let at = ours
                    .iter()
                    .zip(&python)
                    .position(|(a, b)| a != b)
                    .unwrap_or(ours.len().min(python.len()));
                panic!(
                    "{}: first difference at token {at}: ours {:?}, Python's {:?}",
                    path.display(),
                    ours.get(at),
                    python.get(at)
                );
            }
        }
    }
}
