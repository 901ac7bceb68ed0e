//! `sim …`: the sandbox's own commands, in their own namespace so they never pass for AWS's.

use kumo_sim::event::QueuedEvent;
use kumo_sim::{Millis, Profile, Timestamp};

use crate::say;
use crate::session::{Outcome, Session, exit};
use crate::words::{Lang, Said, text};

/// The longest single advance accepted: ten years of virtual time.
pub const MAX_ADVANCE: Millis = Millis(10 * 366 * 86_400_000);

/// `2026-04-01T00:01:30Z`: the virtual clock as the sandbox prints it.
pub fn clock(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, _) = t.civil();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Parses `90s`, `5m`, `2h`, `1d`, `1500ms`, `1h30m`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Millis, Said> {
    let bad = || Said::new("duration.invalid").with("text", text);
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return secs.checked_mul(1000).map(Millis).filter(|m| *m <= MAX_ADVANCE).ok_or_else(bad);
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        if digits == 0 {
            return Err(bad());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let per = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1000,
            "m" | "min" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        total = n.checked_mul(per).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
    }
    let m = Millis(total);
    if m > MAX_ADVANCE { Err(Said::new("duration.too_long").with("text", text)) } else { Ok(m) }
}

/// Beyond this many events an advance's lines are summarised: the first ones, then a count
/// per kind (`--verbose` prints every line; `sim advance 300d` can fire 100,000 events).
pub const EVENT_LINES: usize = 40;

