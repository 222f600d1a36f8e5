//! Running a command typed at the TUI's `:` prompt: the same clap definitions and
//! handlers as the command line, with output captured for the status bar, plus Tab
//! completion of subcommands, flags, stage names and record ids.

use clap::{CommandFactory, Parser};

use super::output::Format;
use super::{Cli, Command, Ctx};
use crate::config::Settings;
use crate::model::{Deal, Kind, Pipeline, RecordId};
use crate::store::{Queries, Store};

/// Runs one command line (without the leading `rolo`) against `store`; returns what it
/// printed, or the error as one line.
pub fn run_line(store: &Store, settings: &Settings, line: &str) -> Result<String, String> {
    let mut words =
        shlex::split(line).ok_or_else(|| "unbalanced quotes in the command".to_string())?;
    if words.first().is_some_and(|w| w == "rolo") {
        words.remove(0);
    }
    if words.is_empty() {
        return Err("type a command, e.g. deal move D-17 negotiation (Tab completes)".into());
    }
    let printed = run_words(store, settings, words)?;
    let mut text = printed.out;
    text.push_str(&printed.notes);
    match printed.result {
        Ok(()) => Ok(text.trim_end().to_string()),
        Err(e) => Err(e),
    }
}

/// What a command run inside another face printed, and how it ended.
#[derive(Debug)]
pub struct Printed {
    /// Its data (stdout): JSON when the words asked for `--json`.
    pub out: String,
    /// Its notes for people (stderr).
    pub notes: String,
    /// Success, or the error as one line.
    pub result: Result<(), String>,
}

/// Runs one command given as words (without the leading `rolo`), the way the TUI's `:`
/// prompt and the MCP server do: the CLI's own parser and handlers, output captured.
/// `Err` when the words do not parse or name a command that only runs from the shell.
pub fn run_words(
    store: &Store,
    settings: &Settings,
    words: Vec<String>,
) -> Result<Printed, String> {
    let cli =
        Cli::try_parse_from(std::iter::once("rolo".to_string()).chain(words)).map_err(|e| {
            let text = e.render().to_string();
            text.lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("bad command")
                .trim_start_matches("error: ")
                .to_string()
        })?;
    if cli.db.is_some() {
        return Err("--db cannot change the database from inside the TUI".into());
    }
    let command = match cli.command {
        None
        | Some(
            Command::Demo(_)
            | Command::Doctor(_)
            | Command::CheckConfig
            | Command::Init(_)
            | Command::Completions(_)
            | Command::Man(_)
            | Command::Mcp(_),
        ) => {
            return Err("that command runs from the shell, not the : prompt".into());
        }
        Some(c) => c,
    };
    let format = if cli.json {
        Format::Json
    } else if cli.csv {
        Format::Csv
    } else {
        Format::Table
    };
    let mut out = Vec::new();
    let mut err = Vec::new();
    store.set_allow_erased(cli.allow_erased);
    let result = {
        let ctx = Ctx::with_output(
            store,
            settings,
            format,
            Box::new(&mut out),
            Box::new(&mut err),
        );
        super::run(&ctx, command)
    };
    store.set_allow_erased(false);
    Ok(Printed {
        out: String::from_utf8_lossy(&out).into_owned(),
        notes: String::from_utf8_lossy(&err).into_owned(),
        result: result.map_err(|e| super::failure::one_line(&e)),
    })
}

/// Completions for the last word of `line`: subcommands, flags, stage names after
/// `deal move ID`, statuses and priorities after `ticket status|priority S-N`, and
/// record ids (`D-1` → `D-1`, `D-12`, ...). Returns whole replacement words.
pub fn complete(store: &Store, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let current = if line.ends_with(char::is_whitespace) {
        ""
    } else {
        words.last().copied().unwrap_or("")
    };
    let before: Vec<&str> = if current.is_empty() {
        words.clone()
    } else {
        words[..words.len().saturating_sub(1)].to_vec()
    };
    let root = Cli::command();
    let mut cmd = &root;
    for w in &before {
        if let Some(sub) = cmd
            .get_subcommands()
            .find(|s| s.get_name() == *w || s.get_all_aliases().any(|a| a == *w))
        {
            cmd = sub;
        }
    }
    let mut out: Vec<String> = Vec::new();
    if current.starts_with('-') {
        out.extend(
            cmd.get_arguments()
                .filter_map(|a| a.get_long())
                .map(|l| format!("--{l}"))
                .filter(|l| l.starts_with(current)),
        );
    } else if let [.., "deal", "move", id] = before.as_slice() {
        let want = current.trim_start_matches('"').to_lowercase();
        out.extend(
            stage_names(store, id)
                .into_iter()
                .filter(|s| s.trim_start_matches('"').to_lowercase().starts_with(&want)),
        );
    } else if let [.., "ticket" | "tickets", "status", _] = before.as_slice() {
        out.extend(
            crate::model::TicketStatus::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .filter(|s| s.starts_with(current)),
        );
    } else if let [.., "ticket" | "tickets", "priority", _] = before.as_slice() {
        out.extend(
            crate::model::TicketPriority::ALL
                .iter()
                .map(|p| p.as_str().to_string())
                .filter(|p| p.starts_with(current)),
        );
    } else if let Ok(prefix) = id_prefix(current) {
        out.extend(ids(store, prefix.0, prefix.1));
    } else {
        out.extend(
            cmd.get_subcommands()
                .map(|s| s.get_name().to_string())
                .filter(|n| n.starts_with(current) && n != "help"),
        );
    }
    out.sort();
    out.dedup();
    out.truncate(30);
    out
}

