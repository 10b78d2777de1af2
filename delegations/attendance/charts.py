"""Horizontal bar charts drawn on the server as SVG markup.

No JavaScript and nothing the Content-Security-Policy blocks: colours and sizes are SVG
presentation attributes (`fill=`, `font-size=`), never `style=`. Every figure is also
in the chart's `<desc>` and in a `<title>` on its bar, for screen readers and tooltips.

For a right-to-left language the chart is mirrored (labels on the right, bars growing
to the left) by laying out its coordinates so, never by a transform, which would mirror
the letters too. The SVG is always `direction="ltr"`: its text anchors are those of the
coordinates laid out here, not turned round by the page's `dir="rtl"` (which made the
Arabic labels, figures and legend run over the bars).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

LABEL_WIDTH = 210
PLOT_WIDTH = 400
VALUE_WIDTH = 60
BAR_HEIGHT = 14
ROW_GAP = 10
LEGEND_HEIGHT = 30
LABEL_CHARS = 30
LIMIT_COLOUR = "#b3261e"


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]
    # A marker across the bars, such as a session's capacity.
    limit: int | None = None


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


@dataclass(frozen=True)
class _Layout:
    """Coordinates in reading order (0 where a line starts) turned into the SVG's."""

    width: float
    rtl: bool

    def x(self, along: float) -> float:
        return round(self.width - along, 1) if self.rtl else along

    def box(self, along: float, extent: float) -> float:
        """The SVG `x` of a box reaching from `along` to `along + extent`."""
        return round(self.width - along - extent, 1) if self.rtl else along

    def anchor(self, reading: str) -> str:
        """`start` or `end` of a text in reading order, as an anchor in the SVG's (LTR)."""
        return {"start": "end", "end": "start"}[reading] if self.rtl else reading


def _legend(
    series: Sequence[Series], *, layout: _Layout, limit_label: str, has_limits: bool
) -> list[SafeString]:
    parts: list[SafeString] = []
    along = LABEL_WIDTH
    for item in series:
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="12" height="12" fill="{}"></rect>'
                '<text x="{}" y="16" font-size="12" text-anchor="{}">{}</text>',
                layout.box(along, 12),
                item.colour,
                layout.x(along + 16),
                layout.anchor("start"),
                item.label,
            )
        )
        along += 16 + 8 * len(item.label) + 16
    if limit_label and has_limits:
        parts.append(
            format_html(
                '<line x1="{}" y1="4" x2="{}" y2="20" stroke="{}" stroke-width="2"></line>'
                '<text x="{}" y="16" font-size="12" text-anchor="{}">{}</text>',
                layout.x(along + 4),
                layout.x(along + 4),
                LIMIT_COLOUR,
                layout.x(along + 12),
                layout.anchor("start"),
                limit_label,
            )
        )
    return parts


def _bar_group(
    bar: Bar, *, top: float, series: Sequence[Series], scaled, limit_label: str, layout: _Layout
) -> tuple[list[SafeString], str]:
    """The label, one bar per series and the limit marker of `bar`; and its figures in words."""
    parts = [
        format_html(
            '<text x="{}" y="{}" font-size="12" text-anchor="{}"><title>{}</title>{}</text>',
            layout.x(LABEL_WIDTH - 8),
            top + len(series) * BAR_HEIGHT / 2 + 4,
            layout.anchor("end"),
            bar.label,
            _short(bar.label),
        )
    ]
    figures = []
    for index, (item, value) in enumerate(zip(series, bar.values, strict=True)):
        y = top + index * BAR_HEIGHT
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}: {}</title></rect>"
                '<text x="{}" y="{}" font-size="11" text-anchor="{}">{}</text>',
                layout.box(LABEL_WIDTH, scaled(value)),
                y,
                scaled(value),
                BAR_HEIGHT - 2,
                item.colour,
                item.label,
                value,
                layout.x(LABEL_WIDTH + scaled(value) + 4),
                y + BAR_HEIGHT - 4,
                layout.anchor("start"),
                value,
            )
        )
        figures.append(f"{item.label} {value}")
    if bar.limit is not None:
        limit_x = layout.x(LABEL_WIDTH + scaled(bar.limit))
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2">'
                "<title>{}: {}</title></line>",
                limit_x,
                top - 2,
                limit_x,
                top + len(series) * BAR_HEIGHT,
                LIMIT_COLOUR,
                limit_label,
                bar.limit,
            )
        )
        figures.append(f"{limit_label} {bar.limit}")
    return parts, f"{bar.label}: {', '.join(figures)}"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    series: Sequence[Series],
    bars: Sequence[Bar],
    limit_label: str = "",
    rtl: bool | None = None,
) -> SafeString:
    """One group of bars per `Bar`, one bar per series, scaled to the largest figure,
    mirrored when `rtl` (default: the active language's direction); nothing at all
    without bars (the table beside it says there is nothing yet)."""
    if not bars:
        return SafeString("")
    largest = max([1, *(v for bar in bars for v in bar.values), *(b.limit or 0 for b in bars)])
    row_height = len(series) * BAR_HEIGHT + ROW_GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    height = LEGEND_HEIGHT + max(len(bars), 1) * row_height

    def scaled(value: int) -> float:
        return round(value / largest * PLOT_WIDTH, 1)

    layout = _Layout(width, get_language_bidi() if rtl is None else rtl)
    has_limits = any(bar.limit is not None for bar in bars)
    parts = _legend(series, layout=layout, limit_label=limit_label, has_limits=has_limits)
    summary: list[str] = []
    for row, bar in enumerate(bars):
        group, words = _bar_group(
            bar,
            top=LEGEND_HEIGHT + row * row_height,
            series=series,
            scaled=scaled,
            limit_label=limit_label,
            layout=layout,
        )
        parts.extend(group)
        summary.append(words)

    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
        'direction="ltr" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        "; ".join(summary),
        # Every part was built by format_html, which escaped its values.
        mark_safe("".join(parts)),
    )
