//! The service directory: categories, agencies, services and the places that offer them.
//! `GET /catalogue` returns all of it in one document so a phone can keep it offline.

use serde::{Deserialize, Serialize};

use crate::{Text, Zone};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    /// Grows with every change; `?since=<version>` asks for what changed after it.
    pub version: u64,
    /// True when this is a change set (`?since=`), false for the whole catalogue.
    #[serde(default)]
    pub partial: bool,
    pub categories: Vec<Category>,
    pub agencies: Vec<Agency>,
    pub services: Vec<Service>,
    pub locations: Vec<Location>,
    /// Items removed since the version asked for (only in a change set).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Tombstone>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tombstone {
    pub kind: ItemKind,
    pub id: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Category,
    Agency,
    Service,
    Location,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [ItemKind::Category, ItemKind::Agency, ItemKind::Service, ItemKind::Location];

    /// As the wire spells it (and the server's stores keep it).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Category => "category",
            ItemKind::Agency => "agency",
            ItemKind::Service => "service",
            ItemKind::Location => "location",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: String,
    pub name: Text,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    pub id: String,
    pub short_name: String,
    pub name: Text,
    pub category_id: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub id: String,
    pub agency_id: String,
    pub category_id: String,
    pub name: Text,
    pub summary: Text,
    /// Words citizens type for it (abbreviations, old names, English).
    #[serde(default)]
    pub keywords: Vec<String>,
    pub requirements: Vec<Requirement>,
    pub fees: Vec<Fee>,
    pub processing_time: Text,
    /// Upper bound in working days, 0 for the same day; for sorting and filtering.
    pub processing_days_max: u16,
    pub channels: Vec<Channel>,
    pub bookable: bool,
    /// The kinds of place that offer it; `locationIds` lists the actual places.
    pub offered_at: Vec<LocationKind>,
    #[serde(default)]
    pub location_ids: Vec<String>,
    /// Length of one appointment.
    pub duration_minutes: u16,
    /// People per appointment slot (bookings and walk-ins share it).
    pub slot_capacity: u16,
    /// The steps an application of this service goes through, when it has a result to collect.
    #[serde(default)]
    pub application_steps: Option<Vec<ApplicationStatus>>,
    /// What to bring to collect the result.
    #[serde(default)]
    pub pickup_requirements: Vec<Requirement>,
    #[serde(default)]
    pub health: Option<HealthInfo>,
}

impl Service {
    /// What a citizen pays at the least (a directory card shows it); `None` for a service with
    /// no fee listed, which is free.
    pub fn lowest_fee(&self) -> Option<u64> {
        self.fees.iter().map(|f| f.amount_idr).min()
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    pub name: Text,
    /// E.g. "asli dan fotokopi".
    #[serde(default)]
    pub note: Option<Text>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fee {
    pub label: Text,
    /// Rupiah; 0 means free of charge.
    pub amount_idr: u64,
    pub legal_basis: Text,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Online,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthInfo {
    /// The clinic (poli).
    pub poli: Text,
    pub bpjs_accepted: bool,
    /// A referral (rujukan) from a first-level facility is needed.
    pub referral_required: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// Mal Pelayanan Publik.
    Mpp,
    Puskesmas,
    Rsud,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: String,
    pub kind: LocationKind,
    pub name: Text,
    pub address: String,
    /// Official regency/city code (`PP.RR`, Kemendagri).
    pub regency_code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub time_zone: Zone,
    pub phone: String,
    pub opening_hours: Vec<OpeningHours>,
    #[serde(default)]
    pub closures: Vec<Closure>,
    /// Agencies with a counter here.
    pub agency_ids: Vec<String>,
    /// Services offered here (derived from the agencies and the services' kinds of place).
    #[serde(default)]
    pub service_ids: Vec<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpeningHours {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Local time in the location's zone, `HH:MM`.
    pub opens: String,
    pub closes: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Closure {
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    pub reason: Text,
}

/// Statuses of an application (a service with a result to collect), in their usual order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Submitted,
    Verified,
    Processing,
    ReadyForPickup,
    Completed,
    Rejected,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 6] = [
        ApplicationStatus::Submitted,
        ApplicationStatus::Verified,
        ApplicationStatus::Processing,
        ApplicationStatus::ReadyForPickup,
        ApplicationStatus::Completed,
        ApplicationStatus::Rejected,
    ];

    /// The wire spelling: `ready_for_pickup`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Verified => "verified",
            ApplicationStatus::Processing => "processing",
            ApplicationStatus::ReadyForPickup => "ready_for_pickup",
            ApplicationStatus::Completed => "completed",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ApplicationStatus> {
        ApplicationStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Not finished yet: worth asking the server about again.
    pub fn is_open(self) -> bool {
        !matches!(self, ApplicationStatus::Completed | ApplicationStatus::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_applications_are_not_asked_about_again() {
        assert!(ApplicationStatus::ReadyForPickup.is_open());
        assert!(!ApplicationStatus::Completed.is_open());
        assert!(!ApplicationStatus::Rejected.is_open());
    }

    #[test]
    fn application_statuses_round_trip_through_their_wire_names() {
        for status in ApplicationStatus::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(ApplicationStatus::parse(status.as_str()), Some(status));
        }
    }
}
