//! `loa check`: the report of `crate::check`, for people or as JSON for CI. Returns whether the
//! site is fit to publish (no errors), which sets the exit status.

use crate::error::{Error, Result};
use crate::load::BuildArgs;

pub(crate) fn run(args: &BuildArgs, json: bool) -> Result<bool> {
    let report = match crate::load::load(args) {
        Ok((site, theme)) => crate::check::check(&site, &theme),
        Err(e) => crate::check::not_loaded(&e),
    };
    if json {
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| Error::Other(e.to_string()))?;
        tell!("{text}");
    } else {
        // The report ends in a newline of its own.
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), "{}", report.text());
    }
    Ok(report.ok())
}
