//! The app's state and the actions that change it: DOM events become `Action`s, and the
//! world changes only through the session (typed lines, form commands, clock ticks).

use std::collections::BTreeSet;
use std::rc::Rc;

use kumo_cli::{Outcome, Session};
use kumo_sim::ids::AccountId;
use kumo_sim::{Command, Millis, Profile, Region};
use yew::Reducible;

use crate::i18n::Lang;

/// Speeds the clock bar offers: virtual seconds per real second.
pub const SPEEDS: [u32; 5] = [1, 10, 60, 600, 3600];
/// Scrollback kept by the terminal, in entries.
pub const MAX_SCROLLBACK: usize = 5000;
/// Commands kept in the terminal's history.
pub const MAX_HISTORY: usize = 500;
/// The seed of a fresh world when none is given.
pub const DEFAULT_SEED: u64 = 2026;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Input,
    Output,
    Error,
}

/// One entry of the terminal's scrollback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermLine {
    pub kind: LineKind,
    pub text: String,
}

/// The console pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Instances,
    Images,
    Volumes,
    Snapshots,
    KeyPairs,
    Events,
    CloudWatch,
    Sns,
}

/// The fetch of a chunk of the page: the terminal's CLI (`crate::cli_chunk`, fetched when the
/// terminal is first used) or the pages besides Instances (`crate::pages_chunk`, when one is
/// first opened); whether it has arrived is the chunk's `loaded()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkState {
    /// Not being fetched: not asked for yet, or arrived.
    Idle,
    /// Being fetched (for the CLI: typed lines wait in `Model::pending_lines`).
    Loading,
    /// The fetch failed: the next use tries again.
    Failed,
}

impl Page {
    pub const ALL: [Page; 8] = [
        Page::Instances,
        Page::Images,
        Page::Volumes,
        Page::Snapshots,
        Page::KeyPairs,
        Page::Events,
        Page::CloudWatch,
        Page::Sns,
    ];

    /// The page's name in a saved view (`crate::view_state`).
    pub fn code(self) -> &'static str {
        match self {
            Page::Instances => "instances",
            Page::Images => "images",
            Page::Volumes => "volumes",
            Page::Snapshots => "snapshots",
            Page::KeyPairs => "key-pairs",
            Page::Events => "events",
            Page::CloudWatch => "cloudwatch",
            Page::Sns => "sns",
        }
    }

    pub fn from_code(code: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The tabs of an instance's detail, in the EC2 console's order (Details, Status and alarms —
/// with the sandbox's fault box, whose faults are what the status checks show —, Monitoring,
/// Security, Networking, Storage, Tags), then what the console keeps under Actions (the
/// instance's settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailTab {
    Details,
    Status,
    Monitoring,
    Security,
    Networking,
    Storage,
    Tags,
    Settings,
}

impl DetailTab {
    pub const ALL: [DetailTab; 8] = [
        DetailTab::Details,
        DetailTab::Status,
        DetailTab::Monitoring,
        DetailTab::Security,
        DetailTab::Networking,
        DetailTab::Storage,
        DetailTab::Tags,
        DetailTab::Settings,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DetailTab::Details => "details",
            DetailTab::Status => "status",
            DetailTab::Monitoring => "monitoring",
            DetailTab::Security => "security",
            DetailTab::Networking => "networking",
            DetailTab::Storage => "storage",
            DetailTab::Tags => "tags",
            DetailTab::Settings => "settings",
        }
    }

    /// The tab's catalog key: `detail.tab.` and its code.
    pub fn label_key(self) -> String {
        format!("detail.tab.{}", self.code())
    }

    pub fn from_code(code: &str) -> Option<DetailTab> {
        DetailTab::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// A key pair just created: its private key is shown (and downloadable) this once only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKey {
    pub name: String,
    pub material: String,
}

/// A saved world that could not be loaded: its text is kept until the learner discards it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageProblem {
    pub message: String,
    pub saved_text: String,
    /// Whether the text is stored aside; until it is, autosave must not overwrite it.
    pub kept: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub session: Session,
    pub lang: Lang,
    pub page: Page,
    pub new_key: Option<NewKey>,
    pub playing: bool,
    pub speed: u32,
    pub terminal: Rc<Vec<TermLine>>,
    pub history: Rc<Vec<String>>,
    pub cli: ChunkState,
    /// The chunk of the pages besides Instances.
    pub pages: ChunkState,
    /// The terminal as a drawer across the window's width (like CloudShell's), rather than
    /// the column beside the console.
    pub wide_terminal: bool,
    /// What a screen reader is told changed (an instance becoming running), in a live region.
    pub announcement: String,
    /// Lines typed before the terminal's chunk arrived, run in order when it does.
    pub pending_lines: Vec<String>,
    pub selected: BTreeSet<String>,
    /// The tables' columns the learner hid (`TABLE.COLUMN`, components::columns).
    pub hidden_columns: BTreeSet<String>,
    pub detail: Option<String>,
    pub detail_tab: DetailTab,
    pub confirm_terminate: Option<Vec<String>>,
    /// The last failed form request, shown above the table.
    pub notice: Option<String>,
    pub storage_problem: Option<StorageProblem>,
    pub storage_available: bool,
    /// The last autosave was refused (the browser's storage is full): the world would be
    /// lost on reload, so the learner is told and offered a download.
    pub save_failed: bool,
    /// Another tab of the sandbox saved its world over this one's: autosave is paused here
    /// until the learner chooses which world to keep, so neither tab's work is lost unseen.
    pub other_tab: bool,
    /// Bumped on every change worth saving right away.
    pub revision: u64,
    /// Clock ticks since start; the world is also saved every few ticks while time runs.
    pub ticks: u64,
}

