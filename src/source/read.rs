//! Reading a file safely: size limit, binary detection, and decoding.
//!
//! Text is UTF-8. A UTF-8 byte-order mark is dropped; UTF-16 files with a BOM
//! are decoded (and noted), because editors on Windows write them and AWS
//! tools read them. Anything else that is not UTF-8 is an error with the
//! position of the first bad byte.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::span::Span;

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub message: String,
    /// Where in the (partially decoded) text the problem is, when it has a place.
    pub span: Span,
    /// The text decoded so far, so that a position can be shown.
    pub text: String,
}

/// How a file's bytes became its text. Reports need it to give byte offsets
/// into the file itself (SARIF `byteOffset`) and to hash lines the way
/// GitHub's upload action does (it reads the raw file as UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    /// UTF-8 after a byte-order mark, which was dropped: offsets in the file are 3 more.
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// A decoded file.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// A note about the decoding (UTF-16 input), shown with the findings.
    pub note: Option<String>,
}

/// Reads at most `max_size` bytes of `path`; larger files are refused without
/// reading them whole.
///
/// # Errors
/// I/O failures, files over the limit, binary or non-UTF-8 content.
pub fn read_file(path: &Path, max_size: u64) -> Result<Decoded, ReadError> {
    // Look before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path)
        .map_err(|e| plain(format!("cannot read the file: {}", io_reason(&e))))?;
    if !meta.is_file() {
        return Err(plain(
            "not a regular file (a FIFO, socket or device is not linted)".to_string(),
        ));
    }
    if meta.len() > max_size {
        return Err(plain(format!(
            "the file is {} bytes, over the limit of {max_size} bytes; raise `limits.max-file-size` to lint it",
            meta.len()
        )));
    }
    let file =
        File::open(path).map_err(|e| plain(format!("cannot open the file: {}", io_reason(&e))))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| plain(format!("cannot read the file: {}", io_reason(&e))))?;
    if bytes.len() as u64 > max_size {
        return Err(plain(format!(
            "the file grew past the limit of {max_size} bytes while being read"
        )));
    }
    decode(bytes)
}

fn plain(message: String) -> ReadError {
    ReadError {
        message,
        span: Span::EMPTY,
        text: String::new(),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => e.to_string(),
    }
}

/// Decodes file bytes to text.
///
/// # Errors
/// Binary content, invalid UTF-8 or invalid UTF-16.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, ReadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest.to_vec()).map(|d| Decoded {
            encoding: Encoding::Utf8Bom,
            ..d
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes, "UTF-16LE").map(|d| Decoded {
            encoding: Encoding::Utf16Le,
            ..d
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes, "UTF-16BE").map(|d| Decoded {
            encoding: Encoding::Utf16Be,
            ..d
        });
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: Vec<u8>) -> Result<Decoded, ReadError> {
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = text.find('\0') {
                return Err(ReadError {
                    message: "the file contains a NUL byte: it is binary, not a text configuration"
                        .to_string(),
                    span: Span::new(nul, nul + 1),
                    text: text.get(..nul).unwrap_or("").to_string(),
                });
            }
            Ok(Decoded {
                text,
                encoding: Encoding::Utf8,
                note: None,
            })
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or(&[])).into_owned();
            let looks_binary = bytes.iter().take(8192).any(|&b| b == 0);
            let message = if looks_binary {
                "the file is binary, not a text configuration".to_string()
            } else {
                format!(
                    "the file is not valid UTF-8: byte 0x{:02X} at offset {valid} starts no character (save the file as UTF-8)",
                    bytes.get(valid).copied().unwrap_or(0)
                )
            };
            Err(ReadError {
                message,
                span: Span::at(prefix.len()),
                text: prefix,
            })
        }
    }
}

fn decode_utf16(bytes: &[u8], word: fn([u8; 2]) -> u16, name: &str) -> Result<Decoded, ReadError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(plain(format!(
            "the file starts with a {name} byte-order mark but has an odd number of bytes"
        )));
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| {
            word([
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
            ])
        })
        .collect();
    let mut text = String::with_capacity(units.len());
    for ch in char::decode_utf16(units) {
        match ch {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(ReadError {
                    message: format!("the file is not valid {name}: an unpaired surrogate"),
                    span: Span::at(text.len()),
                    text,
                });
            }
        }
    }
    Ok(Decoded {
        text,
        encoding: Encoding::Utf16Le,
        note: Some(format!(
            "the file is encoded as {name}; it was decoded for linting, but most AWS tools expect UTF-8"
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBF{}".to_vec());
        assert_eq!(
            d.map(|d| (d.text, d.encoding)),
            Ok(("{}".to_string(), Encoding::Utf8Bom))
        );
    }

    #[test]
    fn decodes_utf16le_with_a_note() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "{\"a\":1}".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(bytes);
        assert_eq!(d.as_ref().map(|d| d.text.as_str()), Ok("{\"a\":1}"));
        assert!(d.is_ok_and(|d| d.note.is_some()));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let e = decode(b"{\"a\": \"\xFF\"}".to_vec());
        assert!(e.is_err_and(|e| e.message.contains("offset 7") && e.span.start == 7));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let e = decode(b"\x00\x01\x02".to_vec());
        assert!(e.is_err_and(|e| e.message.contains("binary")));
    }
}
