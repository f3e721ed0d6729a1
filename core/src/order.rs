//! The standard library's stable sort under the names the widget calls it by
//! (`candor_core::order::sort_by_key`). This module was a sort routine of its own, compiled
//! once for every element type, to keep the standard sort's copies out of the widget's wasm;
//! measured against the standard sort it saved too little to keep (BENCHMARKS.md, "The
//! widget's size"). Core calls `slice::sort_by` directly; these go when the widget does too.

use std::cmp::Ordering;

/// `slice::sort_by`: stable.
pub fn sort_by<T>(items: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    items.sort_by(compare);
}

/// `slice::sort_by_key`: stable.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    items.sort_by_key(key);
}
