//! saphyr's event stream with byte spans.
//!
//! saphyr's `Marker::index()` counts *characters*, not bytes (saphyr-rs/saphyr#76),
//! so every position is converted here, once, before the rest of the parser
//! sees it. Nothing past this module deals in character indices.

use saphyr_parser::{Event, Parser, ScanError, StrInput};

use crate::span::Span;

/// Character index → byte offset for one text.
///
/// Only non-ASCII characters are recorded, so an ASCII file (the usual case)
/// costs nothing and a lookup is a binary search over the multi-byte ones.
pub(super) struct CharOffsets {
    /// `(char index, extra bytes of all multi-byte chars up to and including it)`.
    steps: Vec<(usize, usize)>,
    len: usize,
}

impl CharOffsets {
    pub(super) fn new(text: &str) -> CharOffsets {
        let mut steps = Vec::new();
        let mut extra = 0;
        if !text.is_ascii() {
            for (i, c) in text.chars().enumerate() {
                let n = c.len_utf8();
                if n > 1 {
                    extra += n - 1;
                    steps.push((i, extra));
                }
            }
        }
        CharOffsets {
            steps,
            len: text.len(),
        }
    }

    /// The byte offset of the character at `index` (clamped to the text).
    pub(super) fn byte(&self, index: usize) -> usize {
        let before = self.steps.partition_point(|&(c, _)| c < index);
        let extra = before
            .checked_sub(1)
            .and_then(|i| self.steps.get(i))
            .map_or(0, |&(_, e)| e);
        (index + extra).min(self.len)
    }
}

/// A scanner or parser error, at a byte offset.
pub(super) struct ScanFailure {
    pub offset: usize,
    pub message: String,
}

/// The events of one YAML stream, with byte spans.
pub(super) struct Events<'a> {
    parser: Parser<'a, StrInput<'a>>,
    offsets: CharOffsets,
}

impl<'a> Events<'a> {
    pub(super) fn new(text: &'a str) -> Events<'a> {
        Events {
            parser: Parser::new_from_str(text),
            offsets: CharOffsets::new(text),
        }
    }

    /// The next event; the end of the stream repeats as `StreamEnd`.
    pub(super) fn next(&mut self) -> Result<(Event<'a>, Span), ScanFailure> {
        match self.parser.next_event() {
            None => Ok((Event::StreamEnd, Span::EMPTY)),
            Some(Ok((event, span))) => {
                let start = self.offsets.byte(span.start.index());
                let end = self.offsets.byte(span.end.index());
                Ok((event, Span::new(start, end)))
            }
            Some(Err(err)) => Err(self.failure(&err)),
        }
    }

    fn failure(&self, err: &ScanError) -> ScanFailure {
        ScanFailure {
            offset: self.offsets.byte(err.marker().index()),
            message: err.info().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_indices_become_byte_offsets() {
        let text = "Résumé: é\n😀: x";
        let offsets = CharOffsets::new(text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (i, &(byte, _)) in chars.iter().enumerate() {
            assert_eq!(offsets.byte(i), byte, "char {i}");
        }
        assert_eq!(offsets.byte(chars.len()), text.len());
        assert_eq!(offsets.byte(chars.len() + 5), text.len());
    }

    #[test]
    fn ascii_text_needs_no_table() {
        let offsets = CharOffsets::new("a: b");
        assert!(offsets.steps.is_empty());
        assert_eq!(offsets.byte(3), 3);
    }
}
