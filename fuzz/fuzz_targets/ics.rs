//! Fuzzes the iCalendar reader: events, their times (time zones, dates, durations) and
//! recurrence rules must never panic. Seed with tests/fixtures/ics/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolo::interchange::ics::{event, time};
use rolo::interchange::vcard::lines;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (events, _broken) = event::events(lines::properties(&text));
    for e in &events {
        for p in e.start.iter().chain(e.end.iter()) {
            let _ = time::when(p);
        }
        if let Some(d) = &e.duration {
            let _ = time::duration_minutes(d);
        }
        if let Some(r) = &e.rrule {
            let _ = time::recurrence(r);
        }
        let _ = e.label();
    }
});
