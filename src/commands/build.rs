//! `loa build`: the whole site into the output folder, and a summary of what changed.

use crate::error::Result;
use crate::load::BuildArgs;

pub(crate) fn run(args: &BuildArgs, timings: bool) -> Result<()> {
    let report = crate::pipeline::build(args)?;
    for w in &report.warnings {
        say!("warning: {w}");
    }
    if report.skipped {
        say!(
            "{} is up to date: nothing changed since the last build ({} pages; checked in {} ms)",
            report.output.display(),
            report.pages,
            report.elapsed.as_millis()
        );
        return Ok(());
    }
    say!(
        "built {} pages in {} language{}, {} artworks (+{} static files) into {} in {} ms",
        report.pages,
        report.languages,
        if report.languages == 1 { "" } else { "s" },
        report.artworks,
        report.static_files,
        report.output.display(),
        report.elapsed.as_millis()
    );
    say!(
        "  {} files written, {} unchanged, {} removed",
        report.written,
        report.unchanged,
        report.removed
    );
    if timings {
        for (i, (phase, d)) in report.timings.iter().enumerate() {
            let mem = report
                .memory
                .get(i)
                .copied()
                .flatten()
                .map(|b| format!("{:>6.0} MiB", b as f64 / 1048576.0))
                .unwrap_or_default();
            say!("  {:>8.1} ms {mem}  {phase}", d.as_secs_f64() * 1000.0);
        }
    }
    Ok(())
}
