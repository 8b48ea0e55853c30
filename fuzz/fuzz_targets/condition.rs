//! Fuzz target `condition`: see `cloudlint::fuzzing::condition_target`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cloudlint::fuzzing::condition_target(data));
