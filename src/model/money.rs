//! Money in integer minor units (cents, fils, yen): the ISO 4217 currency table with
//! each currency's number of minor digits, exact parsing of amounts people type
//! ("12,500.50", "1.5k", "€2M"), and formatting for tables and kanban cards. No floats
//! are used anywhere, so 1.5k is exactly 1500.00.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const AMOUNT_HINT: &str =
    "amounts are non-negative numbers like 12500 or 12,500.50 (1.5k and 2M work too)";

/// Why a currency code or an amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The code is not an active ISO 4217 currency.
    #[error(
        "{code:?} is not an ISO 4217 currency code; use a three-letter code such as EUR, USD or GBP"
    )]
    UnknownCurrency { code: String },
    /// The amount is not a number.
    #[error("{input:?} is not an amount; {hint}", hint = AMOUNT_HINT)]
    NotANumber { input: String },
    /// The amount is below zero.
    #[error("{input:?} is negative; {hint}", hint = AMOUNT_HINT)]
    Negative { input: String },
    /// The amount has more decimal places than the currency's minor unit.
    #[error("{input:?} has more decimal places than {currency} allows ({digits}); {hint}", hint = AMOUNT_HINT)]
    TooPrecise {
        input: String,
        currency: Currency,
        digits: u32,
    },
    /// The amount does not fit in 64-bit minor units.
    #[error("{input:?} is too large; {hint}", hint = AMOUNT_HINT)]
    TooLarge { input: String },
    /// The amount names a different currency than the one expected.
    #[error("{input:?} is not in {currency}; {hint}", hint = AMOUNT_HINT)]
    WrongCurrency { input: String, currency: Currency },
}

// Echo at most a line's worth of hostile input back in messages.
fn shown(input: &str) -> String {
    const LIMIT: usize = 40;
    match input.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &input[..cut]),
        None => input.to_string(),
    }
}

// Active ISO 4217 currencies (SIX list one, published 2026-01-01) with their minor digits,
// sorted by code for binary search. Funds and units with no minor unit (XAU, XDR, XXX, …)
// are left out: nobody prices a deal in them.
static CURRENCIES: [(&str, u32); 165] = [
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAD", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// An ISO 4217 currency, stored as its three uppercase ASCII letters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// Japanese yen.
    pub const JPY: Currency = Currency(*b"JPY");
    /// Swiss franc.
    pub const CHF: Currency = Currency(*b"CHF");

    /// Reads an ISO 4217 code in any case ("eur", "EUR"); unknown codes are refused.
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        let unknown = || MoneyError::UnknownCurrency { code: shown(code) };
        let bytes: [u8; 3] = code.trim().as_bytes().try_into().map_err(|_| unknown())?;
        let upper = bytes.map(|b| b.to_ascii_uppercase());
        let text = std::str::from_utf8(&upper).map_err(|_| unknown())?;
        CURRENCIES
            .binary_search_by(|(c, _)| c.cmp(&text))
            .map(|_| Currency(upper))
            .map_err(|_| unknown())
    }

    /// The three-letter code, e.g. "EUR".
    pub fn code(&self) -> &str {
        // Only `parse` and the constants build a Currency, both from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// How many digits the minor unit has: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn minor_digits(&self) -> u32 {
        let code = self.code();
        CURRENCIES
            .binary_search_by(|(c, _)| c.cmp(&code))
            .map_or(2, |i| CURRENCIES[i].1)
    }

    /// The symbol written before amounts, for currencies that have an unambiguous one.
    pub fn symbol(&self) -> Option<&'static str> {
        // "$" and "¥" go to the currencies most people mean by them; CAD, CNY and friends
        // are shown with their code instead.
        Some(match &self.0 {
            b"EUR" => "€",
            b"USD" => "$",
            b"GBP" => "£",
            b"JPY" => "¥",
            b"INR" => "₹",
            b"KRW" => "₩",
            b"ILS" => "₪",
            b"NGN" => "₦",
            b"PHP" => "₱",
            b"UAH" => "₴",
            b"TRY" => "₺",
            _ => return None,
        })
    }

    // Ten to the power of the minor digits: how many minor units make one major unit.
    fn scale(&self) -> u64 {
        10u64.pow(self.minor_digits())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::parse(&code).map_err(serde::de::Error::custom)
    }
}

/// An amount of money: a count of minor units (cents) in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount in minor units, e.g. 1250 for €12.50.
    pub minor: i64,
    /// The currency the amount is in.
    pub currency: Currency,
}

impl Money {
    /// Builds an amount from minor units.
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_money(self.minor, self.currency))
    }
}

// Strips the currency's own symbol or code from either end; the rest should be a number.
fn strip_currency(text: &str, currency: Currency) -> &str {
    let mut s = text.trim();
    if let Some(symbol) = currency.symbol() {
        s = s
            .strip_prefix(symbol)
            .or_else(|| s.strip_suffix(symbol))
            .unwrap_or(s)
            .trim();
    }
    let code = currency.code();
    if s.get(..3)
        .is_some_and(|head| head.eq_ignore_ascii_case(code))
    {
        s = s[3..].trim();
    } else if s.len() >= 3
        && s.get(s.len() - 3..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(code))
    {
        s = s[..s.len() - 3].trim();
    }
    s
}

