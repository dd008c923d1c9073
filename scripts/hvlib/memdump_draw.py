"""The memory report's picture, drawn with matplotlib (Debian's python3-matplotlib).

Top: one band per stage along the physical address axis, a broken axis
(memdump_layout.SEGMENTS), a node strip under each band on a NUMA machine,
zone boundaries dashed.  Middle: the close-up, where the small named ranges
(page 0, the bitmap, the kernel image, page tables) are drawn page by page.
Bottom: the legend and the page counts.

Every drawn range is a rectangle whose gid (`mr<N>`) keys its tooltip, so
memdump_html.add_titles() can give it an SVG `<title>`.
"""

from __future__ import annotations

import dataclasses

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.transforms as mtransforms  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.legend_handler import HandlerTuple  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from . import memdump_layout as ml  # noqa: E402
from .constants import MAX_ORDER  # noqa: E402
from .memdump_parse import STAGES, Memdump  # noqa: E402

# Same SVG ids on every run, so two reports of one log compare equal.
matplotlib.rcParams["svg.hashsalt"] = "handover-memory-report"

# ---- colours: one per reason, gold for the bitmap, greens by order ----
REASON_COLOURS = {
    "page 0": "#8c564b", "kernel code": "#d62728", "kernel rodata": "#ff7f0e",
    "kernel data": "#e377c2", "kernel init": "#7b1fa2", "kernel bss": "#bcbd22",
    "kernel symbols": "#17becf", "page tables": "#1f77b4", "mem_map": "#283593",
    "boot modules": "#6d4c41", "boot loader data": "#f48fb1", "boot module table": "#00897b",
}
# For reasons the kernel grows later: still one colour each, stable by name.
SPARE_COLOURS = ("#c51b7d", "#01665e", "#b35806", "#542788", "#8e0152", "#7f3b08")
KIND_STYLE = {          # kind -> (face colour, hatch, legend label), in legend order
    "bitmap": ("#ffc400", None, "bootmem bitmap"),
    "unnamed": ("#9e9e9e", None, "held / reserved, no reason named"),
    "bootmem-free": ("#fff3c4", None, "free in the boot allocator"),
    "highmem-waiting": ("#d1c4e9", None, "high memory, not yet given to the buddy allocator"),
    "hole": ("#ffffff", "////", "hole (no usable RAM)"),
    "unused": ("#eeeeee", "..", "RAM above max_pfn, not used"),
    "e820:usable": ("#dbe9f6", None, "e820 usable"),
    "e820:reserved": ("#bcaaa4", "xx", "e820 reserved"),
    "e820:ACPI": ("#80cbc4", None, "e820 ACPI data"),
    "e820:NVS": ("#4db6ac", "xx", "e820 ACPI NVS"),
    "e820:unusable": ("#ef9a9a", "xx", "e820 unusable"),
}
NODE_COLOURS = ("#a6cee3", "#fdbf6f", "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99", "#8dd3c7", "#bebada")
GIVEN_BACK_LABEL = "given back since the stage above (dashed outline)"
# Named ranges are labelled in the close-up.  They, holes and e820 entries
# are drawn at least MIN_PX wide in the main picture: the bitmap, the
# kernel's parts, a memmap= hole are a few pages in 4 GiB.
NAMED = ("resv:", "bitmap", "given-back")
KEEP_VISIBLE = NAMED + ("hole", "e820:")
MIN_PX = 3
FIG_WIDTH, DPI, LEFT, RIGHT = 16, 100, 0.12, 0.98
AXIS_PX = FIG_WIDTH * DPI * (RIGHT - LEFT)
GREY = "#424242"


def order_colour(order: int):
    return matplotlib.colormaps["Greens"](0.3 + 0.65 * order / (MAX_ORDER - 1))


def reason_colour(reason: str) -> str:
    if reason in REASON_COLOURS:
        return REASON_COLOURS[reason]
    return SPARE_COLOURS[sum(reason.encode()) % len(SPARE_COLOURS)]