impl Model {
    pub fn new(mut session: Session, lang: Lang) -> Model {
        session.lang = lang;
        Model {
            session,
            lang,
            page: Page::Instances,
            new_key: None,
            playing: false,
            speed: 60,
            terminal: Rc::new(Vec::new()),
            history: Rc::new(Vec::new()),
            cli: ChunkState::Idle,
            pages: ChunkState::Idle,
            pending_lines: Vec::new(),
            wide_terminal: false,
            announcement: String::new(),
            selected: BTreeSet::new(),
            hidden_columns: BTreeSet::new(),
            detail: None,
            detail_tab: DetailTab::Details,
            confirm_terminate: None,
            notice: None,
            storage_problem: None,
            storage_available: true,
            save_failed: false,
            other_tab: false,
            revision: 0,
            ticks: 0,
        }
    }

    pub fn print(&mut self, kind: LineKind, text: &str) {
        let terminal = Rc::make_mut(&mut self.terminal);
        for line in text.trim_end_matches('\n').split('\n') {
            terminal.push(TermLine { kind, text: line.to_string() });
        }
        if terminal.len() > MAX_SCROLLBACK {
            let extra = terminal.len() - MAX_SCROLLBACK;
            terminal.drain(..extra);
        }
    }

    fn show(&mut self, outcome: &Outcome) {
        if !outcome.stdout.is_empty() {
            self.print(LineKind::Output, &outcome.stdout);
        }
        if !outcome.stderr.is_empty() {
            self.print(LineKind::Error, outcome.stderr.trim_start_matches('\n'));
        }
    }

    /// Says which instances of the shown Region changed state since `before`, for the live
    /// region. Costs a look-up per instance shown, as drawing the table does.
    fn announce_states(&mut self, before: &Model) {
        let scope = self.session.scope();
        let (Some(now), Some(then)) =
            (self.session.sim.world().region(&scope), before.session.sim.world().region(&scope))
        else {
            return;
        };
        let changed: Vec<String> = now
            .instances
            .values()
            .filter(|i| then.instances.get(i.id.as_str()).is_some_and(|o| o.state != i.state))
            .map(|i| {
                crate::i18n::tr(self.lang, "announce.state")
                    .replace("{name}", i.name().unwrap_or("-"))
                    .replace("{id}", i.id.as_str())
                    .replace("{state}", i.state.as_str())
            })
            .collect();
        if !changed.is_empty() {
            self.announcement = changed.join("; ");
        }
    }

    /// Runs a typed line through the terminal's chunk, or keeps it for when the chunk arrives.
    fn run_typed(&mut self, line: &str) {
        let Some(cli) = crate::cli_chunk::loaded() else {
            self.pending_lines.push(line.to_string());
            self.cli = ChunkState::Loading;
            return;
        };
        let outcome = (cli.run_line)(&mut self.session, line);
        if outcome.clear {
            Rc::make_mut(&mut self.terminal).clear();
        }
        self.show(&outcome);
    }

    /// Runs a form's request: echoes its `aws …` line, then what the CLI would print.
    fn run_form(&mut self, command: Command) {
        let line = kumo_cli::unparse::line(&command);
        self.print(LineKind::Input, &format!("$ {line}"));
        let (outcome, reply) = self.session.run_command_with_reply(command);
        self.notice = (outcome.exit != 0).then(|| outcome.stderr.trim().to_string());
        if let Some(kumo_sim::Reply::KeyPairCreated { pair, material }) = reply {
            self.new_key = Some(NewKey { name: pair.name, material });
        }
        self.show(&outcome);
    }

    /// The instances of the current account and Region that are selected and still listed.
    pub fn selected_ids(&self) -> Vec<String> {
        let Some(rs) = self.session.sim.world().region(&self.session.scope()) else { return Vec::new() };
        rs.instances_in_launch_order()
            .into_iter()
            .map(|i| i.id.to_string())
            .filter(|id| self.selected.contains(id))
            .collect()
    }
}

