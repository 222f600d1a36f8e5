//! The column names other products write, mapped to rolo fields: HubSpot (contacts,
//! companies, deals), Pipedrive (persons, organizations, deals, with their "Person - "
//! prefixes), Salesforce (report columns and Data Loader API names), Google Contacts
//! (old and new layouts, numbered "E-mail 1 - Value" columns) and Outlook. Names are
//! compared normalised: lower-case letters and digits only ("E-mail Address" →
//! "emailaddress"). A lower rank wins when two columns name the same single field.

mod work;

use super::field::{Field, Label};
use crate::interchange::kind::ImportKind;
use work::{ACTIVITIES, TASKS};

/// A known column name (normalised), the field it fills and its rank (0 is best).
type Alias = (&'static str, Field, u8);

/// Normalises a column name for matching.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a column of `kind` fills, with its rank; `None` when unknown.
pub fn recognise(kind: ImportKind, header: &str) -> Option<(Field, u8)> {
    if kind == ImportKind::Contacts
        && let Some(k) = header.trim().strip_prefix("custom.")
        && !k.trim().is_empty()
    {
        return Some((Field::Custom(k.trim().to_string()), 0));
    }
    let key = normalise(header);
    if key.is_empty() {
        return None;
    }
    if kind == ImportKind::Contacts
        && let Some(found) = numbered(&key)
    {
        return Some(found);
    }
    let table: &[Alias] = match kind {
        ImportKind::Contacts => CONTACTS,
        ImportKind::Companies => COMPANIES,
        ImportKind::Deals => DEALS,
        ImportKind::Activities => ACTIVITIES,
        ImportKind::Tasks => TASKS,
    };
    table
        .iter()
        .find(|(name, _, _)| *name == key)
        .map(|(_, f, rank)| (f.clone(), *rank))
}

/// Which product wrote a header, for the import summary.
pub fn detect_source(headers: &[String]) -> Option<&'static str> {
    let has = |name: &str| headers.iter().any(|h| normalise(h) == name);
    let any_prefix = |p: &str| headers.iter().any(|h| normalise(h).starts_with(p));
    if has("email1value") || has("groupmembership") || has("organization1name") {
        Some("Google Contacts")
    } else if has("emailaddress") && (has("businessphone") || has("jobtitle")) {
        Some("Outlook")
    } else if any_prefix("person") && has("personname") {
        Some("Pipedrive persons")
    } else if has("organizationname") && any_prefix("organization") {
        Some("Pipedrive organizations")
    } else if has("dealtitle") {
        Some("Pipedrive deals")
    } else if has("notecontent") {
        Some("Pipedrive notes")
    } else if has("recordid") && has("dealname") {
        Some("HubSpot deals")
    } else if has("recordid") || has("contactowner") && has("lifecyclestage") {
        Some("HubSpot")
    } else if has("accountid")
        || has("stagename")
        || has("id") && (has("ownerid") || has("createdbyid") || has("systemmodstamp"))
        || has("firstname") && has("lastname") && has("ownerid")
    {
        Some("Salesforce Data Loader")
    } else if has("accountname") || has("opportunityname") {
        Some("Salesforce report")
    } else {
        None
    }
}

