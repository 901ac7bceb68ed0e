// The models as the page's parser reads them: shared by build.rs, which writes the page's
// parsing copies, and the test that holds them to the documented models.

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

/// The parsing copy of a service's model: without documentation, without enum values
/// (botocore's validator checks none: the service does), and without the shapes that only
/// members the sandbox's request types do not take reach. The input shapes keep every member's
/// name, so the CLI can still name a real parameter as not modelled; a shape a taken member
/// reaches keeps all its members, so the validator lists them as botocore does.
fn parsing_copy(model: &mut serde_json::Value, service: &str) {
    use serde_json::Value;
    strip(model);
    let mut keep = std::collections::BTreeSet::new();
    fn reach(shapes: &serde_json::Map<String, Value>, name: &str, keep: &mut std::collections::BTreeSet<String>) {
        if !keep.insert(name.to_string()) {
            return;
        }
        let Some(shape) = shapes.get(name) else { return };
        let mut next: Vec<&str> = Vec::new();
        for m in shape["members"].as_array().into_iter().flatten() {
            next.extend(m["shape"].as_str());
        }
        for key in ["member", "key", "value"] {
            next.extend(shape[key].as_str());
        }
        for n in next {
            reach(shapes, n, keep);
        }
    }
    let shapes = model["shapes"].as_object().cloned().unwrap_or_default();
    for (op, o) in model["operations"].as_object().into_iter().flatten() {
        let Some(input) = o["input"].as_str() else { continue };
        keep.insert(input.to_string());
        let taken = kumo_sim::command::request_members(service, op).unwrap_or_default();
        for m in shapes[input]["members"].as_array().into_iter().flatten() {
            if let (Some(name), Some(shape)) = (m["name"].as_str(), m["shape"].as_str())
                && taken.contains(&name)
            {
                reach(&shapes, shape, &mut keep);
            }
        }
    }
    if let Some(all) = model["shapes"].as_object_mut() {
        all.retain(|name, _| keep.contains(name));
        for shape in all.values_mut() {
            if let Some(s) = shape.as_object_mut() {
                s.remove("enum");
            }
        }
    }
}
