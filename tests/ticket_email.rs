//! The service desk by email, through the binary as a mail hook and an agent use it:
//! mail to a support address opens a ticket; replies thread onto it by In-Reply-To,
//! References or (from the requester and cc only) an `[S-1]` subject token, reopening
//! a waiting ticket and following up a closed one; auto-replies, bounces and lists
//! never open or move a ticket; our Sent copy counts as the agent's reply; imports are
//! idempotent; `rolo ticket reply --send` pipes a threaded message to `send_command`.
//! Fixtures: tests/fixtures/tickets/.

mod cli_common;

use std::path::{Path, PathBuf};

use cli_common::Rolo;
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tickets")
        .join(name)
        .display()
        .to_string()
}

/// A desk at acme.io: sam's own address, two support addresses (one in capitals, as
/// people write them), and `extra` config lines.
fn desk(extra: &str) -> Rolo {
    let r = Rolo::new();
    let config = r.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!(
            "emails = [\"sam@acme.io\"]\nsupport_emails = [\"support@acme.io\", \"Help@Acme.io\"]\n{extra}"
        ),
    )
    .unwrap();
    r
}

/// `rolo log-email FIXTURE`: its output.
fn mail(r: &Rolo, name: &str) -> String {
    r.ok(&["log-email", &fixture(name)])
}

/// Runs as sam with the clock at `when` (an agent acting before the mail that follows).
fn at(r: &Rolo, when: &str, args: &[&str]) -> String {
    let out = r.cmd(args).env("ROLO_NOW", when).output().unwrap();
    assert!(
        out.status.success(),
        "rolo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Monday afternoon, after the first message and before the customer answers.
const MONDAY: &str = "2026-11-23T15:00:00Z";

fn ticket(r: &Rolo, id: &str) -> Value {
    r.json(&["ticket", "show", id])
}

fn tickets(r: &Rolo) -> usize {
    r.json(&["ticket", "list", "--status", "all"])
        .as_array()
        .map_or(0, Vec::len)
}

/// The thread as `ticket show` lists it: (who, subject) in time order.
fn thread(r: &Rolo, id: &str) -> Vec<(String, String)> {
    r.ok(&["ticket", "show", id])
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let (_day, _time, who, aid) = (w.next()?, w.next()?, w.next()?, w.next()?);
            if !aid.starts_with("A-") || !["customer", "reply", "note"].contains(&who) {
                return None;
            }
            Some((who.to_string(), w.collect::<Vec<_>>().join(" ")))
        })
        .collect()
}

#[test]
fn a_first_email_opens_a_ticket_for_its_sender_with_the_others_on_cc() {
    let r = desk("");
    let out = mail(&r, "first.eml");
    assert!(
        out.starts_with("opened S-1: A-1 \"Login fails on the dashboard\""),
        "{out}"
    );
    assert!(out.contains("created contact C-1"), "{out}");
    let t = ticket(&r, "S-1");
    assert_eq!(t["subject"], "Login fails on the dashboard");
    assert_eq!(t["requester"], "C-1");
    assert_eq!(t["channel"], "email");
    assert_eq!(t["status"], "new");
    // Help@Acme.io is the desk's own (case does not matter); Ana is copied.
    assert_eq!(t["cc"], serde_json::json!(["ana@globex.io"]));
    assert_eq!(
        thread(&r, "S-1"),
        [("customer".into(), "Login fails on the dashboard".into())]
    );
    let kim = r.json(&["contact", "show", "C-1"]);
    assert_eq!(kim["name"], "Kim Lee");
}

#[test]
fn a_gmail_reply_threads_by_in_reply_to_and_reopens_a_pending_ticket() {
    let r = desk("");
    mail(&r, "first.eml");
    at(
        &r,
        MONDAY,
        &[
            "ticket",
            "reply",
            "S-1",
            "Could you clear your cookies?",
            "--status",
            "pending",
        ],
    );
    assert_eq!(ticket(&r, "S-1")["status"], "pending");
    let out = mail(&r, "gmail_reply.eml");
    assert!(out.starts_with("threaded onto S-1 (reopened)"), "{out}");
    let t = ticket(&r, "S-1");
    assert_eq!(t["status"], "open");
    assert_eq!(tickets(&r), 1);
    let th = thread(&r, "S-1");
    assert_eq!(th.len(), 3);
    assert_eq!(
        th[2],
        ("customer".into(), "Re: Login fails on the dashboard".into())
    );
}

