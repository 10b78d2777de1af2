"""Bar charts drawn on the server as SVG (attendance/charts.py)."""

import re

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