/// One line per event, or, beyond [`EVENT_LINES`] without `verbose`, the first lines and a
/// count of the rest per event name (most frequent first).
pub fn describe_events(session: &Session, events: &[QueuedEvent], verbose: bool) -> String {
    let lang = session.lang;
    let shown = if verbose || events.len() <= EVENT_LINES { events.len() } else { EVENT_LINES - 10 };
    let mut out = event_lines(session, &events[..shown]);
    let rest = &events[shown..];
    if !rest.is_empty() {
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for e in rest {
            *counts.entry(e.event.name()).or_default() += 1;
        }
        let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
        kumo_sim::sort::by(&mut counts, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out.push_str(&say!(lang, "events.more", count = thousands(rest.len())));
        out.push('\n');
        for (name, n) in counts {
            out.push_str(&format!("  {:>10}  {name}\n", thousands(n)));
        }
        out.push_str(text(lang, "events.verbose_hint"));
        out.push('\n');
    }
    out
}

/// An amount to the millionth of a dollar, never `-0.000000`: a sum of no charge can be a
/// negative zero, which formats with its sign.
fn dollars(usd: f64) -> String {
    format!("{:.6}", usd + 0.0)
}

/// 100000 as `100,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A span of virtual time as `33d 4h 12m 5s` (zero parts left out; `0s` for none).
pub fn span(ms: Millis) -> String {
    let s = ms.0 / 1000;
    let parts = [(s / 86_400, "d"), (s / 3600 % 24, "h"), (s / 60 % 60, "m"), (s % 60, "s")];
    let text: Vec<String> = parts.iter().filter(|(n, _)| *n > 0).map(|(n, u)| format!("{n}{u}")).collect();
    if text.is_empty() { "0s".into() } else { text.join(" ") }
}

/// One line per fired event: time, event, instance and its Name tag.
fn event_lines(session: &Session, events: &[QueuedEvent]) -> String {
    let mut out = String::new();
    for e in events {
        let world = session.sim.world();
        let name = match e.event.subject() {
            kumo_sim::event::Subject::Instance(id) => world.instance(e.event.scope(), id).and_then(|i| i.name()),
            kumo_sim::event::Subject::Volume(id) => {
                world.region(e.event.scope()).and_then(|r| r.volumes.get(id)).and_then(|v| v.name())
            }
            kumo_sim::event::Subject::Image(id) => {
                world.region(e.event.scope()).and_then(|r| r.images.get(id)).map(|i| i.name.as_str())
            }
            kumo_sim::event::Subject::Snapshot(id) => {
                world.region(e.event.scope()).and_then(|r| r.snapshots.get(id)).and_then(|s| s.name())
            }
            // The subject is the alarm's name already.
            kumo_sim::event::Subject::Alarm(_) | kumo_sim::event::Subject::IamTask(_) => None,
        }
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
        out.push_str(&format!("  {}  {:<28} {}{}\n", clock(e.at), e.event.name(), e.event.subject().id(), name));
    }
    out
}

pub fn run(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim: {msg}\n"), exit::SANDBOX);
    let usage = |syntax: &str| err(say!(lang, "usage", syntax = syntax));
    let unexpected = |arg: &str| err(say!(lang, "sim.unexpected", arg = arg));
    let Some(sub) = args.first() else { return err(text(lang, "sim.missing_sub").into()) };
    match sub.as_str() {
        "advance" => {
            let verbose = args.iter().any(|a| a == "--verbose");
            let rest: Vec<&String> = args[1..].iter().filter(|a| *a != "--verbose").collect();
            let Some(d) = rest.first() else {
                return usage("sim advance <duration> [--verbose], e.g. sim advance 90s");
            };
            if let Some(extra) = rest.get(1) {
                return unexpected(extra);
            }
            let by = match parse_duration(d) {
                Ok(by) => by,
                Err(m) => return err(m.in_lang(lang)),
            };
            let before = session.now();
            let target = session.sim.deadline(by);
            let events = session.sim.advance(by);
            let now = session.now();
            // The bound on one advance stopped it: the clock is at the last event that fired.
            let mut out = if now < target {
                let max = thousands(kumo_sim::sim::MAX_EVENTS_PER_ADVANCE);
                let stopped = say!(
                    lang,
                    "advance.stopped",
                    clock = clock(now),
                    span = span(now.since(before)),
                    asked = d,
                    max = max
                );
                format!("{stopped}\n")
            } else {
                format!("{}  (+{})\n", clock(now), d)
            };
            out.push_str(&describe_events(session, &events, verbose));
            Outcome { stdout: out, ..Outcome::default() }
        }
        "next" => {
            let verbose = args.iter().any(|a| a == "--verbose");
            let events = session.sim.advance_to_next_event();
            if events.is_empty() {
                return Outcome {
                    stdout: format!("{}  {}\n", clock(session.now()), text(lang, "events.none")),
                    ..Outcome::default()
                };
            }
            let mut out = format!("{}\n", clock(session.now()));
            out.push_str(&describe_events(session, &events, verbose));
            Outcome { stdout: out, ..Outcome::default() }
        }
        "clock" | "seed" => {
            let (now, seed, profile) = (clock(session.now()), session.sim.seed(), session.sim.profile().name());
            Outcome::out(format!("{}\n", say!(lang, "clock.line", clock = now, seed = seed, profile = profile)))
        }
        "events" => {
            let mut out = String::new();
            for (key, e) in session.sim.queue().iter() {
                out.push_str(&format!("  {}  {:<28} {}\n", clock(key.0), e.name(), e.subject().id()));
            }
            if out.is_empty() {
                out.push_str(text(lang, "events.none"));
                out.push('\n');
            }
            Outcome { stdout: out, ..Outcome::default() }
        }
        "cost" => {
            let report = session.sim.world().cost(&session.account, session.now());
            let mut out = String::new();
            for l in &report.lines {
                out.push_str(&format!(
                    "  {:<15} {:<16} {:>12.1} {:<6} ${}\n",
                    l.region.code(),
                    l.item,
                    l.quantity,
                    l.unit,
                    dollars(l.usd)
                ));
            }
            // The total under the amounts' column, whatever the word's width.
            let total = text(lang, "cost.total");
            let width = 58usize.saturating_sub(crate::words::columns(total));
            out.push_str(&format!("  {total}{:>width$}\n", format!("${}", dollars(report.total_usd))));
            // The same charges per resource still in the world (deleted ones are in the total).
            let now = session.now();
            let mut rows = Vec::new();
            if let Some(acct) = session.sim.world().accounts.get(&session.account) {
                for (region, rs) in &acct.regions {
                    for i in rs.instances_in_launch_order() {
                        let usd = i.cost_so_far(*region, now);
                        rows.push((region.code(), i.id.to_string(), i.name().map(str::to_string), usd));
                    }
                    for v in rs.volumes.values() {
                        rows.push((
                            region.code(),
                            v.id.to_string(),
                            v.name().map(str::to_string),
                            v.cost_so_far(*region, now),
                        ));
                    }
                    for s in rs.snapshots.values() {
                        rows.push((
                            region.code(),
                            s.id.to_string(),
                            s.name().map(str::to_string),
                            s.cost_so_far(*region, now),
                        ));
                    }
                }
            }
            if !rows.is_empty() {
                out.push_str(text(lang, "cost.by_resource"));
                out.push('\n');
                for (region, id, name, usd) in rows {
                    let label = name.map(|n| format!("{id} ({n})")).unwrap_or(id);
                    out.push_str(&format!("  {region:<15} {label:<40} ${}\n", dollars(usd)));
                }
            }
            Outcome { stdout: out, ..Outcome::default() }
        }
        "reset" => {
            let mut seed = session.sim.seed();
            let mut profile = session.sim.profile();
            let mut i = 1;
            while i < args.len() {
                match (args[i].as_str(), args.get(i + 1)) {
                    ("--seed", Some(v)) => match v.parse() {
                        Ok(s) => seed = s,
                        Err(_) => return err(say!(lang, "reset.bad_seed", value = v)),
                    },
                    ("--profile", Some(v)) => match Profile::from_name(v) {
                        Some(p) => profile = p,
                        None => return err(say!(lang, "reset.bad_profile", value = v)),
                    },
                    (other, _) => return unexpected(other),
                }
                i += 2;
            }
            *session = Session { sim: kumo_sim::Sim::new(seed, profile), ..session.clone() };
            Outcome::out(format!("{}\n", say!(lang, "reset.done", seed = seed, profile = profile.name())))
        }
        "disk" => disk(session, &args[1..]),
        "fault" => fault(session, &args[1..]),
        "workload" => workload(session, &args[1..]),
        "cpu" => cpu(session, &args[1..]),
        "network" => network(session, &args[1..]),
        "volume" => volume(session, &args[1..]),
        "inbox" => inbox(session, &args[1..]),
        "snapshots" => {
            // What DescribeSnapshots does not show: how much each snapshot stores itself.
            let scope = session.scope();
            let mut out = format!(
                "{:<23} {:<23} {:<10} {:>16} {:>10}\n",
                "SNAPSHOT", "VOLUME", "STATE", "INCREMENTAL MiB", "FULL MiB"
            );
            if let Some(rs) = session.sim.world().region(&scope) {
                let mut list: Vec<_> = rs.snapshots.values().collect();
                kumo_sim::sort::by_key(&mut list, |s| s.start_time);
                for s in list {
                    out.push_str(&format!(
                        "{:<23} {:<23} {:<10} {:>16} {:>10}\n",
                        s.id,
                        s.volume_id,
                        s.state.as_str(),
                        format!("{:.1}", s.incremental_blocks as f64 / 2.0),
                        format!("{:.1}", s.full_blocks as f64 / 2.0)
                    ));
                }
            }
            Outcome { stdout: out, ..Outcome::default() }
        }
        "changes" => changes(session, &args[1..]),
        "view" => view(session, &args[1..]),
        "file" => file(session, &args[1..]),
        "help" => Outcome::out(crate::help::sim(lang)),
        other => err(say!(lang, "sim.unknown_sub", sub = other)),
    }
}

/// A directory's entries as `sim disk ls` and `sim file ls` print them: `d`, `-` with the
/// size, or `l` with the target.
fn listing(lang: Lang, entries: Vec<(&str, &kumo_sim::storage::Node)>) -> String {
    let mut out = String::new();
    for (p, node) in entries {
        out.push_str(&match node {
            kumo_sim::storage::Node::Dir => format!("d {p}/\n"),
            kumo_sim::storage::Node::File { content } => {
                format!("- {p} ({})\n", say!(lang, "listing.bytes", count = content.len()))
            }
            kumo_sim::storage::Node::Symlink { target } => format!("l {p} -> {target}\n"),
        });
    }
    out
}

/// `sim file ls|cat|write|rm PATH [TEXT]`: the learner's own machine (crate::files), which
/// `file://` and `fileb://` parameters read; paths relative to the home directory.
fn file(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim file: {msg}\n"), exit::SANDBOX);
    let usage = say!(
        lang,
        "usage",
        syntax = "sim file ls [DIR] | sim file cat PATH | sim file write PATH TEXT | sim file rm PATH"
    );
    let files = &mut session.files;
    let path = |p: Option<&String>| crate::files::resolve(p.map_or("~", |p| p.as_str()));
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["ls"] | ["ls", _] => match files.list(&path(args.get(1))) {
            Ok(entries) => Outcome::out(listing(lang, entries)),
            Err(e) => err(e.to_string()),
        },
        ["cat", _] => match files.read(&path(args.get(1))) {
            Ok(text) => Outcome::out(text.to_string()),
            Err(e) => err(e.to_string()),
        },
        ["write", _, text] => match files.write(&path(args.get(1)), text) {
            Ok(()) => Outcome::default(),
            Err(e) => err(e.to_string()),
        },
        ["rm", _] => match files.remove(&path(args.get(1))) {
            Ok(()) => Outcome::default(),
            Err(e) => err(e.to_string()),
        },
        _ => err(usage),
    }
}

