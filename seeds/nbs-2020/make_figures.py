"""Draw the two figures of the nbs-2020 sample from the figures written below.

    python seeds/nbs-2020/make_figures.py

writes gdp.png (图1, chart) and industries.png (图2, schematic) beside this script.
Needs matplotlib (with numpy and Pillow) and Debian's fonts-noto-cjk (Noto Sans CJK SC, SIL OFL 1.1).
The output is deterministic: fixed sizes, fixed fonts, no timestamp or version in the PNG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle  # noqa: E402
from PIL import Image  # noqa: E402

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")
FAMILY = "Noto Sans CJK SC"

# 160 mm wide in print; 2400 px is 381 ppi at that width.
WIDTH_IN = 8.0
DPI = 300

# 图1: GDP (亿元, current prices) and real growth (%), as in the communiqué's chart.
YEARS = (2016, 2017, 2018, 2019, 2020)
GDP = (746395, 832036, 919281, 986515, 1015986)
GROWTH = (6.8, 6.9, 6.7, 6.0, 2.3)

# 图2: value added of the three industries in 2020 (亿元) and shares of GDP (%).
INDUSTRIES = (
    (
        "第一产业",
        "Primary industry",
        "农、林、牧、渔业",
        "Agriculture, forestry,\nanimal husbandry, fishery",
        77754,
        7.7,
    ),
    ("第二产业", "Secondary industry", "工业和建筑业", "Industry and\nconstruction", 384255, 37.8),
    ("第三产业", "Tertiary industry", "服务业", "Services", 553977, 54.5),
)
GDP_2020 = 1015986

BLUE = "#1f4e79"
LIGHT_BLUE = "#9dc3e6"
RED = "#c0392b"
GREY = "#595959"
COLOURS = ("#6aa84f", "#2e75b6", "#e69138")


def setup_fonts() -> None:
    for name in FONT_FILES:
        path = FONT_DIR / name
        if not path.exists():
            raise SystemExit(f"{path} is missing: apt-get install fonts-noto-cjk")
        font_manager.fontManager.addfont(str(path))
    plt.rcParams.update(
        {
            "font.family": FAMILY,
            "font.size": 11,
            "axes.unicode_minus": False,
            "svg.hashsalt": "nbs-2020",
        }
    )


def save(fig: plt.Figure, name: str) -> None:
    """Opaque RGB PNG (print needs no alpha channel), 300 ppi recorded, no metadata text."""
    fig.set_dpi(DPI)
    fig.set_facecolor("white")
    fig.canvas.draw()
    image = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
    plt.close(fig)
    image.save(HERE / name, format="PNG", dpi=(DPI, DPI), optimize=True)


def draw_gdp() -> None:
    """图1: bars of GDP with their values, a line of growth rates on the right axis."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.5))
    fig.subplots_adjust(left=0.11, right=0.90, top=0.84, bottom=0.10)
    xs = range(len(YEARS))
    bars = ax.bar(xs, GDP, width=0.55, color=LIGHT_BLUE, edgecolor=BLUE, linewidth=0.8, zorder=2)
    for bar, value in zip(bars, GDP, strict=True):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            value * 0.5,
            f"{value}",
            ha="center",
            va="center",
            fontsize=10,
            color=BLUE,
            rotation=90,
        )
    ax.set_xticks(list(xs), [str(y) for y in YEARS])
    ax.set_ylim(0, 1200000)
    ax.set_yticks(range(0, 1200001, 200000))
    ax.set_yticklabels([f"{v}" for v in range(0, 1200001, 200000)], fontsize=9)
    ax.set_ylabel("亿元  100 million yuan", color=GREY)
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    ax2 = ax.twinx()
    ax2.plot(xs, GROWTH, color=RED, marker="o", markersize=6, linewidth=2, zorder=3)
    for x, g in zip(xs, GROWTH, strict=True):
        ax2.annotate(
            f"{g:.1f}",
            (x, g),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            color=RED,
            fontsize=10,
        )
    ax2.set_ylim(0, 10)
    ax2.set_yticks(range(0, 11, 2))
    ax2.tick_params(axis="y", labelsize=9)
    ax2.set_ylabel("%", color=GREY, rotation=0, labelpad=12)
    ax2.spines["top"].set_visible(False)

    handles = [
        Rectangle((0, 0), 1, 1, facecolor=LIGHT_BLUE, edgecolor=BLUE),
        plt.Line2D([0], [0], color=RED, marker="o", linewidth=2),
    ]
    labels = [
        "国内生产总值（亿元）  GDP (100 million yuan)",
        "比上年增长（%）  Growth over previous year (%)",
    ]
    fig.legend(
        handles,
        labels,
        loc="upper center",
        ncol=2,
        frameon=False,
        fontsize=9.5,
        bbox_to_anchor=(0.5, 0.98),
    )
    save(fig, "gdp.png")


