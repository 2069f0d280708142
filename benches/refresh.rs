//! Large fleets against the in-process simulator (no added latency): the
//! applying of an unchanged 10,000-server refresh as the real client brings
//! it, a full servers refresh (fetch of every page + `update`) with 10,000
//! servers spread over the zones and with 10,000 in one zone, and a key press
//! + frame while refreshes run back to back. Run with `cargo bench --bench refresh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::app::{Action, Locality, RequestId, Tab, update};
use scwdash::exec;

use common::{Live, key, live};

/// Fetch + apply of the servers tab, as one auto-refresh does it.
fn refresh(c: &mut Criterion, name: &str, mut l: Live) {
    let mut group = c.benchmark_group("refresh_10000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    assert_eq!(l.state.table(Tab::Servers).total(), 10_000);
    let mut next = 1_000_000u64;
    // As in the app: each refresh reuses what the previous one decoded.
    let reuse = exec::Reuse::default();
    // Each zone fetched and applied into its own slot, as the app does.
    let slots: Vec<Locality> = l.batches.iter().map(|(at, _)| *at).collect();
    group.bench_function(name, |b| {
        b.iter(|| {
            for at in &slots {
                next += 1;
                let request = RequestId(next);
                l.state.fetches.start(Tab::Servers, *at, request, None);
                let (batch, errors) =
                    l.rt.block_on(exec::fetch_at(&l.client, Tab::Servers, *at, &reuse))
                        .expect("servers have an API");
                assert!(errors.is_empty(), "{errors:?}");
                black_box(update(
                    &mut l.state,
                    Action::Fetched {
                        request,
                        batch,
                        errors,
                    },
                ));
            }
        })
    });
    group.finish();
    let _guard = l.rt.enter();
    l.sim.shutdown();
}

/// What an unchanged refresh costs the UI thread: every zone of a
/// 10,000-server fleet fetched by the real client (reusing what the last
/// fetch decoded, as the executor does), then each answer applied with
/// `update`; only the applying is timed (the fetches run on the runtime,
/// never on the UI thread).
fn apply_unchanged(c: &mut Criterion) {
    let mut l = live(10_000, ZoneScope::All);
    let slots: Vec<Locality> = l.batches.iter().map(|(at, _)| *at).collect();
    let reuse = exec::Reuse::default();
    let mut next = 2_000_000u64;
    let fetch_all = |l: &mut Live| -> Vec<(Locality, scwdash::app::Batch)> {
        slots
            .iter()
            .map(|at| {
                let (batch, errors) =
                    l.rt.block_on(exec::fetch_at(&l.client, Tab::Servers, *at, &reuse))
                        .expect("servers have an API");
                assert!(errors.is_empty(), "{errors:?}");
                (*at, batch)
            })
            .collect()
    };
    // Once, so that the next fetches reuse what this one decoded.
    let first = fetch_all(&mut l);
    common::apply_servers(&mut l.state, &first, &mut next);
    let mut group = c.benchmark_group("refresh_10000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("apply_unchanged", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let batches = fetch_all(&mut l);
                    common::apply_servers(&mut l.state, &batches, &mut next)
                })
                .sum()
        })
    });
    group.finish();
    let _guard = l.rt.enter();
    l.sim.shutdown();
}

fn all_zones(c: &mut Criterion) {
    refresh(c, "all_zones", live(10_000, ZoneScope::All));
}

/// The generated fleet deals servers round-robin over the 9 zones: 90,000
/// servers put 10,000 in fr-par-1.
fn one_zone(c: &mut Criterion) {
    let scope = ZoneScope::One(Zone::FrPar1);
    refresh(c, "one_zone", live(90_000, scope));
}

/// A key press and the next frame while servers refreshes of 10,000 run back
/// to back on the runtime (as spawned tasks, like the executor's): the
/// keystroke path never waits for the network.
fn key_during_refresh(c: &mut Criterion) {
    let mut l = live(10_000, ZoneScope::All);
    update(
        &mut l.state,
        Action::Resize(scwdash::ui::layout::viewport(160, 48)),
    );
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let stop = Arc::new(AtomicBool::new(false));
    let fetched = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let background = {
        let (client, stop, fetched) = (l.client.clone(), stop.clone(), fetched.clone());
        l.rt.spawn(async move {
            let reuse = exec::Reuse::default();
            while !stop.load(Ordering::Relaxed) {
                let (batch, _) = exec::fetch(&client, Tab::Servers, ZoneScope::All, &reuse)
                    .await
                    .expect("servers have an API");
                fetched.fetch_add(batch.len(), Ordering::Relaxed);
            }
        })
    };
    let mut group = c.benchmark_group("key_during_refresh");
    let mut down = true;
    let started = Instant::now();
    group.bench_function("key_then_draw_160x48", |b| {
        b.iter(|| {
            let code = if down { KeyCode::Down } else { KeyCode::Up };
            down = !down;
            update(&mut l.state, key(code));
            terminal
                .draw(|f| scwdash::ui::render(f, black_box(&l.state)))
                .expect("draw");
        })
    });
    group.finish();
    stop.store(true, Ordering::Relaxed);
    l.rt.block_on(background).expect("background refreshes");
    let n = fetched.load(Ordering::Relaxed);
    assert!(n > 0, "refreshes ran during the measurement");
    println!(
        "key_during_refresh: {} servers fetched in the background over {:.1} s",
        n,
        started.elapsed().as_secs_f64()
    );
    let _guard = l.rt.enter();
    l.sim.shutdown();
}

criterion_group!(
    benches,
    apply_unchanged,
    all_zones,
    one_zone,
    key_during_refresh
);
criterion_main!(benches);
