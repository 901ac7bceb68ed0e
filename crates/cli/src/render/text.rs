//! `--output text`: the AWS CLI's text formatter (awscli `text.py`), tab-separated, with the
//! upper-cased name of each list as the first column of its rows.

use serde_json::Value;

use super::py_str;

pub fn format(value: &Value) -> String {
    let mut out = String::new();
    item(value, None, None, &mut out);
    out
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn item(v: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match v {
        Value::Object(_) => dict(v, identifier, scalar_keys, out),
        Value::Array(items) => list(items, identifier, out),
        scalar => {
            out.push_str(&py_str(scalar));
            out.push('\n');
        }
    }
}

fn list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(|e| e.is_object()) {
        // Every row of a list of objects has the same columns: all their scalar keys, sorted.
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(|e| e.as_object())
            .flat_map(|o| o.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.clone()))
            .collect();
        kumo_sim::sort::ord(&mut keys);
        keys.dedup();
        for e in items {
            item(e, identifier, Some(&keys), out);
        }
    } else if items.iter().any(|e| e.is_array()) {
        let scalars: Vec<&Value> = items.iter().filter(|e| is_scalar(e)).collect();
        if !scalars.is_empty() {
            scalar_list(&scalars, identifier, out);
        }
        for e in items.iter().filter(|e| !is_scalar(e)) {
            item(e, identifier, None, out);
        }
    } else {
        let scalars: Vec<&Value> = items.iter().collect();
        scalar_list(&scalars, identifier, out);
    }
}

fn scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for v in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), py_str(v)));
            }
        }
        None => {
            let row: Vec<String> = items.iter().map(|v| py_str(v)).collect();
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
    }
}

fn dict(v: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    let Some(obj) = v.as_object() else { return };
    let mut scalars: Vec<String> = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut keys: Vec<&String> = obj.keys().collect();
            kumo_sim::sort::ord(&mut keys);
            for k in keys {
                let val = &obj[k];
                if is_scalar(val) {
                    scalars.push(py_str(val));
                } else {
                    nested.push((k, val));
                }
            }
        }
        Some(keys) => {
            for k in keys {
                scalars.push(obj.get(k).map(py_str).unwrap_or_default());
            }
            let mut rest: Vec<&String> = obj.keys().filter(|k| !keys.contains(k)).collect();
            kumo_sim::sort::ord(&mut rest);
            for k in rest {
                nested.push((k, &obj[k]));
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (k, val) in nested {
        item(val, Some(k), None, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_like_the_aws_cli() {
        let v = json!({"StoppingInstances": [{"CurrentState": {"Code": 64, "Name": "stopping"}, "InstanceId": "i-1", "PreviousState": {"Code": 16, "Name": "running"}}]});
        assert_eq!(format(&v), "STOPPINGINSTANCES\ti-1\nCURRENTSTATE\t64\tstopping\nPREVIOUSSTATE\t16\trunning\n");
        assert_eq!(format(&json!({"Owners": ["a", "b"], "Ok": true})), "True\nOWNERS\ta\nOWNERS\tb\n");
    }
}
