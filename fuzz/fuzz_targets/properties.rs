//! Fuzz target `properties`: see `cloudlint::fuzzing::properties_target`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cloudlint::fuzzing::properties_target(data));
