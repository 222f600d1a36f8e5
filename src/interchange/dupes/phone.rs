//! Phone numbers in E.164 (`+442079460000`) where the country is known: the number
//! starts with `+`, or the contact's location names a country this table maps. Other
//! numbers are kept as typed, trimmed. Used by the vCard, CSV and email imports and by
//! duplicate detection; it never fails.

use phonenumber::country::Id;

/// Country names and codes people write in a location, lower-case, with their region.
const COUNTRIES: &[(&str, Id)] = &[
    ("united kingdom", Id::GB),
    ("uk", Id::GB),
    ("great britain", Id::GB),
    ("england", Id::GB),
    ("scotland", Id::GB),
    ("gb", Id::GB),
    ("united states", Id::US),
    ("united states of america", Id::US),
    ("usa", Id::US),
    ("us", Id::US),
    ("canada", Id::CA),
    ("ca", Id::CA),
    ("germany", Id::DE),
    ("deutschland", Id::DE),
    ("de", Id::DE),
    ("france", Id::FR),
    ("fr", Id::FR),
    ("spain", Id::ES),
    ("españa", Id::ES),
    ("es", Id::ES),
    ("italy", Id::IT),
    ("italia", Id::IT),
    ("it", Id::IT),
    ("netherlands", Id::NL),
    ("the netherlands", Id::NL),
    ("nederland", Id::NL),
    ("nl", Id::NL),
    ("belgium", Id::BE),
    ("be", Id::BE),
    ("switzerland", Id::CH),
    ("schweiz", Id::CH),
    ("ch", Id::CH),
    ("austria", Id::AT),
    ("österreich", Id::AT),
    ("at", Id::AT),
    ("ireland", Id::IE),
    ("ie", Id::IE),
    ("portugal", Id::PT),
    ("pt", Id::PT),
    ("sweden", Id::SE),
    ("se", Id::SE),
    ("norway", Id::NO),
    ("no", Id::NO),
    ("denmark", Id::DK),
    ("dk", Id::DK),
    ("finland", Id::FI),
    ("fi", Id::FI),
    ("poland", Id::PL),
    ("pl", Id::PL),
    ("australia", Id::AU),
    ("au", Id::AU),
    ("new zealand", Id::NZ),
    ("nz", Id::NZ),
    ("japan", Id::JP),
    ("jp", Id::JP),
    ("india", Id::IN),
    ("in", Id::IN),
    ("brazil", Id::BR),
    ("brasil", Id::BR),
    ("br", Id::BR),
    ("mexico", Id::MX),
    ("méxico", Id::MX),
    ("mx", Id::MX),
    ("singapore", Id::SG),
    ("sg", Id::SG),
    ("china", Id::CN),
    ("cn", Id::CN),
    ("nigeria", Id::NG),
    ("ng", Id::NG),
    ("south africa", Id::ZA),
    ("za", Id::ZA),
    ("kenya", Id::KE),
    ("ke", Id::KE),
    ("united arab emirates", Id::AE),
    ("uae", Id::AE),
];

/// Calling code of each region above, and whether national numbers start with a trunk
/// `0` that the international form drops.
const CALLING: &[(Id, &str, bool)] = &[
    (Id::GB, "44", true),
    (Id::US, "1", false),
    (Id::CA, "1", false),
    (Id::DE, "49", true),
    (Id::FR, "33", true),
    (Id::ES, "34", false),
    (Id::IT, "39", false),
    (Id::NL, "31", true),
    (Id::BE, "32", true),
    (Id::CH, "41", true),
    (Id::AT, "43", true),
    (Id::IE, "353", true),
    (Id::PT, "351", false),
    (Id::SE, "46", true),
    (Id::NO, "47", false),
    (Id::DK, "45", false),
    (Id::FI, "358", true),
    (Id::PL, "48", false),
    (Id::AU, "61", true),
    (Id::NZ, "64", true),
    (Id::JP, "81", true),
    (Id::IN, "91", true),
    (Id::BR, "55", true),
    (Id::MX, "52", false),
    (Id::SG, "65", false),
    (Id::CN, "86", true),
    (Id::NG, "234", true),
    (Id::ZA, "27", true),
    (Id::KE, "254", true),
    (Id::AE, "971", true),
];