#[test]
fn outlook_replies_thread_by_references_alone_or_by_the_requesters_subject_token() {
    let r = desk("");
    mail(&r, "first.eml");
    let out = mail(&r, "outlook_references.eml");
    assert!(out.starts_with("threaded onto S-1 (still new)"), "{out}");
    let out = mail(&r, "outlook_token.eml");
    assert!(out.starts_with("threaded onto S-1"), "{out}");
    assert_eq!(tickets(&r), 1);
    assert_eq!(thread(&r, "S-1").len(), 3);
}

#[test]
fn reply_all_adds_the_new_cc_and_the_copied_person_may_then_use_the_token() {
    let r = desk("");
    mail(&r, "first.eml");
    let out = mail(&r, "reply_all_cc.eml");
    assert!(out.starts_with("threaded onto S-1"), "{out}");
    assert!(out.contains("added to S-1's cc: ben@globex.io"), "{out}");
    assert_eq!(
        ticket(&r, "S-1")["cc"],
        serde_json::json!(["ana@globex.io", "ben@globex.io"])
    );
    // Ben is on the cc now: his token-only message threads.
    let out = mail(&r, "ben_token.eml");
    assert!(out.starts_with("threaded onto S-1"), "{out}");
    assert_eq!(tickets(&r), 1);
    assert_eq!(thread(&r, "S-1").len(), 3);
}

#[test]
fn a_forged_subject_token_from_a_stranger_opens_a_new_ticket() {
    let r = desk("");
    mail(&r, "first.eml");
    let out = mail(&r, "forged_token.eml");
    assert!(out.starts_with("opened S-2"), "{out}");
    assert!(
        out.contains("the subject names S-1, but the sender is neither"),
        "{out}"
    );
    assert_eq!(thread(&r, "S-1").len(), 1, "S-1's thread is untouched");
    let t = ticket(&r, "S-2");
    assert_eq!(t["subject"], "Login fails on the dashboard");
    assert_eq!(t["requester"], "C-2");
    assert_eq!(ticket(&r, "S-1")["status"], "new");
}

#[test]
fn an_auto_reply_on_the_thread_moves_nothing_and_a_new_one_opens_no_ticket() {
    let r = desk("");
    mail(&r, "first.eml");
    at(
        &r,
        MONDAY,
        &[
            "ticket",
            "reply",
            "S-1",
            "Could you clear your cookies?",
            "--status",
            "pending",
        ],
    );
    let before = ticket(&r, "S-1");
    let out = mail(&r, "auto_reply.eml");
    assert!(
        out.starts_with("auto-reply: logged on S-1's thread (status and SLA unchanged): A-3"),
        "{out}"
    );
    let after = ticket(&r, "S-1");
    assert_eq!(after["status"], "pending");
    assert_eq!(after["sla"], before["sla"]);
    assert_eq!(thread(&r, "S-1").len(), 3);
    // An out-of-office from someone unknown: no ticket, no contact, nothing written.
    let rev = r.rev();
    let out = mail(&r, "auto_reply_new.eml");
    assert!(out.starts_with("auto-reply: no ticket"), "{out}");
    assert_eq!(r.rev(), rev);
    assert_eq!(tickets(&r), 1);
}

#[test]
fn a_bounce_and_a_mailing_list_open_no_ticket() {
    let r = desk("");
    mail(&r, "first.eml");
    let out = mail(&r, "bounce.eml");
    assert!(out.starts_with("bounce: no ticket"), "{out}");
    // From a known contact, list mail is logged on them as before, with no ticket.
    let out = mail(&r, "mailing_list.eml");
    assert!(out.starts_with("logged inbound email"), "{out}");
    assert!(out.contains("mailing list: no ticket"), "{out}");
    assert_eq!(tickets(&r), 1);
    assert_eq!(thread(&r, "S-1").len(), 1);
    assert!(r.json(&["contact", "list"]).to_string().contains("Kim Lee"));
    assert!(
        !r.json(&["contact", "list"])
            .to_string()
            .contains("MAILER-DAEMON")
    );
}

