//! `--output table`: the AWS CLI's table formatter, step for step (awscli `formatter.py`
//! `TableFormatter._build_table` and `table.py` `MultiTable`/`Section`): sections with a centred
//! title, sorted scalar members as a header row and a value row, nested members as indented
//! sections; columns scaled to the widest section with Python's rounding; a table wider than
//! the terminal turns its one-row sections vertical (`convert_to_vertical_table`).

use serde_json::Value;

use super::py_str;

/// What `determine_terminal_width` returns when the output is not a terminal.
pub const TERMINAL_WIDTH: usize = 80;

/// The table for a response, laid out for a terminal of `terminal_width` columns as awscli's
/// `MultiTable(terminal_width=determine_terminal_width())` is; `Err` is the formatter's own
/// failure (rows of unequal length, which the AWS CLI reports as `Row should have N elements,
/// instead it has M`).
pub fn format(value: &Value, title: &str, terminal_width: usize) -> Result<String, String> {
    let mut table = MultiTable { sections: Vec::new() };
    if !table.build(Some(title), value, 0)? {
        return Ok(String::new());
    }
    Ok(table.render(terminal_width))
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

/// `unicodedata.east_asian_width` in W or F counts two columns. (Ambiguous characters count
/// two in the AWS CLI as well; the sandbox counts the wide and fullwidth blocks only.)
fn text_len(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    num_cols: Option<usize>,
    max_widths: Vec<usize>,
}

impl Section {
    fn update_max_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|e| text_len(e)).collect();
        } else {
            for (i, e) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(text_len(e));
                }
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        self.num_cols.get_or_insert(headers.len());
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), String> {
        let n = *self.num_cols.get_or_insert(row.len());
        if row.len() != n {
            return Err(format!("Row should have {n} elements, instead it has {}", row.len()));
        }
        self.update_max_widths(&row);
        self.rows.push(row);
        Ok(())
    }

    /// `calculate_column_widths(padding, max_width)`: the widths scaled to fill `max_width`,
    /// rounded as Python's `round` does (half to even), then mended one column at a time.
    fn column_widths(&self, padding: usize, max_width: usize) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let sum: usize = unscaled.iter().sum();
        if unscaled.is_empty() || sum == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / sum as f64;
        let mut scaled: Vec<i64> = unscaled.iter().map(|&w| (scale * w as f64).round_ties_even() as i64).collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> =
                if off_by < 0 { (0..scaled.len()).rev().collect() } else { (0..scaled.len()).collect() };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    /// `total_width(padding=4, with_border=True, outer_padding=indent_level)`.
    fn total_width(&self) -> usize {
        let columns: usize = self.max_widths.iter().map(|w| w + 4).sum();
        let total = columns + 2 + 2 * self.indent;
        total.max(text_len(&self.title) + 2 + 2 * self.indent)
    }
}

struct MultiTable {
    sections: Vec<Section>,
}

