//! Metric families and their Prometheus text rendering (exposition format 0.0.4).
//!
//! Hand-written because the lock file has no metrics crate and the whole need is a handful of
//! counters and histograms rendered as text: a registry crate would bring more code than this file.
//! A mutex per family is plenty at a tattoo studio's request rate, and a `BTreeMap` keeps the
//! rendered series in a stable order.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A panic while a family was locked leaves a count at most one behind; keep serving.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

type LabelValues = Vec<String>;

fn key(labels: &[&str], values: &[&str]) -> LabelValues {
    debug_assert_eq!(labels.len(), values.len(), "one value per label");
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// A monotonically increasing count per label set.
#[derive(Debug)]
pub struct Counter {
    name: &'static str,
    help: &'static str,
    labels: &'static [&'static str],
    series: Mutex<BTreeMap<LabelValues, u64>>,
}

impl Counter {
    pub fn new(name: &'static str, help: &'static str, labels: &'static [&'static str]) -> Self {
        Self {
            name,
            help,
            labels,
            series: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn add(&self, values: &[&str], n: u64) {
        *lock(&self.series)
            .entry(key(self.labels, values))
            .or_default() += n;
    }

    pub fn inc(&self, values: &[&str]) {
        self.add(values, 1);
    }

    pub fn render(&self, out: &mut String) {
        header(out, self.name, self.help, "counter");
        for (values, count) in lock(&self.series).iter() {
            sample(
                out,
                self.name,
                self.labels,
                values,
                None,
                &count.to_string(),
            );
        }
    }
}

#[derive(Debug, Clone)]
struct Buckets {
    /// Observations per bucket, not cumulative; rendering accumulates.
    per_bucket: Vec<u64>,
    count: u64,
    sum: f64,
}

/// Observations (seconds) counted into fixed buckets per label set.
#[derive(Debug)]
pub struct Histogram {
    name: &'static str,
    help: &'static str,
    labels: &'static [&'static str],
    bounds: &'static [f64],
    series: Mutex<BTreeMap<LabelValues, Buckets>>,
}

impl Histogram {
    pub fn new(
        name: &'static str,
        help: &'static str,
        labels: &'static [&'static str],
        bounds: &'static [f64],
    ) -> Self {
        Self {
            name,
            help,
            labels,
            bounds,
            series: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn observe(&self, values: &[&str], seconds: f64) {
        let mut series = lock(&self.series);
        let buckets = series
            .entry(key(self.labels, values))
            .or_insert_with(|| Buckets {
                per_bucket: vec![0; self.bounds.len()],
                count: 0,
                sum: 0.0,
            });
        if let Some(i) = self.bounds.iter().position(|bound| seconds <= *bound) {
            buckets.per_bucket[i] += 1;
        }
        buckets.count += 1;
        buckets.sum += seconds;
    }

    pub fn render(&self, out: &mut String) {
        header(out, self.name, self.help, "histogram");
        let bucket_name = format!("{}_bucket", self.name);
        let sum_name = format!("{}_sum", self.name);
        let count_name = format!("{}_count", self.name);
        for (values, buckets) in lock(&self.series).iter() {
            let mut cumulative = 0;
            for (bound, n) in self.bounds.iter().zip(&buckets.per_bucket) {
                cumulative += n;
                let le = bound.to_string();
                let value = cumulative.to_string();
                sample(out, &bucket_name, self.labels, values, Some(&le), &value);
            }
            let count = buckets.count.to_string();
            sample(out, &bucket_name, self.labels, values, Some("+Inf"), &count);
            sample(
                out,
                &sum_name,
                self.labels,
                values,
                None,
                &buckets.sum.to_string(),
            );
            sample(out, &count_name, self.labels, values, None, &count);
        }
    }
}

/// A gauge read at scrape time: the caller supplies every sample.
pub fn render_gauge<'a>(
    out: &mut String,
    name: &str,
    help: &str,
    labels: &[&str],
    samples: impl IntoIterator<Item = (Vec<&'a str>, f64)>,
) {
    header(out, name, help, "gauge");
    for (values, value) in samples {
        let values: LabelValues = values.into_iter().map(str::to_owned).collect();
        sample(out, name, labels, &values, None, &value.to_string());
    }
}

/// A counter whose values are read, not kept (totals of the shared database).
pub fn render_read_counter<'a>(
    out: &mut String,
    name: &str,
    help: &str,
    labels: &[&str],
    samples: impl IntoIterator<Item = (Vec<&'a str>, f64)>,
) {
    header(out, name, help, "counter");
    for (values, value) in samples {
        let values: LabelValues = values.into_iter().map(str::to_owned).collect();
        sample(out, name, labels, &values, None, &value.to_string());
    }
}

fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn sample(
    out: &mut String,
    name: &str,
    labels: &[&str],
    values: &[String],
    le: Option<&str>,
    value: &str,
) {
    out.push_str(name);
    let mut pairs: Vec<(&str, &str)> = labels
        .iter()
        .copied()
        .zip(values.iter().map(String::as_str))
        .collect();
    if let Some(le) = le {
        pairs.push(("le", le));
    }
    if !pairs.is_empty() {
        out.push('{');
        for (i, (label, value)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{label}=\"{}\"", escape(value));
        }
        out.push('}');
    }
    let _ = writeln!(out, " {value}");
}

/// Label values escape backslash, double quote and line feed (exposition format 0.0.4).
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_render_one_line_per_label_set_in_a_stable_order() {
        let counter = Counter::new("t_total", "Things.", &["kind", "outcome"]);
        counter.inc(&["b", "ok"]);
        counter.add(&["a", "ok"], 2);
        counter.inc(&["b", "ok"]);
        let mut out = String::new();
        counter.render(&mut out);
        assert_eq!(
            out,
            "# HELP t_total Things.\n# TYPE t_total counter\n\
             t_total{kind=\"a\",outcome=\"ok\"} 2\n\
             t_total{kind=\"b\",outcome=\"ok\"} 2\n"
        );
    }

    #[test]
    fn histogram_buckets_are_cumulative_and_end_with_inf() {
        let histogram = Histogram::new("t_seconds", "Time.", &["route"], &[0.1, 1.0]);
        histogram.observe(&["/x"], 0.0625);
        histogram.observe(&["/x"], 0.5);
        histogram.observe(&["/x"], 3.0);
        let mut out = String::new();
        histogram.render(&mut out);
        assert!(out.contains("# TYPE t_seconds histogram\n"));
        assert!(out.contains("t_seconds_bucket{route=\"/x\",le=\"0.1\"} 1\n"));
        assert!(out.contains("t_seconds_bucket{route=\"/x\",le=\"1\"} 2\n"));
        assert!(out.contains("t_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"));
        assert!(out.contains("t_seconds_sum{route=\"/x\"} 3.5625\n"));
        assert!(out.contains("t_seconds_count{route=\"/x\"} 3\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        let counter = Counter::new("t_total", "Things.", &["v"]);
        counter.inc(&["a\"b\\c\nd"]);
        let mut out = String::new();
        counter.render(&mut out);
        assert!(out.contains("t_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
    }

    #[test]
    fn gauges_without_labels_render_bare() {
        let mut out = String::new();
        render_gauge(&mut out, "t_age_seconds", "Age.", &[], [(vec![], 1.5)]);
        assert_eq!(
            out,
            "# HELP t_age_seconds Age.\n# TYPE t_age_seconds gauge\nt_age_seconds 1.5\n"
        );
    }
}