#[test]
fn a_reply_to_a_closed_ticket_opens_a_linked_follow_up_that_later_replies_join() {
    let r = desk("");
    mail(&r, "first.eml");
    at(&r, MONDAY, &["ticket", "close", "S-1"]);
    let out = mail(&r, "gmail_reply.eml");
    assert!(
        out.starts_with("S-1 is closed: opened follow-up S-2"),
        "{out}"
    );
    let t = ticket(&r, "S-2");
    assert_eq!(t["follow_up_of"], "S-1");
    assert_eq!(t["requester"], "C-1");
    assert_eq!(ticket(&r, "S-1")["status"], "closed");
    // Another answer on the old thread goes to the follow-up, not a third ticket.
    let out = mail(&r, "outlook_references.eml");
    assert!(out.starts_with("threaded onto S-2"), "{out}");
    assert_eq!(tickets(&r), 2);
}

#[test]
fn our_sent_copy_is_the_agents_reply_and_bcc_to_the_desk_counts() {
    let r = desk("");
    mail(&r, "first.eml");
    let out = mail(&r, "sent_copy.eml");
    assert!(
        out.starts_with("our reply threaded onto S-1 (now open)"),
        "{out}"
    );
    let t = ticket(&r, "S-1");
    assert_eq!(t["replies"], 1);
    assert_eq!(thread(&r, "S-1")[1].0, "reply");
    // Delivered-To: the desk was Bcc'd on mail to sam.
    let out = mail(&r, "bcc_delivered.eml");
    assert!(out.starts_with("opened S-2"), "{out}");
    let t = ticket(&r, "S-2");
    assert_eq!(t["subject"], "Invoice 2026-114 is wrong");
    assert_eq!(t["cc"], serde_json::json!(["sam@acme.io"]));
}

#[test]
fn importing_a_mailbox_twice_changes_nothing_the_second_time() {
    let r = desk("");
    let mbox = fixture("desk.mbox");
    let out = r.ok(&["import", "mbox", &mbox]);
    for line in [
        "message 1: opened S-1",
        "message 2: our reply threaded onto S-1 (now open)",
        "message 3: threaded onto S-1 (still open)",
        "message 4: opened S-2",
        "message 5: auto-reply: no ticket, not logged (no known contact)",
        "message 6: bounce: no ticket, not logged (no known contact)",
    ] {
        assert!(out.contains(line), "{line} in {out}");
    }
    assert!(
        out.contains(
            "tickets: 2 opened, 2 threaded onto existing ones, 2 machine messages with no ticket"
        ),
        "{out}"
    );
    let rev = r.rev();
    let again = r.ok(&["import", "mbox", &mbox]);
    assert!(again.contains("0 logged, 4 already logged"), "{again}");
    assert_eq!(r.rev(), rev);
    assert_eq!(tickets(&r), 2);
    assert_eq!(thread(&r, "S-1").len(), 3);
    // And one of them again through the hook.
    assert!(mail(&r, "gmail_reply.eml").starts_with("already logged as A-"));
}

#[test]
fn an_unreadable_message_to_the_desk_is_refused_with_nothing_written() {
    let r = desk("");
    mail(&r, "first.eml");
    let rev = r.rev();
    let out = r.run(&["log-email", &fixture("no_from.eml")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no From header"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(r.rev(), rev);
}

/// A send command in a folder whose name has a space: it saves the message it reads.
fn fake_sender(r: &Rolo, exit: i32) -> (String, PathBuf) {
    let dir = r.dir.path().join("mail tools");
    std::fs::create_dir_all(&dir).unwrap();
    let saved = dir.join("sent.eml");
    let script = dir.join("fake-send");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat > '{}'\n[ {exit} -eq 0 ] || echo 'msmtp: cannot connect to smtp.acme.io, port 587' >&2\nexit {exit}\n",
            saved.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (
        format!("send_command = \"'{}' -t\"\n", script.display()),
        saved,
    )
}

fn header<'a>(msg: &'a str, name: &str) -> Option<&'a str> {
    // The first line of a folded header is enough for these checks.
    let head = msg.split("\n\n").next()?;
    head.split('\n')
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
}

