//! Reading what people type for `rolo sla add` and `rolo calendar add`: durations
//! (`1h30m`), targets for a priority (`urgent:1h/8h`), policy conditions
//! (`company-tag=enterprise`), working hours (`mon-fri 09:00-17:00`, in [`week`]) and
//! holidays (`2026-12-25 Christmas Day`). Each error names the part that could not be
//! read and shows the accepted form; nothing here touches the store.

mod week;

pub use week::week;

use chrono::NaiveDate;

use super::SlaError;
use crate::model::{Channel, Holiday, SlaCondition, Targets, TicketPriority};

const DURATION_FORMS: &str = "write minutes (30) or a duration such as 30m, 1h, 1h30m, 8h or 2d \
                              (a day is 24 hours of counted time)";

/// Minutes in a duration: `30m`, `1h`, `1h30m`, `8h`, `2d`, or a plain number of
/// minutes. A day is 24 hours of the time the policy counts, not a business day: in a
/// 9–17 calendar `2d` is six working days. At least one minute.
pub fn duration(text: &str) -> Result<u32, SlaError> {
    minutes(text).map_err(|reason| SlaError::new("duration", reason))
}

fn minutes(text: &str) -> Result<u32, String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let bad = || format!("\"{}\" is not a duration; {DURATION_FORMS}", text.trim());
    if compact.is_empty() {
        return Err(bad());
    }
    let total: u64 = if compact.bytes().all(|b| b.is_ascii_digit()) {
        compact.parse().map_err(|_| bad())?
    } else {
        let (mut total, mut number, mut seen) = (0u64, String::new(), String::new());
        for c in compact.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let per = match c {
                'd' => 1440,
                'h' => 60,
                'm' => 1,
                _ => return Err(bad()),
            };
            if number.is_empty() || seen.contains(c) {
                return Err(bad());
            }
            seen.push(c);
            let n: u64 = number.parse().map_err(|_| bad())?;
            number.clear();
            total = n
                .checked_mul(per)
                .and_then(|m| total.checked_add(m))
                .ok_or_else(bad)?;
        }
        if !number.is_empty() {
            return Err(bad());
        }
        total
    };
    if total == 0 {
        return Err(format!(
            "\"{}\" is no time at all; a duration is at least 1 minute",
            text.trim()
        ));
    }
    u32::try_from(total).map_err(|_| format!("\"{}\" is too long", text.trim()))
}

/// One priority's targets: `urgent:1h/8h` (first reply / resolution) or
/// `urgent:1h/30m/8h` (first reply / next reply / resolution); `-` leaves a target
/// out (`low:24h/-/5d`).
pub fn targets(text: &str) -> Result<(TicketPriority, Targets), SlaError> {
    let forms = "write PRIORITY:FIRST/RESOLUTION or PRIORITY:FIRST/NEXT/RESOLUTION, \
                 such as urgent:1h/8h or low:24h/-/5d (- for none)";
    let Some((priority, times)) = text.split_once(':') else {
        return Err(SlaError::new(
            "targets",
            format!("\"{}\" names no priority; {forms}", text.trim()),
        ));
    };
    let priority = TicketPriority::parse(priority).ok_or_else(|| {
        SlaError::new(
            "targets",
            format!(
                "\"{}\" is not a priority; use low, normal, high or urgent",
                priority.trim()
            ),
        )
    })?;
    let parts: Vec<&str> = times.split('/').map(str::trim).collect();
    let names: &[&str] = match parts.len() {
        2 => &["first_reply", "resolution"],
        3 => &["first_reply", "next_reply", "resolution"],
        _ => {
            return Err(SlaError::new(
                format!("targets.{}", priority.as_str()),
                format!("\"{}\" has {} times; {forms}", times.trim(), parts.len()),
            ));
        }
    };
    let mut targets = Targets::default();
    for (name, part) in names.iter().zip(parts) {
        let value = match part {
            "-" => None,
            p => Some(minutes(p).map_err(|reason| {
                SlaError::new(format!("targets.{}.{name}", priority.as_str()), reason)
            })?),
        };
        match *name {
            "first_reply" => targets.first_reply_min = value,
            "next_reply" => targets.next_reply_min = value,
            _ => targets.resolution_min = value,
        }
    }
    Ok((priority, targets))
}

