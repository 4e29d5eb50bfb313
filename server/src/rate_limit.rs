//! Token buckets in memory, one per client address and one per class.
//!
//! In memory is enough: one server process serves a class, and a restart
//! giving everybody full buckets again is harmless.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// A bucket holds up to `burst` tokens and gains `per_second` of them each second;
/// a request takes one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub burst: f64,
    pub per_second: f64,
}

struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

/// Buckets under one limit, by key.
pub struct Buckets {
    limit: RateLimit,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Buckets {
    pub fn new(limit: RateLimit) -> Self {
        Buckets { limit, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token from `key`'s bucket; `false` when it is empty.
    pub fn try_take(&self, key: &str, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap();
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket { tokens: self.limit.burst, refilled_at: now });
        self.refill(bucket, now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Seconds until `key`'s bucket has a token again (for `Retry-After`).
    pub fn seconds_until_token(&self, key: &str) -> u64 {
        let buckets = self.buckets.lock().unwrap();
        let tokens = buckets.get(key).map_or(self.limit.burst, |bucket| bucket.tokens);
        ((1.0 - tokens).max(0.0) / self.limit.per_second).ceil().max(1.0) as u64
    }

    /// Forgets full buckets, which behave exactly like absent ones, so the map does not grow forever.
    pub fn forget_full(&self, now: Instant) {
        let mut buckets = self.buckets.lock().unwrap();
        buckets.retain(|_, bucket| {
            self.refill(bucket, now);
            bucket.tokens < self.limit.burst
        });
    }

    fn refill(&self, bucket: &mut Bucket, now: Instant) {
        let elapsed = now.saturating_duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.limit.per_second).min(self.limit.burst);
        bucket.refilled_at = now;
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_refusal_then_refill() {
        let buckets = Buckets::new(RateLimit { burst: 3.0, per_second: 2.0 });
        let start = Instant::now();
        assert!((0..3).all(|_| buckets.try_take("a", start)));
        assert!(!buckets.try_take("a", start));
        assert!(buckets.try_take("b", start), "another key has its own bucket");
        assert!(!buckets.try_take("a", start + Duration::from_millis(400)));
        assert!(buckets.try_take("a", start + Duration::from_millis(600)));
    }

    #[test]
    fn full_buckets_are_forgotten() {
        let buckets = Buckets::new(RateLimit { burst: 2.0, per_second: 1.0 });
        let start = Instant::now();
        buckets.try_take("a", start);
        buckets.try_take("b", start + Duration::from_secs(5));
        buckets.forget_full(start + Duration::from_secs(5));
        assert_eq!(buckets.len(), 1);
    }
}
