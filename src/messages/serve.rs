//! Messages of `vanban serve`: problem reports, limits, the service's own words.

crate::catalogue! {}
