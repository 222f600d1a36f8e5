//! Consent on record: one event of the append-only consent ledger per contact — who
//! agreed (or refused) to what, on which lawful basis, where it came from, when, and the
//! wording they saw. The contact's current email consent ([`super::Consent`]) follows
//! the latest event for the marketing-email purpose.

use serde::{Deserialize, Serialize};

use super::{ConsentState, Instant, ms};

/// The purpose the contact's own consent field stands for.
pub const MARKETING_EMAIL: &str = "marketing-email";

/// The lawful basis for processing (GDPR article 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LawfulBasis {
    /// The person agreed.
    Consent,
    /// Needed for a contract with them.
    Contract,
    /// Required by law.
    LegalObligation,
    /// To protect someone's life.
    VitalInterests,
    /// A task in the public interest.
    PublicTask,
    /// A legitimate interest that outweighs theirs.
    LegitimateInterests,
}

impl LawfulBasis {
    /// Every basis.
    pub const ALL: [LawfulBasis; 6] = [
        LawfulBasis::Consent,
        LawfulBasis::Contract,
        LawfulBasis::LegalObligation,
        LawfulBasis::VitalInterests,
        LawfulBasis::PublicTask,
        LawfulBasis::LegitimateInterests,
    ];

    /// The word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            LawfulBasis::Consent => "consent",
            LawfulBasis::Contract => "contract",
            LawfulBasis::LegalObligation => "legal-obligation",
            LawfulBasis::VitalInterests => "vital-interests",
            LawfulBasis::PublicTask => "public-task",
            LawfulBasis::LegitimateInterests => "legitimate-interests",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<LawfulBasis> {
        LawfulBasis::ALL
            .into_iter()
            .find(|b| b.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Where a consent event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ConsentSource {
    /// A web or paper form.
    Form,
    /// An import.
    Import,
    /// Entered by a person in rolo.
    #[default]
    Manual,
    /// An email from the contact (an unsubscribe request).
    Email,
}

impl ConsentSource {
    /// Every source.
    pub const ALL: [ConsentSource; 4] = [
        ConsentSource::Form,
        ConsentSource::Import,
        ConsentSource::Manual,
        ConsentSource::Email,
    ];

    /// The word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentSource::Form => "form",
            ConsentSource::Import => "import",
            ConsentSource::Manual => "manual",
            ConsentSource::Email => "email",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<ConsentSource> {
        ConsentSource::ALL
            .into_iter()
            .find(|b| b.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The consent states in the ledger's words: opted in, not specified, opted out.
pub fn state_word(state: ConsentState) -> &'static str {
    match state {
        ConsentState::Granted => "opted-in",
        ConsentState::Unknown => "not-specified",
        ConsentState::Denied => "opted-out",
    }
}

/// Parses a consent state: `opted-in`/`granted`, `opted-out`/`denied`,
/// `not-specified`/`unknown`.
pub fn parse_state(s: &str) -> Option<ConsentState> {
    match s.trim().to_ascii_lowercase().as_str() {
        "opted-in" | "opt-in" | "in" | "granted" | "yes" => Some(ConsentState::Granted),
        "opted-out" | "opt-out" | "out" | "denied" | "no" => Some(ConsentState::Denied),
        "not-specified" | "unspecified" | "unknown" => Some(ConsentState::Unknown),
        _ => None,
    }
}

/// One entry of a contact's consent ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ConsentEvent {
    /// The contact (`C-id`).
    pub contact: u64,
    /// Its place in the contact's ledger (1, 2, ...).
    pub seq: u64,
    /// The email address it is about; none: every address of the contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// What it is for ("marketing-email").
    pub purpose: String,
    /// Opted in, not specified or opted out.
    pub state: ConsentState,
    /// The lawful basis, where recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<LawfulBasis>,
    /// Form, import, manual or email.
    pub source: ConsentSource,
    /// When it was given or withdrawn.
    #[serde(with = "ms::required")]
    pub at: Instant,
    /// The wording shown, or its version ("newsletter form v3").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
    /// Who recorded it.
    pub user: String,
}