/// `sim view RESOURCE`: a resource of this Region and account (by id, name or ARN, as the change
/// feed keys it; an IAM role by name or id) as its service describes it for AWS Config
/// (kumo_sim::resource::ResourceView), as JSON.
fn view(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim view: {msg}\n"), exit::SANDBOX);
    let [wanted] = args else { return err(text(lang, "view.usage").into()) };
    let scope = session.scope();
    let sim = &session.sim;
    let mut keys = sim.resource_keys(&scope);
    keys.extend(sim.global_resource_keys(&scope.account));
    // By its key first (an id, or the name or ARN a key pair, alarm or topic is keyed by);
    // only then by the ARN or name its view carries.
    let by_key = keys.iter().find(|k| k.id == *wanted).and_then(|k| sim.resource_view(k));
    let found = by_key.or_else(|| {
        keys.iter()
            .filter_map(|k| sim.resource_view(k))
            .find(|v| v.arn == *wanted || v.resource_name.as_deref() == Some(wanted.as_str()))
    });
    match found {
        Some(v) => {
            let text = serde_json::to_string_pretty(&v.into_value()).unwrap_or_default();
            Outcome::out(format!("{text}\n"))
        }
        None => err(say!(lang, "view.none", wanted = wanted, region = scope.region.code(), account = scope.account)),
    }
}

