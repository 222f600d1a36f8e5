//! Which records an export file of Pipedrive, HubSpot or Salesforce holds, from its
//! columns first and its file name second: the products name their files differently
//! from version to version, but each kind of export has columns no other kind has.

use crate::interchange::csv_import::headers::normalise;
use crate::interchange::kind::ImportKind;

/// A CRM whose whole-account export rolo reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    /// Pipedrive: organizations, persons, deals, activities, notes.
    Pipedrive,
    /// HubSpot: companies, contacts, deals, calls, notes, meetings, tasks.
    HubSpot,
    /// Salesforce (Data Loader or report exports): Account, Contact, Lead,
    /// Opportunity, Task, Event.
    Salesforce,
}

impl Product {
    /// The product's name.
    pub fn name(self) -> &'static str {
        match self {
            Product::Pipedrive => "Pipedrive",
            Product::HubSpot => "HubSpot",
            Product::Salesforce => "Salesforce",
        }
    }

    /// The product as the CSV import knows it (its ids' key, its stages).
    pub fn source(self) -> crate::interchange::csv_import::pipelines::Product {
        use crate::interchange::csv_import::pipelines::Product as P;
        match self {
            Product::Pipedrive => P::Pipedrive,
            Product::HubSpot => P::HubSpot,
            Product::Salesforce => P::Salesforce,
        }
    }

    /// The files an export of the whole account holds, for messages.
    pub fn files(self) -> &'static str {
        match self {
            Product::Pipedrive => "organizations, persons, deals, activities and notes CSV files",
            Product::HubSpot => {
                "companies, contacts, deals, calls, notes, meetings and tasks CSV files"
            }
            Product::Salesforce => "Account, Contact, Lead, Opportunity, Task and Event CSV files",
        }
    }
}

/// What one file holds: the kind to import it as, and a word for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holds {
    /// How its rows are read.
    pub kind: ImportKind,
    /// What the product calls them ("persons", "notes", "Opportunity").
    pub what: &'static str,
}

const fn holds(kind: ImportKind, what: &'static str) -> Option<Holds> {
    Some(Holds { kind, what })
}

/// What a file of `product` named `file_name` with this header holds, if rolo knows.
pub fn classify(product: Product, file_name: &str, headers: &[String]) -> Option<Holds> {
    let cols: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let has = |c: &str| cols.iter().any(|h| h == c);
    let name = normalise(file_name.rsplit_once('.').map_or(file_name, |(n, _)| n));
    let named = |w: &str| name.contains(w);
    use ImportKind::*;
    match product {
        Product::Pipedrive => pipedrive(headers).or_else(|| {
            let by_name = [
                ("organization", Companies, "organizations"),
                ("person", Contacts, "persons"),
                ("deal", Deals, "deals"),
                ("activit", Activities, "activities"),
                ("note", Activities, "notes"),
            ];
            by_name
                .into_iter()
                .find(|(w, ..)| named(w))
                .and_then(|(_, k, what)| holds(k, what))
        }),
        Product::HubSpot => {
            if has("dealname") || has("dealstage") {
                holds(Deals, "deals")
            } else if has("tasktitle") || has("taskstatus") {
                holds(Activities, "tasks")
            } else if has("calltitle") || has("callnotes") || named("call") {
                holds(Activities, "calls")
            } else if has("meetingname") || named("meeting") {
                holds(Activities, "meetings")
            } else if has("notebody") || named("note") {
                holds(Activities, "notes")
            } else if has("firstname") || has("lastname") || has("email") && !has("companyname") {
                holds(Contacts, "contacts")
            } else if has("companyname") || has("companydomainname") || named("compan") {
                holds(Companies, "companies")
            } else if named("contact") {
                holds(Contacts, "contacts")
            } else {
                None
            }
        }
        Product::Salesforce => {
            if has("stagename") || has("opportunityname") || named("opportunit") {
                holds(Deals, "Opportunity")
            } else if has("startdatetime") || has("durationinminutes") || named("event") {
                holds(Activities, "Event")
            } else if has("subject") && (has("status") || has("activitydate")) || named("task") {
                holds(Activities, "Task")
            } else if has("lastname") && (has("company") || has("leadsource") && !has("accountid"))
                || named("lead")
            {
                holds(Contacts, "Lead")
            } else if has("lastname") || has("firstname") || named("contact") {
                holds(Contacts, "Contact")
            } else if has("name")
                && (has("industry") || has("billingcity") || has("website") || has("type"))
                || has("accountname") && !has("lastname")
                || named("account")
            {
                holds(Companies, "Account")
            } else {
                None
            }
        }
    }
}

