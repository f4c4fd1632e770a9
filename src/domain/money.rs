//! Money as a clerk types it and as the console keeps it: integers of fen (分), never
//! floats (design: data principles). One parser for every amount a form asks: a fine, a
//! repair's cost, a deal's deposit and price.

use crate::domain::text;

/// Yuan as typed — `200`, `200.5`, `1,280,000`, `¥5000`, `5000元`, `5万`, `12.5万`, in either
/// input mode (full-width digits and `。` fold to ASCII) — as fen. `None` for anything else:
/// a negative amount, more than two decimals of yuan, or an amount past `i64`.
///
/// ```
/// use frontdesk::domain::money::parse_yuan;
/// assert_eq!(parse_yuan("200.5"), Some(20_050));
/// assert_eq!(parse_yuan("１，２８０，０００"), Some(128_000_000));
/// assert_eq!(parse_yuan("12.5万"), Some(12_500_000));
/// assert_eq!(parse_yuan("-5"), None);
/// ```
pub fn parse_yuan(typed: &str) -> Option<i64> {
    let folded = text::identifier(typed).replace([',', '，', ' '], "");
    let bare = folded
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元');
    let (number, scale_digits) = match bare.strip_suffix('万') {
        // 万 = 10,000 yuan: four more digits of yuan, so up to six decimals of 万.
        Some(number) => (number, 4),
        None => (bare, 0),
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let decimals = scale_digits + 2;
    if whole.is_empty()
        || frac.len() > decimals
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<decimals$}").parse::<i64>().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(10_i64.checked_pow(decimals as u32)?)?
        .checked_add(frac)
}

/// Fen as yuan with two decimals and thousands separators: `1,280,000.00`. A negative
/// amount (a reversing line on a commission sheet) keeps its sign.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let yuan = (fen / 100).to_string();
    let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
    for (i, digit) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{:02}", fen % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_as_typed_is_read_as_fen() {
        assert_eq!(parse_yuan("200"), Some(20_000));
        assert_eq!(parse_yuan("200.5"), Some(20_050));
        assert_eq!(parse_yuan("0.05"), Some(5));
        assert_eq!(parse_yuan(" ¥50,000 "), Some(5_000_000));
        assert_eq!(parse_yuan("５００００元"), Some(5_000_000));
        assert_eq!(parse_yuan("２００。５"), Some(20_050));
        assert_eq!(parse_yuan("5万"), Some(5_000_000));
        assert_eq!(parse_yuan("0.000001万"), Some(1));
    }

    #[test]
    fn what_is_not_an_amount_is_refused_never_guessed() {
        for typed in [
            "",
            "-5",
            "1.234",
            "1.2.3",
            "abc",
            "5千",
            "万",
            "1e5",
            "99999999999999999999",
        ] {
            assert_eq!(parse_yuan(typed), None, "{typed}");
        }
    }

    #[test]
    fn fen_are_shown_as_yuan_with_separators_and_the_sign_of_a_reversal() {
        assert_eq!(format_yuan(0), "0.00");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(128_000_000), "1,280,000.00");
        assert_eq!(format_yuan(-2_000_050), "-20,000.50");
        assert_eq!(format_yuan(i64::MIN), "-92,233,720,368,547,758.08");
    }
}
