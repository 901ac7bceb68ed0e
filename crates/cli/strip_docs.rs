// The models without their documentation: shared by build.rs, which writes the page's parsing
// copies, and the test that holds them to the documented models.

/// Removes every `documentation` member, at any depth.
fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("documentation");
            map.values_mut().for_each(strip);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}
