//! Stable sorting through one compiled sort routine.
//!
//! The standard library's sorts are generic: every call site with its own element type and
//! comparison compiles its own copy of the sort, several kilobytes each. In the widget's
//! WebAssembly, which has a size budget, those copies were a tenth of the code. Here the sort
//! is compiled once, over positions with the comparison behind a `dyn`, and the elements are
//! then swapped into that order, also by code compiled once: what each element type adds is a
//! swap. The result is the same as `slice::sort_by`'s: stable.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (like `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = positions_in_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    apply_order(&order, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` by a key, keeping items with equal keys in their order (like
/// `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in the order `compare` gives them, equal ones in ascending order.
fn positions_in_order(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the item at `order[k]` to `k`, for every `k`, by swaps: one cycle of the permutation
/// at a time, each item moved once into its place (linear).
fn apply_order(order: &[usize], swap: &mut dyn FnMut(usize, usize)) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        // The cycle through `start`: `k` takes its item from `order[k]`, where the item that
        // was at `start` waits until the cycle closes.
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_ties_in_order() {
        let mut items: Vec<(u8, &str)> = vec![(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")];
        let mut expected = items.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut items, |p| p.0);
        assert_eq!(items, expected);
        assert_eq!(items, [(1, "b"), (1, "e"), (2, "d"), (3, "a"), (3, "c")]);
    }

    #[test]
    fn a_comparison_can_reverse_the_order() {
        let mut items = vec![String::from("b"), String::from("c"), String::from("a")];
        sort_by(&mut items, |a, b| b.cmp(a));
        assert_eq!(items, ["c", "b", "a"]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_permutation_is_applied(keys in proptest::collection::vec(0u32..1000, 0..300)) {
            // Distinct items, in the order their keys give (ties by position).
            let mut items: Vec<(u32, usize)> = keys.into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort();
            sort_by(&mut items, |a, b| a.cmp(b));
            proptest::prop_assert_eq!(items, expected);
        }

        #[test]
        fn any_list_sorts_as_the_standard_sort_does(list in proptest::collection::vec((0u8..8, 0u16..1000), 0..200)) {
            let mut expected = list.clone();
            expected.sort_by_key(|p| p.0);
            let mut sorted = list;
            sort_by_key(&mut sorted, |p| p.0);
            proptest::prop_assert_eq!(sorted, expected);
        }
    }
}
