//! `--output table`: boxed tables in the style of the AWS CLI's table formatter — a title
//! row, one section per nested object or list, scalar members as rows or columns.

use serde_json::Value;

use super::py_str;

pub fn format(value: &Value, title: &str) -> String {
    let mut rows: Vec<Row> = Vec::new();
    section(value, title, 0, &mut rows);
    render(&rows)
}

enum Row {
    Title(usize, String),
    Header(usize, Vec<String>),
    Cells(usize, Vec<String>),
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn section(v: &Value, title: &str, depth: usize, rows: &mut Vec<Row>) {
    match v {
        Value::Object(obj) => {
            rows.push(Row::Title(depth, title.to_string()));
            for (k, val) in obj.iter().filter(|(_, v)| is_scalar(v)) {
                rows.push(Row::Cells(depth, vec![k.clone(), py_str(val)]));
            }
            for (k, val) in obj.iter().filter(|(_, v)| !is_scalar(v)) {
                section(val, k, depth + 1, rows);
            }
        }
        Value::Array(items) if items.iter().all(is_scalar) => {
            if items.is_empty() {
                return;
            }
            rows.push(Row::Title(depth, title.to_string()));
            for item in items {
                rows.push(Row::Cells(depth, vec![py_str(item)]));
            }
        }
        Value::Array(items) => {
            // A list of objects whose members are all scalars reads best as one table with
            // a header row; anything deeper gets one section per item.
            let flat = items.iter().all(|i| i.as_object().is_some_and(|o| o.values().all(is_scalar)));
            if flat {
                let mut keys: Vec<String> = Vec::new();
                for i in items.iter().filter_map(|i| i.as_object()) {
                    for k in i.keys() {
                        if !keys.contains(k) {
                            keys.push(k.clone());
                        }
                    }
                }
                rows.push(Row::Title(depth, title.to_string()));
                rows.push(Row::Header(depth, keys.clone()));
                for i in items {
                    rows.push(Row::Cells(
                        depth,
                        keys.iter().map(|k| i.get(k).map(py_str).unwrap_or_default()).collect(),
                    ));
                }
            } else {
                for item in items {
                    section(item, title, depth, rows);
                }
            }
        }
        scalar => {
            rows.push(Row::Title(depth, title.to_string()));
            rows.push(Row::Cells(depth, vec![py_str(scalar)]));
        }
    }
}

fn width(s: &str) -> usize {
    // East Asian wide characters take two columns in a terminal.
    s.chars().map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2 } else { 1 }).sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn center(s: &str, w: usize) -> String {
    let total = w.saturating_sub(width(s));
    let left = total / 2;
    format!("{}{s}{}", " ".repeat(left), " ".repeat(total - left))
}

fn render(rows: &[Row]) -> String {
    // One overall inner width, so every box lines up: the widest title or section.
    let mut inner = 0usize;
    for (idx, row) in rows.iter().enumerate() {
        if let Row::Title(d, t) = row {
            let natural = column_widths(rows, idx + 1, *d, 0);
            let cols: usize = natural.iter().sum::<usize>() + natural.len().saturating_sub(1);
            inner = inner.max(width(t).max(cols) + 2 + 2 * d);
        }
    }
    let mut out = String::new();
    let bars = |d: usize| "|".repeat(d);
    let mut col_widths: Vec<usize> = Vec::new();
    for (idx, row) in rows.iter().enumerate() {
        match row {
            Row::Title(d, t) => {
                let w = inner - 2 - 2 * d;
                if idx == 0 {
                    out.push_str(&format!("{}\n", "-".repeat(w + 2)));
                } else {
                    out.push_str(&format!("{}+{}+{}\n", bars(*d), "-".repeat(w), bars(*d)));
                }
                out.push_str(&format!("{}|{}|{}\n", bars(*d), center(t, w), bars(*d)));
                // Column widths for the rows under this title.
                col_widths = column_widths(rows, idx + 1, *d, w);
                out.push_str(&format!("{}+{}+{}\n", bars(*d), sep(&col_widths), bars(*d)));
            }
            Row::Header(d, cells) | Row::Cells(d, cells) => {
                let parts: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let w = col_widths.get(i).copied().unwrap_or(width(c) + 4);
                        if matches!(row, Row::Header(..)) { center(c, w) } else { format!("  {}", pad(c, w - 2)) }
                    })
                    .collect();
                out.push_str(&format!("{}|{}|{}\n", bars(*d), parts.join("|"), bars(*d)));
                let next_is_cells = matches!(rows.get(idx + 1), Some(Row::Cells(nd, _)) if nd == d);
                if matches!(row, Row::Header(..)) || !next_is_cells {
                    out.push_str(&format!("{}+{}+{}\n", bars(*d), sep(&col_widths), bars(*d)));
                }
            }
        }
    }
    out
}

fn sep(widths: &[usize]) -> String {
    widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("+")
}

/// Widths of the columns of the rows that follow a title, stretched to fill `total`.
fn column_widths(rows: &[Row], from: usize, depth: usize, total: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for row in &rows[from..] {
        match row {
            Row::Header(d, cells) | Row::Cells(d, cells) if *d == depth => {
                for (i, c) in cells.iter().enumerate() {
                    let w = width(c) + 4;
                    if i < widths.len() {
                        widths[i] = widths[i].max(w);
                    } else {
                        widths.push(w);
                    }
                }
            }
            _ => break,
        }
    }
    if widths.is_empty() {
        return vec![total];
    }
    let used: usize = widths.iter().sum::<usize>() + widths.len() - 1;
    if used < total
        && let Some(last) = widths.last_mut()
    {
        *last += total - used;
    }
    widths
}
