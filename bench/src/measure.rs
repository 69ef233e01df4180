//! Timing helpers: repeat, then report the median and the 95th percentile.
use std::future::Future;
use std::time::{Duration, Instant};

pub struct Figures {
    pub median: Duration,
    pub p95: Duration,
}

impl Figures {
    pub fn ms(d: Duration) -> f64 {
        d.as_secs_f64() * 1000.0
    }
}

/// Runs `setup` (untimed) then `body` (timed) `runs` times.
pub async fn time<S, SF, B, BF, E>(runs: usize, mut setup: S, mut body: B) -> Result<Figures, E>
where
    S: FnMut() -> SF,
    SF: Future<Output = Result<(), E>>,
    B: FnMut() -> BF,
    BF: Future<Output = Result<(), E>>,
{
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        setup().await?;
        let started = Instant::now();
        body().await?;
        samples.push(started.elapsed());
    }
    samples.sort();
    let at = |q: f64| samples.get(((samples.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or_default();
    Ok(Figures { median: at(0.5), p95: at(0.95) })
}

/// One Markdown table line: what, ours, baseline, ratio.
pub fn line(what: &str, ours: &Figures, baseline_name: &str, baseline: &Figures) -> String {
    let ratio = Figures::ms(ours.median) / Figures::ms(baseline.median).max(0.000_001);
    // Sub-millisecond figures keep three decimals, so a ratio of two of them can be read.
    let ms = |d: Duration| {
        let ms = Figures::ms(d);
        if ms < 1.0 {
            format!("{ms:.3}")
        } else {
            format!("{ms:.1}")
        }
    };
    format!(
        "| {what} | {} ms (p95 {}) | {baseline_name}: {} ms (p95 {}) | {ratio:.2}× |",
        ms(ours.median),
        ms(ours.p95),
        ms(baseline.median),
        ms(baseline.p95)
    )
}
