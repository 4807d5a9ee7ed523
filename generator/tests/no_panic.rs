//! Property test: whatever text a spec file holds, loading, lowering and
//! emitting it returns a result and never panics.
//!
//! Inputs are the fixture specs and the real specs mutated at random (lines
//! deleted, duplicated, swapped, re-indented, truncated, characters replaced,
//! values swapped for other YAML), plus YAML assembled from random tokens.
//! The generator is seeded, so a failure names a case that reproduces. The
//! unbounded search is the `cargo fuzz` target in `fuzz/`.

mod common;

use common::Rng;

use std::panic::{AssertUnwindSafe, catch_unwind};

use sdkgen::{lower, write::generate};

const TOKENS: &[&str] = &[
    "api:",
    "models:",
    "enums:",
    "unions:",
    "aliases:",
    "services:",
    "methods:",
    "fields:",
    "values:",
    "type:",
    "string",
    "list<",
    "map<",
    ">",
    "int64",
    "required: true",
    "enum: [a, b]",
    "one_of: [A]",
    "all_of: [A]",
    "- ",
    "  ",
    "    ",
    "\n",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "'",
    "~",
    "null",
    "path: /a/{b}",
    "method: GET",
    "\"200\": A",
    "in: path",
    "name: b",
    "&a",
    "*a",
    "!!binary",
    "? ",
    "|",
    ">-",
    "#",
    "0",
    "-1",
    "1e999",
    "\t",
    "é",
    "{x}",
    "A",
    "B",
];

fn mutate(rng: &mut Rng, source: &str) -> String {
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(8) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => lines[i] = format!("  {}", lines[i]),
            4 => lines[i] = lines[i].trim_start().to_owned(),
            5 => {
                let chars: Vec<char> = lines[i].chars().collect();
                if !chars.is_empty() {
                    let at = rng.below(chars.len());
                    let replacement = rng.pick(TOKENS);
                    lines[i] = chars[..at].iter().collect::<String>()
                        + replacement
                        + &chars[at + 1..].iter().collect::<String>();
                }
            }
            6 => {
                if let Some((key, _)) = lines[i].clone().split_once(':') {
                    lines[i] = format!("{key}: {}", rng.pick(TOKENS));
                }
            }
            _ => lines.truncate(i),
        }
    }
    lines.join("\n")
}

fn random_yaml(rng: &mut Rng) -> String {
    (0..rng.below(60))
        .map(|_| rng.pick(TOKENS))
        .collect::<Vec<_>>()
        .join("")
}

#[test]
fn no_input_makes_the_generator_panic() {
    let mut seeds: Vec<(String, String)> = common::fixtures();
    for spec in ["ringcentral", "portsip"] {
        let text =
            std::fs::read_to_string(common::root().join(format!("spec/{spec}/api.yaml"))).unwrap();
        seeds.push((spec.to_owned(), text));
    }
    let mut rng = Rng(0x5EED_0F5D_C0DE);
    let mut cases = 0usize;
    let mut rejected = 0usize;
    let mut panics = Vec::new();
    for round in 0..150 {
        for (name, source) in &seeds {
            let input = mutate(&mut rng, source);
            // The big specs go through loading and lowering; the small ones
            // through emission too, which is where templates could break.
            let big = source.len() > 20_000;
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                if big {
                    lower::load("spec/x.yaml", &input).is_ok()
                } else {
                    generate("spec/x.yaml", &input).is_ok()
                }
            }));
            cases += 1;
            match outcome {
                Ok(ok) => rejected += usize::from(!ok),
                Err(_) => panics.push(format!("round {round}, mutated {name}:\n{input}")),
            }
        }
        let input = random_yaml(&mut rng);
        cases += 1;
        match catch_unwind(AssertUnwindSafe(|| generate("spec/x.yaml", &input).is_ok())) {
            Ok(ok) => rejected += usize::from(!ok),
            Err(_) => panics.push(format!("round {round}, random YAML:\n{input}")),
        }
    }
    eprintln!(
        "{cases} cases, {rejected} rejected with diagnostics, {} panics",
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} of {cases} inputs panicked; first:\n{}",
        panics.len(),
        panics[0]
    );
    assert!(
        rejected > cases / 10,
        "the mutations should break most specs; only {rejected} of {cases} were rejected"
    );
}
