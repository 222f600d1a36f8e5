//! Fuzzes the vCard reader: content lines, cards and their conversion to contacts must
//! never panic, whatever the bytes. Seed with tests/fixtures/vcf/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolo::interchange::vcard::{card, convert, lines};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (cards, _broken) = card::split_cards(lines::properties(&text));
    for c in &cards {
        let _ = convert::contact(c);
    }
    let _ = lines::decode_qp(&text);
    let _ = lines::split_unescaped(&text, ';');
});
