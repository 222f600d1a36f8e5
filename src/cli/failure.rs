//! How a failed command is told to a person: one line holding each cause once, and
//! whether the failure was only a reader that stopped early (`rolo … | head`), which is
//! not a failure at all. `main` and the TUI's `:` prompt both print through here; this
//! module decides wording, never exit codes.

use std::io::ErrorKind;

/// The error as one line: the message, then each underlying cause that the message does
/// not already say. Our errors put the OS error into their own text ("crm.redb:
/// Permission denied (os error 13); check …") and also keep it as their `source` so
/// callers can match on it; printing the whole chain naively would say it twice.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Whether `e` comes from writing to a closed pipe: the reader of our stdout exited.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return io.kind() == ErrorKind::BrokenPipe;
        }
        // serde_json and csv keep the io::Error inside without exposing it as a source.
        if let Some(json) = c.downcast_ref::<serde_json::Error>() {
            return json.io_error_kind() == Some(ErrorKind::BrokenPipe);
        }
        if let Some(csv) = c.downcast_ref::<csv::Error>() {
            return matches!(csv.kind(), csv::ErrorKind::Io(io) if io.kind() == ErrorKind::BrokenPipe);
        }
        false
    }) || super::stdout::closed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_error_kept_as_source_and_in_the_message_is_said_once() {
        let source = std::io::Error::from_raw_os_error(13);
        let e: anyhow::Error = crate::error::Error::Access {
            path: "/srv/crm/crm.redb".into(),
            source,
        }
        .into();
        let line = one_line(&e);
        assert_eq!(line.matches("os error 13").count(), 1, "{line}");
        assert!(line.contains("/srv/crm/crm.redb"), "{line}");
    }

    #[test]
    fn context_and_a_new_cause_are_both_said() {
        let e = anyhow::Error::from(std::io::Error::from_raw_os_error(2))
            .context("reading the message from stdin");
        let line = one_line(&e);
        assert!(
            line.starts_with("reading the message from stdin: "),
            "{line}"
        );
        assert!(line.contains("os error 2"), "{line}");
    }

    #[test]
    fn a_broken_pipe_is_recognised_through_wrappers() {
        let io = || std::io::Error::from(ErrorKind::BrokenPipe);
        assert!(is_closed_pipe(
            &anyhow::Error::from(io()).context("writing")
        ));
        let json = serde_json::Error::io(io());
        assert!(is_closed_pipe(&json.into()));
        let csv = csv::Error::from(io());
        assert!(is_closed_pipe(&csv.into()));
    }
}
