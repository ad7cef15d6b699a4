//! `Value::pretty`: a port of CPython 3.11's `pprint.PrettyPrinter` (`indent=1`,
//! `sort_dicts=True`, `compact=False`), kept close to the original's `_format` and `_pprint_*`
//! helpers so that its line breaks are Python's. The one departure is in `Value::pretty`'s
//! documentation: sets are sorted even when they fit on a line.

use super::Value;

/// Prints `value`, already normalized (sets and dicts sorted), at most `width` columns wide
/// where pprint would manage it.
pub(super) fn pretty(value: &Value, width: usize) -> String {
    let mut printer = Pretty {
        width: i64::try_from(width).unwrap_or(i64::MAX),
        out: String::new(),
    };
    printer.format(value, 0, 0, 0);
    printer.out
}

struct Pretty {
    width: i64,
    out: String,
}

fn char_len(s: &str) -> i64 {
    i64::try_from(s.chars().count()).unwrap_or(i64::MAX)
}

fn spaces(n: i64) -> String {
    " ".repeat(usize::try_from(n).unwrap_or(0))
}

impl Pretty {
    fn format(&mut self, v: &Value, indent: i64, allowance: i64, level: usize) {
        let rep = v.repr();
        if char_len(&rep) <= self.width - indent - allowance {
            self.out.push_str(&rep);
            return;
        }
        let level = level + 1;
        match v {
            Value::Dict(entries) => {
                self.out.push('{');
                if !entries.is_empty() {
                    self.dict_items(entries, indent, allowance + 1, level);
                }
                self.out.push('}');
            }
            Value::List(items) => {
                self.out.push('[');
                self.items(items, indent, allowance + 1, level);
                self.out.push(']');
            }
            Value::Tuple(items) => {
                let end = if items.len() == 1 { ",)" } else { ")" };
                self.out.push('(');
                self.items(items, indent, allowance + char_len(end), level);
                self.out.push_str(end);
            }
            Value::Set(items) if !items.is_empty() => {
                self.out.push('{');
                self.items(items, indent, allowance + 1, level);
                self.out.push('}');
            }
            Value::FrozenSet(items) if !items.is_empty() => {
                self.out.push_str("frozenset({");
                self.items(items, indent + 10, allowance + 2, level);
                self.out.push_str("})");
            }
            Value::Str(s) if !s.is_empty() => self.string(s, indent, allowance, level),
            Value::Bytes(b) if b.len() > 4 => self.bytes(b, indent, allowance, level),
            _ => self.out.push_str(&rep),
        }
    }

    fn items(&mut self, items: &[Value], indent: i64, allowance: i64, level: usize) {
        let indent = indent + 1;
        let delim = format!(",\n{}", spaces(indent));
        for (i, item) in items.iter().enumerate() {
            let last = i + 1 == items.len();
            if i > 0 {
                self.out.push_str(&delim);
            }
            self.format(item, indent, if last { allowance } else { 1 }, level);
        }
    }

    fn dict_items(
        &mut self,
        entries: &[(Value, Value)],
        indent: i64,
        allowance: i64,
        level: usize,
    ) {
        let indent = indent + 1;
        let delim = format!(",\n{}", spaces(indent));
        for (i, (key, value)) in entries.iter().enumerate() {
            let last = i + 1 == entries.len();
            let rep = key.repr();
            self.out.push_str(&rep);
            self.out.push_str(": ");
            let value_indent = indent + char_len(&rep) + 2;
            self.format(value, value_indent, if last { allowance } else { 1 }, level);
            if !last {
                self.out.push_str(&delim);
            }
        }
    }

