//! Money in integer minor units (cents, fils, yen): the ISO 4217 currency table with each
//! currency's minor digits, exact parsing of amounts people type ("12,500.50", "1.5k",
//! "€2M"), and formatting for tables and kanban cards. No floats are used anywhere, so
//! 1.5k is exactly 1500.00.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const HINT: &str =
    "amounts are non-negative numbers like 12500 or 12,500.50 (1.5k and 2M work too)";

/// Why a currency code or an amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The code is not an active ISO 4217 currency.
    #[error("{0:?} is not an ISO 4217 currency code; use three letters such as EUR, USD or GBP")]
    UnknownCurrency(String),
    /// The amount is not a number.
    #[error("{0:?} is not an amount; {HINT}")]
    NotANumber(String),
    /// The amount is below zero.
    #[error("{0:?} is negative; {HINT}")]
    Negative(String),
    /// The amount does not fit in 64-bit minor units.
    #[error("{0:?} is too large; {HINT}")]
    TooLarge(String),
    /// The amount has more decimal places than the currency (with this many minor digits) has.
    #[error("{0:?} has more decimal places than {1} allows ({2}); {HINT}")]
    TooPrecise(String, Currency, u32),
    /// The amount carries another currency's symbol or code than the expected one.
    #[error("{0:?} is not in {1}; {HINT}")]
    WrongCurrency(String, Currency),
}

// Echo at most a line's worth of hostile input back in messages.
fn shown(input: &str) -> String {
    match input.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &input[..cut]),
        None => input.to_string(),
    }
}

// Active ISO 4217 currencies (SIX list one, published 2026-01-01): each code followed by its
// number of minor digits, sorted. Units with no minor unit (XAU, XDR, XXX, …) are left out:
// nobody prices a deal in them.
static CURRENCIES: &str = "\
    AED2 AFN2 ALL2 AMD2 AOA2 ARS2 AUD2 AWG2 AZN2 BAM2 BBD2 BDT2 BHD3 BIF0 BMD2 BND2 BOB2 BOV2 BRL2 \
    BSD2 BTN2 BWP2 BYN2 BZD2 CAD2 CDF2 CHE2 CHF2 CHW2 CLF4 CLP0 CNY2 COP2 COU2 CRC2 CUP2 CVE2 CZK2 \
    DJF0 DKK2 DOP2 DZD2 EGP2 ERN2 ETB2 EUR2 FJD2 FKP2 GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 HKD2 \
    HNL2 HTG2 HUF2 IDR2 ILS2 INR2 IQD3 IRR2 ISK0 JMD2 JOD3 JPY0 KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 \
    KYD2 KZT2 LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2 \
    MXN2 MXV2 MYR2 MZN2 NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 OMR3 PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 QAR2 \
    RON2 RSD2 RUB2 RWF0 SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 SZL2 \
    THB2 TJS2 TMT2 TND3 TOP2 TRY2 TTD2 TWD2 TZS2 UAH2 UGX0 USD2 USN2 UYI0 UYU2 UYW4 UZS2 VED2 VES2 \
    VND0 VUV0 WST2 XAD2 XAF0 XCD2 XCG2 XOF0 XPF0 YER2 ZAR2 ZMW2 ZWG2";

// Symbols written before amounts. "$" and "¥" go to the currencies most people mean by
// them; CAD, CNY and the like are shown with their code instead.
const SYMBOLS: &str = "EUR:€ USD:$ GBP:£ JPY:¥ INR:₹ KRW:₩ ILS:₪ NGN:₦ PHP:₱ UAH:₴ TRY:₺";

// The minor digits of `code` (uppercase), if it is in the table.
// The table is sorted with one five-byte entry ("EUR2 ") per code, so a binary search
// finds a code without splitting the whole string (deals are decoded by the ten thousand).
fn lookup(code: &str) -> Option<u32> {
    let table = CURRENCIES.as_bytes();
    let entries = table.len().div_ceil(5);
    let entry = |i: usize| table.get(i * 5..(i * 5 + 4).min(table.len()));
    let (mut lo, mut hi) = (0, entries);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let e = entry(mid)?;
        match e.get(..3)?.cmp(code.as_bytes()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return e.get(3).and_then(|d| (*d as char).to_digit(10)),
        }
    }
    None
}

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
        let unknown = || MoneyError::UnknownCurrency(shown(code));
        let bytes: [u8; 3] = code.trim().as_bytes().try_into().map_err(|_| unknown())?;
        let currency = Currency(bytes.map(|b| b.to_ascii_uppercase()));
        lookup(currency.code())
            .map(|_| currency)
            .ok_or_else(unknown)
    }

    /// The three-letter code, e.g. "EUR".
    pub fn code(&self) -> &str {
        // Only `parse` and the constants build a Currency, both from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// How many digits the minor unit has: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn minor_digits(&self) -> u32 {
        lookup(self.code()).unwrap_or(2)
    }

    /// The symbol written before amounts, for currencies that have an unambiguous one.
    pub fn symbol(&self) -> Option<&'static str> {
        SYMBOLS
            .split(' ')
            .find_map(|entry| entry.strip_prefix(self.code())?.strip_prefix(':'))
    }

    // How many minor units make one major unit: 100 for EUR.
    fn scale(&self) -> u64 {
        10u64.pow(self.minor_digits())
    }
}