/// The region a location names: its last comma-separated part ("Leeds, UK"), or the
/// whole location ("Germany").
pub fn region_of(location: Option<&str>) -> Option<Id> {
    let loc = location?.trim();
    let last = loc.rsplit([',', '\n']).next().unwrap_or(loc);
    let find = |s: &str| {
        let s = s.trim().trim_end_matches('.').to_lowercase();
        COUNTRIES.iter().find(|(n, _)| *n == s).map(|(_, id)| *id)
    };
    find(last).or_else(|| find(loc))
}

/// The number in E.164 when its country is known and it is a valid number there;
/// otherwise the number as typed, trimmed.
pub fn normalize_phone(raw: &str, location: Option<&str>) -> String {
    let typed = raw.trim();
    let region = region_of(location);
    if !typed.starts_with('+') && region.is_none() {
        return typed.to_string();
    }
    // "00" is the international prefix in most of the world: "0044..." is "+44...".
    let input = match typed.strip_prefix("00") {
        Some(rest) if region.is_none() || region != Some(Id::US) => format!("+{rest}"),
        _ => typed.to_string(),
    };
    match phonenumber::parse(region, &input) {
        Ok(n) if phonenumber::is_valid(&n) => n.format().mode(phonenumber::Mode::E164).to_string(),
        _ => typed.to_string(),
    }
}

/// A key that two spellings of one number share, for duplicate detection: E.164 when
/// the number starts with `+` or `00` or the location names a known country, else the
/// digits. Built by hand, not by `phonenumber`, whose parser recompiles regular
/// expressions when numbers of many countries alternate (1 ms a number on 100k contacts);
/// it does not validate, which blocking does not need.
pub fn phone_key(raw: &str, location: Option<&str>) -> String {
    let typed = raw.trim();
    // "+44 (0)20 ..." writes the trunk 0 that international dialling drops.
    let typed = typed.replacen("(0)", "", 1);
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if typed.starts_with('+') {
        return format!("+{digits}");
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return format!("+{rest}");
    }
    let Some(region) = region_of(location) else {
        return digits;
    };
    let Some((_, code, trunk)) = CALLING.iter().find(|(id, _, _)| *id == region) else {
        return digits;
    };
    let national = match (*code, *trunk) {
        ("1", _) if digits.len() == 11 => digits.strip_prefix('1').unwrap_or(&digits),
        (_, true) => digits.strip_prefix('0').unwrap_or(&digits),
        _ => &digits,
    };
    format!("+{code}{national}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_numbers_and_known_countries_become_e164() {
        assert_eq!(normalize_phone(" +44 20 7946 0000 ", None), "+442079460000");
        assert_eq!(
            normalize_phone("020 7946 0000", Some("London, UK")),
            "+442079460000"
        );
        assert_eq!(
            normalize_phone("(415) 555-0132", Some("San Francisco, CA, USA")),
            "+14155550132"
        );
        assert_eq!(
            normalize_phone("030 1234567", Some("Germany")),
            "+49301234567"
        );
        assert_eq!(normalize_phone(" 555 0132 ", Some("Atlantis")), "555 0132");
        assert_eq!(normalize_phone("n/a", Some("UK")), "n/a");
        assert_eq!(phone_key("555-0132", None), "5550132");
        assert_eq!(
            phone_key("020 7946 0000", Some("London, UK")),
            "+442079460000"
        );
        assert_eq!(phone_key("+44 (0)20 7946 0000", None), "+442079460000");
        assert_eq!(phone_key("(415) 555-0132", Some("USA")), "+14155550132");
        assert_eq!(phone_key("0039 06 1234 5678", None), "+390612345678");
        // The hand-made key agrees with phonenumber's E.164 where both apply.
        for (raw, loc) in [
            ("030 1234567", "Germany"),
            ("06 12 34 56 78", "France"),
            ("0803 123 4567", "Lagos, Nigeria"),
        ] {
            assert_eq!(
                phone_key(raw, Some(loc)),
                normalize_phone(raw, Some(loc)),
                "{raw}"
            );
        }
    }
}
