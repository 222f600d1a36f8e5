//! Building the command line a tool runs: `rolo <command> --json --flag=value -- ARGS`.
//! Every option is written `--flag=value` and every positional after `--`, so a value
//! an agent sends ("--db=/etc/x", "-rf") is always a value, never a flag. Values lose
//! terminal escape sequences on the way in, so an agent cannot store one.

use crate::model::text::strip_escapes;

/// The words of one CLI command, without the leading `rolo`.
#[derive(Debug, Default)]
pub struct Words {
    head: Vec<String>,
    tail: Vec<String>,
}

impl Words {
    /// The command (`["deal", "list"]`) with `--json`.
    pub fn new(command: &[&str]) -> Words {
        let mut head: Vec<String> = command.iter().map(|w| w.to_string()).collect();
        head.push("--json".into());
        Words {
            head,
            tail: Vec::new(),
        }
    }

    /// `--flag=value` when there is a value.
    pub fn opt(mut self, flag: &str, value: Option<impl ToString>) -> Words {
        if let Some(v) = value {
            self.head
                .push(format!("--{flag}={}", strip_escapes(&v.to_string())));
        }
        self
    }

    /// `--flag=value` once per value.
    pub fn opts(mut self, flag: &str, values: &[String]) -> Words {
        for v in values {
            self.head.push(format!("--{flag}={}", strip_escapes(v)));
        }
        self
    }

    /// `--flag` when `on`.
    pub fn flag(mut self, flag: &str, on: bool) -> Words {
        if on {
            self.head.push(format!("--{flag}"));
        }
        self
    }

    /// A positional argument.
    pub fn arg(mut self, value: impl Into<String>) -> Words {
        let value: String = value.into();
        self.tail.push(strip_escapes(&value).into_owned());
        self
    }

    /// The words to parse.
    pub fn into_vec(self) -> Vec<String> {
        let mut all = self.head;
        if !self.tail.is_empty() {
            all.push("--".into());
            all.extend(self.tail);
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_never_become_flags() {
        let w = Words::new(&["deal", "move"])
            .opt("reason", Some("--db=/tmp/x"))
            .opt("owner", None::<String>)
            .flag("rotting", true)
            .arg("D-1")
            .arg("-rf")
            .into_vec();
        assert_eq!(
            w,
            [
                "deal",
                "move",
                "--json",
                "--reason=--db=/tmp/x",
                "--rotting",
                "--",
                "D-1",
                "-rf"
            ]
        );
    }
}
