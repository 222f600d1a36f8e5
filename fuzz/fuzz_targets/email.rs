//! Fuzzes the email reader: parsing a message (headers, encodings, charsets, HTML) must
//! never panic. Seed with tests/fixtures/eml/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolo::interchange::email::parse_mail;

fuzz_target!(|data: &[u8]| {
    if let Ok(mail) = parse_mail(data) {
        let _ = mail.from.contact_name();
    }
});