/// `sim changes on|off|[N]`: follow the change feed (every create, update and delete of a
/// resource, kumo_sim::changes) and list its newest N records (20 by default) in this Region
/// and account, with the account's global ones (IAM roles).
fn changes(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let line = |key: &str| Outcome::out(format!("{}\n", text(lang, key)));
    let err = |msg: String| Outcome::err(format!("kumo: sim changes: {msg}\n"), exit::SANDBOX);
    match args.first().map(String::as_str) {
        Some("on") => {
            session.sim.follow_changes(true);
            return line("changes.on");
        }
        Some("off") => {
            session.sim.follow_changes(false);
            return line("changes.off");
        }
        _ => {}
    }
    let n = match args.first() {
        None => 20,
        Some(a) => match a.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => return err(say!(lang, "changes.bad", arg = a)),
        },
    };
    if args.len() > 1 {
        return err(say!(lang, "sim.unexpected", arg = args[1]));
    }
    let feed = session.sim.changes();
    if !feed.on {
        return line("changes.not_following");
    }
    let scope = session.scope();
    let mine: Vec<_> = feed
        .records
        .iter()
        .filter(|r| r.resource.account == scope.account && r.resource.region.is_none_or(|r| r == scope.region))
        .collect();
    let mut out = format!("{:<21} {:>5}  {:<7} {:<23} {:<24} CAUSE\n", "TIME", "SEQ", "CHANGE", "TYPE", "RESOURCE");
    for r in mine.iter().rev().take(n).rev() {
        let change = match r.change {
            kumo_sim::changes::ChangeType::Create => "create",
            kumo_sim::changes::ChangeType::Update => "update",
            kumo_sim::changes::ChangeType::Delete => "delete",
        };
        out.push_str(&format!(
            "{:<21} {:>5}  {:<7} {:<23} {:<24} {}\n",
            clock(r.time),
            r.seq,
            change,
            r.resource.kind.type_name(),
            r.resource.id,
            r.cause
        ));
    }
    Outcome::out(out)
}

/// `sim fault hardware|capacity|event …`: sandbox-only failure injection.
fn fault(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim fault: {msg}\n"), exit::SANDBOX);
    let usage = "sim fault hardware INSTANCE | sim fault capacity TYPE ZONE out|back | sim fault event INSTANCE CODE [IN, e.g. 2h]";
    let cmd = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["hardware", id] => kumo_sim::Command::SandboxFailHardware { instance_id: id.to_string() },
        ["capacity", ty, zone, state @ ("out" | "back")] => kumo_sim::Command::SandboxSetCapacity {
            instance_type: ty.to_string(),
            zone: zone.to_string(),
            available: *state == "back",
        },
        ["event", id, code, rest @ ..] if rest.len() <= 1 => {
            let hours = match rest.first() {
                None => 24,
                Some(d) => match parse_duration(d) {
                    Ok(m) => (m.0 / 3_600_000).max(1),
                    Err(e) => return err(e.in_lang(lang)),
                },
            };
            kumo_sim::Command::SandboxScheduleEvent {
                instance_id: id.to_string(),
                code: code.to_string(),
                in_hours: hours,
            }
        }
        _ => return err(say!(lang, "usage", syntax = usage)),
    };
    let said = match &cmd {
        kumo_sim::Command::SandboxFailHardware { instance_id } => say!(lang, "fault.hardware", id = instance_id),
        kumo_sim::Command::SandboxSetCapacity { instance_type, zone, available: false } => {
            say!(lang, "fault.capacity_out", instance_type = instance_type, zone = zone)
        }
        kumo_sim::Command::SandboxSetCapacity { instance_type, zone, .. } => {
            say!(lang, "fault.capacity_back", instance_type = instance_type, zone = zone)
        }
        kumo_sim::Command::SandboxScheduleEvent { instance_id, code, in_hours } => {
            say!(lang, "fault.event", id = instance_id, code = code, hours = in_hours)
        }
        _ => String::new(),
    };
    let said = format!("{said}\n");
    let scope = session.scope();
    match session.sim.apply(&scope, cmd) {
        Ok(_) => Outcome::out(said),
        Err(e) => err(e.to_string()),
    }
}

/// The `--name value` options (and bare `--flag`s) of a `sim` subcommand, read once.
struct Options {
    values: Vec<(String, String)>,
    flags: Vec<String>,
    lang: Lang,
}

