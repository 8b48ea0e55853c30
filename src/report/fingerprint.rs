//! Fingerprints that let GitHub code scanning follow a finding from run to run.
//!
//! [`line_hashes`] computes `primaryLocationLineHash` exactly as GitHub's
//! `upload-sarif` action does when a SARIF result lacks one (codeql-action,
//! `src/fingerprints.ts`; reimplemented here from its description, checked
//! against the values in its tests). For every line it hashes the 100
//! characters starting at the line's first character, where the input is the
//! file read as UTF-8 and taken in UTF-16 code units, spaces and tabs are
//! dropped, `\r\n` and `\r` become `\n`, and the end of the file is a
//! 0xFFFF unit followed by zeros. The hash is the polynomial
//! `sum(c[i] * 37^(99-i))` in wrapping 64-bit arithmetic, written in lower-case
//! hexadecimal without leading zeros; a hash seen before in the same file
//! gets the suffix `:2`, `:3` … (`:1` the first time).
//!
//! [`logical_path_fingerprint`] is our own: rule, file and the finding's
//! logical path (`$.Statement[0].Action`), so it survives edits that move lines.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// Name of the logical-path fingerprint in `partialFingerprints`.
pub const LOGICAL_PATH_KEY: &str = "cloudlintLogicalPath/v1";
/// Name of GitHub's line-hash fingerprint in `partialFingerprints`.
pub const LINE_HASH_KEY: &str = "primaryLocationLineHash";

const BLOCK: usize = 100;
const MULTIPLIER: u64 = 37;
const TAB: u32 = 0x09;
const LF: u32 = 0x0A;
const CR: u32 = 0x0D;
const SPACE: u32 = 0x20;
const END_OF_FILE: u32 = 0xFFFF;

/// The `primaryLocationLineHash` of every line: element `i` is line `i + 1`.
/// `units` is the file as UTF-16 code units (what JavaScript's `charCodeAt` sees).
#[must_use]
pub fn line_hashes(units: impl IntoIterator<Item = u16>) -> Vec<String> {
    let mut h = Hasher::new();
    for u in units {
        h.push(u32::from(u));
    }
    h.push(END_OF_FILE);
    for _ in 0..BLOCK {
        h.flush_one();
    }
    h.out
}

struct Hasher {
    /// The last `BLOCK` characters, a ring indexed by `pos`.
    window: [u32; BLOCK],
    /// The line that starts at each window slot (0: none).
    line_at: [usize; BLOCK],
    pos: usize,
    hash: u64,
    /// `37^BLOCK`: the weight of the character leaving the window.
    leaving_weight: u64,
    line: usize,
    at_line_start: bool,
    after_cr: bool,
    seen: HashMap<u64, u32>,
    out: Vec<String>,
}

impl Hasher {
    fn new() -> Hasher {
        Hasher {
            window: [0; BLOCK],
            line_at: [0; BLOCK],
            pos: 0,
            hash: 0,
            leaving_weight: (0..BLOCK).fold(1u64, |w, _| w.wrapping_mul(MULTIPLIER)),
            line: 0,
            at_line_start: true,
            after_cr: false,
            seen: HashMap::new(),
            out: Vec::new(),
        }
    }

    fn push(&mut self, unit: u32) {
        if unit == SPACE || unit == TAB || (self.after_cr && unit == LF) {
            self.after_cr = false;
            return;
        }
        self.after_cr = unit == CR;
        let unit = if unit == CR { LF } else { unit };
        self.emit_if_line_completes();
        if self.at_line_start {
            self.at_line_start = false;
            self.line += 1;
            if let Some(slot) = self.line_at.get_mut(self.pos) {
                *slot = self.line;
            }
        }
        if unit == LF {
            self.at_line_start = true;
        }
        self.roll(unit);
    }

    /// After the input: shift zeros in until every started line got its hash.
    fn flush_one(&mut self) {
        self.emit_if_line_completes();
        self.roll(0);
    }

    /// The slot about to be overwritten holds the first character of a line
    /// exactly `BLOCK` characters ago: the hash now covers that line's block.
    fn emit_if_line_completes(&mut self) {
        let Some(slot) = self.line_at.get_mut(self.pos) else {
            return;
        };
        if *slot == 0 {
            return;
        }
        *slot = 0;
        let n = self.seen.entry(self.hash).or_insert(0);
        *n += 1;
        self.out.push(format!("{:x}:{n}", self.hash));
    }