/// A policy condition: `priority=urgent,high`, `tag=vip`, `company-tag=enterprise`,
/// `channel=email` or `custom.plan=gold`.
pub fn condition(text: &str) -> Result<SlaCondition, SlaError> {
    let forms = "write priority=urgent,high, tag=vip, company-tag=enterprise, \
                 channel=email or custom.NAME=value";
    let bad = |reason: String| SlaError::new("condition", reason);
    let Some((key, value)) = text.split_once('=') else {
        return Err(bad(format!("\"{}\" has no =; {forms}", text.trim())));
    };
    let (key, value) = (key.trim(), value.trim());
    let lower = key.to_ascii_lowercase().replace('_', "-");
    let need_value = |what: &str| {
        if value.is_empty() {
            Err(bad(format!("{key}= gives no {what}; {forms}")))
        } else {
            Ok(value.to_string())
        }
    };
    if lower.starts_with("custom.") {
        let name = key.get("custom.".len()..).unwrap_or("").trim();
        if name.is_empty() {
            return Err(bad(format!("\"{key}\" names no custom field; {forms}")));
        }
        return Ok(SlaCondition::Custom {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
    match lower.as_str() {
        "priority" => {
            let mut any_of = Vec::new();
            for word in need_value("priority")?.split(',') {
                let p = TicketPriority::parse(word).ok_or_else(|| {
                    bad(format!(
                        "\"{}\" is not a priority; use low, normal, high or urgent",
                        word.trim()
                    ))
                })?;
                if !any_of.contains(&p) {
                    any_of.push(p);
                }
            }
            Ok(SlaCondition::Priority { any_of })
        }
        "tag" => Ok(SlaCondition::Tag {
            tag: need_value("tag")?,
        }),
        "company-tag" => Ok(SlaCondition::CompanyTag {
            tag: need_value("tag")?,
        }),
        "channel" => {
            let channel = Channel::parse(value).ok_or_else(|| {
                bad(format!(
                    "\"{value}\" is not a channel; use email, phone, chat or cli"
                ))
            })?;
            Ok(SlaCondition::Channel { channel })
        }
        _ => Err(bad(format!(
            "\"{key}\" is not something a policy looks at; {forms}"
        ))),
    }
}

/// A holiday: the date, then its name (`2026-12-25 Christmas Day`).
pub fn holiday(text: &str) -> Result<Holiday, SlaError> {
    let text = text.trim();
    let (date, name) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
        SlaError::new(
            "holiday",
            format!(
                "\"{date}\" is not a date; write YYYY-MM-DD and then the name, such as \
                 \"2026-12-25 Christmas Day\""
            ),
        )
    })?;
    Ok(Holiday {
        date,
        name: name.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_the_forms_people_write() {
        let ok = |s: &str| duration(s).unwrap();
        assert_eq!(ok("30m"), 30);
        assert_eq!(ok("1h"), 60);
        assert_eq!(ok("1h30m"), 90);
        assert_eq!(ok("1h 30m"), 90);
        assert_eq!(ok("8H"), 480);
        assert_eq!(ok("2d"), 2880);
        assert_eq!(ok("45"), 45);
        for bad in [
            "",
            "h",
            "1x",
            "1h1h",
            "30m1",
            "0",
            "0h",
            "-5",
            "99999999999d",
        ] {
            let e = duration(bad).unwrap_err();
            assert_eq!(e.field, "duration", "{bad}");
        }
        assert!(duration("1x").unwrap_err().reason.contains("1h30m"));
    }

    #[test]
    fn targets_for_one_priority() {
        let (p, t) = targets("urgent:1h/8h").unwrap();
        assert_eq!(p, TicketPriority::Urgent);
        assert_eq!(
            t,
            Targets {
                first_reply_min: Some(60),
                next_reply_min: None,
                resolution_min: Some(480)
            }
        );
        let (p, t) = targets("low:24h/-/5d").unwrap();
        assert_eq!(p, TicketPriority::Low);
        assert_eq!(
            (t.first_reply_min, t.next_reply_min, t.resolution_min),
            (Some(1440), None, Some(7200))
        );
        let (_, t) = targets("high:1h/30m/8h").unwrap();
        assert_eq!(t.next_reply_min, Some(30));
        assert_eq!(targets("urgent:1h").unwrap_err().field, "targets.urgent");
        assert_eq!(
            targets("urgent:1h/soon").unwrap_err().field,
            "targets.urgent.resolution"
        );
        assert_eq!(targets("asap:1h/8h").unwrap_err().field, "targets");
        assert_eq!(targets("1h/8h").unwrap_err().field, "targets");
    }

    #[test]
    fn conditions_by_key() {
        assert_eq!(
            condition("priority=urgent, High").unwrap(),
            SlaCondition::Priority {
                any_of: vec![TicketPriority::Urgent, TicketPriority::High]
            }
        );
        assert_eq!(
            condition("tag=vip").unwrap(),
            SlaCondition::Tag { tag: "vip".into() }
        );
        assert_eq!(
            condition("company-tag=enterprise").unwrap(),
            SlaCondition::CompanyTag {
                tag: "enterprise".into()
            }
        );
        assert_eq!(
            condition("channel=email").unwrap(),
            SlaCondition::Channel {
                channel: Channel::Email
            }
        );
        assert_eq!(
            condition("custom.Plan=gold").unwrap(),
            SlaCondition::Custom {
                name: "Plan".into(),
                value: "gold".into()
            }
        );
        for bad in [
            "vip",
            "tag=",
            "priority=soon",
            "channel=fax",
            "colour=red",
            "custom.=x",
        ] {
            assert_eq!(condition(bad).unwrap_err().field, "condition", "{bad}");
        }
    }

    #[test]
    fn holidays_are_a_date_and_a_name() {
        let h = holiday("2026-12-25 Christmas Day").unwrap();
        assert_eq!(h.date, NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        assert_eq!(h.name, "Christmas Day");
        assert_eq!(holiday("2026-12-26").unwrap().name, "");
        let e = holiday("25.12.2026 Christmas").unwrap_err();
        assert!(e.reason.contains("YYYY-MM-DD"), "{e}");
    }
}
