//! The pages of the booking flow, in order.

/// The pages of the flow, in order ("one thing per page").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Location,
    Date,
    Time,
    Who,
    Details,
    Check,
}

impl Step {
    pub const ALL: [Step; 6] = [Step::Location, Step::Date, Step::Time, Step::Who, Step::Details, Step::Check];

    /// The `langkah` query value: Indonesian, like every path of the app.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Location => "lokasi",
            Step::Date => "tanggal",
            Step::Time => "waktu",
            Step::Who => "untuk",
            Step::Details => "data",
            Step::Check => "periksa",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn previous(self) -> Option<Step> {
        Step::ALL.iter().position(|s| *s == self).and_then(|i| i.checked_sub(1)).map(|i| Step::ALL[i])
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.iter().position(|s| *s == self).and_then(|i| Step::ALL.get(i + 1).copied())
    }
}