    fn roll(&mut self, unit: u32) {
        let Some(slot) = self.window.get_mut(self.pos) else {
            return;
        };
        let leaving = std::mem::replace(slot, unit);
        self.hash = self
            .hash
            .wrapping_mul(MULTIPLIER)
            .wrapping_add(u64::from(unit))
            .wrapping_sub(self.leaving_weight.wrapping_mul(u64::from(leaving)));
        self.pos = (self.pos + 1) % BLOCK;
    }
}

/// A fingerprint of a finding by rule, file and logical path, without a
/// line number: `<32 hex digits>:<n>` where `n` counts earlier findings with
/// the same three in the file (1 for the first).
#[must_use]
pub fn logical_path_fingerprint(
    rule: &str,
    uri: &str,
    logical_path: &str,
    occurrence: u32,
) -> String {
    let mut hasher = Sha256::new();
    for part in [rule, uri, logical_path] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}:{occurrence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<String> {
        line_hashes(text.encode_utf16())
    }

    // Expected values: the test table of codeql-action's `fingerprints.test.ts`.
    #[test]
    fn empty_file() {
        assert_eq!(hashes(""), ["c129715d7a2bc9a3:1"]);
    }

    #[test]
    fn leading_whitespace_is_ignored() {
        assert_eq!(
            hashes(" a\nb\n  \t\tc\n d"),
            [
                "271789c17abda88f:1",
                "54703d4cd895b18:1",
                "180aee12dab6264:1",
                "a23a3dc5e078b07b:1"
            ]
        );
        assert_eq!(
            hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End"),
            [
                "8b7cf3e952e7aeb2:1",
                "b1ae1287ec4718d9:1",
                "bff680108adb0fcc:1",
                "c6805c5e1288b612:1",
                "b86d3392aea1be30:1",
                "e6ceba753e1a442:1"
            ]
        );
    }

    #[test]
    fn every_line_ending_hashes_alike() {
        let expected = [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ];
        for text in [
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        ] {
            assert_eq!(hashes(text), expected, "{text:?}");
        }
    }

    #[test]
    fn repeated_blocks_are_numbered() {
        assert_eq!(
            hashes(&"Lorem ipsum dolor sit amet.\n".repeat(10)),
            [
                "a7f2ff13bc495cf2:1",
                "a7f2ff13bc495cf2:2",
                "a7f2ff13bc495cf2:3",
                "a7f2ff13bc495cf2:4",
                "a7f2ff13bc495cf2:5",
                "a7f2ff13bc495cf2:6",
                "a7f2ff1481e87703:1",
                "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1",
                "c129715d7a2bc9a3:1"
            ]
        );
    }

    #[test]
    fn short_lines() {
        assert_eq!(
            hashes("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n"),
            [
                "e54938cc54b302f1:1",
                "bb609acbe9138d60:1",
                "1131fd5871777f34:1",
                "5c482a0f8b35ea28:1",
                "54517377da7028d2:1",
                "2c644846cb18d53e:1",
                "f1b89f20de0d133:1",
                "c129715d7a2bc9a3:1"
            ]
        );
    }

    #[test]
    fn one_hash_per_line_whatever_the_text() {
        for text in ["a", "a\n", "\n\n", "é😀\r\nx", &"y".repeat(500)] {
            let lines = text.split("\r\n").flat_map(|l| l.split('\n')).count();
            assert_eq!(hashes(text).len(), lines, "{text:?}");
        }
    }

    #[test]
    fn logical_path_fingerprint_ignores_lines_but_not_identity() {
        let a = logical_path_fingerprint("SYN004", "p.json", "$.Statement[0].Effect", 1);
        assert_eq!(
            a,
            logical_path_fingerprint("SYN004", "p.json", "$.Statement[0].Effect", 1)
        );
        assert_ne!(
            a,
            logical_path_fingerprint("SYN004", "q.json", "$.Statement[0].Effect", 1)
        );
        assert_ne!(
            a,
            logical_path_fingerprint("SYN003", "p.json", "$.Statement[0].Effect", 1)
        );
        assert!(a.ends_with(":1") && a.len() == 34);
    }
}
