//! Cleaning what a clerk types or pastes before it is stored or drawn.

use unicode_normalization::UnicodeNormalization;
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// Removes terminal escape sequences and control characters, and folds runs of whitespace
/// (tabs and newlines included) into single spaces. A pasted `\x1b[31m` must never reach the
/// database or the screen, where it would repaint the console.
///
/// ```
/// use frontdesk::domain::text::sanitize;
/// assert_eq!(sanitize("王\u{1b}[31m芳 \t\n"), "王芳");
/// ```
pub fn sanitize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 control-sequence introducer: the one-character form of ESC [.
            '\u{9b}' => skip_until_final_byte(&mut chars),
            c if c.is_whitespace() => pending_space = !out.is_empty(),
            c if c.is_control() || is_invisible_format(c) => {}
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

/// Bidirectional overrides and zero-width characters can disguise a name; drop them.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_until_final_byte(chars);
        }
        // OSC, DCS, SOS, PM, APC: strings ended by BEL or ESC \.
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        // Two-character escapes such as ESC c (reset) or ESC 7.
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_until_final_byte(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("required")]
    Empty,
    #[error("longer than {0} characters")]
    TooLong(usize),
}

/// Sanitizes a required field and checks its length in characters.
pub fn required(input: &str, max_chars: usize) -> Result<String, TextError> {
    let clean = sanitize(input);
    if clean.is_empty() {
        Err(TextError::Empty)
    } else if clean.chars().count() > max_chars {
        Err(TextError::TooLong(max_chars))
    } else {
        Ok(clean)
    }
}

/// Cuts `text` to at most `width` terminal columns, marking the cut with `…`, which takes
/// one of the columns. Chinese characters take two columns each, and a character never
/// splits from the accents that follow it. Text that fits is left whole, without `…`.
///
/// ```
/// use frontdesk::domain::text::fit;
/// assert_eq!(fit("王芳", 4), "王芳");
/// assert_eq!(fit("欧阳娜娜", 5), "欧阳…");
/// // A two-column character that would overhang is dropped: 3 columns, not 4.
/// assert_eq!(fit("欧阳娜娜", 4), "欧…");
/// assert_eq!(fit("abc", 0), "");
/// ```
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let Some(room) = width.checked_sub(1) else {
        return String::new();
    };
    let (kept, _) = text.unicode_truncate(room);
    format!("{kept}…")
}

/// An identifier as typed in either input mode: phone numbers, plates, PINs, positions,
/// amounts. A Chinese input method types full-width letters and digits (`ＡＢ１２３`); NFKC
/// folds them, and other compatibility forms such as circled digits, to ASCII so the same
/// plate or number matches however it was typed. NFKC leaves the ideographic full stop
/// `。` alone, and that is what the input method types for `.`, so it is mapped here.
///
/// ```
/// use frontdesk::domain::text::identifier;
/// assert_eq!(identifier("沪ＡＢ１２３"), "沪AB123");
/// assert_eq!(identifier("２００。５"), "200.5");
/// ```
pub fn identifier(text: &str) -> String {
    text.nfkc()
        .map(|c| if c == '。' { '.' } else { c })
        .collect()
}

/// The number fields' name for [`identifier`]: a PIN, a position or an amount typed in
/// either mode means the same number.
pub fn ascii_digits(text: &str) -> String {
    identifier(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_read_as_ascii() {
        assert_eq!(ascii_digits("１２３４"), "1234");
        assert_eq!(ascii_digits("２００．５"), "200.5");
        assert_eq!(ascii_digits("李娜 7"), "李娜 7");
    }

    #[test]
    fn full_width_letters_in_plates_and_phones_read_as_ascii() {
        assert_eq!(identifier("ＡＢ１２３"), "AB123");
        assert_eq!(identifier("京Ａ·ｂ１２３４"), "京A·b1234", "case is kept");
        assert_eq!(
            identifier("１３８　０００"),
            "138 000",
            "an ideographic space is a space"
        );
        assert_eq!(identifier("＋８６－１３８"), "+86-138");
    }

    #[test]
    fn an_ideographic_full_stop_is_a_decimal_point_in_either_width() {
        assert_eq!(identifier("２００。５"), "200.5");
        // The half-width form folds to `。` under NFKC, then to `.`.
        assert_eq!(identifier("２００｡５"), "200.5");
    }

    #[test]
    fn identifiers_leave_chinese_alone() {
        assert_eq!(identifier("王芳"), "王芳");
    }

    #[test]
    fn escape_sequences_and_controls_are_stripped() {
        assert_eq!(sanitize("王\u{1b}[31m芳\u{1b}[0m"), "王芳");
        assert_eq!(sanitize("a\u{7}b\u{0}c"), "abc");
        assert_eq!(sanitize("\u{1b}]0;title\u{7}李娜"), "李娜");
        assert_eq!(sanitize("\u{1b}cX"), "X");
        assert_eq!(sanitize("x\u{9b}2Jy"), "xy");
        assert_eq!(sanitize("张\u{202e}伟"), "张伟");
    }

    #[test]
    fn whitespace_is_folded_and_trimmed() {
        assert_eq!(sanitize("  Li \t\n Na  "), "Li Na");
        assert_eq!(sanitize("\r\n"), "");
    }

    #[test]
    fn required_refuses_empty_and_overlong() {
        assert_eq!(required(" \u{1b}[1m ", 10), Err(TextError::Empty));
        assert_eq!(required("赵钱孙李周吴", 5), Err(TextError::TooLong(5)));
        assert_eq!(required("赵钱孙李周", 5), Ok("赵钱孙李周".into()));
    }

    #[test]
    fn fit_counts_chinese_as_two_columns() {
        assert_eq!(fit("王芳", 4), "王芳");
        assert_eq!(fit("欧阳娜娜", 5), "欧阳…");
        assert_eq!(fit("abcdef", 4), "abc…");
    }

    #[test]
    fn fit_spends_one_column_on_the_ellipsis_and_none_when_there_is_no_room() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 1), "…");
        assert_eq!(fit("王芳", 1), "…");
        assert_eq!(fit("王芳", 0), "");
        assert_eq!(fit("", 0), "");
    }

    #[test]
    fn fit_never_separates_a_letter_from_its_accent() {
        // `e` + combining acute: one column, one grapheme.
        assert_eq!(fit("ae\u{301}bc", 3), "ae\u{301}…");
    }
}
