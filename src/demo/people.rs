//! Demo contacts: people from many locales ("Jürgen Müller", "山田 太郎", "Łukasz
//! Woźniak"), most working at a demo company (bigger companies employ more of them),
//! with titles, unique emails derived from their ASCII-folded names, phones in their
//! country's format, tags, lead sources and consent. Lifecycles are settled after the
//! deals exist (`settle_lifecycles`); last activity after the activities exist.

use std::collections::BTreeMap;

use fastrand::Rng;

use super::Context;
use super::companies::DemoCompany;
use super::deals::DemoDeal;
use super::draw::{between, chance, days, digits, grown, pick, pick_str, pick_word, weighted};
use super::locales::{LOCALES, Locale, NameOrder, entry, feminine_family};
use super::taken::Taken;
use crate::model::{Consent, ConsentState, Contact, DealStatus, Instant, Labeled, Lifecycle};

const TITLES: &[(&str, u32)] = &[
    ("CEO", 4),
    ("CTO", 3),
    ("CFO", 2),
    ("COO", 2),
    ("Founder", 2),
    ("Head of Sales", 5),
    ("Head of Marketing", 4),
    ("Head of Operations", 4),
    ("VP Engineering", 3),
    ("Procurement Manager", 6),
    ("IT Manager", 6),
    ("Office Manager", 4),
    ("Account Manager", 5),
    ("Product Manager", 5),
    ("Software Engineer", 6),
    ("Data Analyst", 4),
    ("Finance Manager", 4),
    ("Operations Lead", 4),
    ("Marketing Coordinator", 3),
    ("Sales Representative", 4),
];

/// Lead sources and how often each occurs.
pub const SOURCES: &[(&str, u32)] = &[
    ("website", 30),
    ("referral", 18),
    ("event", 14),
    ("outbound", 20),
    ("partner", 8),
    ("inbound call", 10),
];

const TAGS: &[(&str, f64)] = &[
    ("vip", 0.04),
    ("key", 0.06),
    ("partner", 0.03),
    ("champion", 0.05),
    ("decision-maker", 0.08),
    ("technical", 0.06),
];

const CONSENT_SOURCES: &[&str] = &["web form", "event badge scan", "call", "email opt-in"];

const NOTES: &[&str] = &[
    "Prefers email over calls.",
    "Met at the Berlin trade fair.",
    "Reports to the CFO; involve her early.",
    "Out of office most of August.",
    "Introduced by a mutual customer.",
    "Asked not to be called before 10:00.",
    "Very detail-oriented; send written summaries.",
];

