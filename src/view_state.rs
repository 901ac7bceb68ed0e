//! What the page shows besides the world, saved beside it (`kumo.view` in localStorage) so that
//! a reload finds the page as the learner left it: the terminal's last lines and its history,
//! the clock's speed, the open page and detail, the terminal's full-width mode and the tables'
//! hidden columns. It is the
//! page's, not the world's: an exported world does not carry it. A saved view that does not
//! read is set aside for a fresh one (the console says so); the world, which must never be
//! lost, is saved and checked on its own (`storage`).

use std::rc::Rc;

use crate::state::{DetailTab, LineKind, MAX_HISTORY, Model, Page, SPEEDS, TermLine};

/// The terminal lines a save keeps: the last ones, up to this many...
pub const SAVED_LINES: usize = 1000;
/// ...and up to this many bytes of text, so that the view never crowds out the world.
pub const SAVED_TEXT_BYTES: usize = 256 * 1024;
/// The first line of a saved view. The format is lines of `key value`, the values escaped
/// (`\\`, `\n` and `\r`, so that no line ending is ever in a value): read and written by
/// hand, since serde's derived code for it cost the page 9 KB gzip.
pub const HEADER: &str = "kumo-view 1";
/// The most hidden columns a view keeps (every table's columns together are fewer).
const MAX_HIDDEN: usize = 64;

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn kind_code(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Input => "in",
        LineKind::Output => "out",
        LineKind::Error => "err",
    }
}

/// The view of `model` as saved text.
pub fn save(model: &Model) -> String {
    let mut bytes = 0;
    let kept = model
        .terminal
        .iter()
        .rev()
        .take(SAVED_LINES)
        .take_while(|l| {
            bytes += l.text.len();
            bytes <= SAVED_TEXT_BYTES
        })
        .count();
    let mut out = format!(
        "{HEADER}\nspeed {}\npage {}\nwide {}\n",
        model.speed,
        model.page.code(),
        u8::from(model.wide_terminal)
    );
    if let Some(id) = &model.detail {
        out.push_str("detail ");
        escape(id, &mut out);
        out.push('\n');
    }
    out.push_str("detail-tab ");
    out.push_str(model.detail_tab.code());
    out.push('\n');
    for c in &model.hidden_columns {
        out.push_str("hide ");
        escape(c, &mut out);
        out.push('\n');
    }
    for h in model.history.iter() {
        out.push_str("history ");
        escape(h, &mut out);
        out.push('\n');
    }
    for l in &model.terminal[model.terminal.len() - kept..] {
        out.push_str(kind_code(l.kind));
        out.push(' ');
        escape(&l.text, &mut out);
        out.push('\n');
    }
    out
}

