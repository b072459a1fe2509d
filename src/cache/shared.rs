//! Values a stored record holds once and refers to by number.

use std::collections::HashMap;
use std::hash::Hash;

/// The table a record is written with: each distinct value once, in order of first use.
pub struct Table<T> {
    numbers: HashMap<T, u32>,
    values: Vec<T>,
}

impl<T: Hash + Eq + Clone> Table<T> {
    pub fn new() -> Self {
        Table { numbers: HashMap::new(), values: Vec::new() }
    }

    /// The number of `value`, added to the table on its first use.
    pub fn number(&mut self, value: T) -> u32 {
        let next = self.values.len() as u32;
        *self.numbers.entry(value).or_insert_with_key(|value| {
            self.values.push(value.clone());
            next
        })
    }

    pub fn into_values(self) -> Vec<T> {
        self.values
    }
}