def icon_field(ax: plt.Axes, cx: float, cy: float, colour: str) -> None:
    """Furrows and ears of grain."""
    for i in range(4):
        y = cy - 0.55 + i * 0.12
        ax.plot(
            [cx - 0.7 + i * 0.08, cx + 0.7 - i * 0.08], [y, y], color=colour, linewidth=2, alpha=0.6
        )
    for k in range(5):
        x = cx - 0.5 + k * 0.25
        ax.plot([x, x], [cy - 0.2, cy + 0.45], color=colour, linewidth=2)
        for j in range(3):
            y = cy + 0.12 + j * 0.13
            for sign in (-1, 1):
                ax.add_patch(
                    Polygon(
                        [(x, y), (x + sign * 0.09, y + 0.05), (x, y + 0.12)],
                        closed=True,
                        facecolor=colour,
                        edgecolor="none",
                    )
                )


def icon_factory(ax: plt.Axes, cx: float, cy: float, colour: str) -> None:
    """A sawtooth-roofed hall with a chimney."""
    left, base, width = cx - 0.7, cy - 0.55, 1.4
    ax.add_patch(Rectangle((left + 1.05, base + 0.5), 0.16, 0.55, facecolor=colour))
    ax.add_patch(Rectangle((left, base), width, 0.5, facecolor=colour))
    teeth = []
    for i in range(3):
        x0 = left + i * width / 3
        teeth += [(x0, base + 0.5), (x0 + width / 3, base + 0.82), (x0 + width / 3, base + 0.5)]
    ax.add_patch(Polygon(teeth, closed=True, facecolor=colour))
    for i in range(4):
        ax.add_patch(
            Rectangle((left + 0.12 + i * 0.33, base + 0.18), 0.18, 0.16, facecolor="white")
        )


def icon_services(ax: plt.Axes, cx: float, cy: float, colour: str) -> None:
    """An office tower beside a shop with an awning."""
    ax.add_patch(Rectangle((cx - 0.7, cy - 0.55), 0.6, 1.15, facecolor=colour))
    for row in range(5):
        for col in range(2):
            ax.add_patch(
                Rectangle(
                    (cx - 0.6 + col * 0.25, cy - 0.42 + row * 0.2), 0.14, 0.11, facecolor="white"
                )
            )
    ax.add_patch(Rectangle((cx + 0.0, cy - 0.55), 0.7, 0.5, facecolor=colour))
    # A striped awning over the shop front, then its door and window.
    top, bottom = cy + 0.2, cy - 0.05
    for i in range(4):
        x0, x1 = cx - 0.05 + i * 0.2, cx - 0.05 + (i + 1) * 0.2
        ax.add_patch(
            Polygon(
                [(x0, bottom), (x1, bottom), (x1 - 0.02, top), (x0 + 0.02, top)],
                closed=True,
                facecolor=colour if i % 2 == 0 else "white",
                edgecolor=colour,
                linewidth=1,
            )
        )
    ax.add_patch(Rectangle((cx + 0.1, cy - 0.55), 0.18, 0.33, facecolor="white"))
    ax.add_patch(Rectangle((cx + 0.38, cy - 0.38), 0.22, 0.18, facecolor="white"))


