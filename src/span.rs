//! Byte spans and the late conversion of byte offsets to line and column.
//!
//! Every tree node and every finding carries a [`Span`] of byte offsets into the
//! file's text. Lines and columns are computed only when a report is rendered,
//! from a [`LineIndex`] built once per file.

use serde::Serialize;

/// A half-open byte range `start..end` into a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const EMPTY: Span = Span { start: 0, end: 0 };

    #[must_use]
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// An empty span at one offset.
    #[must_use]
    pub fn at(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    #[must_use]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text the span covers, or "" when it does not fall on char boundaries.
    #[must_use]
    pub fn text(self, source: &str) -> &str {
        source.get(self.range()).unwrap_or("")
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based line and column. `column` counts Unicode scalar values (what an
/// editor shows); `column_utf16` counts UTF-16 code units (what SARIF's
/// `utf16CodeUnits` column kind wants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
    #[serde(skip)]
    pub column_utf16: u32,
}

/// Start offsets of every line of a text, for byte offset → line/column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// Characters, and characters outside the BMP (two UTF-16 units), before
    /// each multiple of [`BLOCK`] bytes: a column is then counted over at most
    /// one block, not the whole line (a minified file is one line with
    /// thousands of findings).
    block_counts: Vec<(u32, u32)>,
}

/// Bytes between two entries of `LineIndex::block_counts`.
const BLOCK: usize = 256;

/// Whether a UTF-8 byte starts a character; one that starts a 4-byte one.
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

fn starts_astral(b: u8) -> bool {
    b >= 0xF0
}

impl LineIndex {
    /// Lines end at `\n`; a `\r` before it belongs to the line ending, so CRLF
    /// files get the same columns as LF files. A lone `\r` also ends a line.
    #[must_use]
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut block_counts = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let (mut chars, mut astral) = (0u32, 0u32);
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if i % BLOCK == 0 {
                block_counts.push((chars, astral));
            }
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(clamp_u32(i + 1));
            }
            chars += u32::from(starts_char(b));
            astral += u32::from(starts_astral(b));
            i += 1;
        }
        LineIndex {
            line_starts,
            block_counts,
        }
    }

    /// Characters and astral characters in `text[..offset]`.
    fn counts_before(&self, text: &str, offset: usize) -> (usize, usize) {
        let block = offset / BLOCK;
        let (chars, astral) = self.block_counts.get(block).copied().unwrap_or((0, 0));
        let tail = text.as_bytes().get(block * BLOCK..offset).unwrap_or(&[]);
        (
            chars as usize + tail.iter().filter(|&&b| starts_char(b)).count(),
            astral as usize + tail.iter().filter(|&&b| starts_astral(b)).count(),
        )
    }

    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where 1-based `line` starts.
    #[must_use]
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts
            .get((line as usize).checked_sub(1)?)
            .map(|&s| s as usize)
    }

    /// The 1-based line and column of a byte offset. Offsets past the end or
    /// inside a multi-byte character are clamped to the nearest boundary before.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let mut offset = (offset as usize).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&clamp_u32(offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_idx).copied().unwrap_or(0) as usize;
        let (chars_end, astral_end) = self.counts_before(text, offset);
        let (chars_start, astral_start) = self.counts_before(text, start);
        let column = chars_end.saturating_sub(chars_start);
        let column_utf16 = column + astral_end.saturating_sub(astral_start);
        LineCol {
            line: clamp_u32(line_idx + 1),
            column: clamp_u32(column + 1),
            column_utf16: clamp_u32(column_utf16 + 1),
        }
    }

    /// The text of 1-based `line` without its line ending.
    #[must_use]
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self.line_start(line + 1).unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é: x\n  ü: y";
        let idx = LineIndex::new(text);
        let x = text.find('x').map(|o| o as u32).unwrap_or_default();
        assert_eq!(idx.line_col(text, x).line, 1);
        assert_eq!(idx.line_col(text, x).column, 4);
        let y = text.find('y').map(|o| o as u32).unwrap_or_default();
        assert_eq!(idx.line_col(text, y).line, 2);
        assert_eq!(idx.line_col(text, y).column, 6);
    }

    #[test]
    fn crlf_lines_have_lf_columns() {
        let text = "a\r\nbc\r\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 4).line, 2);
        assert_eq!(idx.line_col(text, 4).column, 2);
        assert_eq!(idx.line_col(text, 7).line, 3);
        assert_eq!(idx.line_text(text, 2), "bc");
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "😀x";
        let idx = LineIndex::new(text);
        let lc = idx.line_col(text, 4);
        assert_eq!(lc.column, 2);
        assert_eq!(lc.column_utf16, 3);
    }

    #[test]
    fn columns_on_a_long_line_agree_with_counting_characters() {
        let text: String = (0..3000)
            .map(|i| ["a", "é", "😀", "\n", "x"][i % 7 % 5])
            .collect();
        let idx = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let lc = idx.line_col(&text, clamp_u32(offset));
            let start = text
                .get(..offset)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |n| n + 1);
            let prefix = text.get(start..offset).unwrap_or("");
            assert_eq!(lc.column as usize, prefix.chars().count() + 1, "{offset}");
            assert_eq!(
                lc.column_utf16 as usize,
                prefix.encode_utf16().count() + 1,
                "{offset}"
            );
        }
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 1).column, 1);
        assert_eq!(idx.line_col(text, 99).column, 2);
    }
}
