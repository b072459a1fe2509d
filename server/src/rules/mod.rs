//! The reference backend's own rules, free of storage: what a slot is, who may see or change a
//! booking, how an application moves on, how long the queue is. Every store (`sqlite/`, and any
//! other behind [`crate::store::Store`]) calls these and only reads and writes; the rules the
//! app shares live in `loket-contract` instead.

pub mod applications;
pub mod bookings;
pub mod queue;
pub mod slots;
