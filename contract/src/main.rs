//! The contract run of the vendor SDKs committed under `generated/`; see the
//! library's documentation for what it checks.

use std::process::ExitCode;

fn main() -> ExitCode {
    contract::main(&[contract::sdk!(ringcentral), contract::sdk!(portsip)])
}
