//! Cards: the properties between `BEGIN:VCARD` and `END:VCARD`, numbered from 1 in their
//! file. A card that never ends (a truncated file, or a `BEGIN` before the `END`) is
//! reported as a problem of that card, so `--skip-invalid` can keep the others.

use super::lines::Property;

/// One card of a file.
#[derive(Debug, Clone)]
pub struct Card {
    /// Its position in the file (1-based).
    pub number: usize,
    /// The line of its `BEGIN:VCARD`.
    pub line: u64,
    /// Its properties, in order, without `BEGIN`/`END`.
    pub props: Vec<Property>,
}

impl Card {
    /// The first property with this name.
    pub fn first(&self, name: &str) -> Option<&Property> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every property with this name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }
}

/// A card that could not be read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenCard {
    /// Its position in the file (1-based).
    pub number: usize,
    /// The line of its `BEGIN:VCARD`.
    pub line: u64,
    /// What is wrong.
    pub reason: String,
}

/// Groups properties into cards; the second list holds the cards that never end.
/// Properties outside any card are ignored.
pub fn split_cards(props: Vec<Property>) -> (Vec<Card>, Vec<BrokenCard>) {
    let (mut cards, mut broken) = (Vec::new(), Vec::new());
    let mut open: Option<Card> = None;
    let mut number = 0;
    let unended = |c: &Card| BrokenCard {
        number: c.number,
        line: c.line,
        reason: "has no END:VCARD (the file looks truncated)".into(),
    };
    for p in props {
        let is_vcard = p.value.trim().eq_ignore_ascii_case("VCARD");
        match p.name.as_str() {
            "BEGIN" if is_vcard => {
                if let Some(c) = open.take() {
                    broken.push(unended(&c));
                }
                number += 1;
                open = Some(Card {
                    number,
                    line: p.line,
                    props: Vec::new(),
                });
            }
            "END" if is_vcard => {
                if let Some(c) = open.take() {
                    cards.push(c);
                }
            }
            _ => {
                if let Some(c) = &mut open {
                    c.props.push(p);
                }
            }
        }
    }
    if let Some(c) = open {
        broken.push(unended(&c));
    }
    (cards, broken)
}
