//! Fuzz target `json`: see `cloudlint::fuzzing::json_target`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cloudlint::fuzzing::json_target(data));
