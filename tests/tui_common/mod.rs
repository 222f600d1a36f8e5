//! Shared fixture for the TUI tests: a small CRM (companies, contacts with a CJK name
//! and an escape-laden one, deals in every open stage, rotting and no-next-step deals,
//! tasks overdue/today/soon, a few activities) built through `rolo::ops` on a movable
//! clock, and helpers to render the app to a `TestBackend`.
#![allow(dead_code)]

pub mod pty;
pub mod tickets;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use rolo::model::{
    Activity, ActivityKind, Company, Contact, Deal, Due, Kind, Labeled, RecordId, Task,
};
use rolo::ops;
use rolo::store::{OpenOptions, Store};
use rolo::tui::app::App;
use rolo::tui::keymap::Keymap;
use rolo::tui::theme::{ColorSupport, Theme};
use tempfile::TempDir;

pub type Instant = chrono::DateTime<Utc>;

/// The fixed "now" of every TUI test.
pub fn t0() -> Instant {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A temporary database with a clock the fixture can move.
pub struct Fixture {
    pub dir: TempDir,
    pub clock: Arc<Mutex<Instant>>,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: TempDir::new().expect("tempdir"),
            clock: Arc::new(Mutex::new(t0())),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("fixture.redb")
    }

    pub fn set_clock(&self, at: Instant) {
        *self.clock.lock().expect("clock") = at;
    }

    pub fn open(&self) -> Store {
        let clock = self.clock.clone();
        Store::open(OpenOptions {
            now: Some(Arc::new(move || *clock.lock().expect("clock"))),
            user: Some("sam".into()),
            ..OpenOptions::new(self.path())
        })
        .expect("open store")
    }
}

fn days_ago(n: i64) -> Instant {
    t0() - Duration::days(n)
}

fn due(days: i64) -> Option<Due> {
    Some(Due {
        date: t0().date_naive() + Duration::days(days),
        time: None,
    })
}

/// Fills the store with the fixture data; the clock ends at [`t0`].
pub fn populate(fx: &Fixture, store: &Store) {
    fx.set_clock(days_ago(30));
    let company = |name: &str, domain: Option<&str>, industry: &str| {
        ops::add(
            store,
            Company {
                name: name.into(),
                domain: domain.map(Into::into),
                industry: Some(industry.into()),
                ..Company::default()
            },
        )
        .expect("company")
        .value
        .id
    };
    let acme = company("Acme Corp", Some("acme.com"), "Manufacturing");
    let globex = company("Globex", Some("globex.com"), "Energy");
    let initech = company("Initech", None, "Software");
    let li = company("李氏贸易", None, "Trade");
    let contact = |name: &str, co: Option<u64>, email: &str, owner: &str| {
        ops::add(
            store,
            Contact {
                name: name.into(),
                company: co,
                emails: vec![Labeled {
                    label: String::new(),
                    value: email.into(),
                }],
                phones: vec![Labeled {
                    label: String::new(),
                    value: "+1 555 0100".into(),
                }],
                owner: owner.into(),
                tags: vec!["vip".into()],
                ..Contact::default()
            },
        )
        .expect("contact")
        .value
        .id
    };
    let jane = contact("Jane Doe", Some(acme), "jane@acme.com", "sam");
    let bob = contact("Bob Smith", Some(globex), "bob@globex.com", "alex");
    let wei = contact("李伟 Li Wei", Some(li), "wei@li.cn", "sam");
    contact(
        "Eve \u{1b}[31mEvil\u{7}\u{1b}]0;pwned\u{7}",
        Some(initech),
        "eve@initech.com",
        "alex",
    );
    contact("Carol Jones", Some(initech), "carol@initech.com", "sam");

    let deal = |title: &str,
                stage: u32,
                value: i64,
                co: u64,
                people: Vec<u64>,
                owner: &str,
                at: Instant| {
        fx.set_clock(at);
        ops::add(
            store,
            Deal {
                title: title.into(),
                pipeline: 1,
                stage,
                value,
                company: Some(co),
                contacts: people,
                owner: owner.into(),
                ..Deal::default()
            },
        )
        .expect("deal")
        .value
        .id
    };
    let d1 = deal(
        "Acme — 50 seats",
        1,
        1_250_000,
        acme,
        vec![jane],
        "sam",
        days_ago(5),
    );
    let d2 = deal(
        "Globex renewal",
        2,
        4_000_000,
        globex,
        vec![bob],
        "alex",
        days_ago(6),
    );
    let d3 = deal(
        "Initech pilot",
        3,
        800_000,
        initech,
        vec![],
        "sam",
        days_ago(20),
    );
    let d4 = deal(
        "李氏 expansion",
        4,
        12_000_000,
        li,
        vec![wei],
        "sam",
        days_ago(2),
    );
    let d5 = deal(
        "Acme support add-on",
        1,
        300_000,
        acme,
        vec![jane],
        "alex",
        days_ago(3),
    );
    fx.set_clock(days_ago(1));
    let task = |title: &str, d: Option<Due>, link: RecordId, who: &str| {
        ops::add(
            store,
            Task {
                title: title.into(),
                due: d,
                link: Some(link),
                assignee: who.into(),
                ..Task::default()
            },
        )
        .expect("task")
    };
    let deal_rid = |d| RecordId::new(Kind::Deal, d);
    task("Send proposal", due(1), deal_rid(d1), "sam");
    task("Call Bob about renewal", due(0), deal_rid(d2), "alex");
    task("Chase pilot feedback", due(-2), deal_rid(d3), "sam");
    task("Contract review", due(3), deal_rid(d4), "sam");
    task(
        "Birthday card for Jane",
        due(5),
        RecordId::new(Kind::Contact, jane),
        "sam",
    );
    let _ = d5;
    let log = |kind, subject: &str, at: Instant, deal: Option<u64>, people: Vec<u64>| {
        fx.set_clock(at);
        ops::log_activity(
            store,
            Activity {
                kind,
                subject: subject.into(),
                at,
                deal,
                contacts: people,
                ..Activity::default()
            },
        )
        .expect("activity");
    };
    log(
        ActivityKind::Call,
        "Intro call with Jane",
        days_ago(2),
        Some(d1),
        vec![jane],
    );
    log(
        ActivityKind::Email,
        "Renewal terms",
        days_ago(1),
        Some(d2),
        vec![bob],
    );
    log(
        ActivityKind::Meeting,
        "Kick-off \u{1b}[2J meeting",
        days_ago(1),
        Some(d4),
        vec![wei],
    );
    log(
        ActivityKind::Note,
        "Jane prefers email",
        t0() - Duration::hours(3),
        None,
        vec![jane],
    );
    fx.set_clock(t0());
}

