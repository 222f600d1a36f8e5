//! Whether a calendar or a policy can be stored: a known time zone and seven days of
//! ordered spans with some open time; positive targets, well-formed conditions and a
//! pause list the resolution clock can honour. Every refusal names the field
//! (`week.tue[1]`, `targets.urgent.first_reply`, `conditions[2].tag`) and says what is
//! accepted. Nothing here changes the record; the ops layer normalises before it checks.

use chrono::{NaiveTime, TimeDelta};
use chrono_tz::Tz;

use super::SlaError;
use crate::model::{Calendar, SlaCondition, SlaPolicy, Span, TicketStatus};

/// Day names as fields and the parser write them, Monday first.
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The largest target: ten years of minutes.
pub const MAX_TARGET_MIN: u32 = 10 * 365 * 24 * 60 + 2 * 24 * 60;

/// The time zone a calendar names.
pub fn time_zone(name: &str) -> Result<Tz, SlaError> {
    name.trim().parse::<Tz>().map_err(|_| {
        SlaError::new(
            "time_zone",
            format!(
                "\"{}\" is not a known time zone; use an IANA name such as Europe/Berlin, \
                 America/New_York or UTC",
                name.trim()
            ),
        )
    })
}

/// Where a span opens, from midnight.
pub fn opens(span: &Span) -> TimeDelta {
    span.start.signed_duration_since(NaiveTime::MIN)
}

/// Where a span closes, from midnight: an end of 00:00 is the midnight that ends the
/// day (so `00:00–00:00` is the whole day).
pub fn closes(span: &Span) -> TimeDelta {
    if span.end == NaiveTime::MIN {
        TimeDelta::days(1)
    } else {
        span.end.signed_duration_since(NaiveTime::MIN)
    }
}

