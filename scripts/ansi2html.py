#!/usr/bin/env python3
"""Convert a terminal capture (`tmux capture-pane -e -p`) to a standalone HTML page.

Handles the SGR codes tmux emits: reset, bold, dim, italic, underline,
reverse, the 16 basic colours (30-37, 90-97 and backgrounds), 256 colours
(38;5;N) and truecolour (38;2;R;G;B). Other escape sequences are dropped.
Monospace font on a dark background, one <span> per run of equal style.

Usage: ansi2html.py [--title T] < capture.txt > page.html
"""

import argparse
import html
import re
import sys

# A dark palette close to common terminal defaults (xterm-ish, softened).
BASE16 = [
    "#1e1e1e", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#d0d0d0",
    "#5c6370", "#ff7b86", "#b5e890", "#ffd787", "#82c4ff", "#e09cf0", "#7fd6e0", "#ffffff",
]
DEFAULT_FG = "#d0d0d0"
DEFAULT_BG = "#16181d"

CSI = re.compile(r"\x1b\[([0-9;:?]*)([@-~])")
OTHER_ESC = re.compile(r"\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def color256(n):
    """The xterm 256-colour palette as #rrggbb."""
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        r, g, b = steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
        return f"#{r:02x}{g:02x}{b:02x}"
    v = 8 + (n - 232) * 10
    return f"#{v:02x}{v:02x}{v:02x}"


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.italic = self.underline = self.reverse = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.dim, self.italic, self.underline, self.reverse)

    def css(self):
        fg, bg = self.fg, self.bg
        if self.reverse:
            fg, bg = (bg or DEFAULT_BG), (fg or DEFAULT_FG)
        parts = []
        if fg:
            parts.append(f"color:{fg}")
        if bg:
            parts.append(f"background:{bg}")
        if self.bold:
            parts.append("font-weight:bold")
        if self.dim:
            parts.append("opacity:0.65")
        if self.italic:
            parts.append("font-style:italic")
        if self.underline:
            parts.append("text-decoration:underline")
        return ";".join(parts)

    def apply(self, params):
        codes = [int(p) if p.isdigit() else 0 for p in re.split(r"[;:]", params)] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 3:
                self.italic = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASE16[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASE16[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASE16[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASE16[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                value = None
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    value = color256(codes[i + 2] % 256)
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    r, g, b = (min(v, 255) for v in codes[i + 2 : i + 5])
                    value = f"#{r:02x}{g:02x}{b:02x}"
                    i += 4
                else:
                    i += 1
                if c == 38:
                    self.fg = value
                else:
                    self.bg = value
            i += 1


def convert(text):
    """The HTML body lines for the captured text."""
    text = OTHER_ESC.sub("", text)
    style = Style()
    out = []
    for line in text.split("\n"):
        spans = []
        current_key, current_css, buf = None, "", []

        def flush():
            if buf:
                chunk = html.escape("".join(buf))
                spans.append(f'<span style="{current_css}">{chunk}</span>' if current_css else chunk)
                buf.clear()

        pos = 0
        for m in CSI.finditer(line):
            segment = line[pos : m.start()]
            if segment:
                if style.key() != current_key:
                    flush()
                    current_key, current_css = style.key(), style.css()
                buf.append(segment)
            if m.group(2) == "m":
                style.apply(m.group(1))
            pos = m.end()
        segment = line[pos:]
        if segment:
            if style.key() != current_key:
                flush()
                current_key, current_css = style.key(), style.css()
            buf.append(segment)
        flush()
        out.append("".join(spans))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def page(body, title):
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
html, body {{ margin: 0; background: {DEFAULT_BG}; }}
pre {{ margin: 0; padding: 12px 14px; color: {DEFAULT_FG}; background: {DEFAULT_BG};
  font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 14px;
  line-height: 1.2; white-space: pre; }}
</style></head>
<body><pre>{body}</pre></body></html>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", default="scwdash")
    parser.add_argument(
        "--light",
        action="store_true",
        help="a light terminal (#f5f5f5 background, #1c1c1c text: what the light theme assumes)",
    )
    args = parser.parse_args()
    if args.light:
        global DEFAULT_FG, DEFAULT_BG
        DEFAULT_FG, DEFAULT_BG = "#1c1c1c", "#f5f5f5"
    sys.stdout.write(page(convert(sys.stdin.read()), args.title))


if __name__ == "__main__":
    main()
