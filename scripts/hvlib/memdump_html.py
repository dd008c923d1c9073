"""The memory report's web page: the picture's SVG, inline, with a tooltip
on every drawn range, and the table of page counts.

The tooltips are the SVG's own `<title>` elements, which every browser
shows on hover: no script.  matplotlib's SVG backend wraps an artist
whose gid is set in `<g id="gid">`; add_titles() puts a `<title>` first in
each such group.  Standard library only, so `make test` checks it.
"""

from __future__ import annotations

import html
import re

from .memdump_layout import COUNT_COLUMNS


def add_titles(svg: str, titles: dict[str, str]) -> str:
    """The SVG with titles[gid] as the tooltip of the group `<g id="gid">`."""
    def title(m: re.Match) -> str:
        text = titles.get(m.group(2))
        return m.group(0) if text is None else f"{m.group(0)}\n  <title>{html.escape(text)}</title>"
    return re.sub(r'(<g id="([^"]+)"[^>]*>)', title, svg)


def inline_svg(svg: str) -> str:
    """An SVG file's text as an element to put in HTML: no XML prolog, no DOCTYPE."""
    return re.sub(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", "", svg, count=1)


def counts_html(rows) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COUNT_COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>\n"
                   for row in rows)
    return f'<table class="counts">\n<tr>{head}</tr>\n{body}</table>'


STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
.warn { background: #fde0dc; border-left: 4px solid #c62828; padding: .4em .8em; }
.figure svg { max-width: 100%; height: auto; }
.figure g[id^="mr"]:hover path { stroke: #000; stroke-width: 1.5; }
table.counts { border-collapse: collapse; }
table.counts td, table.counts th { border: 1px solid #bbb; padding: .2em .6em; text-align: right; }
table.counts td:first-child, table.counts th:first-child { text-align: left; }
"""

GUIDE = """<p>One band per stage of boot, along the physical address axis (a broken
axis: the first MiB, ZONE_DMA, the rest of low memory, high memory and what
lies above 4 GiB each get a fixed share of the width).  Follow, from band to
band: the kernel image at 1 MiB; the bootmem bitmap (gold) held at setup_arch
and free after mem_init (dashed outline: given back); the <em>kernel init</em>
pages reserved at mem_init and free at free_initmem; high memory, waiting at
setup_arch (lavender) and free blocks after mem_init (greens: darker is a
larger order).  The close-up under the main picture shows the small
reservations page by page.  Hover over a range for its pfns, size, and
reason or order.</p>"""


def page(title: str, facts: list[str], warnings: list[str], svg: str, rows) -> str:
    """The whole page, self-contained: style, text, SVG and table inline."""
    facts_html = "".join(f"<li>{html.escape(f)}</li>" for f in facts)
    warn_html = "".join(f'<p class="warn">{html.escape(w)}</p>\n' for w in warnings)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<ul>{facts_html}</ul>
{warn_html}{GUIDE}
<div class="figure">
{inline_svg(svg)}
</div>
<h2>Page counts</h2>
<p>From each dump's <code>count</code> record where it has one; counted from
its ranges otherwise (and beside the record's number when the two differ).
RAM is every whole page of a usable e820 entry below max_pfn; "held by
bootmem" counts the RAM pages the boot allocator holds at setup_arch (its
bitmap marks the holes in low memory as held too).</p>
{counts_html(rows)}
</body>
</html>
"""
