//! The dashboard drawn into a TestBackend and read back as text: what a user
//! reads, one line per terminal row (trailing blanks trimmed). Shared by the
//! snapshot tests (tests/ui) and the in-process flows (tests/flows).

use ratatui::{Terminal, backend::TestBackend};
use scwdash::app::{self, Action, State};

/// Resizes the state to `w`x`h` (as the event loop does) and draws one frame.
pub fn screen(state: &mut State, w: u16, h: u16) -> String {
    let _ = app::update(state, Action::Resize(scwdash::ui::layout::viewport(w, h)));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| scwdash::ui::render(f, state)).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
