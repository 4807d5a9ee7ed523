/// A value that can be sent as a path segment, query value or header value.
///
/// Lists expand to one entry per item (query keys are repeated:
/// `?type=A&type=B`); `None` expands to nothing, so absent parameters are
/// omitted.
pub trait ParamValue {
    /// Appends the wire text of this value, one entry per item.
    fn push_wire(&self, out: &mut Vec<String>);
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn push_wire(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        }
    )*};
}

display_param!(
    bool,
    i32,
    i64,
    u32,
    u64,
    i128,
    f32,
    f64,
    str,
    String,
    chrono::NaiveTime
);
#[cfg(feature = "uuid")]
display_param!(uuid::Uuid);
#[cfg(feature = "decimal")]
display_param!(rust_decimal::Decimal);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn push_wire(&self, out: &mut Vec<String>) {
        (**self).push_wire(out);
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn push_wire(&self, out: &mut Vec<String>) {
        if let Some(v) = self {
            v.push_wire(out);
        }
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn push_wire(&self, out: &mut Vec<String>) {
        for v in self {
            v.push_wire(out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn push_wire(&self, out: &mut Vec<String>) {
        self.as_slice().push_wire(out);
    }
}

impl ParamValue for chrono::DateTime<chrono::FixedOffset> {
    fn push_wire(&self, out: &mut Vec<String>) {
        out.push(self.to_rfc3339());
    }
}

impl ParamValue for chrono::NaiveDate {
    fn push_wire(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }
}

/// Percent-encodes `text` so that it stays inside one URL component.
///
/// Only RFC 3986 unreserved characters pass through; everything else,
/// including `/`, `?`, `#` and `%`, is escaped, so a value can never change
/// the structure of the URL it is put in.
pub(crate) fn percent_encode(text: &str, out: &mut String) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        let mut out = String::new();
        percent_encode(s, &mut out);
        out
    }

    #[test]
    fn reserved_characters_are_escaped() {
        assert_eq!(enc("a/../b"), "a%2F..%2Fb");
        assert_eq!(enc("x?y#z"), "x%3Fy%23z");
        assert_eq!(enc("%2F"), "%252F");
        assert_eq!(enc("~"), "~");
        assert_eq!(enc("é"), "%C3%A9");
        assert_eq!(enc("a b+c"), "a%20b%2Bc");
    }

    #[test]
    fn lists_expand_and_none_vanishes() {
        let mut out = Vec::new();
        vec!["A", "B"].push_wire(&mut out);
        None::<i32>.push_wire(&mut out);
        Some(true).push_wire(&mut out);
        assert_eq!(out, ["A", "B", "true"]);
    }

    #[test]
    fn i128_values_past_both_64_bit_types_are_sent_in_full() {
        // An `int128` parameter (a range neither `i64` nor `u64` holds).
        let mut out = Vec::new();
        i128::MIN.push_wire(&mut out);
        Some(9_223_372_036_854_775_808_i128).push_wire(&mut out);
        assert_eq!(
            out,
            [
                "-170141183460469231731687303715884105728",
                "9223372036854775808"
            ]
        );
    }

    #[test]
    fn formats_are_sent_as_their_text() {
        let mut out = Vec::new();
        "8f0e4d1c-2b7a-4c55-9d3e-6a1f2b3c4d5e"
            .parse::<uuid::Uuid>()
            .unwrap()
            .push_wire(&mut out);
        "19.990"
            .parse::<rust_decimal::Decimal>()
            .unwrap()
            .push_wire(&mut out);
        chrono::NaiveTime::from_hms_opt(17, 30, 5)
            .unwrap()
            .push_wire(&mut out);
        crate::Base64(vec![0xfb, 0xff]).push_wire(&mut out);
        assert_eq!(
            out,
            [
                "8f0e4d1c-2b7a-4c55-9d3e-6a1f2b3c4d5e",
                "19.990",
                "17:30:05",
                "-_8"
            ]
        );
    }
}
