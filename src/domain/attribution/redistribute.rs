//! ATT-14-10 (001 第14篇 (五)3(12)): a salesperson on long leave or leaving — the manager
//! gives their customers to the other salespeople "按随机抽数" (by drawing lots). Pure and
//! reproducible: the same seed, customers and salespeople give the same draw, so the seed
//! recorded with the redistribution lets anyone redo it.
//!
//! Decided where the source is silent: the draw deals the customers out evenly (a shuffled
//! order of customers, dealt in turn to the salespeople in a shuffled order), so no one draws
//! them all by chance; the leaving salesperson never draws; SplitMix64 is the generator, a
//! published algorithm any auditor can recompute.

use crate::domain::staff::StaffId;

/// SplitMix64 (Steele, Lea, Flood 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by rejection so no value is favoured.
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next();
            if x < zone {
                return x % n;
            }
        }
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.below(i as u64 + 1)).expect("below i + 1 fits");
            items.swap(i, j);
        }
    }
}

/// The new salesperson for each of `customers` (in their order), drawn among `active`
/// without `leaving`; `None` when nobody is left to draw. Duplicates in `active` count once;
/// `active` is taken sorted, so its order does not change the draw.
pub fn redistribute<C: Copy>(
    seed: u64,
    leaving: StaffId,
    customers: &[C],
    active: &[StaffId],
) -> Option<Vec<(C, StaffId)>> {
    let mut people: Vec<StaffId> = active.iter().copied().filter(|s| *s != leaving).collect();
    people.sort();
    people.dedup();
    if people.is_empty() {
        return None;
    }
    let mut rng = SplitMix64(seed);
    rng.shuffle(&mut people);
    let mut order: Vec<usize> = (0..customers.len()).collect();
    rng.shuffle(&mut order);
    let mut to = vec![people[0]; customers.len()];
    for (turn, &i) in order.iter().enumerate() {
        to[i] = people[turn % people.len()];
    }
    Some(customers.iter().copied().zip(to).collect())
}