impl Options {
    /// Reads `args`: `known` options take a value, `flags` none; anything else is refused.
    /// `usage` is the whole "usage: …" line, already worded.
    fn read(lang: Lang, args: &[String], known: &[&str], flags: &[&str], usage: &str) -> Result<Options, String> {
        let (mut values, mut set) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < args.len() {
            if flags.contains(&args[i].as_str()) {
                set.push(args[i].clone());
                i += 1;
                continue;
            }
            if !known.contains(&args[i].as_str()) {
                return Err(say!(lang, "option.unknown", option = args[i], usage = usage));
            }
            let Some(value) = args.get(i + 1) else { return Err(say!(lang, "option.needs_value", option = args[i])) };
            values.push((args[i].clone(), value.clone()));
            i += 2;
        }
        Ok(Options { values, flags: set, lang })
    }

    fn value(&self, name: &str) -> Option<String> {
        self.values.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// A whole number, or `default` when the option is absent.
    fn whole(&self, name: &str, default: u32) -> Result<u32, String> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| say!(self.lang, "option.not_whole", option = name, value = v)),
        }
    }

    /// A finite number, or `None` when the option is absent.
    fn number(&self, name: &str) -> Result<Option<f64>, String> {
        self.value(name)
            .map(|v| {
                let bad = || say!(self.lang, "option.not_number", option = name, value = v);
                v.parse::<f64>().ok().filter(|n| n.is_finite()).ok_or_else(bad)
            })
            .transpose()
    }

    /// `--pattern`, steady when absent.
    fn pattern(&self, now: Timestamp) -> Result<kumo_sim::ec2::performance::Pattern, String> {
        let pattern = self.value("--pattern");
        let parsed = pattern.map_or(Ok(kumo_sim::ec2::performance::Pattern::Steady), |p| parse_pattern(&p, now));
        parsed.map_err(|e| e.in_lang(self.lang))
    }
}

/// `sim workload set|clear --volume-id V [--read-iops N] [--write-iops N] [--io-size-kib K]
/// [--sequential] [--pattern P]`: what the guest asks of a volume.
fn workload(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim workload: {msg}\n"), exit::SANDBOX);
    let usage = say!(
        lang,
        "usage",
        syntax = "sim workload set --volume-id VOLUME --read-iops N [--write-iops N] [--io-size-kib K] [--sequential] [--pattern steady|daily:9-18|batch:2h+30m|spikes:1h/5m] | sim workload clear --volume-id VOLUME"
    );
    let Some(verb) = args.first().map(String::as_str) else { return err(usage) };
    let o = match Options::read(
        lang,
        &args[1..],
        &["--volume-id", "--read-iops", "--write-iops", "--io-size-kib", "--pattern"],
        &["--sequential"],
        &usage,
    ) {
        Ok(o) => o,
        Err(e) => return err(e),
    };
    let (volume, sequential) = (o.value("--volume-id"), o.flag("--sequential"));
    let numbers =
        o.whole("--read-iops", 0).and_then(|r| Ok((r, o.whole("--write-iops", 0)?, o.whole("--io-size-kib", 16)?)));
    let ((read, write, io), pattern) = match (numbers, o.pattern(session.now())) {
        (Ok(n), Ok(p)) => (n, p),
        (Err(e), _) | (_, Err(e)) => return err(e),
    };
    let Some(volume_id) = volume else { return err(usage) };
    // What the line did, said back (a silent success left a learner unsure it had worked).
    let access = text(lang, if sequential { "workload.sequential" } else { "workload.random" });
    let pattern_name = o.value("--pattern").unwrap_or_else(|| "steady".into());
    let said = match verb {
        "set" => say!(
            lang,
            "workload.set",
            id = volume_id,
            read = read,
            write = write,
            io = io,
            access = access,
            pattern = pattern_name
        ),
        _ => say!(lang, "workload.cleared", id = volume_id),
    };
    let said = format!("{said}\n");
    let workload = match verb {
        "set" => Some(kumo_sim::ec2::performance::Workload {
            read_iops: read,
            write_iops: write,
            io_size_kib: io,
            pattern,
            sequential,
        }),
        "clear" => None,
        _ => return err(usage),
    };
    let scope = session.scope();
    match session.sim.apply(&scope, kumo_sim::Command::SandboxSetWorkload { volume_id, workload }) {
        Ok(_) => Outcome::out(said),
        Err(e) => err(e.to_string()),
    }
}

/// `sim network set --instance-id I --mbps N`, `sim network clear --instance-id I`: the guest's
/// network traffic other than EBS, which an instance without dedicated EBS bandwidth shares
/// its network with (STO-04).
fn network(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim network: {msg}\n"), exit::SANDBOX);
    let usage = say!(
        lang,
        "usage",
        syntax = "sim network set --instance-id INSTANCE --mbps N | sim network clear --instance-id INSTANCE"
    );
    let Some(verb) = args.first().map(String::as_str) else { return err(usage) };
    let o = match Options::read(lang, &args[1..], &["--instance-id", "--mbps"], &[], &usage) {
        Ok(o) => o,
        Err(e) => return err(e),
    };
    let mbps = match o.number("--mbps") {
        Ok(m) => m,
        Err(e) => return err(e),
    };
    let Some(instance_id) = o.value("--instance-id") else { return err(usage) };
    let mbps = match (verb, mbps) {
        ("set", Some(m)) => Some(m),
        ("clear", None) => None,
        _ => return err(usage),
    };
    let said = match mbps {
        Some(m) => say!(lang, "network.set", id = instance_id, mbps = m),
        None => say!(lang, "network.cleared", id = instance_id),
    };
    let said = format!("{said}\n");
    let scope = session.scope();
    match session.sim.apply(&scope, kumo_sim::Command::SandboxSetNetworkLoad { instance_id, mbps }) {
        Ok(_) => Outcome::out(said),
        Err(e) => err(e.to_string()),
    }
}

