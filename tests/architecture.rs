//! The shape of the code, checked like any other behaviour (issue #14): top-level modules
//! import each other one way only, and no source file grows past what one job needs.
//! `cargo test --test architecture -- --nocapture` prints the module graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lines a file of `src/` may have, unit tests included.
const MAX_LINES: usize = 600;

fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `src/render/pages.rs` → `render`; `src/load.rs` → `load`; the crate roots → None.
fn module_of(file: &Path) -> Option<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = file.strip_prefix(&src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

/// The top-level modules a file's code (not its comments) names through `crate::`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a::X, b};`: the group may span lines, so take what this line has
                // and let the lines below be read on their own (they hold `b::Y,` forms).
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    out.extend(first_segment(item.trim()));
                }
            } else {
                out.extend(first_segment(rest));
            }
        }
    }
    out
}

fn first_segment(path: &str) -> Option<String> {
    let name: String = path
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .then_some(name)
}

/// Module → the modules it uses, from every file of `src/`. Multi-line `use crate::{…}` groups
/// are joined first so their later lines are read as paths too.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in sources() {
        let Some(module) = module_of(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let joined = join_use_groups(&text);
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses(&joined).into_iter().filter(|m| *m != module));
    }
    graph
}

/// `use crate::{\n a::X,\n b,\n};` → `use crate::{ a::X, b, };` on one line.
fn join_use_groups(text: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        if open {
            out.push(' ');
            out.push_str(code.trim());
            if code.contains('}') {
                open = false;
                out.push('\n');
            }
            continue;
        }
        if code.contains("crate::{") && !code.contains('}') {
            open = true;
            out.push_str(code);
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// A cycle through `start`, if any, as the path of modules.
fn cycle_from(
    graph: &BTreeMap<String, BTreeSet<String>>,
    start: &str,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    let here = path.last().unwrap().clone();
    for next in graph.get(&here).into_iter().flatten() {
        if next == start {
            let mut cycle = path.clone();
            cycle.push(start.to_string());
            return Some(cycle);
        }
        if seen.insert(next.clone()) {
            path.push(next.clone());
            if let Some(c) = cycle_from(graph, start, path, seen) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}

#[test]
fn top_level_modules_import_each_other_one_way() {
    let graph = graph();
    for (module, used) in &graph {
        println!(
            "{module} → {}",
            used.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    let mut cycles = Vec::new();
    for module in graph.keys() {
        let mut path = vec![module.clone()];
        if let Some(c) = cycle_from(&graph, module, &mut path, &mut BTreeSet::new()) {
            cycles.push(c.join(" → "));
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that import each other in a loop (move the shared part down a layer, or hand the data in):\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn the_checker_sees_loops_and_grouped_imports() {
    // The test above is only as good as its reading of `use` lines.
    let text = "use crate::{\n    model::Site,\n    render::{A, B},\n};\n// crate::ignored\nlet x = crate::theme::format_date(d);\n";
    let found = uses(&join_use_groups(text));
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["model", "render", "theme"]
    );
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    let cycle = cycle_from(&g, "a", &mut vec!["a".into()], &mut BTreeSet::new());
    assert_eq!(cycle.unwrap(), ["a", "b", "c", "a"]);
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines hold more than one job; split them along their seams:\n  {}",
        long.join("\n  ")
    );
}