impl MultiTable {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section { title: title.to_string(), indent, ..Section::default() });
    }

    /// `TableFormatter._build_table`.
    fn build(&mut self, title: Option<&str>, current: &Value, indent: usize) -> Result<bool, String> {
        if super::is_falsy(current) {
            return Ok(false);
        }
        if let Some(t) = title {
            self.new_section(t, indent);
        }
        match current {
            Value::Array(items) if items.first().is_some_and(Value::is_object) => {
                self.sub_table_from_list(items, indent, title.unwrap_or_default())?;
            }
            Value::Array(items) => {
                for item in items {
                    match item {
                        scalar if is_scalar(scalar) => self.current().add_row(vec![py_str(scalar)])?,
                        Value::Array(els) if els.iter().all(is_scalar) => {
                            self.current().add_row(els.iter().map(py_str).collect())?
                        }
                        // Iterating a dict gives its keys, all scalars: a row of the keys.
                        Value::Object(map) => self.current().add_row(map.keys().cloned().collect())?,
                        other => {
                            self.build(None, other, 0)?;
                        }
                    }
                }
            }
            Value::Object(map) => self.sub_table_from_dict(map, indent)?,
            _ => {}
        }
        Ok(true)
    }

    fn sub_table_from_dict(&mut self, map: &serde_json::Map<String, Value>, indent: usize) -> Result<(), String> {
        let (headers, more) = group_scalar_keys(map);
        if headers.len() == 1 {
            let h = &headers[0];
            self.current().add_row(vec![h.clone(), py_str(&map[h])])?;
        } else if !headers.is_empty() {
            let values = headers.iter().map(|k| py_str(&map[k])).collect();
            self.current().add_header(headers);
            self.current().add_row(values)?;
        }
        for k in more {
            self.build(Some(&k), &map[&k], indent + 1)?;
        }
        Ok(())
    }

    fn sub_table_from_list(&mut self, items: &[Value], indent: usize, title: &str) -> Result<(), String> {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items {
            if let Value::Object(map) = item {
                let (h, m) = group_scalar_keys(map);
                headers.extend(h);
                more.extend(m);
            }
        }
        kumo_sim::sort::ord(&mut headers);
        headers.dedup();
        kumo_sim::sort::ord(&mut more);
        more.dedup();
        self.current().add_header(headers.clone());
        for (n, element) in items.iter().enumerate() {
            if n > 0 && !more.is_empty() {
                self.new_section(title, indent);
                self.current().add_header(headers.clone());
            }
            let empty = serde_json::Map::new();
            let map = element.as_object().unwrap_or(&empty);
            let row = headers.iter().map(|h| map.get(h).map(py_str).unwrap_or_default()).collect();
            self.current().add_row(row)?;
            for k in &more {
                if let Some(v) = map.get(k) {
                    self.build(Some(k), v, indent + 1)?;
                }
            }
        }
        Ok(())
    }

    fn max_width(&self) -> usize {
        self.sections.iter().map(Section::total_width).max().unwrap_or(0)
    }

    fn render(&mut self, terminal_width: usize) -> String {
        let mut max_width = self.max_width();
        if max_width > terminal_width {
            // convert_to_vertical_table: a one-row section becomes header/value rows.
            for s in &mut self.sections {
                if s.rows.len() == 1 && !s.headers.is_empty() {
                    let row = s.rows.remove(0);
                    let mut vertical =
                        Section { title: std::mem::take(&mut s.title), indent: s.indent, ..Section::default() };
                    for (h, e) in s.headers.iter().zip(row) {
                        // Two columns each time: this cannot fail.
                        let _ = vertical.add_row(vec![h.clone(), e]);
                    }
                    *s = vertical;
                }
            }
            max_width = self.max_width();
        }
        let mut out = format!("{}\n", "-".repeat(max_width));
        for s in &self.sections {
            render_section(s, max_width, &mut out);
        }
        out
    }
}

/// `_group_scalar_keys`: the scalar members' keys and the others', each sorted.
fn group_scalar_keys(map: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let (mut headers, mut more): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for (k, v) in map {
        if is_scalar(v) { headers.push(k.clone()) } else { more.push(k.clone()) }
    }
    kumo_sim::sort::ord(&mut headers);
    kumo_sim::sort::ord(&mut more);
    (headers, more)
}

fn spaces(n: i64) -> String {
    " ".repeat(n.max(0) as usize)
}

/// `center_text`.
fn center_text(text: &str, length: usize, left: &str, right: &str) -> String {
    let len = text_len(text) as i64;
    let char_start = (length as i64).div_euclid(2) - len.div_euclid(2) - 1;
    let so_far = text_len(left) as i64 + char_start.max(0) + len;
    let right_spaces = length as i64 - text_len(right) as i64 - so_far;
    format!("{left}{}{text}{}{right}", spaces(char_start), spaces(right_spaces))
}

