//! `loa serve`: build, serve on loopback, rebuild on every save.

use crate::error::Result;
use crate::serve::ServeArgs;

pub(crate) fn run(args: ServeArgs) -> Result<()> {
    if !is_loopback(&args.bind) {
        say!(
            "warning: listening on {}: the site is reachable from other machines on the network",
            args.bind
        );
    }
    crate::serve::serve(args)
}

fn is_loopback(addr: &str) -> bool {
    addr == "localhost"
        || addr
            .parse::<std::net::IpAddr>()
            .map(|a| a.is_loopback())
            .unwrap_or(false)
}