/// `steady`, `daily:9-18` (UTC hours), `batch:2h+30m` (starts in 2 h, runs 30 min),
/// `spikes:1h/5m` (5 minutes every hour from now).
pub fn parse_pattern(text: &str, now: kumo_sim::Timestamp) -> Result<kumo_sim::ec2::performance::Pattern, Said> {
    use kumo_sim::ec2::performance::Pattern;
    let bad = || Said::new("pattern.bad").with("text", text);
    let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
    match kind {
        "steady" if rest.is_empty() => Ok(Pattern::Steady),
        "daily" => {
            let (a, b) = rest.split_once('-').ok_or_else(bad)?;
            let hour = |s: &str| s.parse::<u8>().ok().filter(|h| *h <= 24).ok_or_else(bad);
            Ok(Pattern::Daily { from_hour: hour(a)? % 24, to_hour: hour(b)? % 24 })
        }
        "batch" => {
            let (a, b) = rest.split_once('+').ok_or_else(bad)?;
            let (start_in, duration) = (parse_duration(a)?, parse_duration(b)?);
            Ok(Pattern::Batch { start: now.plus(start_in), duration })
        }
        "spikes" => {
            let (a, b) = rest.split_once('/').ok_or_else(bad)?;
            let (every, duration) = (parse_duration(a)?, parse_duration(b)?);
            if duration.0 == 0 || duration.0 >= every.0 {
                return Err(Said::new("pattern.spike_too_long").with("text", text));
            }
            Ok(Pattern::Spikes { start: now, every, duration })
        }
        _ => Err(bad()),
    }
}

/// `sim cpu set --instance-id I --percent N [--pattern P]`, `sim cpu clear --instance-id I`:
/// what the guest asks of the CPU; `sim cpu INSTANCE`: its utilization and credits now.
fn cpu(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim cpu: {msg}\n"), exit::SANDBOX);
    let usage = say!(
        lang,
        "usage",
        syntax = "sim cpu set --instance-id INSTANCE --percent N [--pattern steady|daily:9-18|batch:2h+30m|spikes:1h/5m] | sim cpu clear --instance-id INSTANCE | sim cpu INSTANCE"
    );
    let Some(verb) = args.first().map(String::as_str) else { return err(usage) };
    let scope = session.scope();
    if verb != "set" && verb != "clear" {
        let [id] = args else { return err(usage) };
        let none = || err(say!(lang, "none.instance", id = id, region = scope.region));
        let Some((util, credits, surplus, load)) =
            session.sim.cpu_now_of(&scope, &kumo_sim::ids::InstanceId::from(id.clone()))
        else {
            return none();
        };
        let Some(i) = session.sim.world().instance(&scope, &kumo_sim::ids::InstanceId::from(id.clone())) else {
            return none();
        };
        let c = kumo_sim::ec2::cpu::credits_of(&i.instance_type);
        let doc = serde_json::json!({
            "InstanceId": id,
            "InstanceType": i.instance_type,
            "CpuCredits": c.map(|c| if c.unlimited_by_default { "unlimited" } else { "standard" }),
            "DemandPercent": load.map(|l| l.percent),
            "CPUUtilization": (util * 100.0).round() / 100.0,
            "CPUCreditBalance": c.map(|_| (credits * 100.0).round() / 100.0),
            "CPUSurplusCreditBalance": c.filter(|c| c.unlimited_by_default).map(|_| (surplus * 100.0).round() / 100.0),
            "CreditsEarnedPerHour": c.map(|c| c.per_hour),
            "MaximumCreditBalance": c.map(|c| c.max),
        });
        return Outcome {
            stdout: crate::render::format(&doc, crate::parse::OutputFormat::Json, "cpu"),
            ..Outcome::default()
        };
    }
    let o = match Options::read(lang, &args[1..], &["--instance-id", "--percent", "--pattern"], &[], &usage) {
        Ok(o) => o,
        Err(e) => return err(e),
    };
    let instance = o.value("--instance-id");
    let percent = match o.number("--percent") {
        Ok(p) => p,
        Err(e) => return err(e),
    };
    let pattern = match o.pattern(session.now()) {
        Ok(p) => p,
        Err(e) => return err(e),
    };
    let Some(instance_id) = instance else { return err(usage) };
    let load = match (verb, percent) {
        ("set", Some(percent)) => Some(kumo_sim::ec2::cpu::CpuLoad { percent, pattern }),
        ("clear", _) => None,
        _ => return err(usage),
    };
    let said = match &load {
        Some(l) => {
            let pattern = o.value("--pattern").unwrap_or_else(|| "steady".into());
            say!(lang, "cpu.set", id = instance_id, percent = l.percent, pattern = pattern)
        }
        None => say!(lang, "cpu.cleared", id = instance_id),
    };
    let said = format!("{said}\n");
    match session.sim.apply(&scope, kumo_sim::Command::SandboxSetCpuLoad { instance_id, load }) {
        Ok(_) => Outcome::out(said),
        Err(e) => err(e.to_string()),
    }
}