fn stage_names(store: &Store, deal: &str) -> Vec<String> {
    let Ok(id) = RecordId::parse_as(deal, Kind::Deal) else {
        return Vec::new();
    };
    let Ok(r) = store.read() else {
        return Vec::new();
    };
    r.get::<Deal>(id)
        .ok()
        .flatten()
        .and_then(|d| r.get::<Pipeline>(d.pipeline).ok().flatten())
        .map(|p| {
            p.stages
                .iter()
                .map(|s| {
                    if s.name.contains(' ') {
                        format!("\"{}\"", s.name)
                    } else {
                        s.name.clone()
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `D-1` → (deal, "1"); `D-` → (deal, "").
fn id_prefix(word: &str) -> Result<(Kind, &str), ()> {
    let mut chars = word.chars();
    let kind = match chars.next().map(|c| c.to_ascii_uppercase()) {
        Some('C') => Kind::Contact,
        Some('O') => Kind::Company,
        Some('D') => Kind::Deal,
        Some('A') => Kind::Activity,
        Some('T') => Kind::Task,
        Some('P') => Kind::Pipeline,
        Some('S') => Kind::Ticket,
        _ => return Err(()),
    };
    let digits = chars.as_str().strip_prefix('-').ok_or(())?;
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok((kind, digits))
    } else {
        Err(())
    }
}

fn ids(store: &Store, kind: Kind, digits: &str) -> Vec<String> {
    let Ok(r) = store.read() else {
        return Vec::new();
    };
    let count = r.meta(&format!("next_id.{}", kind.noun())).unwrap_or(0);
    let mut out = Vec::new();
    // Newest ids first: the record someone just created is the likeliest target.
    let mut id = count.saturating_sub(1);
    while id > 0 && out.len() < 30 {
        let s = id.to_string();
        if s.starts_with(digits) && r.exists(RecordId::new(kind, id)).unwrap_or(false) {
            out.push(RecordId::new(kind, id).to_string());
        }
        id -= 1;
        if count - id > 5000 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenOptions;

    #[test]
    fn runs_cli_commands_and_completes_words() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(OpenOptions::new(dir.path().join("crm.redb"))).unwrap();
        let settings = Settings::default();
        let out = run_line(&store, &settings, "deal add \"Acme deal\" --value 5k").unwrap();
        assert!(out.contains("added deal D-1 Acme deal"), "{out}");
        let out = run_line(&store, &settings, "deal move D-1 neg").unwrap();
        assert!(out.contains("Negotiation"), "{out}");
        let err = run_line(&store, &settings, "deal move D-9 neg").unwrap_err();
        assert!(err.contains("D-9 does not exist"), "{err}");
        assert!(run_line(&store, &settings, "frobnicate").is_err());
        assert!(run_line(&store, &settings, "deal add \"unbalanced").is_err());
        assert!(run_line(&store, &settings, "demo").is_err());

        assert!(complete(&store, "de").contains(&"deal".to_string()));
        assert!(complete(&store, "deal mo").contains(&"move".to_string()));
        assert!(complete(&store, "deal move D-1 ne").contains(&"Negotiation".to_string()));
        assert!(complete(&store, "deal move D-1 pro").contains(&"\"Proposal Sent\"".to_string()));
        assert_eq!(complete(&store, "deal show D-"), vec!["D-1".to_string()]);
        assert!(complete(&store, "deal add x --va").contains(&"--value".to_string()));

        assert!(complete(&store, "tic").contains(&"ticket".to_string()));
        let out = run_line(&store, &settings, "ticket add \"Login fails\"").unwrap();
        assert!(out.contains("S-1"), "{out}");
        assert_eq!(complete(&store, "ticket show S-"), vec!["S-1".to_string()]);
        assert_eq!(
            complete(&store, "ticket status S-1 o"),
            vec!["on-hold".to_string(), "open".to_string()]
        );
        assert_eq!(
            complete(&store, "ticket priority S-1 "),
            ["high", "low", "normal", "urgent"]
                .map(String::from)
                .to_vec()
        );
    }
}
