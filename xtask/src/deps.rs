//! The crate map's dependency direction, read from `cargo metadata` (normal and build edges; dev
//! dependencies are free to reach anything).

use std::collections::{HashMap, VecDeque};

use crate::json::{self, Json};
use crate::run::{Result, cargo, output};

/// Crates the pure domain must never reach, by name or name prefix.
const FORBIDDEN_FOR_DOMAIN: &[&str] = &[
    "tokio",
    "diesel",
    "diesel-async",
    "tokio-postgres",
    "reqwest",
    "hyper",
    "actix-",
    "actix-web",
    "async-stripe",
    "yup-oauth2",
];

const ADAPTERS: &[&str] = &[
    "inkdesk-postgres",
    "inkdesk-whatsapp",
    "inkdesk-stripe",
    "inkdesk-google",
];

pub fn check() -> Result {
    eprintln!("\n==> dependency direction");
    let mut metadata = cargo();
    metadata.args(["metadata", "--format-version", "1", "--locked"]);
    if let Some(host) = host_triple() {
        metadata.args(["--filter-platform", &host]);
    }
    let graph = Graph::from_metadata(&json::parse(&output(metadata)?)?)?;

    let mut violations = Vec::new();
    for name in FORBIDDEN_FOR_DOMAIN {
        let matches = |n: &str| {
            if name.ends_with('-') {
                n.starts_with(name)
            } else {
                n == *name || n.starts_with(&format!("{name}-"))
            }
        };
        if let Some(path) = graph.path_from("inkdesk-domain", matches) {
            violations.push(format!(
                "inkdesk-domain must not depend on {}: {}",
                path.last().map_or("", String::as_str),
                path.join(" -> ")
            ));
        }
    }
    for adapter in ADAPTERS {
        let forbidden = |n: &str| {
            (ADAPTERS.contains(&n) && n != *adapter)
                || n == "inkdesk-server"
                || n == "inkdesk-test-support"
        };
        if let Some(path) = graph.path_from(adapter, forbidden) {
            violations.push(format!(
                "{adapter} must not depend on {}: {}",
                path.last().map_or("", String::as_str),
                path.join(" -> ")
            ));
        }
    }
    for crate_name in ["inkdesk-domain", "inkdesk-server"] {
        if let Some(path) = graph.path_from(crate_name, |n| n == "inkdesk-test-support") {
            violations.push(format!(
                "{crate_name} must not depend on inkdesk-test-support outside dev-dependencies: {}",
                path.join(" -> ")
            ));
        }
    }
    if let Some(direct) = graph.direct("xtask").first() {
        violations.push(format!("xtask must stay std-only: xtask -> {direct}"));
    }

    if violations.is_empty() {
        eprintln!("<== dependency direction: ok");
        Ok(())
    } else {
        Err(format!(
            "dependency direction violated:\n  - {}",
            violations.join("\n  - ")
        ))
    }
}

fn host_triple() -> Option<String> {
    let mut rustc = std::process::Command::new("rustc");
    rustc.arg("-vV");
    let info = output(rustc).ok()?;
    info.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
}

struct Graph {
    names: HashMap<String, String>,
    edges: HashMap<String, Vec<String>>,
}

impl Graph {
    fn from_metadata(metadata: &Json) -> Result<Self> {
        let mut names = HashMap::new();
        for package in metadata
            .get("packages")
            .map(Json::items)
            .unwrap_or_default()
        {
            if let (Some(id), Some(name)) = (
                package.get("id").and_then(Json::as_str),
                package.get("name").and_then(Json::as_str),
            ) {
                names.insert(id.to_owned(), name.to_owned());
            }
        }
        let nodes = metadata
            .get("resolve")
            .and_then(|r| r.get("nodes"))
            .ok_or("cargo metadata has no resolve graph")?;
        let mut edges = HashMap::new();
        for node in nodes.items() {
            let Some(id) = node.get("id").and_then(Json::as_str) else {
                continue;
            };
            let targets = node
                .get("deps")
                .map(Json::items)
                .unwrap_or_default()
                .iter()
                .filter(|dep| {
                    dep.get("dep_kinds")
                        .map(Json::items)
                        .unwrap_or_default()
                        .iter()
                        .any(|k| !matches!(k.get("kind").and_then(Json::as_str), Some("dev")))
                })
                .filter_map(|dep| dep.get("pkg").and_then(Json::as_str).map(str::to_owned))
                .collect();
            edges.insert(id.to_owned(), targets);
        }
        Ok(Self { names, edges })
    }

    fn name(&self, id: &str) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }

    fn id_of(&self, name: &str) -> Option<&String> {
        self.names
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(id, _)| id)
    }

    fn direct(&self, name: &str) -> Vec<String> {
        self.id_of(name)
            .and_then(|id| self.edges.get(id))
            .map(|targets| targets.iter().map(|t| self.name(t)).collect())
            .unwrap_or_default()
    }

    /// Shortest path (by names) from `start` to a crate matching `forbidden`, if any.
    fn path_from(&self, start: &str, forbidden: impl Fn(&str) -> bool) -> Option<Vec<String>> {
        let start_id = self.id_of(start)?.clone();
        let mut parent: HashMap<String, String> = HashMap::new();
        let mut queue = VecDeque::from([start_id.clone()]);
        while let Some(id) = queue.pop_front() {
            for next in self.edges.get(&id).into_iter().flatten() {
                if next == &start_id || parent.contains_key(next) {
                    continue;
                }
                parent.insert(next.clone(), id.clone());
                if forbidden(&self.name(next)) {
                    let mut path = vec![self.name(next)];
                    let mut at = next.clone();
                    while let Some(p) = parent.get(&at) {
                        path.push(self.name(p));
                        at = p.clone();
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(next.clone());
            }
        }
        None
    }
}