/// `sim inbox [N]`: the mails SNS sent to this account's email subscriptions, newest last; with
/// N, the whole of mail N (and, for a confirmation, the command its link stands for).
fn inbox(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim inbox: {msg}\n"), exit::SANDBOX);
    let account = session.scope().account;
    let mails = session.sim.world().accounts.get(&account).map(|a| a.mail.clone()).unwrap_or_default();
    match args {
        [] => {
            if mails.is_empty() {
                return Outcome::out(format!("{}\n", text(lang, "inbox.empty")));
            }
            let mut out = String::new();
            for (n, m) in mails.iter().enumerate() {
                out.push_str(&format!("{:>3}  {}  {:<28} {}\n", n + 1, clock(m.at), m.to, m.subject));
            }
            Outcome { stdout: out, ..Outcome::default() }
        }
        [n] => {
            let Some(m) = n.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| mails.get(i)) else {
                return err(say!(lang, "inbox.no_such", n = n, count = mails.len()));
            };
            let mut out = format!(
                "From: {}\nTo: {}\nDate: {}\nSubject: {}\n\n{}\n",
                m.from,
                m.to,
                clock(m.at),
                m.subject,
                m.body
            );
            if let Some((topic, token)) = &m.confirm {
                out.push_str(&format!(
                    "\n[Confirm subscription] = aws sns confirm-subscription --topic-arn {topic} --token {token}\n"
                ));
            }
            Outcome { stdout: out, ..Outcome::default() }
        }
        _ => err(say!(lang, "usage", syntax = "sim inbox [N]")),
    }
}

/// `sim volume VOLUME`: the volume's performance now, as JSON.
fn volume(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim volume: {msg}\n"), exit::SANDBOX);
    let [id] = args else { return err(say!(lang, "usage", syntax = "sim volume VOLUME-ID")) };
    let scope = session.scope();
    let Some(p) = session.sim.volume_performance(&scope, &kumo_sim::ids::VolumeId::from(id.clone())) else {
        return err(say!(lang, "none.volume", id = id, region = scope.region));
    };
    let when = |t: Option<kumo_sim::Timestamp>| t.map(crate::render::iso);
    let doc = serde_json::json!({
        "VolumeId": p.volume_id,
        "VolumeType": p.volume_type,
        "Size": p.size_gib,
        "Active": p.active,
        "BaselineIops": p.baseline_iops,
        "BurstIops": p.burst_iops,
        "IopsLimit": p.iops_limit,
        "ThroughputLimitMiBps": p.throughput_limit_mibps,
        "BaselineThroughputMiBps": p.baseline_mibps,
        "BurstThroughputMiBps": p.burst_mibps,
        "CreditBalance": p.credits.floor(),
        "BurstBalancePercent": (p.burst_balance_percent * 100.0).round() / 100.0,
        "DemandIops": p.demand_iops,
        "DeliveredIops": (p.delivered_iops * 100.0).round() / 100.0,
        "DeliveredMiBps": (p.delivered_mibps * 100.0).round() / 100.0,
        "CreditsRunOutAt": when(p.credits_run_out_at),
        "CreditsFullAt": when(p.credits_full_at),
        // STO-04: what the instance's dedicated EBS bandwidth allows now, and this volume's
        // share when the instance's volumes together want more.
        "InstanceEbs": p.instance_limit.map(|l| {
            let (io_cap, byte_cap) = kumo_sim::ec2::instance_ebs::bucket_sizes(&l.bandwidth);
            let pct = |c: f64, cap: f64| if cap > 0.0 { (c / cap * 10_000.0).round() / 100.0 } else { 100.0 };
            serde_json::json!({
                "IopsLimit": l.iops,
                "ThroughputLimitMBps": l.bytes_per_sec / 1e6,
                "BaselineIops": l.bandwidth.baseline_iops,
                "BaselineBandwidthInMbps": l.bandwidth.baseline_mbps,
                "MaximumIops": l.bandwidth.max_iops,
                "MaximumBandwidthInMbps": l.bandwidth.max_mbps,
                "IOBalancePercent": pct(l.io_credits, io_cap),
                "ByteBalancePercent": pct(l.byte_credits, byte_cap),
            })
        }),
        "InstanceCapIops": p.instance_cap_iops.map(|c| (c * 100.0).round() / 100.0),
        "SharesInstanceNetwork": p.shared_network,
        // STO-04 without dedicated bandwidth: the network EBS shares (the sandbox's figure for
        // the type's label), the guest's other traffic, and what is left for EBS.
        "InstanceNetwork": p.network_share.map(|n| serde_json::json!({
            "NetworkPerformance": n.network_performance,
            "SandboxBandwidthInMbps": n.network_mbps,
            "OtherTrafficInMbps": n.other_mbps,
            "LeftForEbsMBps": (n.ebs_bytes_per_sec / 1e4).round() / 100.0,
        })),
    });
    Outcome { stdout: crate::render::format(&doc, crate::parse::OutputFormat::Json, "volume"), ..Outcome::default() }
}

