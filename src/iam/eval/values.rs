//! Typed condition values: decimals, dates, IP networks and base-64 binaries,
//! parsed the same way on the policy side and the request side
//! (iam-semantics.md 8.3).

use std::cmp::Ordering;
use std::net::IpAddr;

use ipnet::IpNet;

/// An exact decimal number (`Numeric*` operators take "integer or decimal"
/// values; comparing through `f64` would call 9007199254740993 equal to
/// 9007199254740992).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    /// Integer digits without leading zeros.
    int: String,
    /// Fraction digits without trailing zeros.
    frac: String,
}

/// Exponents beyond this are refused rather than expanded into huge strings.
const MAX_EXPONENT: i64 = 400;

impl Decimal {
    /// Parses `-12`, `3.50`, `+1`, `.5`, `1e3`, `2.5E-2`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Decimal> {
        let s = s.trim();
        let (negative, rest) = match s.as_bytes().first() {
            Some(b'-') => (true, s.get(1..)?),
            Some(b'+') => (false, s.get(1..)?),
            _ => (false, s),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => {
                let exp: i64 = rest.get(i + 1..)?.parse().ok()?;
                if exp.abs() > MAX_EXPONENT {
                    return None;
                }
                (rest.get(..i)?, exp)
            }
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut digits = format!("{int}{frac}");
        let mut point = i64::try_from(int.len()).ok()? + exponent;
        if point < 0 {
            digits = "0".repeat(usize::try_from(-point).ok()?) + &digits;
            point = 0;
        }
        let point = usize::try_from(point).ok()?;
        if digits.len() < point {
            digits.push_str(&"0".repeat(point - digits.len()));
        }
        let int = digits.get(..point)?.trim_start_matches('0').to_string();
        let frac = digits.get(point..)?.trim_end_matches('0').to_string();
        let negative = negative && !(int.is_empty() && frac.is_empty());
        Some(Decimal {
            negative,
            int,
            frac,
        })
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(&other.int))
            .then_with(|| self.frac.cmp(&other.frac))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A date as nanoseconds since the Unix epoch. `Date*` operators take W3C
/// ISO 8601 dates or epoch seconds, and the two notations compare with each
/// other (iam-semantics.md 8.3; iam-simulate compares seconds with
/// milliseconds here, peers-iam.md section 3).
///
/// Accepted: epoch seconds (`1893456000`, `1893456000.5`), `YYYY`,
/// `YYYY-MM`, `YYYY-MM-DD`, and date-times with an optional fraction and an
/// offset (`Z`, `+01:00`); a date-time without an offset is read as UTC.
#[must_use]
pub fn parse_date(s: &str) -> Option<i128> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.len() != 4 {
        let d = Decimal::parse(s)?;
        let secs: i128 = if d.int.is_empty() {
            0
        } else {
            d.int.parse().ok()?
        };
        let frac = format!("{:0<9}", d.frac);
        let nanos: i128 = frac.get(..9)?.parse().ok()?;
        return secs.checked_mul(1_000_000_000)?.checked_add(nanos);
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.as_nanosecond());
    }
    let civil = if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        dt
    } else if let Ok(d) = s.parse::<jiff::civil::Date>() {
        d.to_datetime(jiff::civil::Time::midnight())
    } else {
        partial_date(s)?
    };
    civil
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_nanosecond())
}

/// `YYYY` and `YYYY-MM`, the W3C profile's reduced precisions.
fn partial_date(s: &str) -> Option<jiff::civil::DateTime> {
    let (year, month) = match s.split_once('-') {
        Some((y, m)) if y.len() == 4 && m.len() == 2 => (y, m),
        None if s.len() == 4 => (s, "01"),
        _ => return None,
    };
    let year: i16 = year.parse().ok()?;
    let month: i8 = month.parse().ok()?;
    jiff::civil::Date::new(year, month, 1)
        .ok()
        .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
}

/// A CIDR block or a bare address (which means `/32` or `/128`), with host
/// bits cleared.
#[must_use]
pub fn parse_network(s: &str) -> Option<IpNet> {
    let s = s.trim();
    if let Ok(net) = s.parse::<IpNet>() {
        return Some(net.trunc());
    }
    s.parse::<IpAddr>().ok().map(IpNet::from)
}

/// An address from the request context.
#[must_use]
pub fn parse_address(s: &str) -> Option<IpAddr> {
    s.trim().parse().ok()
}

/// Standard base-64 (RFC 4648 alphabet), with or without `=` padding.
#[must_use]
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let body = s.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in body.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).ok()?);
        }
    }
    // A single leftover character cannot encode a byte.
    if body.len() % 4 == 1 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap_or_else(|| {
            Decimal::parse("-999999").unwrap_or(Decimal {
                negative: true,
                int: "9".into(),
                frac: String::new(),
            })
        })
    }

    #[test]
    fn decimals_compare_exactly() {
        assert_eq!(d("1.50"), d("1.5"));
        assert_eq!(d("0010"), d("10"));
        assert_eq!(d("1e3"), d("1000"));
        assert_eq!(d("25E-3"), d("0.025"));
        assert_eq!(d("-0"), d("0"));
        assert!(d("9007199254740993") > d("9007199254740992"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("0.1") < d("1"));
        assert!(Decimal::parse("1.2.3").is_none());
        assert!(Decimal::parse("abc").is_none());
        assert!(Decimal::parse("").is_none());
        assert!(Decimal::parse("1e999999").is_none());
    }

    #[test]
    fn dates_in_every_notation_compare() {
        let iso = parse_date("2030-01-01T00:00:00Z");
        assert_eq!(iso, parse_date("1893456000"));
        assert_eq!(iso, parse_date("2030-01-01"));
        assert_eq!(iso, parse_date("2030-01"));
        assert_eq!(iso, parse_date("2030"));
        assert_eq!(iso, parse_date("2030-01-01T01:00:00+01:00"));
        assert_eq!(iso, parse_date("2030-01-01T00:00:00"));
        assert_eq!(
            parse_date("2030-01-01T00:00:00.5Z"),
            parse_date("1893456000.5")
        );
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2030-13-01").is_none());
    }

    #[test]
    fn networks_accept_bare_addresses() {
        let net = parse_network("203.0.113.7");
        assert_eq!(net.map(|n| n.prefix_len()), Some(32));
        let v6 = parse_network("2001:DB8::/32");
        assert!(
            v6.zip(parse_address("2001:db8::1"))
                .is_some_and(|(n, a)| n.contains(&a))
        );
        assert_eq!(
            parse_network("10.1.2.3/8").map(|n| n.to_string()),
            Some("10.0.0.0/8".to_string())
        );
        assert!(parse_network("1.2.3.4/33").is_none());
    }

    #[test]
    fn base64_decodes_with_or_without_padding() {
        assert_eq!(
            decode_base64("QmluYXJ5VmFsdWU="),
            Some(b"BinaryValue".to_vec())
        );
        assert_eq!(
            decode_base64("QmluYXJ5VmFsdWU"),
            Some(b"BinaryValue".to_vec())
        );
        assert_eq!(decode_base64(""), Some(Vec::new()));
        assert!(decode_base64("not base64!").is_none());
    }
}