/// `align_left` with a left padding of two.
fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let len = text_len(text) as i64;
    let computed = len + 2 + text_len(left) as i64 + text_len(right) as i64;
    let padding = if length as i64 - computed >= 0 { 2 } else { 0 };
    let so_far = left.len() as i64 + padding + len;
    format!("{left}{}{text}{}{right}", spaces(padding), spaces(length as i64 - so_far - right.len() as i64))
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

fn render_section(s: &Section, max_width: usize, out: &mut String) {
    // IndentedStream: every line framed by one bar per indent level on each side.
    let bars = "|".repeat(s.indent);
    let mut line = |text: String| out.push_str(&format!("{bars}{text}{bars}\n"));
    let width = max_width.saturating_sub(s.indent * 2);
    if !s.title.is_empty() {
        line(center_text(&s.title, width, "|", "|"));
        if s.headers.is_empty() && s.rows.is_empty() {
            line(format!("+{}+", "-".repeat(width.saturating_sub(2))));
        }
    }
    if !s.headers.is_empty() {
        let widths = s.column_widths(4, width);
        let cells: String = widths
            .iter()
            .zip(&s.headers)
            .enumerate()
            .map(|(i, (w, h))| center_text(h, *w, if i == 0 { "|" } else { "" }, "|"))
            .collect();
        line(line_break(&widths));
        line(cells);
    }
    if s.rows.is_empty() {
        return;
    }
    let widths = s.column_widths(4, width);
    if widths.is_empty() {
        return;
    }
    line(line_break(&widths));
    for row in &s.rows {
        let cells: String = widths
            .iter()
            .zip(row)
            .enumerate()
            .map(|(i, (w, e))| align_left(e, *w, if i == 0 { "|" } else { "" }, "|"))
            .collect();
        line(cells);
    }
    line(line_break(&widths));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rounds_half_to_even_as_python_does() {
        let s = Section { max_widths: vec![1, 1, 1], ..Section::default() };
        // 5 * 10/15 = 3.33 each → 3, 3, 3, then one more from the right.
        assert_eq!(s.column_widths(4, 10), vec![3, 3, 4]);
        assert_eq!(2.5f64.round_ties_even(), 2.0);
    }

    #[test]
    fn a_list_of_lists_is_one_section_of_rows() {
        let out = format(&json!([["i-1", "t3.micro"], ["i-22", "t3.small"]]), "DescribeInstances", 80).unwrap();
        assert_eq!(
            out,
            // As awscli 1.46.3's TableFormatter prints it.
            "----------------------\n|  DescribeInstances |\n+-------+------------+\n|  i-1  |  t3.micro  |\n|  i-22 |  t3.small  |\n+-------+------------+\n"
        );
        assert!(format(&json!([["a", "b"], ["c"]]), "T", 80).unwrap_err().contains("Row should have 2 elements"));
        assert_eq!(format(&json!([]), "T", 80).unwrap(), "");
    }

    /// In a terminal narrower than the table a one-row section turns vertical: awscli 1.46.3's
    /// TableFormatter with `determine_terminal_width` returning 40 printed this.
    #[test]
    fn a_narrow_terminal_turns_one_row_sections_vertical() {
        let doc = json!({"UserId": "AIDAKUMOLEARNER00001", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/learner"});
        assert_eq!(
            format(&doc, "GetCallerIdentity", 40).unwrap(),
            "-------------------------------------------------------\n|                  GetCallerIdentity                  |\n+---------+-------------------------------------------+\n|  Account|  123456789012                             |\n|  Arn    |  arn:aws:iam::123456789012:user/learner   |\n|  UserId |  AIDAKUMOLEARNER00001                     |\n+---------+-------------------------------------------+\n"
        );
        // At 200 columns it fits, as awscli prints it with the same width.
        let wide = format(&doc, "GetCallerIdentity", 200).unwrap();
        assert!(
            wide.contains("|    Account   |                   Arn                    |        UserId          |"),
            "{wide}"
        );
    }
}
