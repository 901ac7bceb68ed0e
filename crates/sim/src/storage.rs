//! What is on a disk: a small file tree and block counters, for EBS volumes and instance-store
//! disks alike. Later work reads and changes it from the instance shell; snapshots copy the
//! blocks changed since the previous one (STO-03).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// EBS snapshots track data in 512 KiB blocks (EC2UG EBSSnapshots).
pub const BLOCK_BYTES: u64 = 512 * 1024;

/// Longest file the sandbox keeps as text; contents are small by design.
pub const MAX_FILE_BYTES: usize = 64 * 1024;

/// One entry of the file tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Node {
    Dir,
    File { content: String },
    Symlink { target: String },
}

/// A disk's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disk {
    /// Absolute path → entry. Parent directories are explicit entries.
    pub nodes: BTreeMap<String, Node>,
    /// Blocks that hold data: what a first snapshot copies.
    pub used_blocks: u64,
    /// Blocks written since the disk was created.
    pub written_blocks: u64,
    /// Blocks changed since the last snapshot of this volume: what the next snapshot copies.
    pub changed_since_snapshot: u64,
}

/// Why a path cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("{0}: paths must be absolute")]
    NotAbsolute(String),
    #[error("{0}: Is a directory")]
    IsDirectory(String),
    #[error("{0}: No such file or directory")]
    NotFound(String),
    #[error("{0}: File too large")]
    TooLarge(String),
}

fn blocks_for(bytes: usize) -> u64 {
    (bytes as u64).div_ceil(BLOCK_BYTES).max(1)
}

fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').filter(|(i, _)| *i > 0).map(move |(i, _)| &path[..i])
}

impl Disk {
    /// A new, empty disk (a fresh volume, or an instance-store disk after stop/start).
    pub fn empty() -> Disk {
        let mut d = Disk::default();
        d.nodes.insert("/".into(), Node::Dir);
        d
    }

    fn mkdirs(&mut self, path: &str) {
        for p in parents(path) {
            self.nodes.entry(p.to_string()).or_insert(Node::Dir);
        }
    }

    /// Writes a file, creating parent directories; counts the blocks it touches as changed.
    pub fn write(&mut self, path: &str, content: &str) -> Result<(), PathError> {
        if !path.starts_with('/') || path.contains("//") || path.ends_with('/') {
            return Err(PathError::NotAbsolute(path.to_string()));
        }
        if content.len() > MAX_FILE_BYTES {
            return Err(PathError::TooLarge(path.to_string()));
        }
        if matches!(self.nodes.get(path), Some(Node::Dir)) {
            return Err(PathError::IsDirectory(path.to_string()));
        }
        self.mkdirs(path);
        let blocks = blocks_for(content.len());
        let new = !self.nodes.contains_key(path);
        self.nodes.insert(path.to_string(), Node::File { content: content.to_string() });
        if new {
            self.used_blocks += blocks;
        }
        self.written_blocks += blocks;
        self.changed_since_snapshot += blocks;
        Ok(())
    }

    pub fn symlink(&mut self, path: &str, target: &str) {
        self.mkdirs(path);
        self.nodes.insert(path.to_string(), Node::Symlink { target: target.to_string() });
    }

    pub fn mkdir(&mut self, path: &str) {
        self.mkdirs(path);
        self.nodes.insert(path.to_string(), Node::Dir);
    }

    /// Removes a file or symlink (`rm`), or a directory and everything under it (`rm -r`).
    pub fn remove(&mut self, path: &str) -> Result<(), PathError> {
        if !self.nodes.contains_key(path) || path == "/" {
            return Err(PathError::NotFound(path.to_string()));
        }
        let prefix = format!("{path}/");
        let doomed: Vec<String> = self.nodes.keys().filter(|k| *k == path || k.starts_with(&prefix)).cloned().collect();
        for k in doomed {
            self.nodes.remove(&k);
        }
        // Freed blocks are rewritten as zeros by the file system's metadata update: one block.
        self.written_blocks += 1;
        self.changed_since_snapshot += 1;
        Ok(())
    }

    pub fn read(&self, path: &str) -> Result<&str, PathError> {
        match self.nodes.get(path) {
            Some(Node::File { content }) => Ok(content),
            Some(Node::Dir) => Err(PathError::IsDirectory(path.to_string())),
            Some(Node::Symlink { target }) => Ok(target),
            None => Err(PathError::NotFound(path.to_string())),
        }
    }

