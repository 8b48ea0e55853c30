//! Escapes in keys and values, as `java.util.Properties.loadConvert` reads them.

use crate::span::Span;

/// A `\u` not followed by four hex digits: Java throws
/// `IllegalArgumentException("Malformed \uxxxx encoding.")` and loads nothing.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Malformed {
    pub span: Span,
}

/// The text of `chars` with escapes applied, and whether there were any.
///
/// `\t \n \r \f` are control characters, `\uXXXX` a UTF-16 code unit (two
/// escapes can form a surrogate pair; a lone surrogate becomes U+FFFD, as no
/// Rust string can hold it), and any other escaped character is itself:
/// `\b` is `b`, `\\` is `\`, `\=` is `=`.
pub(super) fn unescape(chars: &[(char, usize)]) -> Result<(String, bool), Malformed> {
    if chars.iter().all(|&(c, _)| c != '\\') {
        return Ok((chars.iter().map(|&(c, _)| c).collect(), false));
    }
    let mut units: Vec<u16> = Vec::with_capacity(chars.len());
    let mut buf = [0u16; 2];
    let mut i = 0;
    while let Some(&(c, at)) = chars.get(i) {
        i += 1;
        if c != '\\' {
            units.extend_from_slice(c.encode_utf16(&mut buf));
            continue;
        }
        // A logical line never ends in an unpaired backslash (it would have
        // continued the line), so this only stops at a truncated slice.
        let Some(&(escaped, _)) = chars.get(i) else {
            break;
        };
        i += 1;
        let unit = match escaped {
            'u' => {
                let digits = chars
                    .get(i..i + 4)
                    .ok_or_else(|| malformed(chars, at, chars.len()))?;
                let value = digits.iter().try_fold(0u16, |acc, &(d, _)| {
                    d.to_digit(16)
                        .and_then(|v| u16::try_from(v).ok())
                        .map(|v| (acc << 4) | v)
                });
                i += 4;
                value.ok_or_else(|| malformed(chars, at, i))?
            }
            't' => u16::from(b'\t'),
            'n' => u16::from(b'\n'),
            'r' => u16::from(b'\r'),
            'f' => 0x0c,
            other => {
                units.extend_from_slice(other.encode_utf16(&mut buf));
                continue;
            }
        };
        units.push(unit);
    }
    Ok((String::from_utf16_lossy(&units), true))
}

/// The span of an escape from its backslash at `at` to the char before index `end`.
fn malformed(chars: &[(char, usize)], at: usize, end: usize) -> Malformed {
    let last = end
        .min(chars.len())
        .checked_sub(1)
        .and_then(|i| chars.get(i));
    let stop = last.map_or(at + 1, |&(c, o)| o + c.len_utf8());
    Malformed {
        span: Span::new(at, stop.max(at + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<(char, usize)> {
        s.char_indices().map(|(i, c)| (c, i)).collect()
    }

    fn un(s: &str) -> Result<String, Span> {
        unescape(&chars(s)).map(|(v, _)| v).map_err(|m| m.span)
    }

    #[test]
    fn java_escapes() {
        assert_eq!(un(r"\u0041\t\\x\y"), Ok("A\t\\xy".into()));
        assert_eq!(un(r"\b\=\:\ \#"), Ok("b=: #".into()));
        assert_eq!(un(r"a\nb\rc\fd"), Ok("a\nb\rc\x0cd".into()));
        assert_eq!(un(r"\u00e9\u00E9"), Ok("éé".into()));
        assert_eq!(un(r"\uD83D\uDE00"), Ok("😀".into()));
        assert_eq!(un(r"\uD83D"), Ok("\u{FFFD}".into()));
        assert_eq!(un("plain é"), Ok("plain é".into()));
    }

    #[test]
    fn malformed_unicode_escapes() {
        assert_eq!(un(r"C:\users"), Err(Span::new(2, 8)));
        assert_eq!(un(r"x\u12"), Err(Span::new(1, 5)));
        assert_eq!(un(r"\u+123"), Err(Span::new(0, 6)));
    }

    #[test]
    fn reports_whether_anything_was_escaped() {
        assert_eq!(unescape(&chars("abc")).map(|(_, e)| e), Ok(false));
        assert_eq!(unescape(&chars(r"a\bc")).map(|(_, e)| e), Ok(true));
    }
}
