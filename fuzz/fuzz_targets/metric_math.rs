//! CloudWatch metric math expressions, evaluated over two series and the request's metrics.
#![no_main]

use std::collections::BTreeMap;

use kumo_sim::cloudwatch::math::{self, Series};
use kumo_sim::time::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    let series = |values: &[f64]| Series {
        points: values.iter().enumerate().map(|(i, &v)| (Timestamp(i as u64 * 60_000), v)).collect(),
        period_secs: 60,
    };
    let m1 = series(&[1.0, 0.0, -3.5, 1e300, f64::MIN_POSITIVE]);
    let m2 = series(&[2.0, 4.0]);
    let env = BTreeMap::from([("m1".to_string(), m1.clone()), ("m2".to_string(), m2.clone())]);
    let _ = math::references(&text);
    let _ = math::evaluate(&text, &env, &[m1, m2]);
});
