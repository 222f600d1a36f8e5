//! What rolo knows about the pipelines of the products it imports from: the product a
//! header comes from, the pipeline its deals go to when a file names none, the
//! product's default stages in order with their default win probabilities, and the
//! words that mean a closed deal ("Closed Won", "Lost", HubSpot's `closedwon`). Pure
//! data and look-ups; nothing here reads or writes the database.

use crate::model::StageOutcome;

/// A CRM whose exports rolo knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    /// Pipedrive.
    Pipedrive,
    /// HubSpot.
    HubSpot,
    /// Salesforce (reports and Data Loader).
    Salesforce,
}

/// A default stage: its name and, when the product gives one, its win probability.
pub type KnownStage = (&'static str, Option<u8>);

// Pipedrive's default pipeline is "Pipeline"; a new account's stages. Pipedrive gives
// every stage 100 % by default, which says nothing, so rolo spreads its own.
const PIPEDRIVE: &[KnownStage] = &[
    ("Qualified", None),
    ("Contact Made", None),
    ("Demo Scheduled", None),
    ("Proposal Made", None),
    ("Negotiations Started", None),
];

// HubSpot's default "Sales Pipeline" (Closed Won 100 %, Closed Lost 0 % become status).
const HUBSPOT: &[KnownStage] = &[
    ("Appointment Scheduled", Some(20)),
    ("Qualified To Buy", Some(40)),
    ("Presentation Scheduled", Some(60)),
    ("Decision Maker Bought-In", Some(80)),
    ("Contract Sent", Some(90)),
];

// Salesforce's default Opportunity StageName values (Closed Won 100 %, Closed Lost 0 %).
const SALESFORCE: &[KnownStage] = &[
    ("Prospecting", Some(10)),
    ("Qualification", Some(10)),
    ("Needs Analysis", Some(20)),
    ("Value Proposition", Some(50)),
    ("Id. Decision Makers", Some(60)),
    ("Perception Analysis", Some(70)),
    ("Proposal/Price Quote", Some(75)),
    ("Negotiation/Review", Some(90)),
];

impl Product {
    /// The product named by a detected source ("HubSpot deals" → HubSpot).
    pub fn from_source(source: Option<&str>) -> Option<Product> {
        let s = source?;
        if s.starts_with("Pipedrive") {
            Some(Product::Pipedrive)
        } else if s.starts_with("HubSpot") {
            Some(Product::HubSpot)
        } else if s.starts_with("Salesforce") {
            Some(Product::Salesforce)
        } else {
            None
        }
    }

    /// The key of the product's ids on a record (`source_ids`).
    pub fn key(self) -> &'static str {
        match self {
            Product::Pipedrive => "pipedrive",
            Product::HubSpot => "hubspot",
            Product::Salesforce => "salesforce",
        }
    }

    /// The product's name.
    pub fn label(self) -> &'static str {
        match self {
            Product::Pipedrive => "Pipedrive",
            Product::HubSpot => "HubSpot",
            Product::Salesforce => "Salesforce",
        }
    }

    /// The product's id, as a field name: "Pipedrive id".
    pub fn id_name(self) -> &'static str {
        match self {
            Product::Pipedrive => "Pipedrive id",
            Product::HubSpot => "HubSpot id",
            Product::Salesforce => "Salesforce id",
        }
    }

    /// Why a record matched by its id: "same Pipedrive id".
    pub fn same_id(self) -> &'static str {
        match self {
            Product::Pipedrive => "same Pipedrive id",
            Product::HubSpot => "same HubSpot id",
            Product::Salesforce => "same Salesforce id",
        }
    }

    /// The pipeline deals from this product go to when the file names none.
    pub fn pipeline_name(self) -> &'static str {
        match self {
            Product::Pipedrive => "Pipedrive Pipeline",
            Product::HubSpot => "HubSpot Sales Pipeline",
            Product::Salesforce => "Salesforce Pipeline",
        }
    }

    /// The product's default open stages, in order.
    pub fn stages(self) -> &'static [KnownStage] {
        match self {
            Product::Pipedrive => PIPEDRIVE,
            Product::HubSpot => HUBSPOT,
            Product::Salesforce => SALESFORCE,
        }
    }

    /// The position and default of a stage among the product's defaults.
    pub fn stage(self, name: &str) -> Option<(usize, KnownStage)> {
        let k = key(name);
        self.stages()
            .iter()
            .enumerate()
            .find(|(_, (n, _))| key(n) == k)
            .map(|(i, s)| (i, *s))
    }
}

/// A stage or pipeline name as compared: letters and digits, lower-case, so that
/// HubSpot's internal `qualifiedtobuy` is its "Qualified To Buy".
pub fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The outcome a stage or status word means: won, lost, or (for "open") open.
pub fn closing_word(word: &str) -> Option<StageOutcome> {
    match key(word).as_str() {
        "won" | "closedwon" | "win" | "dealwon" => Some(StageOutcome::Won),
        "lost" | "closedlost" | "deallost" => Some(StageOutcome::Lost),
        _ => None,
    }
}

/// What a status cell says: won, lost or open; `None` for a word rolo does not know
/// (Pipedrive's "deleted"), which is left out as before.
pub fn status_word(word: &str) -> Option<StageOutcome> {
    closing_word(word).or_else(|| match key(word).as_str() {
        "open" | "active" | "inprogress" => Some(StageOutcome::Open),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_names_and_labels_are_the_same_stage() {
        let h = Product::HubSpot;
        assert_eq!(h.stage("qualifiedtobuy").map(|s| s.0), Some(1));
        assert_eq!(
            h.stage("Decision maker bought-in").map(|s| s.1),
            Some(("Decision Maker Bought-In", Some(80)))
        );
        assert_eq!(
            Product::Salesforce
                .stage("Id. Decision Makers")
                .map(|s| s.0),
            Some(4)
        );
        assert_eq!(closing_word("closedwon"), Some(StageOutcome::Won));
        assert_eq!(closing_word("Closed Lost"), Some(StageOutcome::Lost));
        assert_eq!(status_word("Open"), Some(StageOutcome::Open));
        assert_eq!(status_word("deleted"), None);
        assert_eq!(
            Product::from_source(Some("HubSpot deals")),
            Some(Product::HubSpot)
        );
    }
}