/// Everything the UI can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Make the next RSA key pair's key ahead of its request (the page is idle).
    PrepareKey,
    /// The browser timer fired after `real_ms` milliseconds.
    Tick {
        real_ms: u64,
    },
    TogglePlay,
    SetSpeed(u32),
    SkipToNextEvent,
    RunLine(String),
    /// The terminal is about to be used (its input took the focus): fetch its chunk.
    WantCli,
    /// The pages' chunk is wanted (a page besides Instances is open) / arrived (`true`) or could
    /// not be fetched.
    WantPages,
    PagesLoaded(bool),
    /// The terminal's chunk arrived (true) or could not be fetched (false).
    CliLoaded(bool),
    /// The terminal's width in columns, measured by the page (what `--output table` fits).
    SetColumns(usize),
    ToggleWideTerminal,
    Form(Command),
    SetRegion(Region),
    SetAccount(AccountId),
    SetLang(Lang),
    ResetWorld,
    ToggleSelect(String),
    /// Shows or hides a table's column (`TABLE.COLUMN`).
    ToggleColumn(String),
    ShowDetail(Option<String>),
    DetailTab(DetailTab),
    /// Opens an instance's detail on the Instances page (from another page).
    ShowInstance(String),
    AskTerminate(Vec<String>),
    CancelTerminate,
    ConfirmTerminate,
    DismissNotice,
    DiscardBrokenSave,
    Navigate(Page),
    DismissNewKey,
    /// What the last autosave did: saved (true) or was refused (false).
    SaveResult(bool),
    /// A world file the learner chose (exported or downloaded earlier): replaces the world
    /// if it loads, else says why and changes nothing.
    ImportWorld(String),
    /// Another tab saved its world (the browser's `storage` event).
    OtherTabSaved,
    /// Take the world the other tab saved (its text), leaving this tab's.
    TakeOtherTab(String),
    /// Keep this tab's world: autosave resumes and overwrites the other tab's save.
    KeepThisTab,
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // The key is made already: nothing to do, and no copy of the model to make.
        if action == Action::PrepareKey && self.session.sim.key_ready() {
            return self;
        }
        // Escape anywhere asks to close the dialog: nothing to do when none is open. The chunk
        // asked for again while it is here or on its way: nothing to do either.
        if (action == Action::CancelTerminate && self.confirm_terminate.is_none())
            || (action == Action::WantCli && (self.cli == ChunkState::Loading || crate::cli_chunk::loaded().is_some()))
        {
            return self;
        }
        if let Action::SetColumns(c) = action
            && self.session.columns == c.clamp(*kumo_cli::session::COLUMNS.start(), *kumo_cli::session::COLUMNS.end())
        {
            return self;
        }
        let mut m = (*self).clone();
        match action {
            // Not a change worth saving: no new revision (it would trigger another save).
            Action::SaveResult(ok) => {
                if m.save_failed != ok {
                    return self;
                }
                m.save_failed = !ok;
                return Rc::new(m);
            }
            Action::Tick { real_ms } => {
                if !m.playing {
                    return self;
                }
                let happened = m.session.sim.advance(Millis(real_ms.saturating_mul(u64::from(m.speed))));
                m.ticks += 1;
                // A tick in which no event ran changed no state: nothing to look for.
                if !happened.is_empty() {
                    m.announce_states(&self);
                }
                return Rc::new(m);
            }
            // Derived data the world does not save: no new revision.
            Action::PrepareKey => {
                m.session.sim.prepare_key();
                return Rc::new(m);
            }
            Action::TogglePlay => m.playing = !m.playing,
            Action::SetSpeed(s) => {
                if SPEEDS.contains(&s) {
                    m.speed = s;
                }
            }
            Action::SkipToNextEvent => {
                m.session.sim.advance_to_next_event();
            }
            Action::RunLine(line) => {
                let line = line.trim().to_string();
                m.print(LineKind::Input, &format!("$ {line}"));
                if !line.is_empty() {
                    let history = Rc::make_mut(&mut m.history);
                    if history.last() != Some(&line) {
                        history.push(line.clone());
                    }
                    if history.len() > MAX_HISTORY {
                        history.remove(0);
                    }
                    m.run_typed(&line);
                }
            }
            // Not changes worth saving: the fetch starts (crate::app), or the page shows what arrived.
            Action::WantPages => {
                m.pages = ChunkState::Loading;
                return Rc::new(m);
            }
            Action::PagesLoaded(ok) => {
                m.pages = if ok { ChunkState::Idle } else { ChunkState::Failed };
                return Rc::new(m);
            }
            Action::CliLoaded(ok) => {
                if !ok {
                    m.cli = ChunkState::Failed;
                    m.print(LineKind::Error, &crate::i18n::tr(m.lang, "terminal.load_failed"));
                    return Rc::new(m);
                }
                m.cli = ChunkState::Idle;
                for line in std::mem::take(&mut m.pending_lines) {
                    m.run_typed(&line);
                }
            }
            // The page's measure, not a change of the world: no new revision.
            Action::SetColumns(columns) => {
                let columns = columns.clamp(*kumo_cli::session::COLUMNS.start(), *kumo_cli::session::COLUMNS.end());
                if m.session.columns == columns {
                    return self;
                }
                m.session.columns = columns;
                return Rc::new(m);
            }
            Action::ToggleWideTerminal => m.wide_terminal = !m.wide_terminal,
            Action::Form(command) => m.run_form(command),
            Action::SetRegion(r) => {
                m.session.region = r;
                m.new_key = None;
                m.selected.clear();
                m.detail = None;
            }
            Action::SetAccount(a) => {
                if m.session.sim.world().accounts.contains_key(&a) {
                    m.session.account = a;
                    m.selected.clear();
                    m.detail = None;
                }
            }
            Action::SetLang(l) => {
                m.lang = l;
                m.session.lang = l;
            }
            Action::ResetWorld => {
                let session = Session::new(DEFAULT_SEED, Profile::Current);
                m = Model {
                    lang: m.lang,
                    storage_problem: m.storage_problem.clone(),
                    hidden_columns: m.hidden_columns.clone(),
                    ..Model::new(session, m.lang)
                };
                m.revision = self.revision;
            }
            // The detail shows the one selected instance, as the console's details pane does: a
            // selection of another or of several closes it.
            Action::ToggleColumn(key) => {
                if !m.hidden_columns.remove(&key) {
                    m.hidden_columns.insert(key);
                }
            }
            Action::ToggleSelect(id) => {
                if !m.selected.remove(&id) {
                    m.selected.insert(id);
                }
                if m.detail.as_ref().is_some_and(|d| m.selected.len() != 1 || !m.selected.contains(d)) {
                    m.detail = None;
                }
            }
            Action::DetailTab(tab) => m.detail_tab = tab,
            Action::ShowDetail(id) => {
                if let Some(id) = &id {
                    m.selected = BTreeSet::from([id.clone()]);
                }
                m.detail = id;
            }
            Action::ShowInstance(id) => {
                m.page = Page::Instances;
                m.notice = None;
                m.selected = BTreeSet::from([id.clone()]);
                m.detail = Some(id);
            }
            Action::AskTerminate(ids) => {
                if !ids.is_empty() {
                    m.confirm_terminate = Some(ids);
                }
            }
            Action::CancelTerminate => m.confirm_terminate = None,
            // Not a change worth saving: the fetch starts (crate::app), nothing else changes.
            Action::WantCli => {
                m.cli = ChunkState::Loading;
                return Rc::new(m);
            }
            Action::ConfirmTerminate => {
                if let Some(ids) = m.confirm_terminate.take() {
                    m.run_form(Command::from(kumo_sim::ec2::Request::TerminateInstances(
                        kumo_sim::ec2::api::InstanceIds { instance_ids: ids },
                    )));
                }
            }
            Action::DismissNotice => m.notice = None,
            Action::DiscardBrokenSave => m.storage_problem = None,
            Action::Navigate(page) => {
                m.page = page;
                m.notice = None;
            }
            Action::DismissNewKey => m.new_key = None,
            // Not a change of this world: nothing to save (saving would overwrite the other's).
            Action::OtherTabSaved => {
                if m.other_tab {
                    return self;
                }
                m.other_tab = true;
                m.playing = false;
                return Rc::new(m);
            }
            Action::TakeOtherTab(text) => match Session::load(&text) {
                Ok(session) => {
                    m = Model {
                        storage_problem: m.storage_problem.clone(),
                        hidden_columns: m.hidden_columns.clone(),
                        ..Model::new(session, m.lang)
                    };
                    m.revision = self.revision;
                }
                Err(e) => {
                    m.other_tab = false;
                    m.notice = Some(format!("{}: {e}", crate::i18n::tr(m.lang, "import.failed")));
                }
            },
            Action::KeepThisTab => m.other_tab = false,
            Action::ImportWorld(text) => match Session::load(&text) {
                Ok(session) => {
                    m = Model {
                        storage_problem: m.storage_problem.clone(),
                        hidden_columns: m.hidden_columns.clone(),
                        ..Model::new(session, m.lang)
                    };
                    m.revision = self.revision;
                }
                Err(e) => m.notice = Some(format!("{}: {e}", crate::i18n::tr(m.lang, "import.failed"))),
            },
        }
        m.announce_states(&self);
        m.revision += 1;
        Rc::new(m)
    }
}