def style(kind: str):
    """(face colour, hatch, legend label) of a kind of range."""
    prefix, _, rest = kind.partition(":")
    if prefix == "resv":
        return reason_colour(rest), None, rest
    if prefix == "free":
        return order_colour(int(rest)), None, f"free, order {rest}"
    if prefix == "node":
        return NODE_COLOURS[int(rest) % len(NODE_COLOURS)], None, f"node {rest}"
    if prefix == "e820" and kind not in KIND_STYLE:
        return "#bdbdbd", "xx", f"e820 type {rest}"
    return KIND_STYLE[kind]


def dark(colour) -> bool:
    """Whether white text reads better than black on this colour."""
    r, g, b = to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.5


class Canvas:
    """Draws ranges as rectangles, each with a gid, and keeps their tooltips."""

    def __init__(self):
        self.titles: dict[str, str] = {}
        self.kinds: dict[str, None] = {}      # in the order first drawn

    def rect(self, ax, x0, x1, y, h, kind, title, min_w=0.0):
        if x1 - x0 < min_w and kind.startswith(KEEP_VISIBLE):
            mid = (x0 + x1) / 2
            x0, x1 = mid - min_w / 2, mid + min_w / 2
        if kind == "given-back":
            patch = Rectangle((x0, y), x1 - x0, h, fill=False, edgecolor="black",
                              linestyle=(0, (2, 1.5)), linewidth=1.2, zorder=3)
        else:
            face, hatch, _ = style(kind)
            patch = Rectangle((x0, y), x1 - x0, h, facecolor=face, hatch=hatch,
                              edgecolor="#bdbdbd" if hatch else "none", linewidth=0, zorder=2)
        gid = f"mr{len(self.titles)}"
        patch.set_gid(gid)
        self.titles[gid] = title
        self.kinds.setdefault(kind)
        ax.add_patch(patch)


def draw_band(canvas, ax, stage, pieces, y, xof, min_w=0.0, label=None):
    """One stage's pieces, painted in order, each tooltip naming the stage."""
    for p in pieces:
        canvas.rect(ax, xof(p.start), xof(p.end), y, 1, p.kind, f"{stage}: {p.title}", min_w)
        if label:
            label(p, y)


def draw_missing(ax, memdump, stage, y):
    """A stage cut short, or absent, says so across its band."""
    cut = memdump.cut_short.get(stage)
    text = f"{stage}: cut short ({cut.why})" if cut else f"{stage}: not in the log"
    ax.add_patch(Rectangle((0, y), 1, 1, facecolor="#fde0dc", hatch="\\\\", edgecolor="#e57373",
                           linewidth=0))
    ax.text(0.5, y + 0.5, text, ha="center", va="center", fontsize=9, color="#b71c1c",
            bbox=dict(facecolor="white", edgecolor="#e57373"))


def draw_nodes(canvas, ax, dump, y, xof):
    for node in dump.nodes:
        x0, x1 = xof(node.start), xof(node.end)
        canvas.rect(ax, x0, x1, y, 0.3, f"node:{node.nid}", f"{dump.stage}: node {node.nid}, "
                    f"{node.present} pages present\n{ml.range_text(node.start, node.end)}")
        ax.text((x0 + x1) / 2, y + 0.15, f"node {node.nid}", ha="center", va="center", fontsize=7)


def stage_ticks(ax, rows, labels):
    ax.set_xlim(0, 1)
    ax.set_yticks([y + 0.5 for y in rows], labels, fontsize=8)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


# ---- the main picture ----

def band_rows(memdump: Memdump):
    """(stage, y of its band, y of its node strip or None), top to bottom."""
    strip = ml.node_count(memdump) > 1
    pitch = 1.0 + (0.35 if strip else 0) + 0.4
    return [(s, i * pitch, i * pitch + 1.05 if strip else None) for i, s in enumerate(STAGES)]


