//! Dates as offices write them in their spreadsheets, read as the office's local time:
//! `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日`, each with an optional `14:30` or
//! `14:30:15` (after a space or a `T`), and Excel's serial dates.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A date, with its time of day when one was written.
pub fn parse(text: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().collect();
    let text = text.trim();
    let (date, time) = match text.split_once(|c: char| c == 'T' || c.is_whitespace()) {
        Some((date, time)) => (date.trim(), Some(time.trim())),
        None => (text, None),
    };
    let date = parse_date(date)?;
    let time = match time.filter(|t| !t.is_empty()) {
        Some(t) => Some(parse_time(t)?),
        None => None,
    };
    Some((date, time))
}

/// Year, month and day separated by `-`, `/`, `.` or written with 年月日.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim().trim_end_matches('日');
    let parts: Vec<&str> = text
        .split(['-', '/', '.', '年', '月'])
        .map(str::trim)
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.is_empty() || d.is_empty() || m.len() > 2 || d.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `14:30`, `14:30:15` (a `.fraction` of seconds is dropped), `14点30`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().trim_end_matches('分');
    let parts: Vec<&str> = text.split([':', '点']).map(str::trim).collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, s.split('.').next().unwrap_or("0")),
        _ => return None,
    };
    if h.is_empty() || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, s.parse().ok()?)
}

/// An Excel serial date (days since 1899-12-30, the fraction the time of day), as a cell
/// holds it when the sheet formats it as a number.
pub fn excel_serial(serial: f64) -> Option<NaiveDateTime> {
    // 1 is 1900-01-01 and 2958465 is 9999-12-31; anything else is not a date.
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as u32;
    let date = NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(days as u64))?;
    let time = NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)?;
    Some(date.and_time(time))
}

/// A local time of the office as UTC; a time skipped by a clock change is taken an hour later.
pub fn to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => tz
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_read_as_offices_write_them() {
        for text in [
            "2024-03-05",
            "2024/3/5",
            "2024.03.05",
            "2024年3月5日",
            " ２０２４-３-５ ",
        ] {
            assert_eq!(parse(text), Some((d(2024, 3, 5), None)), "{text}");
        }
        let t = NaiveTime::from_hms_opt(14, 30, 0);
        assert_eq!(parse("2024/3/5 14:30"), Some((d(2024, 3, 5), t)));
        assert_eq!(parse("2024-03-05T14:30:00"), Some((d(2024, 3, 5), t)));
        assert_eq!(parse("2024-03-05 14:30:00.000"), Some((d(2024, 3, 5), t)));
        for bad in [
            "",
            "3/5/2024",
            "2024-13-01",
            "2024-02-30",
            "yesterday",
            "2024-3-5 25:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn excel_serial_dates_count_from_1899_12_30() {
        assert_eq!(
            excel_serial(45356.5),
            Some(d(2024, 3, 5).and_hms_opt(12, 0, 0).unwrap())
        );
        assert_eq!(excel_serial(0.0), None);
        assert_eq!(excel_serial(-3.0), None);
    }

    #[test]
    fn local_times_are_the_office_s() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let local = d(2024, 3, 5).and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(to_utc(local, tz).to_rfc3339(), "2024-03-05T01:00:00+00:00");
    }
}
