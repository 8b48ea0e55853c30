//! Logical lines, exactly as `java.util.Properties.LineReader.readLine` reads them.
//!
//! A logical line is the characters of one entry with each one's byte offset,
//! continuation backslashes and the leading white space of continued lines
//! removed. Comment and blank lines are skipped here, as Java does.

use crate::span::Span;

/// One logical line.
#[derive(Debug, Default)]
pub(super) struct LogicalLine {
    /// The line's characters, continuations joined, with their byte offsets.
    pub chars: Vec<(char, usize)>,
    /// Natural lines after the first that this one continues onto.
    pub continued_lines: usize,
    /// Continued lines that start with `#` or `!`: they look like comments
    /// but are part of the entry.
    pub commented_continuations: Vec<Span>,
}

/// Properties white space: space, tab and form feed (line breaks are apart).
pub(super) fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0c')
}

pub(super) struct LineReader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineReader<'a> {
    pub(super) fn new(text: &'a str) -> LineReader<'a> {
        LineReader { text, pos: 0 }
    }

    fn peek(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn bump(&mut self) -> Option<(char, usize)> {
        let c = self.peek()?;
        let at = self.pos;
        self.pos += c.len_utf8();
        Some((c, at))
    }

    /// Reads the next logical line into `out`; `false` at the end of the text.
    pub(super) fn read(&mut self, out: &mut LogicalLine) -> bool {
        out.chars.clear();
        out.continued_lines = 0;
        out.commented_continuations.clear();
        let mut skip_blank = true;
        let mut continued = false;
        let mut escaped = false;
        loop {
            let Some((c, at)) = self.bump() else {
                if out.chars.is_empty() {
                    return false;
                }
                // A backslash at the very end of the file is dropped.
                if escaped {
                    out.chars.pop();
                }
                return true;
            };
            if skip_blank {
                if is_blank(c) || (!continued && (c == '\r' || c == '\n')) {
                    continue;
                }
                skip_blank = false;
                if continued && (c == '#' || c == '!') && !out.chars.is_empty() {
                    out.commented_continuations.push(self.rest_of_line(at));
                }
                continued = false;
            }
            if out.chars.is_empty() && (c == '#' || c == '!') {
                // A comment runs to the end of its natural line; a backslash
                // there continues nothing.
                while let Some((c, _)) = self.bump() {
                    if c == '\r' || c == '\n' {
                        break;
                    }
                }
                skip_blank = true;
                continue;
            }
            if c != '\n' && c != '\r' {
                out.chars.push((c, at));
                escaped = c == '\\' && !escaped;
                continue;
            }
            if out.chars.is_empty() {
                skip_blank = true;
                continue;
            }
            if self.peek().is_none() {
                if escaped {
                    out.chars.pop();
                }
                return true;
            }
            if !escaped {
                return true;
            }
            // An odd number of backslashes before the break: the line goes on.
            out.chars.pop();
            out.continued_lines += 1;
            skip_blank = true;
            continued = true;
            escaped = false;
            if c == '\r' && self.peek() == Some('\n') {
                self.pos += 1;
            }
        }
    }

    /// From `start` to the end of its natural line.
    fn rest_of_line(&self, start: usize) -> Span {
        let rest = self.text.get(start..).unwrap_or("");
        let len = rest.find(['\r', '\n']).unwrap_or(rest.len());
        Span::new(start, start + len)
    }
}