def main_panel(canvas, ax, memdump):
    scale = ml.Scale.broken(ml.axis_end(memdump))
    rows = band_rows(memdump)
    for stage, y, strip in rows:
        dump = memdump.stage(stage)
        if dump is None:
            draw_missing(ax, memdump, stage, y)
            continue
        pieces = ml.stage_pieces(memdump, stage, scale.end) + ml.given_back(memdump, stage)
        draw_band(canvas, ax, stage, pieces, y, scale.x, MIN_PX / AXIS_PX)
        if strip is not None and dump.nodes:
            draw_nodes(canvas, ax, dump, strip, scale.x)
    ax.set_ylim(rows[-1][1] + (1.45 if rows[-1][2] is not None else 1.1), -0.1)
    stage_ticks(ax, [y for _, y, _ in rows], [f"{s}\n{ml.STAGE_TITLES[s]}" for s, _, _ in rows])
    ticks = scale.ticks()
    ax.set_xticks([scale.x(p) for p, _ in ticks], [label for _, label in ticks], fontsize=8)
    ax.set_xlabel("physical address (a broken axis: each stretch has a fixed share of the width)",
                  fontsize=8)
    zone_marks(ax, memdump, scale)
    break_marks(ax, scale)


def zone_marks(ax, memdump, scale):
    """Dashed lines where zones start (dotted at 4 GiB), zone names above."""
    top = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    bounds = ml.zone_bounds(memdump)
    ends = [p for p, _ in bounds[1:]] + [max(d.limits.max_pfn for d in memdump.dumps.values())]
    for (start, name), stop in zip(bounds, ends):
        if start > 0:
            ax.axvline(scale.x(start), color=GREY, linestyle="--", linewidth=0.8, zorder=4)
        if stop > start:
            ax.text((scale.x(start) + scale.x(stop)) / 2, 1.01, f"ZONE_{name.upper()}",
                    transform=top, ha="center", va="bottom", fontsize=8, color=GREY)
    if scale.end > 4 * ml.GIB:
        ax.axvline(scale.x(4 * ml.GIB), color=GREY, linestyle=":", linewidth=0.8, zorder=4)
        ax.text(scale.x(4 * ml.GIB), 1.01, " 4 GiB", transform=top, ha="left", va="bottom",
                fontsize=8, color=GREY)


def break_marks(ax, scale):
    """A // on the x axis where the axis changes pace or jumps."""
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for x in scale.breaks():
        for dx in (-0.003, 0.003):
            ax.plot([x + dx - 0.002, x + dx + 0.002], [-0.015, 0.015], transform=trans,
                    color="black", linewidth=1, clip_on=False, zorder=5)


# ---- the close-up ----

def closeup_label(ax, p, y, scale, px_per_page):
    """A named range's name, written in where it fits."""
    if not p.kind.startswith(NAMED):
        return
    text = p.title.split("\n")[0].split(": ")[-1].replace("kernel ", "")
    text = "bitmap" if "bitmap" in text else text
    if (p.end - p.start) * px_per_page < 6.5 * len(text) + 4:
        return
    face = "white" if p.kind == "given-back" else style(p.kind)[0]
    ax.text(scale.x((p.start + p.end) / 2), y + (0.8 if p.kind == "given-back" else 0.5), text,
            ha="center", va="center", fontsize=7, color="white" if dark(face) else "black", zorder=6)


