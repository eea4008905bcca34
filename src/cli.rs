//! Command-line interface: the verbs and their arguments (clap), and a dispatcher that hands
//! each to its command in `commands/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands;
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
        /// Fail on a broken page of a unit not marked trusted, instead of leaving it out of the
        /// build (and keeping its previous version) with a warning
        #[arg(long)]
        strict: bool,
    },
    /// Create a new site in DIR (which must be missing or empty)
    New {
        /// Folder to create
        dir: PathBuf,
        /// The campaign the starter site runs: a starter of the built-in theme (see the README's
        /// "Another campaign"); the theme's own campaign when not given
        #[arg(long)]
        campaign: Option<String>,
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
enum CheckFormat {
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

/// Parses the command line and runs the command; errors are printed, and set the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        // `loa check` found errors: it has printed them.
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            say!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command the arguments name; `Ok(false)` when it ran but the site is not fit to publish.
fn run(cli: Cli) -> Result<bool> {
    let root = cli.root;
    let args = |colour| BuildArgs {
        root: root.clone(),
        colour,
        ..Default::default()
    };
    match cli.command {
        Command::Build {
            output,
            base_url,
            drafts,
            timings,
            colour,
            strict,
        } => {
            let args = BuildArgs {
                output,
                base_url,
                drafts,
                strict,
                ..args(colour)
            };
            commands::build::run(&args, timings)?;
        }
        Command::Banner {
            slugs,
            formats,
            langs,
            output,
            colour,
        } => commands::banner::run(&args(colour), &slugs, &formats, &langs, &output)?,
        Command::Kit {
            units,
            year,
            lang,
            output,
            colour,
        } => commands::kit::run(&args(colour), &units, year, lang.as_deref(), &output)?,
        Command::Check { format, drafts } => {
            // Checking before publishing reports every problem, quarantined ones included.
            let args = BuildArgs {
                drafts,
                strict: true,
                ..args(None)
            };
            return commands::check::run(&args, matches!(format, CheckFormat::Json));
        }
        Command::News {
            command:
                NewsCommand::New {
                    unit,
                    lang,
                    date,
                    title,
                },
        } => commands::news::run(&crate::new::NewsArgs {
            root: &root,
            unit: &unit,
            lang: lang.as_deref(),
            date,
            title: &title,
        })?,
        Command::New { dir, campaign } => commands::new::run(&dir, campaign.as_deref())?,
        Command::Serve {
            port,
            bind,
            drafts,
            output,
            open,
        } => commands::serve::run(crate::serve::ServeArgs {
            build: BuildArgs {
                output,
                drafts,
                ..args(None)
            },
            bind,
            port,
            open,
        })?,
    }
    Ok(true)
}