impl Default for Currency {
    /// Euro, until the config names the user's default currency.
    fn default() -> Self {
        Currency::EUR
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
        // A visitor, so a borrowed code (MessagePack from a slice) is not copied.
        struct Code;
        impl serde::de::Visitor<'_> for Code {
            type Value = Currency;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 4217 currency code")
            }
            fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<Currency, E> {
                Currency::parse(code).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Code)
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
    let code = |part: Option<&str>| part.is_some_and(|p| p.eq_ignore_ascii_case(currency.code()));
    if code(s.get(..3)) {
        s = s[3..].trim();
    } else if code(s.len().checked_sub(3).and_then(|i| s.get(i..))) {
        s = s[..s.len() - 3].trim();
    }
    s
}

// True when `s` carries a currency code or symbol at either end.
fn names_a_currency(s: &str) -> bool {
    let ends = [s.get(..3), s.len().checked_sub(3).and_then(|i| s.get(i..))];
    let code = ends
        .iter()
        .flatten()
        .any(|end| Currency::parse(end).is_ok());
    let mut symbols = SYMBOLS.split(' ').filter_map(|entry| entry.get(4..));
    code || symbols.any(|symbol| s.starts_with(symbol) || s.ends_with(symbol))
}

// The digits of an integer written plainly or grouped in threes ("12,500"); None otherwise.
fn integer_digits(int: &str) -> Option<String> {
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = int.contains(',');
    if !digits(first) || (grouped && !(1..=3).contains(&first.len())) {
        return None;
    }
    groups.try_fold(first.to_string(), |mut out, group| {
        (group.len() == 3 && digits(group)).then(|| {
            out.push_str(group);
            out
        })
    })
}

/// Reads a non-negative amount into minor units of `currency`: `12500`, `12,500.50`,
/// `1.5k`, `2M`, `€12.5k`, `12500 EUR`. Refuses negatives, extra decimals and overflow.
pub fn parse_amount(input: &str, currency: Currency) -> Result<i64, MoneyError> {
    let too_large = || MoneyError::TooLarge(shown(input));
    let digits = currency.minor_digits();
    let too_precise = || MoneyError::TooPrecise(shown(input), currency, digits);
    let minus = ['-', '\u{2212}'];
    let trimmed = input.trim();
    let unsigned = trimmed.strip_prefix(minus);
    let s = strip_currency(unsigned.unwrap_or(trimmed), currency);
    if unsigned.is_some() || s.starts_with(minus) {
        return Err(MoneyError::Negative(shown(input)));
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
        return Err(match names_a_currency(s) {
            true => MoneyError::WrongCurrency(shown(input), currency),
            false => MoneyError::NotANumber(shown(input)),
        });
    };
    // Zeros at the ends carry no value and must not trip the size or precision checks.
    let (int, frac) = (int.trim_start_matches('0'), frac.trim_end_matches('0'));
    if int.len() > 30 {
        return Err(too_large());
    }
    if frac.len() > 30 {
        return Err(too_precise());
    }
    let value = |text: &str| text.parse::<i128>().ok().or(text.is_empty().then_some(0));
    // amount = (int + frac / frac_scale) * multiplier, in minor units, exactly.
    let frac_scale = 10i128.pow(frac.len() as u32);
    let unit = multiplier * i128::from(currency.scale());
    let number = value(int).and_then(|v| v.checked_mul(frac_scale)?.checked_add(value(frac)?));
    let scaled = number
        .and_then(|v| v.checked_mul(unit))
        .ok_or_else(too_large)?;
    if scaled % frac_scale != 0 {
        return Err(too_precise());
    }
    i64::try_from(scaled / frac_scale).map_err(|_| too_large())
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
    let (abs, scale) = (minor.unsigned_abs(), currency.scale());
    let mut number = group_thousands(abs / scale);
    let digits = currency.minor_digits() as usize;
    if digits > 0 {
        number.push_str(&format!(".{:0digits$}", abs % scale));
    }
    with_currency(minor < 0, &number, currency)
}