def draw_industries() -> None:
    """图2: the national economy divided into three industries, with their 2020 shares of GDP."""
    fig = plt.figure(figsize=(WIDTH_IN, 5.0))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 16)
    ax.set_ylim(0, 10)
    ax.axis("off")

    def box(x: float, y: float, w: float, h: float, colour: str, fill: str = "white") -> None:
        ax.add_patch(
            FancyBboxPatch(
                (x, y),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=0.25",
                facecolor=fill,
                edgecolor=colour,
                linewidth=1.6,
            )
        )

    box(5.5, 8.55, 5.0, 1.1, BLUE, BLUE)
    ax.text(
        8.0, 9.28, "国民经济", ha="center", va="center", fontsize=15, color="white", weight="bold"
    )
    ax.text(8.0, 8.85, "National economy", ha="center", va="center", fontsize=10.5, color="white")

    centres = (2.9, 8.0, 13.1)
    icons = (icon_field, icon_factory, icon_services)
    ax.plot([centres[0], centres[-1]], [8.0, 8.0], color=GREY, linewidth=1.4)
    ax.plot([8.0, 8.0], [8.55, 8.0], color=GREY, linewidth=1.4)
    for (zh, en, zh_scope, en_scope, value, _share), cx, icon, colour in zip(
        INDUSTRIES, centres, icons, COLOURS, strict=True
    ):
        ax.plot([cx, cx], [8.0, 7.55], color=GREY, linewidth=1.4)
        box(cx - 2.3, 2.75, 4.6, 4.8, colour)
        ax.text(cx, 7.05, zh, ha="center", va="center", fontsize=14, color=colour, weight="bold")
        ax.text(cx, 6.6, en, ha="center", va="center", fontsize=10, color=colour)
        icon(ax, cx, 5.6, colour)
        ax.text(cx, 4.45, zh_scope, ha="center", va="center", fontsize=11, color=GREY)
        ax.text(
            cx, 3.85, en_scope, ha="center", va="center", fontsize=8.5, color=GREY, linespacing=1.2
        )
        ax.text(
            cx,
            3.3,
            f"{value}亿元",
            ha="center",
            va="center",
            fontsize=10,
            color=colour,
            weight="bold",
        )
        ax.text(
            cx,
            2.98,
            f"{value / 10:,.1f} billion yuan",
            ha="center",
            va="center",
            fontsize=8.5,
            color=colour,
        )

    # The 2020 shares as one bar, 14 units long for 100 percent.
    left, y, length, height = 1.0, 0.75, 14.0, 0.9
    x = left
    for (*_, share), colour in zip(INDUSTRIES, COLOURS, strict=True):
        w = length * share / 100
        ax.add_patch(
            Rectangle((x, y), w, height, facecolor=colour, edgecolor="white", linewidth=1.5)
        )
        ax.text(
            x + w / 2,
            y + height / 2,
            f"{share:.1f}%",
            ha="center",
            va="center",
            fontsize=11,
            color="white",
            weight="bold",
        )
        x += w
    ax.text(
        8.0,
        2.35,
        f"2020年增加值构成（国内生产总值{GDP_2020}亿元 = 100%）",
        ha="center",
        va="center",
        fontsize=10.5,
        color=GREY,
    )
    ax.text(
        8.0,
        2.0,
        f"Composition of value added, 2020 (GDP of {GDP_2020 / 10:,.1f} billion yuan = 100%)",
        ha="center",
        va="center",
        fontsize=8.5,
        color=GREY,
    )
    save(fig, "industries.png")


def main() -> None:
    assert sum(v for *_, v, _s in INDUSTRIES) == GDP_2020 == GDP[-1]
    assert abs(sum(s for *_, s in INDUSTRIES) - 100) < 0.05
    setup_fonts()
    draw_gdp()
    draw_industries()


if __name__ == "__main__":
    main()
