//! An embedding page's widget URL: the query string and the gp2 explorer's parameters.
#![no_main]

use kumo::components::gp2_widget::parse_params;
use kumo::widget::parse_query;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    let _ = parse_params(&parse_query(&text));
});