    /// A long string becomes adjacent literals split after whitespace and at line ends,
    /// parenthesised at top level so that the output stays a valid expression.
    fn string(&mut self, s: &str, mut indent: i64, mut allowance: i64, level: usize) {
        let repr = |text: &str| Value::Str(text.to_owned()).repr();
        let lines = split_lines_keepends(s);
        if level == 1 {
            indent += 1;
            allowance += 1;
        }
        let max_width = self.width - indent;
        let mut max_width1 = max_width;
        let mut chunks: Vec<String> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let last_line = i + 1 == lines.len();
            let rep = repr(line);
            if last_line {
                max_width1 -= allowance;
            }
            if char_len(&rep) <= max_width1 {
                chunks.push(rep);
                continue;
            }
            let parts = split_words(line);
            let mut max_width2 = max_width;
            let mut current = String::new();
            for (j, part) in parts.iter().enumerate() {
                let candidate = format!("{current}{part}");
                if j + 1 == parts.len() && last_line {
                    max_width2 -= allowance;
                }
                if char_len(&repr(&candidate)) > max_width2 {
                    if !current.is_empty() {
                        chunks.push(repr(&current));
                    }
                    current = (*part).to_owned();
                } else {
                    current = candidate;
                }
            }
            if !current.is_empty() {
                chunks.push(repr(&current));
            }
        }
        self.chunks(&chunks, indent, level == 1);
    }

    /// Long bytes become adjacent literals of whole 4-byte groups, as pprint does.
    fn bytes(&mut self, b: &[u8], mut indent: i64, mut allowance: i64, level: usize) {
        let repr = |bytes: &[u8]| Value::Bytes(bytes.to_vec()).repr();
        if level == 1 {
            indent += 1;
            allowance += 1;
        }
        let mut width = self.width - indent;
        let last = b.len() / 4 * 4;
        let mut chunks: Vec<String> = Vec::new();
        let mut current: Vec<u8> = Vec::new();
        for (index, part) in b.chunks(4).enumerate() {
            let mut candidate = current.clone();
            candidate.extend_from_slice(part);
            if index * 4 == last {
                width -= allowance;
            }
            if char_len(&repr(&candidate)) > width {
                if !current.is_empty() {
                    chunks.push(repr(&current));
                }
                current = part.to_vec();
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            chunks.push(repr(&current));
        }
        self.chunks(&chunks, indent, level == 1);
    }

    fn chunks(&mut self, chunks: &[String], indent: i64, parens: bool) {
        if let [only] = chunks {
            self.out.push_str(only);
            return;
        }
        if parens {
            self.out.push('(');
        }
        for (i, chunk) in chunks.iter().enumerate() {
            if i > 0 {
                self.out.push('\n');
                self.out.push_str(&spaces(indent));
            }
            self.out.push_str(chunk);
        }
        if parens {
            self.out.push(')');
        }
    }
}

/// `str.splitlines(keepends=True)`.
fn split_lines_keepends(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\r' => match chars.peek() {
                Some(&(j, '\n')) => {
                    chars.next();
                    j + 1
                }
                _ => i + 1,
            },
            '\n' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => i + c.len_utf8(),
            _ => continue,
        };
        lines.push(&s[start..end]);
        start = end;
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

/// `re.findall(r'\S*\s*', line)` without the final empty match.
fn split_words(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut seen_space = false;
    for (i, c) in line.char_indices() {
        let space = is_py_space(c);
        if !space && seen_space {
            parts.push(&line[start..i]);
            start = i;
        }
        seen_space = space;
    }
    if start < line.len() {
        parts.push(&line[start..]);
    }
    parts
}

/// Python's `str.isspace()`, which `\s` follows: Unicode White_Space plus the ASCII
/// information separators.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

#[cfg(test)]
mod tests {
    use crate::value::testing::{f, int, s};
    use crate::value::Value;

