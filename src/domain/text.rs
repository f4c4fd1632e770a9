//! Cleaning what a clerk types or pastes before it is stored or drawn.

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

/// Cuts `text` to at most `width` terminal columns, marking the cut with `…`.
/// Chinese characters take two columns each.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Full-width digits and point (what a Chinese input method types) as ASCII, so a PIN, a
/// position or an amount typed in either mode means the same number.
pub fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            other => other,
        })
        .collect()
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
}
