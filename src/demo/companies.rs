//! Demo companies: names built from each locale's words ("Nordwind Logistik GmbH",
//! "株式会社サクラ物流", "Lumière SAS"), unique names and domains, industries, size
//! bands, locations and owners, created over the two years before now (oldest first,
//! so ids follow creation). Contacts, deals and activities are attached elsewhere.

use fastrand::Rng;

use super::Context;
use super::draw::{between, chance, days, grown, pick, pick_word, weighted};
use super::locales::{LOCALES, Locale, entry};
use super::taken::Taken;
use crate::model::{Company, Instant};

/// Head-count bands, how often each occurs and how many contacts such a company
/// tends to have, relative to the others.
const SIZE_BANDS: &[(&str, u32, u32)] = &[
    ("1-10", 15, 1),
    ("11-50", 30, 2),
    ("51-200", 28, 4),
    ("201-1000", 17, 7),
    ("1001-5000", 7, 12),
    ("5000+", 3, 18),
];

const TAGS: &[(&str, f64)] = &[
    ("key-account", 0.08),
    ("partner", 0.05),
    ("enterprise", 0.07),
    ("smb", 0.12),
    ("reseller", 0.03),
    ("strategic", 0.04),
];

const NOTES: &[&str] = &[
    "Fiscal year ends in March; budgets are set in January.",
    "Procurement insists on three quotes for anything over 50k.",
    "Uses a competitor in the Paris office.",
    "Parent company signs all contracts.",
    "Security review takes about six weeks.",
    "Prefers annual invoicing, net 30.",
];

/// A generated company with what the other generators need to know about it.
#[derive(Debug, Clone)]
pub struct DemoCompany {
    /// The record as it will be stored.
    pub rec: Company,
    /// Where it is.
    pub locale: &'static Locale,
    /// The distinctive part of its name, for deal titles ("Nordwind").
    pub short: String,
    /// Its email domain.
    pub domain: String,
    /// How many contacts it tends to have, relative to others.
    pub staff_weight: u32,
    /// Indexes (into the contact list) of the people working there, oldest first.
    pub staff: Vec<usize>,
}

/// Draws `n` companies created between `ctx.start` and a few days ago; ids start at
/// `first_id` in creation order.
pub fn generate(rng: &mut Rng, n: usize, first_id: u64, ctx: &Context) -> Vec<DemoCompany> {
    let weights: Vec<u32> = LOCALES.iter().map(|l| l.weight).collect();
    let bands: Vec<u32> = SIZE_BANDS.iter().map(|b| b.1).collect();
    let mut names = Taken::with_capacity(n);
    let mut domains = Taken::with_capacity(n);
    let mut created: Vec<Instant> = (0..n)
        .map(|_| grown(rng, ctx.start, ctx.now - days(5)))
        .collect();
    created.sort();
    if let Some(first) = created.first_mut() {
        // The oldest account predates everything else, so early deals have a buyer.
        *first = ctx.start;
    }
    let mut out = Vec::with_capacity(n);
    for (i, created) in created.into_iter().enumerate() {
        let locale = &LOCALES[weighted(rng, &weights)];
        let named = unique_name(rng, locale, &mut names);
        let domain = unique_domain(rng, locale, &named.domain_stem, &mut domains);
        let band = &SIZE_BANDS[weighted(rng, &bands)];
        let (city, _, _) = pick(rng, locale.cities);
        let tags = TAGS
            .iter()
            .filter(|(_, p)| chance(rng, *p))
            .map(|(t, _)| t.to_string())
            .collect();
        let notes = if chance(rng, 0.15) {
            pick(rng, NOTES).to_string()
        } else {
            String::new()
        };
        let rec = Company {
            id: first_id + i as u64,
            name: named.name,
            domain: Some(domain.clone()),
            industry: Some(named.industry.to_string()),
            size: Some(band.0.to_string()),
            location: Some(format!("{city}, {}", locale.country)),
            tags,
            owner: ctx.owner(rng),
            notes,
            created,
            updated: between(rng, created, ctx.now),
            last_activity: None,
            source_ids: Default::default(),
        };
        out.push(DemoCompany {
            rec,
            locale,
            short: named.short,
            domain,
            staff_weight: band.2,
            staff: Vec::new(),
        });
    }
    out
}

/// A drawn company name and the parts derived from it.
struct Named {
    name: String,
    short: String,
    domain_stem: String,
    industry: &'static str,
}

fn draw_name(rng: &mut Rng, locale: &Locale, compound: bool) -> Named {
    let words = &locale.company;
    let raw = pick_word(rng, words.roots);
    let (shown, mut root_ascii) = entry(raw);
    let mut root = shown.to_string();
    if compound {
        let (other, other_ascii) = entry(pick_word(rng, words.roots));
        // Latin names hyphenate ("Rhein-Elbe"); romanised (CJK) ones simply join.
        let sep = if raw.contains('=') { "" } else { "-" };
        root = format!("{root}{sep}{other}");
        root_ascii = format!("{root_ascii}-{other_ascii}");
    }
    let (sector, industry) = pick(rng, words.sectors);
    let (sector_shown, sector_ascii) = entry(sector);
    let pattern = pick(rng, words.patterns);
    let name = pattern.replace("{r}", &root).replace("{s}", sector_shown);
    let domain_stem = if pattern.contains("{s}") {
        format!("{root_ascii}-{sector_ascii}")
    } else {
        root_ascii
    };
    Named {
        name,
        short: root,
        domain_stem,
        industry,
    }
}

fn unique_name(rng: &mut Rng, locale: &Locale, taken: &mut Taken) -> Named {
    for attempt in 0..40 {
        let named = draw_name(rng, locale, attempt >= 8);
        if taken.insert(named.name.clone()) {
            return named;
        }
    }
    // Only reached with far more companies than a locale has words for.
    let mut named = draw_name(rng, locale, true);
    named.name = taken.numbered(&format!("{} ", named.name), "");
    named
}

fn unique_domain(rng: &mut Rng, locale: &Locale, stem: &str, taken: &mut Taken) -> String {
    let plain = format!("{stem}.{}", locale.tld);
    if taken.insert(plain.clone()) {
        return plain;
    }
    let (city, _, _) = pick(rng, locale.cities);
    let local = format!("{stem}-{}.{}", super::locales::fold_ascii(city), locale.tld);
    if taken.insert(local.clone()) {
        return local;
    }
    taken.numbered(stem, &format!(".{}", locale.tld))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_and_domains_are_unique_even_when_words_run_out() {
        let ctx = Context::for_tests();
        let mut rng = Rng::with_seed(11);
        let all = generate(&mut rng, 3_000, 1, &ctx);
        let names: HashSet<_> = all.iter().map(|c| c.rec.name.clone()).collect();
        let domains: HashSet<_> = all.iter().map(|c| c.domain.clone()).collect();
        assert_eq!(names.len(), all.len());
        assert_eq!(domains.len(), all.len());
        assert!(
            all.iter()
                .all(|c| c.domain.is_ascii() && c.domain.contains('.'))
        );
        assert!(all.windows(2).all(|w| w[0].rec.created <= w[1].rec.created));
        assert_eq!(all[0].rec.created, ctx.start);
        assert!(all.iter().any(|c| c.rec.name.ends_with(" GmbH")));
        assert!(all.iter().any(|c| c.rec.name.starts_with("株式会社")));
    }
}