/// "09:00", or "24:00" for the midnight that ends a day.
fn clock_text(d: TimeDelta) -> String {
    let m = d.num_minutes();
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Checks one day's spans: each closes after it opens, in order, without overlapping.
pub fn check_day(day: usize, spans: &[Span]) -> Result<(), SlaError> {
    let name = DAY_NAMES.get(day).copied().unwrap_or("day");
    let mut previous: Option<TimeDelta> = None;
    for (i, span) in spans.iter().enumerate() {
        let field = format!("week.{name}[{i}]");
        let (start, end) = (opens(span), closes(span));
        if start >= end {
            return Err(SlaError::new(
                field,
                format!(
                    "opens at {} and closes at {}; a span closes after it opens \
                     (an end of 00:00 means midnight)",
                    clock_text(start),
                    clock_text(end)
                ),
            ));
        }
        if let Some(before) = previous
            && start < before
        {
            return Err(SlaError::new(
                field,
                format!(
                    "opens at {}, before week.{name}[{}] closes at {}; spans go in order \
                     without overlapping",
                    clock_text(start),
                    i - 1,
                    clock_text(before)
                ),
            ));
        }
        previous = Some(end);
    }
    Ok(())
}

/// Checks a calendar: a known time zone, seven days of ordered, non-overlapping spans
/// and at least one open span in the week. Holidays are any dates.
pub fn check_calendar(calendar: &Calendar) -> Result<(), SlaError> {
    time_zone(&calendar.time_zone)?;
    if calendar.week.len() != 7 {
        return Err(SlaError::new(
            "week",
            format!(
                "has {} days; give exactly 7, Monday first (an empty day is closed)",
                calendar.week.len()
            ),
        ));
    }
    for (day, spans) in calendar.week.iter().enumerate() {
        check_day(day, spans)?;
    }
    if calendar.week.iter().all(Vec::is_empty) {
        return Err(SlaError::new("week", "no working hours on any day"));
    }
    Ok(())
}

/// Checks a policy: every target set is at least a minute and at most ten years, its
/// conditions are well-formed, and the resolution clock pauses only in pending or
/// on-hold.
pub fn check_policy(policy: &SlaPolicy) -> Result<(), SlaError> {
    for (priority, targets) in &policy.targets {
        let named = [
            ("first_reply", targets.first_reply_min),
            ("next_reply", targets.next_reply_min),
            ("resolution", targets.resolution_min),
        ];
        for (name, minutes) in named {
            let Some(m) = minutes else { continue };
            let field = format!("targets.{}.{name}", priority.as_str());
            if m == 0 {
                return Err(SlaError::new(
                    field,
                    "is 0 minutes; a target is at least 1 minute (leave it out for no target)",
                ));
            }
            if m > MAX_TARGET_MIN {
                return Err(SlaError::new(
                    field,
                    format!(
                        "is {m} minutes, more than ten years ({MAX_TARGET_MIN} minutes); \
                         leave it out for no target"
                    ),
                ));
            }
        }
    }
    for (i, condition) in policy.conditions.iter().enumerate() {
        check_condition(i, condition)?;
    }
    for (i, status) in policy.pause_resolution_in.iter().enumerate() {
        let why = match status {
            TicketStatus::Pending | TicketStatus::OnHold => continue,
            TicketStatus::New => "a new ticket waits on us",
            TicketStatus::Open => "an open ticket is being worked on",
            TicketStatus::Solved | TicketStatus::Closed => "solving a ticket stops the clock",
        };
        return Err(SlaError::new(
            format!("pause_resolution_in[{i}]"),
            format!(
                "{} cannot pause the resolution clock ({why}); only pending and on-hold can",
                status.as_str()
            ),
        ));
    }
    Ok(())
}

fn check_condition(i: usize, condition: &SlaCondition) -> Result<(), SlaError> {
    let field = |name: &str| format!("conditions[{i}].{name}");
    match condition {
        SlaCondition::Priority { any_of } if any_of.is_empty() => Err(SlaError::new(
            field("priority"),
            "names no priority; give one or more of low, normal, high, urgent",
        )),
        SlaCondition::Tag { tag } if tag.trim().is_empty() => Err(SlaError::new(
            field("tag"),
            "is empty; give the tag a ticket must have",
        )),
        SlaCondition::CompanyTag { tag } if tag.trim().is_empty() => Err(SlaError::new(
            field("company_tag"),
            "is empty; give the tag the ticket's company must have",
        )),
        SlaCondition::Custom { name, .. } if name.trim().is_empty() => Err(SlaError::new(
            field("name"),
            "the custom field's name is empty; write it as custom.NAME=value",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Targets, TicketPriority};
    use crate::sla::defaults;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
    }

    fn span(a: (u32, u32), b: (u32, u32)) -> Span {
        Span {
            start: at(a.0, a.1),
            end: at(b.0, b.1),
        }
    }

    #[test]
    fn the_default_calendar_and_policy_pass() {
        assert_eq!(check_calendar(&defaults::calendar("Europe/Berlin")), Ok(()));
        assert_eq!(check_policy(&defaults::policy(1)), Ok(()));
    }

    #[test]
    fn an_unknown_time_zone_is_refused_with_an_example() {
        let c = defaults::calendar("Mars/Olympus");
        let e = check_calendar(&c).unwrap_err();
        assert_eq!(e.field, "time_zone");
        assert!(e.reason.contains("Europe/Berlin"), "{e}");
    }

    #[test]
    fn a_week_needs_seven_days_and_some_open_time() {
        let mut c = defaults::calendar("UTC");
        c.week.pop();
        assert_eq!(check_calendar(&c).unwrap_err().field, "week");
        c.week = vec![Vec::new(); 7];
        let e = check_calendar(&c).unwrap_err();
        assert_eq!(e.to_string(), "week: no working hours on any day");
    }

    #[test]
    fn spans_must_close_after_they_open_in_order() {
        let mut c = defaults::calendar("UTC");
        c.week[1] = vec![span((9, 0), (13, 0)), span((12, 0), (17, 0))];
        let e = check_calendar(&c).unwrap_err();
        assert_eq!(e.field, "week.tue[1]");
        assert!(e.reason.contains("13:00"), "{e}");
        c.week[1] = vec![span((17, 0), (9, 0))];
        assert_eq!(check_calendar(&c).unwrap_err().field, "week.tue[0]");
        // Touching spans and a span to midnight are fine.
        c.week[1] = vec![span((0, 0), (12, 0)), span((12, 0), (0, 0))];
        assert_eq!(check_calendar(&c), Ok(()));
        c.week[1] = vec![span((0, 0), (0, 0))];
        assert_eq!(check_calendar(&c), Ok(()));
    }

    #[test]
    fn targets_are_positive_and_at_most_ten_years() {
        let mut p = defaults::policy(1);
        p.targets.insert(
            TicketPriority::Urgent,
            Targets {
                first_reply_min: Some(0),
                ..Targets::default()
            },
        );
        assert_eq!(
            check_policy(&p).unwrap_err().field,
            "targets.urgent.first_reply"
        );
        p.targets = BTreeMap::from([(
            TicketPriority::Low,
            Targets {
                resolution_min: Some(MAX_TARGET_MIN + 1),
                ..Targets::default()
            },
        )]);
        assert_eq!(
            check_policy(&p).unwrap_err().field,
            "targets.low.resolution"
        );
    }

    #[test]
    fn conditions_must_say_something() {
        let mut p = defaults::policy(1);
        p.conditions = vec![
            SlaCondition::Tag { tag: "vip".into() },
            SlaCondition::Priority { any_of: vec![] },
        ];
        assert_eq!(
            check_policy(&p).unwrap_err().field,
            "conditions[1].priority"
        );
        p.conditions = vec![SlaCondition::Tag { tag: " ".into() }];
        assert_eq!(check_policy(&p).unwrap_err().field, "conditions[0].tag");
        p.conditions = vec![SlaCondition::Custom {
            name: "".into(),
            value: "gold".into(),
        }];
        assert_eq!(check_policy(&p).unwrap_err().field, "conditions[0].name");
    }

    #[test]
    fn resolution_pauses_only_while_waiting() {
        let mut p = defaults::policy(1);
        p.pause_resolution_in = vec![TicketStatus::Pending, TicketStatus::Solved];
        let e = check_policy(&p).unwrap_err();
        assert_eq!(e.field, "pause_resolution_in[1]");
        assert!(e.reason.contains("only pending and on-hold"), "{e}");
        p.pause_resolution_in = vec![TicketStatus::OnHold];
        assert_eq!(check_policy(&p), Ok(()));
    }
}
