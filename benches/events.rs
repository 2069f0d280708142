//! What changed, with 10,000 servers (the simulator's generated fleet over
//! every zone): the diff of a refresh when the models are the same `Arc`s
//! (the executor reuses what it decoded), equal copies, or copies with 100
//! servers changed; the "while away" comparison of a zone with the last
//! run's snapshot (facts made and compared); the snapshot built and
//! serialised; a save's source keeping the last run's slices, shared and
//! copied; and, in the same run for the ratio, applying a refresh of the
//! same fleet. Run with `cargo bench --bench events`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use scwdash::api::id_map::IdMap;
use scwdash::api::locality::ZoneScope;
use scwdash::api::models::{ServerState, ServerSummary};
use scwdash::app::events::diff::{diff_facts, diff_models};
use scwdash::app::events::snapshot::{Slice, Source, file_of, slices_of};
use scwdash::app::events::{Shared, Tracked};
use scwdash::app::{Locality, Tab};

use common::{apply_servers, live};

type Servers = IdMap<ServerSummary>;

fn events(c: &mut Criterion) {
    let mut l = live(10_000, ZoneScope::All);
    let before: Servers = (*l.state.inventory.servers).clone();
    assert_eq!(before.len(), 10_000);
    let zones: Vec<Locality> = l.batches.iter().map(|(at, _)| *at).collect();
    let all = |at: Option<Locality>| at.is_some_and(|at| zones.contains(&at));
    let same: Servers = before.clone();
    let copies: Servers = before.values().map(|v| Arc::new((**v).clone())).collect();
    let mut changed = copies.clone();
    let first: Vec<Arc<ServerSummary>> = changed.values().take(100).cloned().collect();
    for (n, s) in first.into_iter().enumerate() {
        let mut s2 = (*s).clone();
        s2.state = if s2.state == ServerState::Running {
            ServerState::Stopping
        } else {
            ServerState::Starting
        };
        s2.name = format!("{}-{n}", s2.name).into();
        changed.insert(Arc::new(s2));
    }
    assert_eq!(diff_models(&before, &changed, all).len(), 100);

    let mut group = c.benchmark_group("events_10000");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("diff_same_arcs", |b| {
        b.iter(|| black_box(diff_models(&before, &same, all)))
    });
    group.bench_function("diff_equal_copies", |b| {
        b.iter(|| black_box(diff_models(&before, &copies, all)))
    });
    group.bench_function("diff_100_changed", |b| {
        b.iter(|| black_box(diff_models(&before, &changed, all)))
    });
    // While away: one zone's first answer against the snapshot's facts.
    let zone = zones[0];
    let shared: Shared = Arc::new(before.clone());
    let old = slices_of(&shared, Tab::Servers, &[zone], 0).pop().unwrap();
    let changed_shared: Shared = Arc::new(changed.clone());
    group.bench_function("while_away_one_zone", |b| {
        b.iter(|| {
            let new = slices_of(&changed_shared, Tab::Servers, &[zone], 0)
                .pop()
                .unwrap();
            black_box(diff_facts(&old.facts, &new.facts, Some(zone)))
        })
    });
    group.bench_function("while_away_all_zones", |b| {
        b.iter(|| {
            for at in &zones {
                let old = slices_of(&shared, Tab::Servers, &[*at], 0).pop().unwrap();
                let new = slices_of(&changed_shared, Tab::Servers, &[*at], 0)
                    .pop()
                    .unwrap();
                black_box(diff_facts(&old.facts, &new.facts, Some(*at)));
            }
        })
    });
    let source = Source {
        key: "bench".into(),
        models: vec![(Tab::Servers, shared.clone())],
        complete: zones.iter().map(|at| (Tab::Servers, *at)).collect(),
        left: Vec::new(),
        kept: Vec::new(),
        rules: Default::default(),
        kept_rules: Vec::new(),
    };
    let bytes = serde_json::to_vec(&file_of(&source, 0)).unwrap().len();
    println!("snapshot of 10,000 servers: {bytes} bytes");
    // Serialized as the file is written: streamed, facts made one by one.
    group.bench_function("snapshot_build_and_serialise", |b| {
        b.iter(|| serde_json::to_writer(std::io::sink(), &file_of(&source, 0)).unwrap())
    });
    // A save's source when the last run's snapshot holds zones this run has
    // not seen yet (here every zone of the fleet): their slices shared, as a
    // save takes them now, or copied fact by fact, as every save did before.
    let kept: Vec<Arc<Slice>> = slices_of(&shared, Tab::Servers, &zones, 0)
        .into_iter()
        .map(Arc::new)
        .collect();
    group.bench_function("save_source_kept_shared", |b| {
        b.iter(|| black_box(kept.to_vec()))
    });
    group.bench_function("save_source_kept_copied", |b| {
        b.iter(|| {
            let copied: Vec<Arc<Slice>> = kept.iter().map(|s| Arc::new((**s).clone())).collect();
            black_box(copied)
        })
    });
    // The refresh the diff rides on: every zone's answer applied (equal
    // copies, so the rows are rebuilt), diff included.
    let mut next = 1_000_000u64;
    let batches: Vec<_> = l
        .batches
        .iter()
        .map(|(at, batch)| {
            let copied = match batch {
                scwdash::app::Batch::Servers(v) => scwdash::app::Batch::Servers(
                    v.iter().map(|s| Arc::new((**s).clone())).collect(),
                ),
                other => other.clone(),
            };
            (*at, copied)
        })
        .collect();
    group.bench_function("refresh_apply_equal_copies", |b| {
        b.iter(|| black_box(apply_servers(&mut l.state, &batches, &mut next)))
    });
    group.finish();
    // The facts of a server, for the record.
    black_box(before.values().next().map(|s| s.fact()));
    let _guard = l.rt.enter();
    l.sim.shutdown();
}

criterion_group!(benches, events);
criterion_main!(benches);
