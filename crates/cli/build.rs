//! Writes the parsing copies of the trimmed models: each `models/<service>.json` without its
//! documentation, its enum values and the shapes only untaken members reach (`parsing_copy`,
//! which asks kumo-sim's request types what they take), compact, into `$OUT_DIR/parsing/`. The
//! page embeds these in the terminal's chunk (a modelled service's parser needs its model at
//! once); the documented models are fetched after it, for help. The documentation is about half of
//! each model's gzip size; for EC2 the untaken members' shapes are another quarter.

use serde_json::Value;
use std::path::Path;

include!("strip_docs.rs");

fn main() {
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("parsing");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=models");
    for entry in std::fs::read_dir("models").expect("models/ is next to Cargo.toml").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a readable model");
        let mut model: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let service = path.file_stem().and_then(|s| s.to_str()).expect("a file name");
        parsing_copy(&mut model, service);
        let name = path.file_name().expect("a file name");
        std::fs::write(out.join(name), model.to_string()).expect("OUT_DIR is writable");
    }
}
