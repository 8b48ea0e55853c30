//! Fuzz target `pipeline`: see `cloudlint::fuzzing::pipeline_target`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cloudlint::fuzzing::pipeline_target(data));