/// Draws `n` contacts; about 5% work nowhere known, the others at a company (each
/// company gets at least one while there are enough people). Fills `staff` on the
/// companies. Ids start at `first_id` in creation order.
pub fn generate(
    rng: &mut Rng,
    n: usize,
    first_id: u64,
    companies: &mut [DemoCompany],
    ctx: &Context,
) -> Vec<Contact> {
    let mut drafts = employers(rng, n, companies);
    let latest = ctx.now - chrono::Duration::hours(1);
    let stamped: Vec<(Instant, Option<usize>)> = drafts
        .drain(..)
        .map(|(company, first)| {
            let created = match company {
                Some(ci) if first => {
                    let c = companies[ci].rec.created;
                    between(rng, c, (c + days(2)).min(latest))
                }
                Some(ci) => grown(rng, companies[ci].rec.created, latest),
                None => grown(rng, ctx.start, latest),
            };
            (created, company)
        })
        .collect();
    let mut order: Vec<usize> = (0..stamped.len()).collect();
    order.sort_by_key(|&i| (stamped[i].0, i));

    let locale_weights: Vec<u32> = LOCALES.iter().map(|l| l.weight).collect();
    let title_weights: Vec<u32> = TITLES.iter().map(|t| t.1).collect();
    let source_weights: Vec<u32> = SOURCES.iter().map(|s| s.1).collect();
    let mut emails = Taken::with_capacity(n + n / 8);
    let mut out = Vec::with_capacity(n);
    for (i, &d) in order.iter().enumerate() {
        let (created, company) = stamped[d];
        let employer = company.map(|ci| &companies[ci]);
        // Whether the person is local to the employer: they took its locale. One drawn
        // from all locales is not, even when the draw lands on the same country.
        let (locale, local) = match employer {
            Some(e) if chance(rng, 0.8) => (e.locale, true),
            _ => (&LOCALES[weighted(rng, &locale_weights)], false),
        };
        let person = Person::draw(rng, locale);
        let mut c = Contact {
            id: first_id + i as u64,
            name: person.name.clone(),
            given_name: Some(person.given.clone()),
            family_name: Some(person.family.clone()),
            title: Some(TITLES[weighted(rng, &title_weights)].0.to_string()),
            company: employer.map(|e| e.rec.id),
            owner: match employer {
                Some(e) if chance(rng, 0.85) => e.rec.owner.clone(),
                _ => ctx.owner(rng),
            },
            lifecycle: Lifecycle::Lead,
            source: Some(SOURCES[weighted(rng, &source_weights)].0.to_string()),
            created,
            updated: between(rng, created, ctx.now),
            ..Contact::default()
        };
        c.emails = person.emails(rng, employer, &mut emails);
        let (city, phones) = phones(rng, locale, employer.filter(|_| local));
        c.phones = phones;
        c.location = Some(format!("{city}, {}", locale.country));
        c.consent = consent(rng, created, ctx.now);
        c.tags = TAGS
            .iter()
            .filter(|(_, p)| chance(rng, *p))
            .map(|(t, _)| t.to_string())
            .collect();
        if c.consent.state == ConsentState::Granted && chance(rng, 0.5) {
            c.tags.push("newsletter".into());
        }
        if chance(rng, 0.08) {
            c.notes = pick(rng, NOTES).to_string();
        }
        if chance(rng, 0.25) {
            let mut custom = BTreeMap::new();
            custom.insert(
                "linkedin".to_string(),
                format!(
                    "linkedin.com/in/{}-{}",
                    person.given_ascii, person.family_ascii
                ),
            );
            c.custom = custom;
        }
        if let Some(ci) = company {
            companies[ci].staff.push(i);
        }
        out.push(c);
    }
    out
}

/// For each contact, its company index (if any) and whether it is that company's
/// first contact.
fn employers(rng: &mut Rng, n: usize, companies: &[DemoCompany]) -> Vec<(Option<usize>, bool)> {
    let mut out = Vec::with_capacity(n);
    let employed = if companies.is_empty() { 0 } else { n - n / 20 };
    let firsts = employed.min(companies.len());
    out.extend((0..firsts).map(|ci| (Some(ci), true)));
    let mut cumulative = Vec::with_capacity(companies.len());
    let mut total = 0u64;
    for c in companies {
        total += u64::from(c.staff_weight.max(1));
        cumulative.push(total);
    }
    for _ in firsts..employed {
        let x = rng.u64(..total.max(1));
        let ci = cumulative.partition_point(|&c| c <= x);
        out.push((Some(ci.min(companies.len() - 1)), false));
    }
    out.extend((employed..n).map(|_| (None, false)));
    out
}

/// A drawn name, shown and folded.
struct Person {
    name: String,
    given: String,
    family: String,
    given_ascii: String,
    family_ascii: String,
    locale: &'static Locale,
}