    /// Direct children of a directory, sorted.
    pub fn list(&self, dir: &str) -> Result<Vec<(&str, &Node)>, PathError> {
        match self.nodes.get_key_value(dir) {
            Some((_, Node::Dir)) => {}
            Some((k, n)) => return Ok(vec![(k.as_str(), n)]),
            None => return Err(PathError::NotFound(dir.to_string())),
        }
        let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
        Ok(self
            .nodes
            .iter()
            .filter(|(k, _)| k.len() > prefix.len() && k.starts_with(&prefix) && !k[prefix.len()..].contains('/'))
            .map(|(k, n)| (k.as_str(), n))
            .collect())
    }

    /// A snapshot has copied the changed blocks: the next one starts from zero.
    pub fn mark_snapshotted(&mut self) {
        self.changed_since_snapshot = 0;
    }

    /// The root file system of a catalogue image: an OS layout, the default user's home with
    /// an empty shell history, a data area, and the OS itself as used blocks. The clock is
    /// UTC by default (INS-07); SSH host keys are made at first boot, not stored in the image.
    pub fn os_root(user: &str, os_release: &str, os_bytes: u64) -> Disk {
        let mut d = Disk::empty();
        for dir in ["/bin", "/boot", "/dev", "/proc", "/tmp", "/usr/share/zoneinfo", "/var/log", "/etc/ssh"] {
            d.mkdir(dir);
        }
        let _ = d.write("/etc/os-release", os_release);
        d.symlink("/etc/localtime", "/usr/share/zoneinfo/UTC");
        let _ = d.write("/usr/share/zoneinfo/UTC", "TZif2 UTC\n");
        let _ = d.write("/usr/share/zoneinfo/Asia/Tokyo", "TZif2 JST-9\n");
        let _ = d.write(
            "/etc/rc.local",
            "#!/bin/bash\n# Commands here run at the end of every boot.\ntouch /var/lock/subsys/local\n",
        );
        let _ = d.write("/etc/ssh/sshd_config", "PasswordAuthentication no\nPermitRootLogin no\n");
        let _ = d.write(&format!("/home/{user}/.bash_history"), "");
        let _ = d.write(&format!("/home/{user}/.ssh/authorized_keys"), "");
        d.mkdir("/data");
        d.used_blocks += os_bytes.div_ceil(BLOCK_BYTES);
        d.written_blocks = d.used_blocks;
        d.changed_since_snapshot = d.used_blocks;
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_count_blocks_and_snapshots_reset_the_change_count() {
        let mut d = Disk::empty();
        d.write("/data/a.txt", "hello").unwrap();
        assert_eq!((d.used_blocks, d.changed_since_snapshot), (1, 1));
        assert!(matches!(d.nodes.get("/data"), Some(Node::Dir)));
        d.mark_snapshotted();
        d.write("/data/a.txt", "again").unwrap();
        assert_eq!((d.used_blocks, d.changed_since_snapshot, d.written_blocks), (1, 1, 2));
        assert_eq!(d.read("/data/a.txt"), Ok("again"));
        assert_eq!(d.write("relative", "x"), Err(PathError::NotAbsolute("relative".into())));
        assert_eq!(d.write("/data", "x"), Err(PathError::IsDirectory("/data".into())));
        d.remove("/data").unwrap();
        assert_eq!(d.read("/data/a.txt"), Err(PathError::NotFound("/data/a.txt".into())));
        assert_eq!(d.list("/").unwrap().len(), 0);
    }

    #[test]
    fn os_root_has_the_layout_lessons_need() {
        let d = Disk::os_root("ec2-user", "NAME=\"Amazon Linux\"\n", 1_600 * 1024 * 1024);
        assert_eq!(d.read("/etc/localtime"), Ok("/usr/share/zoneinfo/UTC"));
        assert!(d.read("/home/ec2-user/.bash_history").is_ok());
        assert!(d.list("/etc/ssh").unwrap().iter().all(|(p, _)| !p.contains("ssh_host_")));
        assert_eq!(d.used_blocks, d.changed_since_snapshot);
        assert!(d.used_blocks > 3000);
    }
}
