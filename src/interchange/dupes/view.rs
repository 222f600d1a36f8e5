//! What the duplicate search reads of each record: a few fields decoded straight from
//! the stored bytes, borrowing their text, one record at a time in id order. The rest
//! of a contact (notes, custom fields, consent...) is skipped, never allocated, so a
//! pass over every contact costs the keys it keeps, not the records.

use redb::{ReadableTable, TableDefinition};
use serde::Deserialize;

use crate::error::Result;
use crate::model::{Company, Contact, Kind};
use crate::store::tables::records;
use crate::store::{Queries, Snapshot};

/// An email address or phone number, without its label.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ValueView<'a> {
    /// The address or number.
    pub value: &'a str,
}

/// The fields of a contact that the duplicate search compares.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactView<'a> {
    /// Its id.
    pub id: u64,
    /// Its display name.
    pub name: &'a str,
    /// Its company.
    pub company: Option<u64>,
    /// Its email addresses.
    #[serde(borrow)]
    pub emails: Vec<ValueView<'a>>,
    /// Its phone numbers.
    #[serde(borrow)]
    pub phones: Vec<ValueView<'a>>,
    /// Where it is (a phone's country).
    pub location: Option<&'a str>,
}

impl<'a> From<&'a Contact> for ContactView<'a> {
    fn from(c: &'a Contact) -> Self {
        let values = |l: &'a [crate::model::Labeled]| {
            l.iter().map(|v| ValueView { value: &v.value }).collect()
        };
        ContactView {
            id: c.id,
            name: &c.name,
            company: c.company,
            emails: values(&c.emails),
            phones: values(&c.phones),
            location: c.location.as_deref(),
        }
    }
}

/// The fields of a company that the duplicate search compares.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompanyView<'a> {
    /// Its id.
    pub id: u64,
    /// Its name.
    pub name: &'a str,
    /// Its web domain.
    pub domain: Option<&'a str>,
}

impl<'a> From<&'a Company> for CompanyView<'a> {
    fn from(c: &'a Company) -> Self {
        CompanyView {
            id: c.id,
            name: &c.name,
            domain: c.domain.as_deref(),
        }
    }
}

/// Calls `f` with every contact's view, in id order.
pub fn each_contact<Q: Queries>(q: &Q, mut f: impl FnMut(&ContactView<'_>)) -> Result<()> {
    each_stored(q, records(Kind::Contact), |bytes| {
        f(&rmp_serde::from_slice::<ContactView<'_>>(bytes)?);
        Ok(())
    })
}

/// Calls `f` with every company's view, in id order.
pub fn each_company<Q: Queries>(q: &Q, mut f: impl FnMut(&CompanyView<'_>)) -> Result<()> {
    each_stored(q, records(Kind::Company), |bytes| {
        f(&rmp_serde::from_slice::<CompanyView<'_>>(bytes)?);
        Ok(())
    })
}

fn each_stored<Q: Queries>(
    q: &Q,
    def: TableDefinition<u64, &[u8]>,
    mut f: impl FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    let Some(t) = q.snap().table(def)? else {
        return Ok(());
    };
    for row in t.iter()? {
        f(row?.1.value())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Labeled, Record};

    #[test]
    fn a_stored_contact_reads_back_as_its_view() {
        let c = Contact {
            id: 7,
            name: "Zoë Doe".into(),
            company: Some(3),
            emails: vec![Labeled {
                label: "work".into(),
                value: "zoe@acme.example".into(),
            }],
            phones: vec![Labeled {
                label: String::new(),
                value: "+44 20 7946 0000".into(),
            }],
            location: Some("London, UK".into()),
            notes: "long notes".into(),
            ..Contact::default()
        };
        let bytes = crate::store::tables::encode(&Record::Contact(c.clone())).unwrap();
        let view: ContactView<'_> = rmp_serde::from_slice(&bytes).unwrap();
        let from = ContactView::from(&c);
        assert_eq!(format!("{view:?}"), format!("{from:?}"));
    }
}