/// `sim disk ls|cat|write|rm|info INSTANCE …`: look inside an instance's disks, or act as a
/// process inside it would. Reads need no running OS; writes do.
fn disk(session: &mut Session, args: &[String]) -> Outcome {
    let lang = session.lang;
    let err = |msg: String| Outcome::err(format!("kumo: sim disk: {msg}\n"), exit::SANDBOX);
    let usage =
        say!(lang, "usage", syntax = "sim disk ls|cat|write|rm|info INSTANCE-ID [PATH] [TEXT] [--device DEVICE]");
    let mut device = None;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--device" {
            match args.get(i + 1) {
                Some(d) => device = Some(d.clone()),
                None => return err(text(lang, "disk.device_needs").into()),
            }
            i += 2;
        } else {
            rest.push(args[i].clone());
            i += 1;
        }
    }
    let (Some(sub), Some(id)) = (rest.first(), rest.get(1)) else { return err(usage) };
    let scope = session.scope();
    let iid = kumo_sim::ids::InstanceId::from(id.clone());
    if session.sim.world().instance(&scope, &iid).is_none() {
        return err(say!(lang, "none.instance", id = id, region = scope.region));
    }
    let disks = session.sim.world().instance_disks(&scope, &iid);
    let root_name = session.sim.world().instance(&scope, &iid).map(|i| i.root_device_name.clone()).unwrap_or_default();
    let wanted = device.clone().unwrap_or(root_name);
    match (sub.as_str(), rest.get(2), rest.get(3)) {
        ("info", None, None) => {
            let mut out = format!("{:<14} {:<15} {:>12} {:>16}\n", "DEVICE", "KIND", "USED MiB", "CHANGED MiB");
            for (dev, kind, d) in &disks {
                out.push_str(&format!(
                    "{:<14} {:<15} {:>12} {:>16}\n",
                    dev,
                    kind,
                    d.used_blocks / 2,
                    d.changed_since_snapshot / 2
                ));
            }
            Outcome { stdout: out, ..Outcome::default() }
        }
        ("ls" | "cat", path, None) => {
            let Some((_, _, d)) = disks.iter().find(|(dev, _, _)| *dev == wanted) else {
                return err(say!(lang, "disk.no_device", id = id, device = wanted));
            };
            let path = path.map_or("/", |p| p.as_str());
            if sub == "cat" {
                // Like cat, follow a symbolic link to the file it names.
                let path = match d.nodes.get(path) {
                    Some(kumo_sim::storage::Node::Symlink { target }) => target.as_str(),
                    _ => path,
                };
                return match d.read(path) {
                    Ok(text) => Outcome { stdout: text.to_string(), ..Outcome::default() },
                    Err(e) => err(e.to_string()),
                };
            }
            match d.list(path) {
                Ok(entries) => Outcome::out(listing(lang, entries)),
                Err(e) => err(e.to_string()),
            }
        }
        ("write", Some(path), Some(text)) if rest.len() == 4 => {
            let cmd = kumo_sim::Command::GuestWriteFile {
                instance_id: id.clone(),
                device,
                path: path.clone(),
                content: format!("{text}\n"),
            };
            match session.sim.apply(&scope, cmd) {
                Ok(_) => Outcome::default(),
                Err(e) => err(e.to_string()),
            }
        }
        ("rm", Some(path), None) => {
            let cmd = kumo_sim::Command::GuestRemoveFile { instance_id: id.clone(), device, path: path.clone() };
            match session.sim.apply(&scope, cmd) {
                Ok(_) => Outcome::default(),
                Err(e) => err(e.to_string()),
            }
        }
        _ => err(usage),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_reject() {
        assert_eq!(parse_duration("90s"), Ok(Millis(90_000)));
        assert_eq!(parse_duration("1h30m"), Ok(Millis(5_400_000)));
        assert_eq!(parse_duration("1500ms"), Ok(Millis(1500)));
        assert_eq!(parse_duration("2"), Ok(Millis(2000)));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("99999999999999999999d").is_err());
        assert!(parse_duration("4000d").is_err());
    }
}