/// Pipedrive prefixes every column with what it belongs to ("Person - Name", "Deal -
/// Title"); a file is of the kind most of its columns are.
fn pipedrive(headers: &[String]) -> Option<Holds> {
    let kinds = [
        ("organization", ImportKind::Companies, "organizations"),
        ("person", ImportKind::Contacts, "persons"),
        ("deal", ImportKind::Deals, "deals"),
        ("activity", ImportKind::Activities, "activities"),
        ("note", ImportKind::Activities, "notes"),
    ];
    let mut counts = [0usize; 5];
    for h in headers {
        let Some((prefix, _)) = h.split_once(" - ") else {
            continue;
        };
        let p = normalise(prefix);
        if let Some(i) = kinds.iter().position(|(w, ..)| *w == p) {
            counts[i] += 1;
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))?;
    let (_, kind, what) = kinds[best];
    (*n > 0).then_some(Holds { kind, what })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn pipedrive_files_are_known_by_their_prefixes() {
        let deals = h(&[
            "Deal - Title",
            "Deal - Value",
            "Person - Name",
            "Organization - Name",
        ]);
        assert_eq!(
            classify(Product::Pipedrive, "x.csv", &deals).map(|c| c.what),
            Some("deals")
        );
        let notes = h(&["Note - Content", "Note - Deal", "Note - Person"]);
        assert_eq!(
            classify(Product::Pipedrive, "x.csv", &notes).map(|c| c.what),
            Some("notes")
        );
        let plain = h(&["Name", "Email"]);
        assert_eq!(
            classify(Product::Pipedrive, "persons-7-2.csv", &plain).map(|c| c.kind),
            Some(ImportKind::Contacts)
        );
        assert_eq!(classify(Product::Pipedrive, "misc.csv", &plain), None);
    }

    #[test]
    fn salesforce_and_hubspot_files_are_known_by_their_columns() {
        let opp = h(&["Id", "AccountId", "Name", "StageName", "Amount"]);
        assert_eq!(
            classify(Product::Salesforce, "extract.csv", &opp).map(|c| c.what),
            Some("Opportunity")
        );
        let task = h(&["Id", "WhoId", "Subject", "ActivityDate", "Status"]);
        assert_eq!(
            classify(Product::Salesforce, "extract.csv", &task).map(|c| c.what),
            Some("Task")
        );
        let account = h(&["Id", "Name", "Industry", "Website"]);
        assert_eq!(
            classify(Product::Salesforce, "a.csv", &account).map(|c| c.what),
            Some("Account")
        );
        let contact = h(&["Id", "AccountId", "FirstName", "LastName", "Email"]);
        assert_eq!(
            classify(Product::Salesforce, "c.csv", &contact).map(|c| c.what),
            Some("Contact")
        );
        let companies = h(&["Record ID", "Company name", "Company Domain Name"]);
        assert_eq!(
            classify(Product::HubSpot, "all.csv", &companies).map(|c| c.what),
            Some("companies")
        );
        let contacts = h(&[
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Company Name",
        ]);
        assert_eq!(
            classify(Product::HubSpot, "all.csv", &contacts).map(|c| c.what),
            Some("contacts")
        );
    }
}