    #[test]
    fn pretty_matches_pprint() {
        let users = Value::List(vec![
            Value::Dict(vec![
                (s("name"), s("Ada Lovelace")),
                (s("langs"), Value::List(vec![s("python"), s("rust")])),
                (s("id"), int("1")),
            ]),
            Value::Dict(vec![
                (s("name"), s("Alan Turing")),
                (s("langs"), Value::List(vec![])),
                (s("id"), int("2")),
            ]),
        ]);
        let value = Value::Dict(vec![
            (s("users"), users),
            (s("count"), int("2")),
            (s("tags"), Value::Set(vec![s("b"), s("a"), s("c")])),
            (s("empty"), Value::FrozenSet(vec![])),
            (s("point"), Value::Tuple(vec![f(1.5), f(-0.0)])),
            (
                s("blob"),
                Value::Bytes(b"\x00\x01binary data here".to_vec()),
            ),
            (
                s("note"),
                s("a fairly long sentence that will need to be wrapped across lines"),
            ),
        ]);
        // Expected outputs are pprint.pformat(value, width=…) from CPython 3.11.
        assert_eq!(
            value.pretty(40),
            "{'blob': b'\\x00\\x01binary data here',\n 'count': 2,\n 'empty': frozenset(),\n 'note': 'a fairly long sentence that '\n         'will need to be wrapped '\n         'across lines',\n 'point': (1.5, -0.0),\n 'tags': {'a', 'b', 'c'},\n 'users': [{'id': 1,\n            'langs': ['python', 'rust'],\n            'name': 'Ada Lovelace'},\n           {'id': 2,\n            'langs': [],\n            'name': 'Alan Turing'}]}"
        );
        assert_eq!(
            value.pretty(80),
            "{'blob': b'\\x00\\x01binary data here',\n 'count': 2,\n 'empty': frozenset(),\n 'note': 'a fairly long sentence that will need to be wrapped across lines',\n 'point': (1.5, -0.0),\n 'tags': {'a', 'b', 'c'},\n 'users': [{'id': 1, 'langs': ['python', 'rust'], 'name': 'Ada Lovelace'},\n           {'id': 2, 'langs': [], 'name': 'Alan Turing'}]}"
        );
        assert_eq!(
            value.pretty(10),
            "{'blob': b'\\x00\\x01bi'\n         b'nary'\n         b' dat'\n         b'a he'\n         b're',\n 'count': 2,\n 'empty': frozenset(),\n 'note': 'a '\n         'fairly '\n         'long '\n         'sentence '\n         'that '\n         'will '\n         'need '\n         'to '\n         'be '\n         'wrapped '\n         'across '\n         'lines',\n 'point': (1.5,\n           -0.0),\n 'tags': {'a',\n          'b',\n          'c'},\n 'users': [{'id': 1,\n            'langs': ['python',\n                      'rust'],\n            'name': 'Ada '\n                    'Lovelace'},\n           {'id': 2,\n            'langs': [],\n            'name': 'Alan '\n                    'Turing'}]}"
        );
        assert_eq!(
            s(&"hello world ".repeat(5)).pretty(20),
            "('hello world '\n 'hello world '\n 'hello world '\n 'hello world '\n 'hello world ')"
        );
        assert_eq!(Value::Tuple(vec![int("1")]).pretty(1), "(1,)");
        let list = Value::List(vec![
            Value::FrozenSet(vec![int("3"), int("1"), int("2")]),
            Value::Tuple(vec![int("10")]),
        ]);
        assert_eq!(
            list.pretty(8),
            "[frozenset({1,\n            2,\n            3}),\n (10,)]"
        );
        assert_eq!(int("5").pretty(0), "5");
    }

    #[test]
    fn pretty_ignores_order_of_sets_and_dicts() {
        let a = Value::Dict(vec![
            (s("b"), Value::Set(vec![int("3"), f(1.5), int("2")])),
            (s("a"), Value::FrozenSet(vec![s("y"), s("x")])),
        ]);
        let b = Value::Dict(vec![
            (s("a"), Value::FrozenSet(vec![s("x"), s("y")])),
            (s("b"), Value::Set(vec![int("2"), int("3"), f(1.5)])),
        ]);
        for width in [1, 10, 80] {
            assert_eq!(a.pretty(width), b.pretty(width));
        }
        assert_eq!(
            a.pretty(80),
            "{'a': frozenset({'x', 'y'}), 'b': {1.5, 2, 3}}"
        );
        // Equal elements of different types still print in a fixed order.
        let mixed = Value::Set(vec![
            s("z"),
            f(1.0),
            Value::None,
            int("-5"),
            Value::Bool(true),
        ]);
        assert_eq!(mixed.pretty(80), "{None, -5, True, 1.0, 'z'}");
        let reversed = Value::Set(vec![
            Value::Bool(true),
            int("-5"),
            Value::None,
            f(1.0),
            s("z"),
        ]);
        assert_eq!(mixed.pretty(80), reversed.pretty(80));
        // repr keeps the stored order.
        assert_eq!(mixed.repr(), "{'z', 1.0, None, -5, True}");
    }
}
