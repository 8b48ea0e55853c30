//! Fuzz target `yaml`: see `cloudlint::fuzzing::yaml_target`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cloudlint::fuzzing::yaml_target(data));
