//! Where each id is in a list of records: the lookup by id that merging snapshots, gathering
//! spans per component and listing components need.
//!
//! Natively a hash map: `report-gen` looks ids up for each of a million records, where hashing
//! is about three times as fast as bisection. In the widget's wasm a sorted list searched by
//! bisection: a page has tens of components and a few hundred incidents, and each hash map type
//! is a kilobyte of code or more in a wasm that has a size budget. Both answer the same.

// The one hash map the root clippy.toml lets core use: native builds only.
#![cfg_attr(not(target_arch = "wasm32"), allow(clippy::disallowed_types))]

use std::borrow::Borrow;
#[cfg(not(target_arch = "wasm32"))]
use std::collections::HashMap;
#[cfg(not(target_arch = "wasm32"))]
use std::hash::Hash;

/// Ids (`&str` or `String`) mapped to places.
#[derive(Debug)]
pub struct IdIndex<K> {
    #[cfg(not(target_arch = "wasm32"))]
    map: HashMap<K, usize>,
    /// Sorted by id.
    #[cfg(target_arch = "wasm32")]
    list: Vec<(K, usize)>,
}

impl<K> Default for IdIndex<K> {
    fn default() -> Self {
        IdIndex {
            #[cfg(not(target_arch = "wasm32"))]
            map: HashMap::new(),
            #[cfg(target_arch = "wasm32")]
            list: Vec::new(),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<K: Borrow<str> + Hash + Eq> IdIndex<K> {
    /// The place of `id`, if it has one.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.map.get(id).copied()
    }

    /// Gives `id` the place `at`, replacing any it had.
    pub fn insert(&mut self, id: K, at: usize) {
        self.map.insert(id, at);
    }

    /// The place of `id`; on first sight, the one `place` gives, which is kept.
    pub fn get_or_insert_with(&mut self, id: K, place: impl FnOnce() -> usize) -> usize {
        *self.map.entry(id).or_insert_with(place)
    }
}

#[cfg(target_arch = "wasm32")]
impl<K: Borrow<str>> IdIndex<K> {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.list.binary_search_by(|(k, _)| k.borrow().cmp(id))
    }

    /// The place of `id`, if it has one.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.find(id).ok().map(|k| self.list[k].1)
    }

    /// Gives `id` the place `at`, replacing any it had.
    pub fn insert(&mut self, id: K, at: usize) {
        match self.find(id.borrow()) {
            Ok(k) => self.list[k].1 = at,
            Err(k) => self.list.insert(k, (id, at)),
        }
    }

    /// The place of `id`; on first sight, the one `place` gives, which is kept.
    pub fn get_or_insert_with(&mut self, id: K, place: impl FnOnce() -> usize) -> usize {
        match self.find(id.borrow()) {
            Ok(k) => self.list[k].1,
            Err(k) => {
                let at = place();
                self.list.insert(k, (id, at));
                at
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_first_place_unless_replaced() {
        let mut index: IdIndex<&str> = IdIndex::default();
        assert_eq!(index.get_or_insert_with("b", || 0), 0);
        assert_eq!(index.get_or_insert_with("a", || 1), 1);
        assert_eq!(index.get_or_insert_with("b", || 2), 0);
        assert_eq!(index.get("a"), Some(1));
        assert_eq!(index.get("c"), None);
        let mut owned: IdIndex<String> = IdIndex::default();
        owned.insert("x".into(), 3);
        owned.insert("x".into(), 4);
        assert_eq!(owned.get("x"), Some(4));
    }
}