impl Person {
    fn draw(rng: &mut Rng, locale: &'static Locale) -> Person {
        let (given, given_ascii) = entry(pick_word(rng, locale.given));
        let (family, family_ascii) = entry(pick_word(rng, locale.family));
        let family = if locale.gendered_family && given.ends_with('a') {
            feminine_family(family)
        } else {
            family.to_string()
        };
        let family_ascii = if family_ascii.ends_with("ski") || family_ascii.ends_with("cki") {
            super::locales::fold_ascii(&family)
        } else {
            family_ascii
        };
        let name = match locale.order {
            NameOrder::GivenFirst => format!("{given} {family}"),
            NameOrder::FamilySpaced => format!("{family} {given}"),
            NameOrder::FamilyJoined => format!("{family}{given}"),
        };
        Person {
            name,
            given: given.to_string(),
            family,
            given_ascii,
            family_ascii,
            locale,
        }
    }

    /// None (5%), a work address at the employer's domain (or a personal one), and
    /// sometimes a second, personal address; every address unique in `taken`.
    fn emails(
        &self,
        rng: &mut Rng,
        employer: Option<&DemoCompany>,
        taken: &mut Taken,
    ) -> Vec<Labeled> {
        if chance(rng, 0.05) {
            return Vec::new();
        }
        let personal = |rng: &mut Rng, taken: &mut Taken| Labeled {
            label: "home".into(),
            value: unique(
                taken,
                &self.local_part(rng, true),
                pick_str(rng, self.locale.mail),
            ),
        };
        let mut out = Vec::new();
        match employer {
            Some(e) if chance(rng, 0.9) => {
                let local = self.local_part(rng, false);
                out.push(Labeled {
                    label: "work".into(),
                    value: unique(taken, &local, &e.domain),
                });
                if chance(rng, 0.1) {
                    out.push(personal(rng, taken));
                }
            }
            _ => out.push(personal(rng, taken)),
        }
        out
    }

    fn local_part(&self, rng: &mut Rng, personal: bool) -> String {
        let (g, f) = (&self.given_ascii, &self.family_ascii);
        let initial = g.chars().next().map(String::from).unwrap_or_default();
        match weighted(rng, &[10, 3, 3, 2, 1]) {
            0 => format!("{g}.{f}"),
            1 if !personal => g.clone(),
            1 => format!("{g}{f}{}", rng.u32(70..100)),
            2 => format!("{initial}{f}"),
            3 => format!("{g}_{f}"),
            _ => format!("{f}.{g}"),
        }
    }
}

/// `local@domain`, or with a number after the local part when that is taken.
fn unique(taken: &mut Taken, local: &str, domain: &str) -> String {
    let plain = format!("{local}@{domain}");
    if taken.insert(plain.clone()) {
        return plain;
    }
    taken.numbered(local, &format!("@{domain}"))
}

/// A city (the employer's for a person local to it) and phone numbers there.
fn phones(
    rng: &mut Rng,
    locale: &Locale,
    local_employer: Option<&DemoCompany>,
) -> (String, Vec<Labeled>) {
    let employer_city = local_employer
        .and_then(|e| e.rec.location.as_deref())
        .and_then(|l| l.split(", ").next());
    let (city, prefix, pattern) =
        match employer_city.and_then(|c| locale.cities.iter().find(|x| x.0 == c)) {
            Some(found) => *found,
            None => *pick(rng, locale.cities),
        };
    let mut out = Vec::new();
    if chance(rng, 0.85) {
        out.push(Labeled {
            label: "work".into(),
            value: format!("{prefix} {}", digits(rng, pattern)),
        });
    }
    if chance(rng, 0.4) {
        out.push(Labeled {
            label: "mobile".into(),
            value: digits(rng, locale.mobile),
        });
    }
    (city.to_string(), out)
}

fn consent(rng: &mut Rng, created: Instant, now: Instant) -> Consent {
    let state = match weighted(rng, &[45, 8, 47]) {
        0 => ConsentState::Granted,
        1 => ConsentState::Denied,
        _ => return Consent::default(),
    };
    Consent {
        state,
        at: Some(between(rng, created, (created + days(30)).min(now))),
        source: Some(pick(rng, CONSENT_SOURCES).to_string()),
    }
}