#[test]
fn reply_send_pipes_a_threaded_message_and_logs_it_once() {
    let r = desk("");
    let (line, saved) = fake_sender(&r, 0);
    std::fs::write(
        r.dir.path().join("config/config.toml"),
        format!("emails = [\"sam@acme.io\"]\nsupport_emails = [\"support@acme.io\", \"help@acme.io\"]\n{line}"),
    )
    .unwrap();
    mail(&r, "first.eml");
    mail(&r, "gmail_reply.eml");
    let out = r.ok(&[
        "ticket",
        "reply",
        "S-1",
        "Fixed on our side.\nPlease try again.",
        "--status",
        "solved",
        "--send",
    ]);
    assert!(
        out.contains("replied on S-1 as A-3 (now solved); emailed"),
        "{out}"
    );
    let msg = std::fs::read_to_string(&saved).unwrap();
    assert_eq!(header(&msg, "From"), Some("support@acme.io"));
    assert_eq!(header(&msg, "To"), Some("\"Kim Lee\" <kim@globex.io>"));
    assert_eq!(header(&msg, "Cc"), Some("ana@globex.io"));
    assert_eq!(
        header(&msg, "Subject"),
        Some("Re: [S-1] Login fails on the dashboard")
    );
    assert_eq!(
        header(&msg, "In-Reply-To"),
        Some("<CAKim2+q=W@mail.gmail.com>")
    );
    assert_eq!(
        header(&msg, "References"),
        Some("<kim-1@globex.io> <CAKim2+q=W@mail.gmail.com>")
    );
    assert_eq!(
        header(&msg, "Date"),
        Some("Wed, 25 Nov 2026 12:00:00 +0000")
    );
    assert_eq!(
        header(&msg, "Content-Type"),
        Some("text/plain; charset=UTF-8")
    );
    let id = header(&msg, "Message-ID").unwrap();
    assert!(id.starts_with("<s1.") && id.ends_with("@acme.io>"), "{id}");
    assert!(
        msg.ends_with("\n\nFixed on our side.\nPlease try again.\n"),
        "{msg}"
    );
    // The reply is on the thread under that Message-ID, so the Sent copy is not
    // logged twice.
    let a = r.json(&["activity", "show", "A-3"]);
    assert_eq!(a["external_id"], id.trim_matches(['<', '>']));
    assert_eq!(a["direction"], "outbound");
    assert_eq!(ticket(&r, "S-1")["status"], "solved");
    let copy = r.dir.path().join("sent-copy.eml");
    std::fs::write(&copy, &msg).unwrap();
    let out = r.ok(&["log-email", &copy.display().to_string()]);
    assert_eq!(out.trim(), "already logged as A-3; nothing to do");
}

#[test]
fn a_failing_send_command_logs_nothing_and_says_why() {
    let r = desk("");
    let (line, _) = fake_sender(&r, 3);
    std::fs::write(
        r.dir.path().join("config/config.toml"),
        format!("support_emails = [\"support@acme.io\"]\n{line}"),
    )
    .unwrap();
    mail(&r, "first.eml");
    let rev = r.rev();
    let out = r.run(&["ticket", "reply", "S-1", "Fixed.", "--send"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("fake-send' -t` failed (exit status: 3)"),
        "{err}"
    );
    assert!(
        err.contains("msmtp: cannot connect to smtp.acme.io"),
        "{err}"
    );
    assert!(err.contains("nothing was logged"), "{err}");
    assert_eq!(r.rev(), rev);
    assert_eq!(thread(&r, "S-1").len(), 1);
    assert_eq!(ticket(&r, "S-1")["status"], "new");
}

#[test]
fn without_a_send_command_the_reply_is_logged_and_said_to_be_unsent() {
    let r = desk("");
    mail(&r, "first.eml");
    let out = r.ok(&["ticket", "reply", "S-1", "Fixed.", "--send"]);
    assert!(
        out.contains("replied on S-1 as A-2 (now open); not sent: no send_command in config.toml"),
        "{out}"
    );
    assert_eq!(thread(&r, "S-1").len(), 2);
}

#[test]
fn a_bad_desk_key_stops_check_config_naming_the_key_and_value() {
    let r = desk("");
    std::fs::write(
        r.dir.path().join("config/config.toml"),
        "user = \"Sam\"\nsupport_emails = [\"support@acme.io\", \"helpdesk\"]\n",
    )
    .unwrap();
    let out = r.run(&["check-config"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml:2: support_emails: \"helpdesk\" is not an email address"),
        "{err}"
    );
    std::fs::write(
        r.dir.path().join("config/config.toml"),
        "support_emails = [\"support@acme.io\"]\nsend_command = \"msmtp -t\"\n",
    )
    .unwrap();
    let out = r.ok(&["check-config"]);
    assert!(
        out.contains("support desk ok: support@acme.io; replies sent with `msmtp -t`; solved tickets close after 4 days"),
        "{out}"
    );
}
