#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cloudlint::cli::Cli::parse();
    std::process::ExitCode::from(cloudlint::cli::main_with(cli))
}
