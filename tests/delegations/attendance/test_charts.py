"""Bar charts drawn on the server as SVG (attendance/charts.py)."""

import re

import pytest

from delegations.attendance.charts import Bar, Series, bar_chart


def test_bar_chart_scales_bars_to_the_largest_figure():
    svg = str(
        bar_chart(
            chart_id="c",
            title="Arrivals",
            series=[Series("Expected", "#999"), Series("Arrived", "#080")],
            bars=[Bar("China", (140, 70)), Bar("<US>", (100, 0), limit=120)],
            limit_label="Capacity",
        )
    )

    widths = re.findall(
        r'<rect x="210" y="[\d.]+" width="([\d.]+)" height="12" fill="#\w+"><title>', svg
    )
    assert widths == ["400.0", "200.0", "285.7", "0.0"]
    assert "&lt;US&gt;" in svg and "<US>" not in svg
    assert (
        '<desc id="c-desc">China: Expected 140, Arrived 70; &lt;US&gt;: Expected 100, Arrived 0, Capacity 120</desc>'
        in svg
    )


def test_bar_chart_without_bars_draws_nothing():
    assert bar_chart(chart_id="c", title="Sessions", series=[Series("A", "#000")], bars=[]) == ""


def test_bar_chart_for_a_right_to_left_reader_is_mirrored_not_its_letters():
    """Arabic: labels on the right, ending where the bars start; bars grow to the left and
    each figure stands at a bar's end; the legend reads from the right."""
    svg = str(
        bar_chart(
            chart_id="c",
            title="الوصول",
            series=[Series("المتوقع", "#999"), Series("الواصلون", "#080")],
            bars=[Bar("الصين", (140, 70), limit=120)],
            limit_label="السعة",
            rtl=True,
        )
    )

    width = 210 + 400 + 60
    assert 'direction="ltr"' in svg and "transform" not in svg
    assert f'<text x="{width - 202}" y="' in svg and 'text-anchor="start"><title>الصين' in svg
    bars = re.findall(
        r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="12" fill="#\w+"><title>', svg
    )
    # Each bar ends at the labels' edge (x + width == width - 210) and grows to the left.
    assert [(float(x), float(w)) for x, w in bars] == [(60.0, 400.0), (260.0, 200.0)]
    figures = re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="11" text-anchor="end">', svg)
    assert [float(x) for x in figures] == [56.0, 256.0]
    limit = re.search(r'<line x1="([\d.]+)" y1="2', svg)
    assert float(limit[1]) == pytest.approx(width - 210 - 120 / 140 * 400, abs=0.1)
    legend = re.findall(r'<rect x="([\d.]+)" y="6" width="12"', svg)
    assert float(legend[0]) == width - 210 - 12  # the first key at the right