def closeup_ticks(ax, windows, scale, px_per_page):
    """pfn ticks in each window, at a power-of-two step some 50 px apart."""
    step = 1 << max(0, int(50 / px_per_page)).bit_length()
    ticks = [p for lo, hi in windows for p in range(-(-lo // step) * step, hi + 1, step)]
    ax.set_xticks([scale.x(p) for p in ticks], [f"{p:#x}" for p in ticks], fontsize=7)


def clip(pieces, windows):
    """The pieces cut to each window (tooltips still tell the whole range)."""
    return [dataclasses.replace(p, start=max(p.start, lo), end=min(p.end, hi))
            for lo, hi in windows for p in pieces if p.end > lo and p.start < hi]


def closeup_panel(canvas, ax, memdump, windows):
    """The small named ranges page by page, every window at one pace."""
    scale = ml.Scale.windows(windows)
    lo, hi, x0, x1 = scale.pieces[0]
    px_per_page = AXIS_PX * (x1 - x0) / (hi - lo)
    end = ml.axis_end(memdump)
    rows = [(s, i * 1.3) for i, s in enumerate(STAGES)]
    for stage, y in rows:
        if memdump.stage(stage) is None:
            draw_missing(ax, memdump, stage, y)
            continue
        pieces = ml.stage_pieces(memdump, stage, end) + ml.given_back(memdump, stage)
        draw_band(canvas, ax, stage, clip(pieces, windows), y, scale.x,
                  label=lambda p, y: closeup_label(ax, p, y, scale, px_per_page))
    ax.set_ylim(rows[-1][1] + 1.1, -0.1)
    stage_ticks(ax, [y for _, y in rows], [s for s, _ in rows])
    closeup_ticks(ax, windows, scale, px_per_page)
    break_marks(ax, scale)
    ax.set_xlabel(f"pfn (1 page = {px_per_page:.1f} px; // marks a jump)", fontsize=8)
    ax.set_title("close-up, page by page: the small reservations (page 0, the bootmem bitmap, "
                 "page tables, the kernel image at 1 MiB...) and holes punched in RAM",
                 fontsize=9, loc="left")


# ---- legend and counts ----

def legend_entries(kinds):
    """(handle, label): reasons in address order, then the rest; the free
    orders share one entry, a strip of their ten greens."""
    def patch(kind):
        face, hatch, _ = style(kind)
        return Patch(facecolor=face, hatch=hatch, edgecolor="#9e9e9e", linewidth=0.5)

    first = [k for k in kinds if k.startswith("resv:")] + [k for k in ("bitmap", "unnamed") if k in kinds]
    rest = [k for k in KIND_STYLE if k in kinds and k not in first] + \
           [k for k in kinds if k.startswith("e820:") and k not in KIND_STYLE]
    entries = [(patch(k), style(k)[2]) for k in first]
    if any(k.startswith("free:") for k in kinds):
        entries.append((tuple(patch(f"free:{o}") for o in range(MAX_ORDER)),
                        f"free blocks, order 0 (4 KiB) to {MAX_ORDER - 1} "
                        f"({ml.size_text(1 << (MAX_ORDER - 1))})"))
    entries += [(patch(k), style(k)[2]) for k in rest]
    if "given-back" in kinds:
        entries.append((Patch(fill=False, edgecolor="black", linestyle="--"), GIVEN_BACK_LABEL))
    return entries


def legend_panel(ax, kinds):
    ax.axis("off")
    handles, labels = zip(*legend_entries(kinds))
    ax.legend(handles, labels, loc="upper left", ncol=2, fontsize=8, frameon=False,
              handler_map={tuple: HandlerTuple(ndivide=None, pad=0)}, handlelength=4,
              title="colours", title_fontsize=9, alignment="left")


def counts_panel(ax, rows):
    ax.axis("off")
    table = ax.table(cellText=[r[1:] for r in rows], rowLabels=[r[0] for r in rows],
                     colLabels=ml.COUNT_COLUMNS[1:], loc="upper center", cellLoc="right")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.scale(1, 1.3)
    ax.set_title("pages per stage", fontsize=9, loc="left")


def draw(memdump: Memdump, rows, title: str):
    """(the figure, its tooltips by gid)."""
    windows = ml.closeup_windows(memdump)
    heights = [5.2 if ml.node_count(memdump) > 1 else 4.2] + ([3.0] if windows else []) + [2.6]
    fig = plt.figure(figsize=(FIG_WIDTH, sum(heights) + 1.0), dpi=DPI)
    grid = fig.add_gridspec(len(heights), 2, height_ratios=heights, width_ratios=[1.25, 1],
                            left=LEFT, right=RIGHT, top=0.93, bottom=0.03, hspace=0.45)
    canvas = Canvas()
    main_panel(canvas, fig.add_subplot(grid[0, :]), memdump)
    if windows:
        closeup_panel(canvas, fig.add_subplot(grid[1, :]), memdump, windows)
    legend_panel(fig.add_subplot(grid[-1, 0]), canvas.kinds)
    counts_panel(fig.add_subplot(grid[-1, 1]), rows)
    fig.suptitle(title, fontsize=12, x=LEFT, ha="left")
    return fig, canvas.titles
