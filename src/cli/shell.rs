//! `rolo completions SHELL` and `rolo man`: shell completion scripts and manual pages,
//! generated from the same clap definitions that parse the command line, so they never
//! drift from it. Neither opens the database.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, CommandFactory};

use super::Cli;

/// `rolo completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `rolo man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command into this folder (rolo.1, rolo-contact.1,
    /// rolo-contact-add.1, ...) instead of printing rolo(1).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Writes the completion script for `a.shell` to `out`.
pub fn completions(a: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    // clap_complete panics on a write error: render to memory, then write.
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "rolo", &mut script);
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}

/// Prints rolo(1) to `out`, or with `--out DIR` writes a page per command there.
pub fn man(a: &ManArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let pages = man_pages();
    let Some(dir) = &a.out else {
        // The first page is the top-level one.
        if let Some(top) = pages.into_iter().next() {
            let mut roff = Vec::new();
            clap_mangen::Man::new(top).render(&mut roff)?;
            out.write_all(&roff)?;
        }
        out.flush()?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "{}: cannot create the folder for the man pages; pick another with --out",
            dir.display()
        )
    })?;
    let count = pages.len();
    for page in pages {
        write_page(dir, clap_mangen::Man::new(page))?;
    }
    writeln!(
        out,
        "wrote {count} man pages to {}; read one with `man -l {}`",
        dir.display(),
        dir.join("rolo.1").display()
    )?;
    Ok(())
}

fn write_page(dir: &Path, man: clap_mangen::Man) -> anyhow::Result<()> {
    let path = dir.join(man.get_filename());
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    std::fs::write(&path, roff).with_context(|| {
        format!(
            "{}: cannot write the man page; check the folder's permissions",
            path.display()
        )
    })
}

/// The command tree as man pages: rolo first, then every visible subcommand at every
/// depth (built, so each knows its full name, e.g. `rolo-contact-add`). The `help`
/// subcommands are left out: `rolo help` is the same text as `--help`.
pub fn man_pages() -> Vec<clap::Command> {
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let mut pages = Vec::new();
    collect(&top, &mut pages);
    pages
}

fn collect(cmd: &clap::Command, pages: &mut Vec<clap::Command>) {
    pages.push(cmd.clone());
    for sub in cmd.get_subcommands() {
        if !sub.is_hide_set() && sub.get_name() != "help" {
            collect(sub, pages);
        }
    }
}