/// Google's numbered columns: "E-mail 2 - Value", "Phone 1 - Type", "E-mail 1 - Label".
fn numbered(key: &str) -> Option<(Field, u8)> {
    for (prefix, is_email) in [("email", true), ("phone", false)] {
        let Some(rest) = key.strip_prefix(prefix) else {
            continue;
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(n) = digits.parse::<u8>() else {
            continue;
        };
        let field = match &rest[digits.len()..] {
            "value" if is_email => Field::Email(Label::Slot(n)),
            "value" => Field::Phone(Label::Slot(n)),
            "type" | "label" if is_email => Field::EmailLabel(n),
            "type" | "label" => Field::PhoneLabel(n),
            _ => continue,
        };
        return Some((field, 0));
    }
    None
}

const fn a(name: &'static str, field: Field, rank: u8) -> Alias {
    (name, field, rank)
}

const WORK: Label = Label::Fixed("work");
const HOME: Label = Label::Fixed("home");
const MOBILE: Label = Label::Fixed("mobile");
const OTHER: Label = Label::Fixed("other");

static CONTACTS: &[Alias] = &[
    a("name", Field::Name, 0),
    a("fullname", Field::Name, 0),
    a("contactname", Field::Name, 1),
    a("personname", Field::Name, 0),
    a("displayname", Field::Name, 2),
    a("fileas", Field::Name, 3),
    a("firstname", Field::GivenName, 0),
    a("givenname", Field::GivenName, 0),
    a("personfirstname", Field::GivenName, 0),
    a("middlename", Field::MiddleName, 0),
    a("additionalname", Field::MiddleName, 0),
    a("lastname", Field::FamilyName, 0),
    a("familyname", Field::FamilyName, 0),
    a("surname", Field::FamilyName, 0),
    a("personlastname", Field::FamilyName, 0),
    a("jobtitle", Field::Title, 0),
    a("personjobtitle", Field::Title, 0),
    a("organizationtitle", Field::Title, 0),
    a("organization1title", Field::Title, 0),
    a("position", Field::Title, 1),
    // Outlook's "Title" is an honorific (Mr., Dr.); its job title is "Job Title".
    a("title", Field::Title, 2),
    a("company", Field::Company, 0),
    a("companyname", Field::Company, 0),
    a("accountname", Field::Company, 0),
    a("organization", Field::Company, 1),
    a("organizationname", Field::Company, 0),
    a("organization1name", Field::Company, 0),
    a("personorganization", Field::Company, 0),
    a("associatedcompany", Field::Company, 2),
    a("domain", Field::Domain, 0),
    a("companydomainname", Field::Domain, 0),
    a("website", Field::Domain, 1),
    a("webpage", Field::Domain, 2),
    a("website1value", Field::Domain, 2),
    a("email", Field::Email(Label::None), 0),
    a("emails", Field::Email(Label::None), 0),
    a("emailaddress", Field::Email(Label::None), 0),
    a("email2address", Field::Email(Label::None), 0),
    a("email3address", Field::Email(Label::None), 0),
    a("workemail", Field::Email(WORK), 0),
    a("personemail", Field::Email(Label::None), 0),
    a("personemailwork", Field::Email(WORK), 0),
    a("personemailhome", Field::Email(HOME), 0),
    a("personemailother", Field::Email(OTHER), 0),
    a("phone", Field::Phone(Label::None), 0),
    a("phones", Field::Phone(Label::None), 0),
    a("phonenumber", Field::Phone(Label::None), 0),
    a("primaryphone", Field::Phone(Label::None), 0),
    a("mobile", Field::Phone(MOBILE), 0),
    a("mobilephone", Field::Phone(MOBILE), 0),
    a("mobilephonenumber", Field::Phone(MOBILE), 0),
    a("businessphone", Field::Phone(WORK), 0),
    a("businessphone2", Field::Phone(WORK), 0),
    a("homephone", Field::Phone(HOME), 0),
    a("otherphone", Field::Phone(OTHER), 0),
    a("personphone", Field::Phone(Label::None), 0),
    a("personphonework", Field::Phone(WORK), 0),
    a("personphonemobile", Field::Phone(MOBILE), 0),
    a("personphonehome", Field::Phone(HOME), 0),
    a("personphoneother", Field::Phone(OTHER), 0),
    a("location", Field::Location, 0),
    a("address", Field::Location, 1),
    a("address1formatted", Field::Location, 1),
    a("mailingaddress", Field::Location, 1),
    // Pipedrive's postal address: the whole address, and its parts for when it is empty.
    a("personpostaladdressfullcombinedaddress", Field::Location, 0),
    a("personpostaladdress", Field::Location, 1),
    a("personaddress", Field::Location, 1),
    a("personpostaladdressstreetroadname", Field::Street, 0),
    a("personpostaladdresscitytownvillagelocality", Field::City, 0),
    a("personpostaladdressstatecounty", Field::Region, 0),
    a("personpostaladdresszippostalcode", Field::PostalCode, 0),
    a("personpostaladdresscountry", Field::Country, 0),
    a("street", Field::Street, 0),
    a("streetaddress", Field::Street, 0),
    a("businessstreet", Field::Street, 0),
    a("mailingstreet", Field::Street, 0),
    a("homestreet", Field::Street, 2),
    a("city", Field::City, 0),
    a("businesscity", Field::City, 0),
    a("mailingcity", Field::City, 0),
    a("homecity", Field::City, 2),
    a("address1city", Field::City, 1),
    a("state", Field::Region, 0),
    a("region", Field::Region, 0),
    a("stateregion", Field::Region, 0),
    a("businessstate", Field::Region, 0),
    a("mailingstate", Field::Region, 0),
    a("mailingstateprovince", Field::Region, 0),
    a("homestate", Field::Region, 2),
    a("address1region", Field::Region, 1),
    a("postalcode", Field::PostalCode, 0),
    a("zip", Field::PostalCode, 0),
    a("zipcode", Field::PostalCode, 0),
    a("businesspostalcode", Field::PostalCode, 0),
    a("mailingzippostalcode", Field::PostalCode, 0),
    a("mailingpostalcode", Field::PostalCode, 0),
    a("homepostalcode", Field::PostalCode, 2),
    a("address1postalcode", Field::PostalCode, 1),
    a("country", Field::Country, 0),
    a("countryregion", Field::Country, 0),
    a("businesscountryregion", Field::Country, 0),
    a("mailingcountry", Field::Country, 0),
    a("homecountryregion", Field::Country, 2),
    a("address1country", Field::Country, 1),
    a("tags", Field::Tags, 0),
    a("labels", Field::Tags, 0),
    a("label", Field::Tags, 1),
    a("groupmembership", Field::Tags, 0),
    a("categories", Field::Tags, 0),
    a("personlabel", Field::Tags, 0),
    a("personlabels", Field::Tags, 0),
    a("owner", Field::Owner, 0),
    a("contactowner", Field::Owner, 0),
    a("personowner", Field::Owner, 0),
    a("ownername", Field::Owner, 0),
    a("lifecycle", Field::Lifecycle, 0),
    a("lifecyclestage", Field::Lifecycle, 0),
    a("source", Field::Source, 0),
    a("leadsource", Field::Source, 0),
    a("originalsource", Field::Source, 1),
    a("consent", Field::Consent, 0),
    a("notes", Field::Notes, 0),
    a("note", Field::Notes, 0),
    a("personnotes", Field::Notes, 0),
    a("personnote", Field::Notes, 0),
    a("description", Field::Notes, 1),
    a("created", Field::Created, 0),
    a("createdate", Field::Created, 0),
    a("createddate", Field::Created, 0),
    a("createdat", Field::Created, 0),
    a("personaddtime", Field::Created, 0),
    a("addtime", Field::Created, 1),
    a("personid", Field::SourceId, 0),
    a("recordid", Field::SourceId, 0),
    a("contactid", Field::SourceId, 1),
    a("id", Field::SourceId, 1),
    a("personorganizationid", Field::CompanyId, 0),
    a("accountid", Field::CompanyId, 0),
    a("associatedcompanyid", Field::CompanyId, 0),
    // A German Outlook or Excel export.
    a("vorname", Field::GivenName, 0),
    a("nachname", Field::FamilyName, 0),
    a("firma", Field::Company, 0),
    a("telefon", Field::Phone(Label::None), 0),
    a("mobiltelefon", Field::Phone(MOBILE), 0),
    a("stadt", Field::City, 0),
    a("ort", Field::City, 0),
    a("land", Field::Country, 0),
    a("notizen", Field::Notes, 0),
];

static COMPANIES: &[Alias] = &[
    a("name", Field::Name, 0),
    a("companyname", Field::Name, 0),
    a("company", Field::Name, 1),
    a("accountname", Field::Name, 0),
    a("organizationname", Field::Name, 0),
    a("organization", Field::Name, 1),
    a("domain", Field::Domain, 0),
    a("companydomainname", Field::Domain, 0),
    a("website", Field::Domain, 1),
    a("websiteurl", Field::Domain, 1),
    a("companywebsite", Field::Domain, 1),
    a("organizationwebsite", Field::Domain, 1),
    a("industry", Field::Industry, 0),
    a("organizationindustry", Field::Industry, 0),
    a("size", Field::Size, 0),
    a("numberofemployees", Field::Size, 0),
    a("employees", Field::Size, 0),
    a("companysize", Field::Size, 0),
    a("organizationnumberofemployees", Field::Size, 0),
    a("location", Field::Location, 0),
    a("address", Field::Location, 1),
    a("organizationaddress", Field::Location, 1),
    a("organizationaddressfullcombinedaddress", Field::Location, 0),
    a("organizationaddressstreetroadname", Field::Street, 0),
    a("organizationaddresscitytownvillagelocality", Field::City, 0),
    a("organizationaddressstatecounty", Field::Region, 0),
    a("organizationaddresszippostalcode", Field::PostalCode, 0),
    a("organizationaddresscountry", Field::Country, 0),
    a("billingaddress", Field::Location, 1),
    a("street", Field::Street, 0),
    a("streetaddress", Field::Street, 0),
    a("billingstreet", Field::Street, 0),
    a("city", Field::City, 0),
    a("billingcity", Field::City, 0),
    a("state", Field::Region, 0),
    a("region", Field::Region, 0),
    a("stateregion", Field::Region, 0),
    a("billingstate", Field::Region, 0),
    a("billingstateprovince", Field::Region, 0),
    a("postalcode", Field::PostalCode, 0),
    a("zip", Field::PostalCode, 0),
    a("billingzippostalcode", Field::PostalCode, 0),
    a("billingpostalcode", Field::PostalCode, 0),
    a("country", Field::Country, 0),
    a("countryregion", Field::Country, 0),
    a("billingcountry", Field::Country, 0),
    a("tags", Field::Tags, 0),
    a("labels", Field::Tags, 0),
    a("organizationlabel", Field::Tags, 0),
    a("organizationlabels", Field::Tags, 0),
    a("owner", Field::Owner, 0),
    a("companyowner", Field::Owner, 0),
    a("accountowner", Field::Owner, 0),
    a("organizationowner", Field::Owner, 0),
    a("ownerid", Field::Owner, 2),
    a("notes", Field::Notes, 0),
    a("organizationnotes", Field::Notes, 0),
    a("description", Field::Notes, 1),
    a("created", Field::Created, 0),
    a("createdate", Field::Created, 0),
    a("createddate", Field::Created, 0),
    a("organizationaddtime", Field::Created, 0),
    a("organizationid", Field::SourceId, 0),
    a("recordid", Field::SourceId, 0),
    a("accountid", Field::SourceId, 1),
    a("companyid", Field::SourceId, 1),
    a("id", Field::SourceId, 1),
    a("createdat", Field::Created, 0),
];

static DEALS: &[Alias] = &[
    a("title", Field::Title, 0),
    a("dealname", Field::Title, 0),
    a("dealtitle", Field::Title, 0),
    a("opportunityname", Field::Title, 0),
    a("name", Field::Title, 2),
    a("value", Field::Value, 0),
    a("amount", Field::Value, 0),
    a("dealvalue", Field::Value, 0),
    a("currency", Field::Currency, 0),
    a("dealcurrency", Field::Currency, 0),
    a("dealcurrencyofvalue", Field::Currency, 0),
    a("currencyisocode", Field::Currency, 0),
    a("opportunitycurrency", Field::Currency, 0),
    a("amountcurrency", Field::Currency, 1),
    a("pipeline", Field::Pipeline, 0),
    a("dealpipeline", Field::Pipeline, 0),
    a("stage", Field::Stage, 0),
    a("dealstage", Field::Stage, 0),
    a("stagename", Field::Stage, 0),
    a("status", Field::Status, 0),
    a("dealstatus", Field::Status, 0),
    a("closedate", Field::CloseDate, 0),
    a("expectedclosedate", Field::CloseDate, 0),
    a("dealexpectedclosedate", Field::CloseDate, 0),
    a("wontime", Field::WonAt, 0),
    a("dealwontime", Field::WonAt, 0),
    a("losttime", Field::LostAt, 0),
    a("deallosttime", Field::LostAt, 0),
    a("closetime", Field::ClosedAt, 0),
    a("dealclosetime", Field::ClosedAt, 0),
    a("dealclosedon", Field::ClosedAt, 0),
    a("dealdealclosedon", Field::ClosedAt, 0),
    a("closeddate", Field::ClosedAt, 1),
    a("iswon", Field::IsWon, 0),
    a("isclosedwon", Field::IsWon, 0),
    a("won", Field::IsWon, 1),
    a("isclosed", Field::IsClosed, 0),
    a("isdealclosed", Field::IsClosed, 0),
    a("closed", Field::IsClosed, 1),
    a("probability", Field::Probability, 0),
    a("dealprobability", Field::Probability, 0),
    a("dealstageprobability", Field::Probability, 1),
    a("owner", Field::Owner, 0),
    a("dealowner", Field::Owner, 0),
    a("opportunityowner", Field::Owner, 0),
    a("ownerid", Field::Owner, 2),
    a("company", Field::Company, 0),
    a("companyname", Field::Company, 0),
    a("associatedcompany", Field::Company, 1),
    a("accountname", Field::Company, 0),
    a("organization", Field::Company, 0),
    a("dealorganization", Field::Company, 0),
    a("contact", Field::Contact, 0),
    a("contacts", Field::Contact, 0),
    a("associatedcontact", Field::Contact, 0),
    a("contactperson", Field::Contact, 0),
    a("dealcontactperson", Field::Contact, 0),
    a("contactemail", Field::Contact, 0),
    a("primarycontact", Field::Contact, 0),
    a("lostreason", Field::LostReason, 0),
    a("deallostreason", Field::LostReason, 0),
    a("closedlostreason", Field::LostReason, 0),
    a("lossreasonc", Field::LostReason, 1),
    a("source", Field::Source, 0),
    a("leadsource", Field::Source, 0),
    a("dealsource", Field::Source, 0),
    a("tags", Field::Tags, 0),
    a("labels", Field::Tags, 0),
    a("deallabel", Field::Tags, 0),
    a("notes", Field::Notes, 0),
    a("description", Field::Notes, 1),
    a("created", Field::Created, 0),
    a("createdate", Field::Created, 0),
    a("createddate", Field::Created, 0),
    a("dealaddtime", Field::Created, 0),
    a("dealdealcreated", Field::Created, 0),
    a("dealcreated", Field::Created, 0),
    a("dealdescription", Field::Notes, 0),
    a("dealid", Field::SourceId, 0),
    a("recordid", Field::SourceId, 0),
    a("opportunityid", Field::SourceId, 0),
    a("id", Field::SourceId, 1),
    a("dealorganizationid", Field::CompanyId, 0),
    a("accountid", Field::CompanyId, 0),
    a("associatedcompanyid", Field::CompanyId, 0),
    a("associatedcompanyids", Field::CompanyId, 0),
    a("dealcontactpersonid", Field::ContactId, 0),
    a("associatedcontactid", Field::ContactId, 0),
    a("associatedcontactids", Field::ContactId, 0),
    a("contactid", Field::ContactId, 0),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_headers_are_recognised() {
        let c = ImportKind::Contacts;
        assert_eq!(
            recognise(c, "E-mail 2 - Value"),
            Some((Field::Email(Label::Slot(2)), 0))
        );
        assert_eq!(
            recognise(c, "Phone 1 - Type"),
            Some((Field::PhoneLabel(1), 0))
        );
        assert_eq!(
            recognise(c, "Person - Email - Work"),
            Some((Field::Email(WORK), 0))
        );
        assert_eq!(
            recognise(c, "Country/Region").map(|f| f.0),
            Some(Field::Country)
        );
        assert_eq!(
            recognise(ImportKind::Deals, "Deal Stage").map(|f| f.0),
            Some(Field::Stage)
        );
        assert_eq!(recognise(c, "Favourite colour"), None);
    }
}
