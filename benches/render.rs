//! Targets from DESIGN.md: a frame costs O(visible rows) (10,000 servers within
//! 1.5x of 100, well under 1 ms), and refresh / filter / sort stay interactive
//! with 10,000 rows. Run with `cargo bench --bench render`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scwdash::api::locality::ZoneScope;
use scwdash::app::{Action, State, Tab, update};

use common::{apply_servers, key, loaded};

const FLEETS: [usize; 3] = [100, 1_000, 10_000];
const SIZES: [(u16, u16); 2] = [(160, 48), (80, 24)];

fn resize(state: &mut State, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    update(state, Action::Resize(scwdash::ui::layout::viewport(w, h)));
    Terminal::new(TestBackend::new(w, h)).expect("test terminal")
}

/// One full frame (every pane, the table window and the detail pane of the
/// selected server) for an unchanged state, and a frame after a cursor move
/// (the key-to-screen path).
fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for n in FLEETS {
        let (mut state, _) = loaded(n, ZoneScope::All);
        assert_eq!(state.table(Tab::Servers).total(), n, "all servers loaded");
        for size in SIZES {
            let mut terminal = resize(&mut state, size);
            let label = format!("{}x{}", size.0, size.1);
            group.bench_with_input(BenchmarkId::new(format!("draw/{label}"), n), &n, |b, _| {
                b.iter(|| {
                    terminal
                        .draw(|f| scwdash::ui::render(f, black_box(&state)))
                        .expect("draw");
                })
            });
            let mut down = true;
            group.bench_with_input(
                BenchmarkId::new(format!("key_then_draw/{label}"), n),
                &n,
                |b, _| {
                    b.iter(|| {
                        let code = if down { KeyCode::Down } else { KeyCode::Up };
                        down = !down;
                        update(&mut state, key(code));
                        terminal
                            .draw(|f| scwdash::ui::render(f, black_box(&state)))
                            .expect("draw");
                    })
                },
            );
        }
    }
    group.finish();
}

/// Applying a refresh of the servers (inventory merge, joins, rows, sort), a
/// filter keystroke and a sort change, each on 10,000 rows.
fn table_work(c: &mut Criterion) {
    let mut group = c.benchmark_group("servers_10000");
    let (mut state, batches) = loaded(10_000, ZoneScope::All);
    let _terminal = resize(&mut state, (160, 48));

    let mut next = 1_000_000u64;
    // Every zone's answer, each into its own slot, as one refresh brings them.
    group.bench_function("apply_refresh", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| apply_servers(&mut state, &batches, &mut next))
                .sum()
        })
    });

    group.bench_function("sort_change", |b| {
        b.iter(|| black_box(update(&mut state, key(KeyCode::Char('o')))))
    });

    // The views over the same fleet: the cost view's lines (rankings and
    // leaks) as after a refresh, the topology's rows likewise, and Enter on
    // the first region of the tree (closed then opened: the tree rebuilt).
    group.bench_function("cost_view_rows", |b| {
        b.iter(|| scwdash::app::rebuild_rows(&mut state, Tab::Cost))
    });
    group.bench_function("topology_view_rows", |b| {
        b.iter(|| scwdash::app::rebuild_rows(&mut state, Tab::Topology))
    });
    update(
        &mut state,
        key(KeyCode::Char(char::from(
            b'1' + Tab::Topology.index() as u8,
        ))),
    );
    assert_eq!(state.tab, Tab::Topology);
    group.bench_function("topology_toggle", |b| {
        b.iter(|| black_box(update(&mut state, key(KeyCode::Enter))))
    });
    update(&mut state, key(KeyCode::Char('1')));

    // Typing then erasing one character: each iteration is one keystroke.
    update(&mut state, key(KeyCode::Char('/')));
    let mut typed = false;
    group.bench_function("filter_keystroke", |b| {
        b.iter(|| {
            let code = if typed {
                KeyCode::Backspace
            } else {
                KeyCode::Char('1')
            };
            typed = !typed;
            black_box(update(&mut state, key(code)))
        })
    });
    group.finish();
}

/// Fleet operations: a keystroke in a filter of field terms on 10,000 rows
/// (parsed once, each row tested), and a frame with every server marked
/// (the marker column and the "N marked" header stay O(visible rows)).
fn fleet_work(c: &mut Criterion) {
    let mut group = c.benchmark_group("fleet");
    for n in [100, 10_000] {
        let (mut state, _) = loaded(n, ZoneScope::All);
        let mut terminal = resize(&mut state, (160, 48));
        update(&mut state, key(KeyCode::Char('*')));
        assert_eq!(state.marks.count(Tab::Servers), n, "every server marked");
        group.bench_with_input(BenchmarkId::new("draw_all_marked/160x48", n), &n, |b, _| {
            b.iter(|| {
                terminal
                    .draw(|f| scwdash::ui::render(f, black_box(&state)))
                    .expect("draw");
            })
        });
    }
    let (mut state, _) = loaded(10_000, ZoneScope::All);
    let _terminal = resize(&mut state, (160, 48));
    update(&mut state, key(KeyCode::Char('/')));
    for c in "!tag:nothing state:runnin".chars() {
        update(&mut state, key(KeyCode::Char(c)));
    }
    let mut typed = false;
    // "state:runnin" <-> "state:running": each iteration is one keystroke.
    group.bench_function("filter_terms_keystroke/10000", |b| {
        b.iter(|| {
            let code = if typed {
                KeyCode::Backspace
            } else {
                KeyCode::Char('g')
            };
            typed = !typed;
            black_box(update(&mut state, key(code)))
        })
    });
    group.finish();
}

/// A sort change with a row the user chose (the selection followed into
/// the new order): `O` on 10,000 rows, the cursor moved first.
fn chosen_row_sort(c: &mut Criterion) {
    let mut group = c.benchmark_group("servers_10000");
    let (mut state, _) = loaded(10_000, ZoneScope::All);
    let _terminal = resize(&mut state, (160, 48));
    for _ in 0..20 {
        update(&mut state, key(KeyCode::Down));
    }
    let chosen = state.table(Tab::Servers).selected_id().map(str::to_string);
    group.bench_function("sort_reverse_chosen_row", |b| {
        b.iter(|| black_box(update(&mut state, key(KeyCode::Char('O')))))
    });
    assert_eq!(
        state.table(Tab::Servers).selected_id().map(str::to_string),
        chosen,
        "the chosen row stays selected"
    );
    group.finish();
}

criterion_group!(benches, frames, table_work, chosen_row_sort, fleet_work);
criterion_main!(benches);
