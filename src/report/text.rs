//! Learner text made safe to show: control characters escaped (an escape
//! sequence in an exception message must not clear a terminal or fake a
//! line of the report) and every learner-sized part capped.

use std::fmt::Write as _;

/// Caps, in bytes, of the parts of a report that learner code sizes.
pub const MESSAGE_CAP: usize = 2_000;
pub const VALUE_CAP: usize = 32 << 10;
pub const DETAIL_CAP: usize = 32 << 10;
pub const OUTPUT_CAP: usize = 64 << 10;
/// Lines of one diff line beyond which it is cut.
pub const DIFF_LINE_CAP: usize = 1_000;

/// Escapes what a terminal or a reader could take for something else, and
/// cuts the text at `cap` bytes. Line feeds and tabs stay (the reporters
/// indent continuation lines); every other C0 or C1 control character,
/// DEL, and the Unicode bidirectional and line-separator controls are
/// written the way Python's `repr` writes them (`\x1b`, `\u202e`).
pub fn learner(text: &str, cap: usize) -> String {
    let mut out = String::with_capacity(text.len().min(cap) + 16);
    let mut cut_at = None;
    for (index, c) in text.char_indices() {
        if out.len() >= cap {
            cut_at = Some(index);
            break;
        }
        push_escaped(&mut out, c);
    }
    if let Some(index) = cut_at {
        let _ = write!(out, "… [{} more bytes]", text.len() - index);
    }
    out
}

/// A learner's name (a folder name, so theirs to choose) as a report shows
/// it: one line, escaped, tabs and invisible characters too (`alice` and
/// `alice` with a zero-width space must not read the same).
pub fn learner_name(name: &str) -> String {
    let mut shown = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(
            c,
            '\t' | '\u{00ad}' | '\u{034f}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
        ) {
            let _ = write!(shown, "\\u{:04x}", c as u32);
        } else {
            shown.push(c);
        }
    }
    learner_line(&shown, MESSAGE_CAP)
}

/// One line: line feeds escaped too.
pub fn learner_line(text: &str, cap: usize) -> String {
    learner(text, cap).replace('\n', "\\n")
}

fn push_escaped(out: &mut String, c: char) {
    let code = c as u32;
    let escape = match c {
        '\n' | '\t' => false,
        _ if code < 0x20 || code == 0x7f => true,
        _ if (0x80..0xa0).contains(&code) => true,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' => true,
        _ if (0x202a..=0x202e).contains(&code) || (0x2066..=0x2069).contains(&code) => true,
        // Noncharacters: U+FFFE and U+FFFF make an XML report unreadable.
        _ if (0xfdd0..=0xfdef).contains(&code) || code & 0xfffe == 0xfffe => true,
        _ => false,
    };
    if !escape {
        out.push(c);
    } else if code < 0x100 {
        let _ = write!(out, "\\x{code:02x}");
    } else {
        let _ = write!(out, "\\u{code:04x}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_lines_kept() {
        assert_eq!(learner("a\x1b[2Jb\r\nc\td", 100), "a\\x1b[2Jb\\x0d\nc\td");
        assert_eq!(
            learner("\u{202e}evil\u{7f}\u{85}", 100),
            "\\u202eevil\\x7f\\x85"
        );
        assert_eq!(learner_line("one\ntwo", 100), "one\\ntwo");
        assert_eq!(learner("café 日本", 100), "café 日本");
        assert_eq!(
            learner("\u{fffe}\u{ffff}\u{10ffff}", 100),
            "\\ufffe\\uffff\\u10ffff"
        );
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let text = "é".repeat(100);
        let cut = learner(&text, 11);
        assert!(cut.starts_with("éééééé"), "{cut}");
        assert!(cut.ends_with("… [188 more bytes]"), "{cut}");
    }
}
