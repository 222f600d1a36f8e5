//! What a new database starts with: a Monday–Friday 9–17 calendar in the local time
//! zone and one policy with first-reply and resolution targets for each priority.
//! Both are ordinary records, listed and changed like any other.

use std::collections::BTreeMap;

use chrono::NaiveTime;

use crate::model::{Calendar, SlaPolicy, Span, Targets, TicketPriority};

/// The local time zone's IANA name: `$TZ` when it names one, else `/etc/timezone`,
/// else where `/etc/localtime` points; UTC when none of them says.
pub fn local_time_zone() -> String {
    let known = |s: &str| {
        let s = s.trim().trim_start_matches(':');
        s.parse::<chrono_tz::Tz>().ok().map(|_| s.to_string())
    };
    if let Some(tz) = std::env::var("TZ").ok().as_deref().and_then(known) {
        return tz;
    }
    if let Some(tz) = std::fs::read_to_string("/etc/timezone")
        .ok()
        .as_deref()
        .and_then(known)
    {
        return tz;
    }
    if let Ok(link) = std::fs::read_link("/etc/localtime") {
        let link = link.to_string_lossy().into_owned();
        if let Some((_, name)) = link.split_once("zoneinfo/")
            && let Some(tz) = known(name)
        {
            return tz;
        }
    }
    "UTC".into()
}

/// Monday to Friday, 09:00–17:00, in `time_zone`, without holidays.
pub fn calendar(time_zone: &str) -> Calendar {
    let day = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
    let work = vec![Span {
        start: day(9),
        end: day(17),
    }];
    let mut week = vec![work; 5];
    week.extend([Vec::new(), Vec::new()]);
    Calendar {
        name: "Business hours".into(),
        time_zone: time_zone.into(),
        week,
        ..Calendar::default()
    }
}

/// The default policy: every ticket, counted in `calendar`'s business hours. First
/// reply / resolution: urgent 1 h / 8 h, high 4 h / 16 h, normal 8 h / 24 h, low 24 h /
/// 40 h (five business days).
pub fn policy(calendar: u64) -> SlaPolicy {
    let t = |first_h: u32, resolution_h: u32| Targets {
        first_reply_min: Some(first_h * 60),
        next_reply_min: None,
        resolution_min: Some(resolution_h * 60),
    };
    let targets = BTreeMap::from([
        (TicketPriority::Urgent, t(1, 8)),
        (TicketPriority::High, t(4, 16)),
        (TicketPriority::Normal, t(8, 24)),
        (TicketPriority::Low, t(24, 40)),
    ]);
    SlaPolicy {
        name: "Standard".into(),
        position: 10,
        targets,
        calendar: Some(calendar),
        ..SlaPolicy::default()
    }
}