/// Sets each contact's lifecycle from its company's deals: a won deal makes customers
/// (former ones when a renewal churned), an open deal prospects; people without deals
/// stay leads, with some qualified prospects among them.
pub fn settle_lifecycles(
    rng: &mut Rng,
    contacts: &mut [Contact],
    companies: &[DemoCompany],
    deals: &[DemoDeal],
) {
    #[derive(Clone, Copy, Default)]
    struct Seen {
        won: bool,
        churned: bool,
        open: bool,
        lost: bool,
    }
    let mut seen = vec![Seen::default(); companies.len()];
    let base = companies.first().map(|c| c.rec.id).unwrap_or(0);
    for d in deals {
        let Some(co) = d.rec.company else { continue };
        let Some(s) = seen.get_mut((co - base) as usize) else {
            continue;
        };
        match d.rec.status {
            DealStatus::Won => s.won = true,
            DealStatus::Lost if d.renewal => s.churned = true,
            DealStatus::Lost => s.lost = true,
            DealStatus::Open => s.open = true,
        }
    }
    for c in contacts {
        let s = c
            .company
            .and_then(|co| seen.get((co - base) as usize))
            .copied()
            .unwrap_or_default();
        c.lifecycle = if s.churned && !s.open {
            Lifecycle::Former
        } else if s.won {
            if chance(rng, 0.85) {
                Lifecycle::Customer
            } else {
                Lifecycle::Prospect
            }
        } else if s.open || (s.lost && chance(rng, 0.5)) || chance(rng, 0.15) {
            Lifecycle::Prospect
        } else {
            Lifecycle::Lead
        };
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn emails_stay_unique_with_a_number_appended() {
        let mut taken = Taken::default();
        assert_eq!(
            unique(&mut taken, "jane.doe", "acme.com"),
            "jane.doe@acme.com"
        );
        assert_eq!(
            unique(&mut taken, "jane.doe", "acme.com"),
            "jane.doe2@acme.com"
        );
        assert_eq!(
            unique(&mut taken, "jane.doe", "acme.com"),
            "jane.doe3@acme.com"
        );
    }

    #[test]
    fn names_follow_the_locale_order_and_fold_for_email() {
        let mut rng = Rng::with_seed(5);
        let japan = LOCALES.iter().find(|l| l.country == "Japan").unwrap();
        let p = Person::draw(&mut rng, japan);
        assert_eq!(p.name, format!("{} {}", p.family, p.given));
        assert!(p.given_ascii.is_ascii() && !p.given_ascii.is_empty());
        let poland = LOCALES.iter().find(|l| l.country == "Poland").unwrap();
        for _ in 0..50 {
            let p = Person::draw(&mut rng, poland);
            if p.given.ends_with('a') {
                assert!(!p.family.ends_with("ski"), "{}", p.name);
            }
            assert!(p.family_ascii.is_ascii());
        }
    }

    #[test]
    fn every_company_gets_someone_while_people_last() {
        let ctx = Context::for_tests();
        let mut rng = Rng::with_seed(9);
        let mut companies = super::super::companies::generate(&mut rng, 30, 1, &ctx);
        let contacts = generate(&mut rng, 300, 1, &mut companies, &ctx);
        assert!(companies.iter().all(|c| !c.staff.is_empty()));
        assert!(contacts.windows(2).all(|w| w[0].created <= w[1].created));
        for co in &companies {
            for &i in &co.staff {
                assert_eq!(contacts[i].company, Some(co.rec.id));
                assert!(contacts[i].created >= co.rec.created);
            }
        }
        let emails: HashSet<_> = contacts
            .iter()
            .flat_map(|c| &c.emails)
            .map(|e| e.value.to_lowercase())
            .collect();
        let total: usize = contacts.iter().map(|c| c.emails.len()).sum();
        assert_eq!(emails.len(), total);
    }
}
