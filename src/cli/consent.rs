//! `rolo contact consent C-12 [STATE]`: records a consent event in the contact's
//! append-only ledger, or shows the ledger; and the ledger section of `contact show`.

use clap::Args;

use super::output::Listing;
use super::{Ctx, resolve};
use crate::model::consent::{parse_state, state_word};
use crate::model::{ConsentEvent, ConsentSource, Kind, LawfulBasis};
use crate::privacy::consent::{Given, record};
use crate::store::{Tx, privacy};

/// `rolo contact consent`.
#[derive(Debug, Args)]
pub struct ConsentArgs {
    /// The contact (C-n).
    pub id: String,
    /// opted-in, opted-out or not-specified; none shows the ledger.
    pub state: Option<String>,
    /// What it is for.
    #[arg(long, default_value = "marketing-email")]
    pub purpose: String,
    /// One of the contact's addresses (default: all of them).
    #[arg(long)]
    pub email: Option<String>,
    /// Lawful basis: consent, contract, legal-obligation, vital-interests, public-task or
    /// legitimate-interests.
    #[arg(long)]
    pub basis: Option<String>,
    /// Where it came from: form, import, manual or email.
    #[arg(long, default_value = "manual")]
    pub source: String,
    /// The wording the person saw, or its version ("signup form v3").
    #[arg(long)]
    pub wording: Option<String>,
    /// When it was given (default: now), e.g. 2026-11-20.
    #[arg(long)]
    pub at: Option<String>,
}

/// Records or shows consent.
pub fn run(ctx: &Ctx, a: ConsentArgs) -> anyhow::Result<()> {
    let id = resolve::id(&a.id, Kind::Contact)?;
    let Some(state) = &a.state else {
        let r = ctx.store.read()?;
        crate::store::Queries::require::<crate::model::Contact>(&r, id)?;
        return listing(&privacy::consent_history(&r, id)?).print(ctx, "no consent recorded");
    };
    let state = parse_state(state).ok_or_else(|| {
        crate::Error::invalid(
            "state",
            format!("'{state}' is not opted-in, opted-out or not-specified"),
        )
    })?;
    let basis = a
        .basis
        .as_deref()
        .map(|b| {
            LawfulBasis::parse(b).ok_or_else(|| {
                crate::Error::invalid(
                    "basis",
                    format!("'{b}' is not consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests"),
                )
            })
        })
        .transpose()?;
    let source = ConsentSource::parse(&a.source).ok_or_else(|| {
        crate::Error::invalid(
            "source",
            format!("'{}' is not form, import, manual or email", a.source),
        )
    })?;
    let at =
        a.at.as_deref()
            .map(|d| resolve::date(ctx, "at", d))
            .transpose()?
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|t| t.and_utc());
    let done = record(
        ctx.store,
        id,
        Given {
            state,
            purpose: a.purpose,
            email: a.email,
            basis,
            source,
            wording: a.wording,
            at,
        },
    )?;
    let e = done.value;
    ctx.report(
        format!(
            "recorded consent #{} of C-{id}: {} {}",
            e.seq,
            e.purpose,
            state_word(e.state)
        ),
        || serde_json::to_value(&e).unwrap_or_default(),
    )
}

/// The ledger as a listing (for `contact consent` and `contact show`).
pub fn listing(events: &[ConsentEvent]) -> Listing {
    let mut l = Listing::new(vec![
        "#", "When", "Purpose", "State", "Basis", "Source", "Email", "Wording", "By",
    ]);
    for e in events {
        l.push(row(e), serde_json::to_value(e).unwrap_or_default());
    }
    l
}

/// One event as table cells.
pub fn row(e: &ConsentEvent) -> Vec<String> {
    vec![
        e.seq.to_string(),
        e.at.format("%Y-%m-%d %H:%M").to_string(),
        e.purpose.clone(),
        state_word(e.state).to_string(),
        e.basis.map(|b| b.as_str().to_string()).unwrap_or_default(),
        e.source.as_str().to_string(),
        e.email.clone().unwrap_or_else(|| "all".into()),
        e.wording.clone().unwrap_or_default(),
        e.user.clone(),
    ]
}

/// `contact add/edit --consent`: the change goes in the ledger too, as a manual event.
pub fn ledger_flag(tx: &mut Tx, id: u64, flag: Option<&str>) -> crate::Result<()> {
    let Some(state) = flag.and_then(parse_state) else {
        return Ok(());
    };
    crate::privacy::consent::record_in(
        tx,
        id,
        Given {
            state,
            purpose: String::new(),
            email: None,
            basis: None,
            source: ConsentSource::Manual,
            wording: None,
            at: None,
        },
    )?;
    Ok(())
}
