//! The catalogue: stored as one versioned JSON document per item, served whole (with an ETag)
//! or as the changes since a version (with tombstones).

pub mod seed;
pub mod store;
