//! The cost and topology views and "used by" on the demo fleet, through the
//! real executor and the simulator: Enter (and `L` in the tree) goes to the
//! resource a line names, in its tab; `u` lists what uses a group and goes
//! there. The screens are snapshots, read before they were accepted.

use crossterm::event::KeyCode;
use scwdash::api::locality::{Zone, ZoneScope};
use scwdash::app::{Mode, Tab};

use crate::demo_screens::{Demo, code, key, masked};
use crate::screen_common::screen;

/// The tab key of `tab` (`6` for the seventh... the n-th entry).
fn tab_key(tab: Tab) -> char {
    char::from(b'1' + tab.index() as u8)
}

fn selected_name(demo: &Demo) -> Option<String> {
    demo.state
        .current()
        .selected()
        .map(|r| r.name().into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_on_a_cost_line_goes_to_what_it_names() {
    let mut demo = Demo::loaded(ZoneScope::All).await;
    demo.press(key(tab_key(Tab::Cost))).await;
    assert_eq!(demo.state.tab, Tab::Cost);
    // The leaks, at the end: every kind with its month.
    demo.press(key('G')).await;
    insta::assert_snapshot!(
        "cost_leaks_160x48",
        masked(&screen(&mut demo.state, 160, 48))
    );
    // A volume attached to nothing: Enter shows it in the volumes tab.
    demo.filter_to("backup-2025").await;
    assert_eq!(selected_name(&demo).as_deref(), Some("backup-2025"));
    demo.press(code(KeyCode::Enter)).await;
    assert_eq!(demo.state.tab, Tab::Volumes);
    assert_eq!(selected_name(&demo).as_deref(), Some("backup-2025"));
    // A server line: Enter shows the server.
    demo.press(key(tab_key(Tab::Cost))).await;
    demo.press(code(KeyCode::Esc)).await;
    demo.filter_to("gpu-trainer").await;
    demo.press(code(KeyCode::Enter)).await;
    assert_eq!(demo.state.tab, Tab::Servers);
    assert_eq!(selected_name(&demo).as_deref(), Some("gpu-trainer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tree_opens_closes_and_goes_to_its_nodes() {
    let mut demo = Demo::loaded(ZoneScope::One(Zone::FrPar1)).await;
    demo.press(key(tab_key(Tab::Topology))).await;
    assert_eq!(demo.state.tab, Tab::Topology);
    // The filter keeps the path to a match: region, VPC, network, server.
    demo.filter_to("web-1").await;
    let shown = demo.state.current().shown();
    assert!(shown >= 4, "region, VPC, network and server: {shown}");
    demo.press(key('G')).await;
    assert_eq!(selected_name(&demo).as_deref(), Some("web-1"));
    // l opens the server: its volume and group appear under it.
    demo.press(key('l')).await;
    let screen_text = masked(&screen(&mut demo.state, 80, 24));
    insta::assert_snapshot!("topology_web_1_open_80x24", screen_text);
    assert!(screen_text.contains("web-1-root"), "{screen_text}");
    // l again: into it; h: back to the server; h: closed again.
    demo.press(key('l')).await;
    assert_eq!(selected_name(&demo).as_deref(), Some("web-1-root"));
    demo.press(key('h')).await;
    assert_eq!(selected_name(&demo).as_deref(), Some("web-1"));
    demo.press(key('h')).await;
    let names = |demo: &Demo| -> Vec<String> {
        demo.state
            .current()
            .rows()
            .map(|r| r.name().into_owned())
            .collect()
    };
    assert!(!names(&demo).contains(&"web-1-root".to_string()));
    // Enter on a leaf goes to it: the volume, in the volumes tab.
    demo.press(key('l')).await;
    demo.press(key('l')).await;
    demo.press(code(KeyCode::Enter)).await;
    assert_eq!(demo.state.tab, Tab::Volumes);
    assert_eq!(selected_name(&demo).as_deref(), Some("web-1-root"));
    // L on a branch goes to it too: the server.
    demo.press(key(tab_key(Tab::Topology))).await;
    demo.press(code(KeyCode::Esc)).await;
    demo.filter_to("web-1").await;
    demo.press(key('G')).await;
    demo.press(key('h')).await;
    assert_eq!(selected_name(&demo).as_deref(), Some("web-1"));
    demo.press(key('L')).await;
    assert_eq!(demo.state.tab, Tab::Servers);
    assert_eq!(selected_name(&demo).as_deref(), Some("web-1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_orphan_of_the_tree_goes_to_its_tab() {
    let mut demo = Demo::loaded(ZoneScope::All).await;
    demo.press(key(tab_key(Tab::Topology))).await;
    // The orphans' branch is last: the network nothing is attached to.
    demo.filter_to("sandbox").await;
    demo.press(key('G')).await;
    assert_eq!(selected_name(&demo).as_deref(), Some("sandbox"));
    insta::assert_snapshot!(
        "topology_sandbox_160x48",
        masked(&screen(&mut demo.state, 160, 48))
    );
    demo.press(code(KeyCode::Enter)).await;
    assert_eq!(demo.state.tab, Tab::PrivateNetworks);
    assert_eq!(selected_name(&demo).as_deref(), Some("sandbox"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn used_by_lists_a_groups_servers_and_goes_to_one() {
    let mut demo = Demo::loaded(ZoneScope::One(Zone::FrPar1)).await;
    demo.press(key(tab_key(Tab::SecurityGroups))).await;
    demo.filter_to("web").await;
    assert_eq!(selected_name(&demo).as_deref(), Some("web"));
    demo.press(key('u')).await;
    let Mode::UsedBy(menu) = &demo.state.mode else {
        panic!("no used-by menu: {:?}", demo.state.mode);
    };
    let names: Vec<&str> = menu.users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["api-gateway", "web-1", "web-2"]);
    insta::assert_snapshot!(
        "used_by_web_80x24",
        masked(&screen(&mut demo.state, 80, 24))
    );
    demo.press(key('j')).await;
    demo.press(code(KeyCode::Enter)).await;
    assert_eq!(demo.state.mode, Mode::Normal);
    assert_eq!(demo.state.tab, Tab::Servers);
    assert_eq!(selected_name(&demo).as_deref(), Some("web-1"));
    // A volume nothing uses says so instead of an empty menu.
    demo.press(key(tab_key(Tab::Volumes))).await;
    demo.press(code(KeyCode::Esc)).await;
    demo.filter_to("backup-2025").await;
    demo.press(key('u')).await;
    assert_eq!(demo.state.mode, Mode::Normal);
    let said = demo.state.status.last_action.clone().map(|(m, _)| m);
    assert_eq!(said.as_deref(), Some("nothing uses volume backup-2025"));
}