/// A populated fixture and an app on it, sized `w` x `h`.
pub fn app(w: u16, h: u16) -> (Fixture, App) {
    app_with(w, h, |_, _| {})
}

/// [`app`] with `more` added to the shared data first.
pub fn app_with(w: u16, h: u16, more: impl FnOnce(&Fixture, &Store)) -> (Fixture, App) {
    let fx = Fixture::new();
    let store = fx.open();
    populate(&fx, &store);
    more(&fx, &store);
    let mut app = App::new(
        store,
        Keymap::load(None, None).expect("keymap"),
        rolo::config::Settings::default(),
    )
    .expect("app");
    app.resize(w, h);
    (fx, app)
}

/// An app on an empty database.
pub fn empty_app(w: u16, h: u16) -> (Fixture, App) {
    let fx = Fixture::new();
    let store = fx.open();
    let mut app = App::new(
        store,
        Keymap::load(None, None).expect("keymap"),
        rolo::config::Settings::default(),
    )
    .expect("app");
    app.resize(w, h);
    (fx, app)
}

/// The default theme with colours (as on a 16-colour terminal).
pub fn dark() -> Theme {
    Theme::load(
        Some("dark"),
        None,
        ColorSupport {
            no_color: false,
            truecolor: false,
        },
    )
    .expect("theme")
}

/// The dark theme with colour turned off (`NO_COLOR`): what a style-blind terminal sees.
pub fn mono() -> Theme {
    Theme::load(
        Some("dark"),
        None,
        ColorSupport {
            no_color: true,
            truecolor: true,
        },
    )
    .expect("mono")
}

/// Renders the app and returns the buffer.
pub fn render(app: &App, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| rolo::tui::view::render(&app.model, theme, &app.keymap, f))
        .expect("draw");
    term.backend().buffer().clone()
}

/// The buffer as text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if let Some(c) = buf.cell((x, y)) {
                line.push_str(c.symbol());
                skip = unicode_width::UnicodeWidthStr::width(c.symbol()).saturating_sub(1);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Finds the first cell position where `needle` starts on screen.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in 0..area.height {
        let mut line = String::new();
        let mut xs = Vec::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if let Some(c) = buf.cell((x, y)) {
                skip = unicode_width::UnicodeWidthStr::width(c.symbol()).saturating_sub(1);
                for _ in c.symbol().chars() {
                    xs.push(x);
                }
                line.push_str(c.symbol());
            }
        }
        if let Some(i) = line.find(needle) {
            let idx = line[..i].chars().count();
            return xs.get(idx).map(|x| (*x, y));
        }
    }
    None
}

/// A date helper for tests.
pub fn day(offset: i64) -> NaiveDate {
    t0().date_naive() + Duration::days(offset)
}
