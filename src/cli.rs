//! Command-line interface: turns arguments into calls to the library and prints the outcome.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::build;
use crate::error::Result;
use crate::load::BuildArgs;

#[derive(Parser)]
#[command(
    name = "loa",
    version,
    about = "Static site generator for public campaigns: a bilingual portal from Markdown",
    long_about = None
)]
struct Cli {
    /// Site folder (the one with site.yaml)
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build {
        /// Output folder
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Publish at this address instead of site.yaml's base_url
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Print the time each build phase took
        #[arg(long)]
        timings: bool,
        /// Colour of print PDFs: cmyk (PDF/X-4, the default) or rgb (screens, hiflex RIPs);
        /// overrides `artwork.colour` in site.yaml
        #[arg(long, value_enum)]
        colour: Option<crate::config::Colour>,
    },
    /// Create a new site in DIR (which must be missing or empty)
    New {
        /// Folder to create
        dir: PathBuf,
    },
    /// Write news: `loa news new --unit ID "Title"` starts a post for a unit
    News {
        #[command(subcommand)]
        command: NewsCommand,
    },
    /// Render slogan artwork (banners, flags, social cards) without building the portal
    Banner {
        /// Slogans to render, by slug or file name (default: all)
        slugs: Vec<String>,
        /// Only these formats (repeatable; default: all configured formats)
        #[arg(short, long = "format")]
        formats: Vec<String>,
        /// Only this language (repeatable; default: all)
        #[arg(short, long = "lang")]
        langs: Vec<String>,
        /// Output folder
        #[arg(short, long, default_value = "banners")]
        output: PathBuf,
        /// Colour of print PDFs: cmyk (PDF/X-4, the default) or rgb (screens, hiflex RIPs);
        /// overrides `artwork.colour` in site.yaml
        #[arg(long, value_enum)]
        colour: Option<crate::config::Colour>,
    },
    /// Render each unit's campaign kit: the year's banners and panos with the unit as organiser,
    /// one zip per unit (PDFs for print, PNGs for sharing, a README)
    Kit {
        /// Unit ids from content/units.yaml (default: every unit)
        units: Vec<String>,
        /// Campaign year (default: the site's current year)
        #[arg(short, long)]
        year: Option<i32>,
        /// Language of the kit (default: the site's first language)
        #[arg(short, long)]
        lang: Option<String>,
        /// Output folder
        #[arg(short, long, default_value = "kits")]
        output: PathBuf,
        /// Colour of print PDFs: cmyk (PDF/X-4, the default) or rgb (screens, hiflex RIPs);
        /// overrides `artwork.colour` in site.yaml
        #[arg(long, value_enum)]
        colour: Option<crate::config::Colour>,
    },
    /// Check the site before publishing: errors a build would stop on, and problems readers
    /// would see (links to missing headings, missing pictures, alt text, captions, oversized
    /// photos, pano preflight, missing translations). Exit status 1 when there are errors.
    Check {
        /// `text` for people, `json` for CI
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site, serve it on 127.0.0.1 and rebuild it (with live reload) on every save
    Serve {
        /// Port to listen on (0 picks a free one)
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback makes the site reachable by others
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Output folder (default: .loa-cache/serve inside the site, so public/ is never
        /// overwritten with localhost links)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Open the site in the default browser once it is built
        #[arg(long)]
        open: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum NewsCommand {
    /// Create a news post (a folder for the text and its photos) for a unit; never overwrites
    New {
        /// The unit's id in content/units.yaml
        #[arg(short, long)]
        unit: String,
        /// Language of the post (default: the site's first language)
        #[arg(short, long)]
        lang: Option<String>,
        /// Date of the activity, YYYY-MM-DD (default: today)
        #[arg(short, long, value_parser = parse_date)]
        date: Option<crate::types::Date>,
        /// Title of the post, in quotes
        title: String,
    },
}

fn parse_date(s: &str) -> std::result::Result<crate::types::Date, String> {
    crate::types::Date::parse(s)
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, e.g. 2023-10-02"))
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check { format, drafts } = cli.command {
        let report = crate::check::check(&BuildArgs {
            root: cli.root,
            output: None,
            base_url: None,
            drafts,
            today: None,
            colour: None,
        });
        match format {
            CheckFormat::Text => eprint!("{}", report.text()),
            CheckFormat::Json => match serde_json::to_string_pretty(&report) {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            },
        }
        return if report.ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            base_url,
            drafts,
            timings,
            colour,
        } => {
            let report = build(&BuildArgs {
                root,
                output,
                base_url,
                drafts,
                today: None,
                colour,
            })?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            if report.skipped {
                eprintln!(
                    "{} is up to date: nothing changed since the last build ({} pages; checked in {} ms)",
                    report.output.display(),
                    report.pages,
                    report.elapsed.as_millis()
                );
                return Ok(());
            }
            eprintln!(
                "built {} pages in {} language{}, {} artworks (+{} static files) into {} in {} ms",
                report.pages,
                report.languages,
                if report.languages == 1 { "" } else { "s" },
                report.artworks,
                report.static_files,
                report.output.display(),
                report.elapsed.as_millis()
            );
            eprintln!(
                "  {} files written, {} unchanged, {} removed",
                report.written, report.unchanged, report.removed
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
                    eprintln!("  {:>8.1} ms {mem}  {phase}", d.as_secs_f64() * 1000.0);
                }
            }
            Ok(())
        }
        Command::Banner {
            slugs,
            formats,
            langs,
            output,
            colour,
        } => {
            let n = crate::artwork::banner(
                &BuildArgs {
                    root,
                    colour,
                    ..Default::default()
                },
                &slugs,
                &formats,
                &langs,
                &output,
            )?;
            eprintln!("rendered {n} files into {}", output.display());
            Ok(())
        }
        Command::Kit {
            units,
            year,
            lang,
            output,
            colour,
        } => {
            let started = std::time::Instant::now();
            let report = crate::kit::kit(
                &BuildArgs {
                    root,
                    colour,
                    ..Default::default()
                },
                &units,
                year,
                lang.as_deref(),
                &output,
            )?;
            eprintln!(
                "{} kits for {} ({} PDFs) in {} in {:.1} s",
                report.kits,
                report.year,
                report.pdfs,
                output.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        // Handled in `main`, which sets the exit status from the report.
        Command::Check { .. } => Ok(()),
        Command::News {
            command:
                NewsCommand::New {
                    unit,
                    lang,
                    date,
                    title,
                },
        } => {
            let file = crate::new::new_news(&crate::new::NewsArgs {
                root: &root,
                unit: &unit,
                lang: lang.as_deref(),
                date,
                title: &title,
            })?;
            let folder = file.parent().unwrap_or(&file);
            eprintln!(
                "created {}\nnext: write the text there, copy the photos into {}/, then run loa serve to see it",
                file.display(),
                folder.display()
            );
            Ok(())
        }
        Command::New { dir } => {
            let n = crate::new::new_site(&dir)?;
            eprintln!(
                "created a new site with {n} files in {}\nnext: cd {} && loa serve",
                dir.display(),
                dir.display()
            );
            Ok(())
        }
        Command::Serve {
            port,
            bind,
            drafts,
            output,
            open,
        } => {
            if !is_loopback(&bind) {
                eprintln!(
                    "warning: listening on {bind}: the site is reachable from other machines on the network"
                );
            }
            crate::serve::serve(crate::serve::ServeArgs {
                build: BuildArgs {
                    root,
                    output,
                    base_url: None,
                    drafts,
                    today: None,
                    colour: None,
                },
                bind,
                port,
                open,
            })
        }
    }
}

fn is_loopback(addr: &str) -> bool {
    addr == "localhost"
        || addr
            .parse::<std::net::IpAddr>()
            .map(|a| a.is_loopback())
            .unwrap_or(false)
}
