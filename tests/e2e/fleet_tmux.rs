//! The morning routine on the real binary in tmux, as a user types it:
//! `/tag:staging` Enter `*` `p`, power on, `y`; the stopped staging server
//! comes up (its row shows the transition), the running one is left alone,
//! the status line gives the result, and the terminal is restored.

use super::e2e_tmux::{row, start_demo, tmux_available};

#[test]
fn morning_routine_powers_on_the_staging_fleet() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed (CI installs it in .ci/run)");
        return;
    }
    let s = start_demo(120, 40);
    // The demo's staging servers live in fr-par-2.
    s.text("]");
    s.wait_for("fr-par-2 servers", |screen| {
        row(screen, "staging-db").is_some_and(|l| l.contains("stopped"))
            && row(screen, "staging-web").is_some_and(|l| l.contains("running"))
    });
    s.text("/tag:staging");
    s.keys(&["Enter"]);
    // The filter kept (Enter): only the staging rows.
    s.wait_for("only staging rows", |screen| {
        screen.contains("filter:tag:staging")
            && row(screen, "staging-db").is_some()
            && row(screen, "gpu-trainer").is_none()
    });
    s.text("*");
    s.wait_text("2 marked");
    s.text("p");
    s.wait_text("Power on (1 of 2)");
    s.keys(&["Enter"]);
    let screen = s.wait_text("Power on 1 server?");
    assert!(screen.contains("Skipped: 1 already running"), "{screen}");
    s.text("y");
    // The result as soon as the API took the request (all done: a line on
    // the status bar, no report), while the row shows its own transition.
    s.wait_for("the result and staging-db starting", |screen| {
        screen.contains("Power on 1 server: 1 done")
            && row(screen, "staging-db").is_some_and(|l| l.contains("starting"))
    });
    let screen = s.wait_for("staging-db running", |screen| {
        row(screen, "staging-db").is_some_and(|l| l.contains("running") && !l.contains('…'))
    });
    assert!(
        row(&screen, "staging-web").is_some_and(|l| l.contains("running")),
        "{screen}"
    );
    assert!(
        !screen.contains("marked"),
        "the run took the marks: {screen}"
    );
    s.text("q");
    assert_eq!(s.assert_restored(), 0, "stderr: {}", s.stderr());
}
