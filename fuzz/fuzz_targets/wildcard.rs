//! Fuzz target `wildcard`: see `cloudlint::fuzzing::wildcard_target`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cloudlint::fuzzing::wildcard_target(data));
