//! `cargo xtask gen-data`: writes a synthetic history ([`candor_synth`]) to files.

use std::path::PathBuf;

use candor_synth::{days_from_civil, Format, Options};

const USAGE: &str = "usage: cargo xtask gen-data --incidents N --components C --years Y --seed S \
--format statuspage|cstate|csv -o DIR [--end YYYY-MM-DD]";

fn parse(args: &[String]) -> Result<(Options, Format, PathBuf), String> {
    let mut options = Options::new(0);
    let mut incidents = None;
    let mut format = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag} takes a whole number, not `{v}`"))
        };
        match flag.as_str() {
            "--incidents" => incidents = Some(number(value()?)? as usize),
            "--components" => options.components = number(value()?)?.max(1) as usize,
            "--years" => options.years = number(value()?)?.max(1) as u32,
            "--seed" => options.seed = number(value()?)?,
            "--format" => {
                let v = value()?;
                format = Some(Format::parse(&v).ok_or_else(|| {
                    format!("--format takes statuspage, cstate or csv, not `{v}`")
                })?)
            }
            "-o" | "--out" => out = Some(PathBuf::from(value()?)),
            "--end" => {
                let v = value()?;
                let parts: Vec<i64> = v.split('-').filter_map(|p| p.parse().ok()).collect();
                match parts[..] {
                    [y, m, d] if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                        options.end_day = days_from_civil(y, m as u32, d as u32)
                    }
                    _ => return Err(format!("--end takes YYYY-MM-DD, not `{v}`")),
                }
            }
            other => return Err(format!("unknown flag `{other}`\n{USAGE}")),
        }
    }
    options.incidents = incidents.ok_or_else(|| format!("--incidents is required\n{USAGE}"))?;
    Ok((
        options,
        format.ok_or_else(|| format!("--format is required\n{USAGE}"))?,
        out.ok_or_else(|| format!("-o DIR is required\n{USAGE}"))?,
    ))
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (options, format, out) = parse(args)?;
    let history = candor_synth::generate(&options);
    let written = candor_synth::write(&out, format, &history)
        .map_err(|e| format!("cannot write into {}: {e}", out.display()))?;
    eprintln!(
        "gen-data: {} incidents on {} components over {} years into {} ({written} files)",
        history.incidents(),
        history.components(),
        options.years,
        out.display()
    );
    Ok(())
}