// True when `s` carries another currency's code or symbol at either end.
fn names_other_currency(s: &str) -> bool {
    let ends = [s.get(..3), s.len().checked_sub(3).and_then(|i| s.get(i..))];
    let other_code = ends
        .iter()
        .flatten()
        .any(|end| end.bytes().all(|b| b.is_ascii_alphabetic()) && Currency::parse(end).is_ok());
    let other_symbol = CURRENCIES
        .iter()
        .filter_map(|(code, _)| Currency::parse(code).ok()?.symbol())
        .any(|symbol| s.starts_with(symbol) || s.ends_with(symbol));
    other_code || other_symbol
}

// A grouped integer like "12,500" (groups of three after the first) or plain digits.
fn integer_digits(int: &str) -> Option<String> {
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) || (int.contains(',') && !(1..=3).contains(&first.len())) {
        return None;
    }
    let mut out = first.to_string();
    for group in groups {
        if group.len() != 3 || !digits(group) {
            return None;
        }
        out.push_str(group);
    }
    Some(out)
}

/// Reads a non-negative amount into minor units of `currency`: `12500`, `12,500.50`,
/// `1.5k`, `2M`, `€12.5k`, `12500 EUR`. Refuses negatives, extra decimals and overflow.
pub fn parse_amount(input: &str, currency: Currency) -> Result<i64, MoneyError> {
    let not_a_number = || MoneyError::NotANumber {
        input: shown(input),
    };
    let too_large = || MoneyError::TooLarge {
        input: shown(input),
    };
    let too_precise = || MoneyError::TooPrecise {
        input: shown(input),
        currency,
        digits: currency.minor_digits(),
    };

    let trimmed = input.trim();
    let unsigned = trimmed.strip_prefix(['-', '\u{2212}']);
    let s = strip_currency(unsigned.unwrap_or(trimmed), currency);
    if unsigned.is_some() || s.starts_with(['-', '\u{2212}']) {
        return Err(MoneyError::Negative {
            input: shown(input),
        });
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    let (body, multiplier): (&str, i128) = match s.as_bytes().last() {
        Some(b'k' | b'K') => (&s[..s.len() - 1], 1_000),
        Some(b'm' | b'M') => (&s[..s.len() - 1], 1_000_000),
        Some(b'b' | b'B') => (&s[..s.len() - 1], 1_000_000_000),
        _ => (s, 1),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let int = integer_digits(int).filter(|_| frac.bytes().all(|b| b.is_ascii_digit()));
    let Some(int) = int.filter(|int| !int.is_empty() || !frac.is_empty()) else {
        if names_other_currency(s) {
            return Err(MoneyError::WrongCurrency {
                input: shown(input),
                currency,
            });
        }
        return Err(not_a_number());
    };
    // Zeros at the ends carry no value and must not trip the precision or size checks.
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if int.len() > 30 {
        return Err(too_large());
    }
    if frac.len() > 30 {
        return Err(too_precise());
    }
    let frac_scale = 10i128.pow(u32::try_from(frac.len()).map_err(|_| too_precise())?);
    let int_value: i128 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| too_large())?
    };
    let frac_value: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| too_precise())?
    };
    // amount = (int + frac / frac_scale) * multiplier, in minor units, exactly.
    let scaled = int_value
        .checked_mul(frac_scale)
        .and_then(|v| v.checked_add(frac_value))
        .and_then(|v| v.checked_mul(multiplier))
        .and_then(|v| v.checked_mul(i128::from(currency.scale())))
        .ok_or_else(too_large)?;
    if scaled % frac_scale != 0 {
        return Err(too_precise());
    }
    i64::try_from(scaled / frac_scale).map_err(|_| too_large())
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// Puts the symbol before the number, or the code after it, with the sign in front.
fn with_currency(negative: bool, number: &str, currency: Currency) -> String {
    let sign = if negative { "-" } else { "" };
    match currency.symbol() {
        Some(symbol) => format!("{sign}{symbol}{number}"),
        None => format!("{sign}{number} {currency}"),
    }
}

/// Formats minor units in full with grouping and exact minor digits: `€12,500.00`,
/// `$1,200.50`, `¥1,200`, `12,500.00 CHF`.
pub fn format_money(minor: i64, currency: Currency) -> String {
    let abs = minor.unsigned_abs();
    let scale = currency.scale();
    let mut number = group_thousands(abs / scale);
    let digits = currency.minor_digits() as usize;
    if digits > 0 {
        number.push_str(&format!(".{:0digits$}", abs % scale));
    }
    with_currency(minor < 0, &number, currency)
}

/// Formats minor units compactly for kanban cards: `€900`, `€12.5k`, `$1.2M`, `€125k`,
/// rounded half up to whole units below a thousand and to three significant figures above.
pub fn format_money_short(minor: i64, currency: Currency) -> String {
    const UNITS: [(u128, &str); 5] = [
        (1, ""),
        (1_000, "k"),
        (1_000_000, "M"),
        (1_000_000_000, "B"),
        (1_000_000_000_000, "T"),
    ];
    let abs = u128::from(minor.unsigned_abs());
    let scale = u128::from(currency.scale());
    let mut number = String::new();
    for (i, (unit, suffix)) in UNITS.iter().enumerate() {
        let denom = unit * scale;
        let whole = (abs + denom / 2) / denom;
        let last = i + 1 == UNITS.len();
        if whole >= 1000 && !last {
            continue;
        }
        let tenths = (abs * 10 + denom / 2) / denom;
        number = if *unit > 1 && tenths < 1000 && tenths % 10 != 0 {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        } else {
            format!("{whole}{suffix}")
        };
        break;
    }
    with_currency(minor < 0, &number, currency)
}

impl Default for Currency {
    /// Euro, until the config names the user's default currency.
    fn default() -> Self {
        Currency(*b"EUR")
    }
}