/// Puts a saved view back onto `model`; `Err` says why the text is not a view (and changes
/// nothing). What no longer applies is left as it is: an unknown page, a speed the clock does
/// not offer, a detail of an instance the world no longer has; a line it does not know is
/// skipped, so that a later page's view still restores here what this page knows.
pub fn restore(model: &mut Model, text: &str) -> Result<(), String> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(format!("not a saved view (its first line is not `{HEADER}`)"));
    }
    let (mut terminal, mut history) = (Vec::new(), Vec::new());
    let (mut speed, mut page, mut detail, mut wide) = (None, None, None, false);
    let mut detail_tab = None;
    let mut hidden = std::collections::BTreeSet::new();
    for line in lines {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "speed" => speed = value.parse::<u32>().ok().filter(|s| SPEEDS.contains(s)),
            "page" => page = Page::from_code(value),
            "wide" => wide = value == "1",
            "detail" => detail = Some(unescape(value)),
            "detail-tab" => detail_tab = DetailTab::from_code(value),
            // At most a few dozen columns exist: more lines than that are not a view's.
            "hide" if hidden.len() < MAX_HIDDEN => {
                hidden.insert(unescape(value));
            }
            "history" => history.push(unescape(value)),
            "in" | "out" | "err" => {
                let kind = match key {
                    "in" => LineKind::Input,
                    "err" => LineKind::Error,
                    _ => LineKind::Output,
                };
                terminal.push(TermLine { kind, text: unescape(value) });
            }
            _ => {}
        }
    }
    if terminal.len() > SAVED_LINES {
        terminal.drain(..terminal.len() - SAVED_LINES);
    }
    if history.len() > MAX_HISTORY {
        history.drain(..history.len() - MAX_HISTORY);
    }
    model.terminal = Rc::new(terminal);
    model.history = Rc::new(history);
    model.speed = speed.unwrap_or(model.speed);
    model.page = page.unwrap_or(model.page);
    let scope = model.session.scope();
    model.detail = detail
        .filter(|id| model.session.sim.world().region(&scope).is_some_and(|rs| rs.instances.contains_key(id.as_str())));
    model.wide_terminal = wide;
    model.detail_tab = detail_tab.unwrap_or(model.detail_tab);
    model.hidden_columns = hidden;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kumo_cli::Session;
    use kumo_sim::Profile;

    fn model() -> Model {
        Model::new(Session::new(7, Profile::Current), crate::i18n::Lang::En)
    }

    #[test]
    fn a_view_comes_back_as_it_was_saved() {
        let mut m = model();
        m.print(LineKind::Input, "$ aws ec2 describe-instances");
        m.print(LineKind::Output, "{\n    \"Reservations\": []\n}");
        m.print(LineKind::Error, "a \\ back\\nslash and a return\r");
        m.history = Rc::new(vec!["aws ec2 describe-instances".into()]);
        m.speed = 600;
        m.page = Page::Volumes;
        m.detail_tab = DetailTab::Storage;
        m.wide_terminal = true;
        m.hidden_columns = ["instances.public_ip".to_string(), "volumes.cost".to_string()].into();
        let text = save(&m);
        let mut back = model();
        restore(&mut back, &text).unwrap();
        assert_eq!(back.terminal, m.terminal);
        assert_eq!(back.history, m.history);
        assert_eq!(
            (back.speed, back.page, back.wide_terminal, back.detail_tab),
            (600, Page::Volumes, true, DetailTab::Storage)
        );
        assert_eq!(back.hidden_columns, m.hidden_columns);
    }

    #[test]
    fn what_no_longer_applies_is_left_alone_and_bad_text_changes_nothing() {
        let mut m = model();
        let text = "kumo-view 1\nspeed 7\npage nowhere\ndetail i-0123456789abcdef0\nlater-key x\nout ?\n";
        restore(&mut m, text).unwrap();
        assert_eq!((m.speed, m.page, m.detail.clone()), (60, Page::Instances, None));
        assert_eq!(m.terminal[0].kind, LineKind::Output);
        for bad in ["", "{", "kumo-view 2\nspeed 600\n", "speed 600\nkumo-view 1\n"] {
            let mut n = model();
            assert!(restore(&mut n, bad).is_err(), "{bad}");
            assert_eq!(n, model());
        }
    }

    /// Found by the saved_view fuzz target: a value ending in a carriage return lost it on the
    /// way back, when `\r` was not escaped and `lines()` took "\r\n" for one line ending.
    #[test]
    fn any_restored_view_saves_and_restores_the_same() {
        for text in ["kumo-view 1\nout abc\r", "kumo-view 1\r\nout a\r\nin b\r\r\n", "kumo-view 1\nhistory x\\"] {
            let mut once = model();
            restore(&mut once, text).unwrap();
            let mut twice = model();
            restore(&mut twice, &save(&once)).unwrap();
            assert_eq!((&twice.terminal, &twice.history), (&once.terminal, &once.history), "{text:?}");
        }
    }

    #[test]
    fn a_save_keeps_the_last_lines_within_its_bounds() {
        let mut m = model();
        for i in 0..(SAVED_LINES + 10) {
            m.print(LineKind::Output, &format!("line {i}"));
        }
        let mut back = model();
        restore(&mut back, &save(&m)).unwrap();
        assert_eq!(back.terminal.len(), SAVED_LINES);
        assert_eq!(back.terminal.last().unwrap().text, format!("line {}", SAVED_LINES + 9));
        let mut big = model();
        big.print(LineKind::Output, &"x".repeat(SAVED_TEXT_BYTES / 2));
        big.print(LineKind::Output, &"y".repeat(SAVED_TEXT_BYTES / 2));
        big.print(LineKind::Output, "last");
        let mut back = model();
        restore(&mut back, &save(&big)).unwrap();
        assert_eq!(back.terminal.len(), 2, "the oldest line that does not fit is left out");
    }
}
