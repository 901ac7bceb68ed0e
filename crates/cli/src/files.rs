//! The learner's own machine: a small file tree (home `/home/learner`, which is also the working
//! directory), saved with the session. The AWS CLI reads parameter values from it with
//! `file://` (text) and `fileb://` (bytes), as awscli's `paramfile.py` does: the value is
//! replaced by the file's content before it is parsed as the parameter's type, `~` is the home
//! directory, a relative path is under the working directory, and a file that cannot be read
//! is the CLI's "Unable to load paramfile" parameter error. `sim file …` writes and reads it
//! until the instance shell's redirections do.

use kumo_sim::storage::{Disk, Node};

pub const HOME: &str = "/home/learner";

/// A fresh machine: an empty home directory.
pub fn home() -> Disk {
    let mut d = Disk::empty();
    d.mkdir(HOME);
    d
}

/// What no file command could have made of a saved tree: a relative path, an entry whose
/// parent directory is missing, a file over the size limit.
pub fn damage(files: &Disk) -> Option<String> {
    for (path, node) in &files.nodes {
        if !path.starts_with('/') {
            return Some(format!("{path}: not an absolute path"));
        }
        let parent = path.rsplit_once('/').map(|(p, _)| if p.is_empty() { "/" } else { p });
        if path != "/" && parent.is_none_or(|p| !matches!(files.nodes.get(p), Some(Node::Dir))) {
            return Some(format!("{path}: its directory is missing"));
        }
        if let Node::File { content } = node
            && content.len() > kumo_sim::storage::MAX_FILE_BYTES
        {
            return Some(format!("{path}: larger than a file may be"));
        }
    }
    None
}

/// A path as typed, made absolute: `~` and `~/…` under the home directory, a relative path
/// under the working directory (the home directory), `.` and `..` resolved.
pub fn resolve(path: &str) -> String {
    let full = if path == "~" {
        HOME.to_string()
    } else if let Some(rest) = path.strip_prefix("~/") {
        format!("{HOME}/{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{HOME}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in full.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// A parameter value loaded from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// `file://`: the file's text.
    Text(String),
    /// `fileb://`: the file's bytes.
    Bytes(Vec<u8>),
}

/// The content a parameter value names (`file://PATH`, `fileb://PATH`), or none if the value
/// names no file. The error is the text after "Error parsing parameter '--x': ".
pub fn load(files: &Disk, value: &str) -> Option<Result<Loaded, String>> {
    let (path, binary) = match (value.strip_prefix("file://"), value.strip_prefix("fileb://")) {
        (Some(p), _) => (p, false),
        (_, Some(p)) => (p, true),
        _ => return None,
    };
    // Python's OSError names the path as open() was given it: after `~` expansion, not made
    // absolute (awscli get_file: os.path.expanduser).
    let shown = if path == "~" || path.starts_with("~/") { resolve(path) } else { path.to_string() };
    let fail = |errno: &str| Err(format!("Unable to load paramfile {value}: {errno}: '{shown}'"));
    Some(match files.nodes.get(&resolve(path)) {
        Some(Node::File { content }) if binary => Ok(Loaded::Bytes(content.as_bytes().to_vec())),
        Some(Node::File { content }) => Ok(Loaded::Text(content.clone())),
        Some(Node::Dir) => fail("[Errno 21] Is a directory"),
        Some(Node::Symlink { .. }) | None => fail("[Errno 2] No such file or directory"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_under_home() {
        assert_eq!(resolve("policy.json"), "/home/learner/policy.json");
        assert_eq!(resolve("~/.ssh/id_ed25519.pub"), "/home/learner/.ssh/id_ed25519.pub");
        assert_eq!(resolve("./a/../b.json"), "/home/learner/b.json");
        assert_eq!(resolve("/etc/hosts"), "/etc/hosts");
        assert_eq!(resolve("../../.."), "/");
    }

    #[test]
    fn files_load_as_the_aws_cli_loads_them() {
        let mut d = home();
        d.write("/home/learner/trust.json", "{\"Version\": \"2012-10-17\"}").unwrap();
        assert_eq!(load(&d, "plain"), None);
        assert_eq!(load(&d, "file://trust.json"), Some(Ok(Loaded::Text("{\"Version\": \"2012-10-17\"}".into()))));
        assert_eq!(load(&d, "fileb://~/trust.json").map(|r| r.is_ok()), Some(true));
        assert_eq!(
            load(&d, "file://nope.json"),
            Some(Err(
                "Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'".into()
            ))
        );
        assert_eq!(
            load(&d, "file://~"),
            Some(Err("Unable to load paramfile file://~: [Errno 21] Is a directory: '/home/learner'".into()))
        );
    }
}
