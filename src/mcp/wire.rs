//! The stdio framing under the server: one JSON-RPC message per line each way. A
//! thread reads stdin and hands whole lines to rmcp; it answers a line that is not
//! JSON with a JSON-RPC parse error and a line over [`MAX_LINE`] bytes with an invalid
//! request error (rmcp alone would drop both silently, leaving the client waiting), and
//! drops a half-written line when stdin closes, which ends the server cleanly. One task
//! owns stdout, so replies and these errors never interleave within a line.

use std::io::BufRead;

use rmcp::ServiceExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use super::server::Rolo;

/// The longest message accepted: no tool argument needs more.
pub const MAX_LINE: usize = 1 << 20;

/// What the stdin reader passes on.
enum Inbound {
    /// A well-formed JSON line for rmcp.
    Message(Vec<u8>),
    /// An error reply to write as is.
    Reply(String),
}

/// Runs `server` on stdin and stdout until stdin closes.
pub async fn serve_stdio(server: Rolo) -> anyhow::Result<()> {
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (tx, rx) = mpsc::channel::<Inbound>(32);
    std::thread::Builder::new()
        .name("mcp-stdin".into())
        .spawn(move || read_stdin(std::io::stdin().lock(), &tx))?;
    let (server_read, _) = tokio::io::split(server_in);
    let (_, server_write) = tokio::io::split(server_out);
    let (replies_tx, replies_rx) = mpsc::unbounded_channel::<String>();
    let feeding = tokio::spawn(feed(rx, to_server, replies_tx));
    let writing = tokio::spawn(write_stdout(from_server, replies_rx));
    let outcome = match server.serve((server_read, server_write)).await {
        Ok(running) => running
            .waiting()
            .await
            .map(|_| ())
            .map_err(anyhow::Error::from),
        // The peer left before (or while) initialising: nothing to serve.
        Err(e) => {
            eprintln!("rolo mcp: the session ended before it began: {e}");
            Ok(())
        }
    };
    feeding.abort();
    let _ = writing.await;
    outcome
}

/// Reads stdin line by line, at most [`MAX_LINE`] bytes each, until it closes.
fn read_stdin(mut input: impl BufRead, tx: &mpsc::Sender<Inbound>) {
    let mut line = Vec::new();
    loop {
        line.clear();
        let mut over = false;
        let complete = loop {
            let buf = match input.fill_buf() {
                Ok([]) => break false,
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break false,
            };
            let (take, ends) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if !over {
                if line.len() + take > MAX_LINE + 1 {
                    over = true;
                    line.clear();
                } else {
                    line.extend_from_slice(&buf[..take]);
                }
            }
            input.consume(take);
            if ends {
                break true;
            }
        };
        if !complete {
            // stdin closed; a message without its newline is incomplete: drop it.
            return;
        }
        let item = if over {
            Some(Inbound::Reply(error_reply(
                -32600,
                &format!("Invalid Request: a message is limited to {MAX_LINE} bytes"),
            )))
        } else {
            classify(&line)
        };
        if let Some(item) = item
            && tx.blocking_send(item).is_err()
        {
            return;
        }
    }
}

/// A blank line is skipped; JSON goes to rmcp; anything else earns a parse error.
fn classify(line: &[u8]) -> Option<Inbound> {
    let text = line.trim_ascii();
    if text.is_empty() {
        return None;
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(text) {
        Ok(_) => {
            let mut message = text.to_vec();
            message.push(b'\n');
            Some(Inbound::Message(message))
        }
        Err(e) => Some(Inbound::Reply(error_reply(
            -32700,
            &format!("Parse error: {e}"),
        ))),
    }
}

/// A JSON-RPC error response with a null id (the request's id could not be read).
fn error_reply(code: i64, message: &str) -> String {
    serde_json::json!({"jsonrpc": "2.0", "id": null, "error": {"code": code, "message": message}})
        .to_string()
}

/// Passes messages to rmcp and error replies to the stdout writer; closing the
/// server's input when stdin has closed.
async fn feed(
    mut rx: mpsc::Receiver<Inbound>,
    mut to_server: tokio::io::DuplexStream,
    replies: mpsc::UnboundedSender<String>,
) {
    while let Some(item) = rx.recv().await {
        match item {
            Inbound::Message(m) => {
                if to_server.write_all(&m).await.is_err() {
                    break;
                }
            }
            Inbound::Reply(r) => {
                let _ = replies.send(r);
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// Writes rmcp's messages and the framing's error replies to stdout, whole lines at a
/// time, until the server's output ends.
async fn write_stdout(
    from_server: tokio::io::DuplexStream,
    mut replies: mpsc::UnboundedReceiver<String>,
) {
    let mut stdout = tokio::io::stdout();
    let mut lines = tokio::io::BufReader::new(from_server).lines();
    loop {
        let line = tokio::select! {
            line = lines.next_line() => match line {
                Ok(Some(l)) => l,
                _ => break,
            },
            Some(reply) = replies.recv() => reply,
        };
        if stdout.write_all(line.as_bytes()).await.is_err()
            || stdout.write_all(b"\n").await.is_err()
            || stdout.flush().await.is_err()
        {
            return;
        }
    }
    while let Ok(reply) = replies.try_recv() {
        let _ = stdout.write_all(format!("{reply}\n").as_bytes()).await;
    }
    let _ = stdout.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8]) -> Vec<String> {
        let (tx, mut rx) = mpsc::channel(64);
        read_stdin(std::io::BufReader::new(input), &tx);
        drop(tx);
        let mut out = Vec::new();
        while let Ok(item) = rx.try_recv() {
            out.push(match item {
                Inbound::Message(m) => format!("msg {}", String::from_utf8_lossy(&m).trim()),
                Inbound::Reply(r) => format!("reply {r}"),
            });
        }
        out
    }

    #[test]
    fn lines_are_passed_on_answered_or_dropped() {
        let mut input = b"{\"a\":1}\n\n{not json\n".to_vec();
        input.extend(vec![b' '; MAX_LINE + 10]);
        input.extend(b"\n[2]\n{\"half\":");
        let got = read_all(&input);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], "msg {\"a\":1}");
        assert!(got[1].contains("-32700"), "{got:?}");
        assert!(got[2].contains("-32600"), "{got:?}");
        assert_eq!(got[3], "msg [2]");
    }
}