/// Formats minor units compactly for kanban cards: `€900`, `€12.5k`, `$1.2M`, `€125k`;
/// whole units below a thousand, then one decimal below 100k/M/B/T; rounded half up.
pub fn format_money_short(minor: i64, currency: Currency) -> String {
    let abs = u128::from(minor.unsigned_abs());
    let scale = u128::from(currency.scale());
    let mut number = String::new();
    for (power, suffix) in (0u32..).zip(["", "k", "M", "B", "T"]) {
        let denom = 1000u128.pow(power) * scale;
        let whole = (abs + denom / 2) / denom;
        let tenths = (abs * 10 + denom / 2) / denom;
        number = if power > 0 && tenths < 1000 && tenths % 10 != 0 {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        } else {
            format!("{whole}{suffix}")
        };
        // Past a thousand of this unit, try the next: 999,950 shows as 1M, not 1000k.
        if whole < 1000 {
            break;
        }
    }
    with_currency(minor < 0, &number, currency)
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_code_in_the_table_is_found_with_its_digits() {
        let entries: Vec<&str> = CURRENCIES.split(' ').collect();
        assert!(
            entries.windows(2).all(|w| w[0] < w[1]),
            "the table is sorted"
        );
        for e in entries {
            assert_eq!(e.len(), 4, "{e:?}");
            assert_eq!(lookup(&e[..3]), e[3..].parse().ok(), "{e}");
        }
        assert_eq!(lookup("AAA"), None);
        assert_eq!(lookup("ZZZ"), None);
        assert_eq!(lookup("EU"), None);
    }
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    // Cases are "input = expected" separated by " | ".
    fn cases(table: &str) -> impl Iterator<Item = (&str, &str)> {
        let split = table
            .split(['|', '\n'])
            .filter_map(|case| case.split_once(" = "));
        split.map(|(input, expected)| (input.trim(), expected.trim()))
    }

    #[test]
    fn table_is_sorted_unique_and_well_formed() {
        let entries: Vec<&str> = CURRENCIES.split(' ').collect();
        assert_eq!(entries.len(), 165);
        assert!(entries.windows(2).all(|pair| pair[0] < pair[1]));
        for entry in entries {
            let (code, digits) = entry.split_at(3);
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()), "{entry}");
            assert!(matches!(digits, "0" | "2" | "3" | "4"), "{entry}");
        }
        for constant in [
            Currency::EUR,
            Currency::USD,
            Currency::GBP,
            Currency::JPY,
            Currency::CHF,
        ] {
            assert_eq!(Currency::parse(constant.code()), Ok(constant));
        }
    }

    #[test]
    fn minor_digits_follow_iso() {
        let table = "JPY = 0 | KRW = 0 | ISK = 0 | CLP = 0 | BHD = 3 | KWD = 3 | JOD = 3 | OMR = 3
            TND = 3 | EUR = 2 | USD = 2 | GBP = 2 | CHF = 2 | INR = 2 | CLF = 4";
        for (code, digits) in cases(table) {
            assert_eq!(cur(code).minor_digits().to_string(), digits, "{code}");
        }
    }

    #[test]
    fn currency_codes_any_case_and_display() {
        assert_eq!(cur("eur"), Currency::EUR);
        assert_eq!(" Usd ".parse::<Currency>(), Ok(Currency::USD));
        assert_eq!(Currency::EUR.to_string(), "EUR");
        assert_eq!(format!("{:?}", Currency::EUR), "Currency(EUR)");
        assert_eq!(
            (Currency::EUR.symbol(), Currency::CHF.symbol()),
            (Some("€"), None)
        );
        for code in [
            "XYZ",
            "EURO",
            "E1",
            "",
            "XAU",
            "ÉUR",
            "€",
            "\u{0}\u{0}\u{0}",
        ] {
            let message = Currency::parse(code).unwrap_err().to_string();
            assert!(message.contains(&format!("{code:?}")), "{message}");
            assert!(message.contains("EUR, USD or GBP"), "{message}");
        }
    }

    #[test]
    fn serde_uses_the_code_string() {
        assert_eq!(serde_json::to_string(&Currency::EUR).unwrap(), r#""EUR""#);
        assert_eq!(
            serde_json::from_str::<Currency>(r#""jpy""#).unwrap(),
            Currency::JPY
        );
        assert!(serde_json::from_str::<Currency>(r#""XYZ""#).is_err());
        let money = Money::new(1_250_050, Currency::EUR);
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, r#"{"minor":1250050,"currency":"EUR"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        assert_eq!(money.to_string(), "€12,500.50");
    }

    #[test]
    fn parses_amounts_exactly() {
        let table = "
            12500 EUR = 1250000 | 12,500.50 EUR = 1250050 | 12500.5 EUR = 1250050 | 1.5k EUR = 150000
            2M EUR = 200000000 | 1.2345k EUR = 123450 | 0.1 EUR = 10 | 1.50000 EUR = 150 | .5 EUR = 50
            1,200 JPY = 1200 | 1.234 KWD = 1234 | 92233720368547758.07 EUR = 9223372036854775807
            €12.5k EUR = 1250000 | 12500 eur EUR = 1250000 | CHF 99.95 CHF = 9995
            $1,200.50 USD = 120050 | ¥1200 JPY = 1200 | 12500€ EUR = 1250000 | +5 EUR = 500";
        for (input, expected) in cases(table) {
            let (input, code) = input.rsplit_once(' ').unwrap();
            let parsed = parse_amount(input, cur(code)).map(|m| m.to_string());
            assert_eq!(parsed, Ok(expected.to_string()), "{input:?} in {code}");
        }
    }

    #[test]
    fn rejections_name_the_value_and_the_accepted_form() {
        let table = "-5 = Negative | -€5 = Negative | € -5 = Negative | abc = NotANumber
            12..5 = NotANumber | 12,5 = NotANumber | 1,2345 = NotANumber | 1e9 = NotANumber
            1.234 = TooPrecise | 92233720368547758.08 = TooLarge | 99999999999999999999k = TooLarge
            $5 = WrongCurrency | 5 USD = WrongCurrency | k = NotANumber | . = NotANumber";
        for (input, expected) in cases(table).chain([("", "NotANumber")]) {
            let err = parse_amount(input, Currency::EUR).unwrap_err();
            assert!(
                format!("{err:?}").starts_with(expected),
                "{input:?} gave {err:?}"
            );
            let message = err.to_string();
            assert!(message.contains(&format!("{input:?}")), "{message}");
            assert!(
                message.contains("non-negative numbers like 12500 or 12,500.50"),
                "{message}"
            );
        }
        let err = parse_amount("1.5", Currency::JPY).unwrap_err();
        assert!(
            err.to_string()
                .contains("more decimal places than JPY allows (0)")
        );
    }

    #[test]
    fn hostile_amounts_never_panic() {
        let (long, zeros) = ("9".repeat(10_000), format!("0.{}1", "0".repeat(5000)));
        let hostile = [
            "日本円",
            "\u{0}5",
            "5\u{7f}",
            "٣",
            "€€5",
            "5 EUREUR",
            "1,,000",
            "--5",
        ];
        for input in hostile.into_iter().chain([long.as_str(), zeros.as_str()]) {
            for code in ["EUR", "JPY", "KWD", "CLF"] {
                assert!(parse_amount(input, cur(code)).is_err(), "{input:?}");
            }
        }
    }

    #[test]
    fn full_formatting() {
        let table = "1250000 EUR = €12,500.00 | 120050 USD = $1,200.50 | 1200 JPY = ¥1,200
            1250000 CHF = 12,500.00 CHF | 1234567 KWD = 1,234.567 KWD | 5 EUR = €0.05
            -120050 USD = -$1,200.50 | -9223372036854775808 EUR = -€92,233,720,368,547,758.08";
        for (input, expected) in cases(table) {
            let (minor, code) = input.split_once(' ').unwrap();
            assert_eq!(format_money(minor.parse().unwrap(), cur(code)), expected);
        }
    }

    #[test]
    fn short_formatting_for_cards() {
        let table =
            "1250000 EUR = €12.5k | 120000000 USD = $1.2M | 90000 EUR = €900 | 90050 EUR = €901
            1200000 EUR = €12k | 12530000 EUR = €125k | 99960 EUR = €1k | 99995000 EUR = €1M
            -1250000 EUR = -€12.5k | 1250000 CHF = 12.5k CHF | 1200 JPY = ¥1.2k
            9223372036854775807 JPY = ¥9223372T | -9223372036854775808 EUR = -€92234T";
        for (input, expected) in cases(table) {
            let (minor, code) = input.split_once(' ').unwrap();
            assert_eq!(
                format_money_short(minor.parse().unwrap(), cur(code)),
                expected
            );
        }
    }
}
