"""Charts for the PDF, drawn as SVG in Python (WeasyPrint renders SVG; no JavaScript anywhere).

`bar_chart_svg` draws horizontal grouped bars: one group per category (a pillar), one bar per series
(invited, accepted, attended ...), with the value written at the end of each bar."""

from django.utils.formats import number_format
from django.utils.html import escape

SERIES_COLOURS = ("#0b3d6e", "#4f86c6", "#a86b00", "#1d6b35")
WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 14
BAR_GAP = 3
GROUP_GAP = 14
LEGEND_HEIGHT = 26


def bar_chart_svg(*, title: str, categories: list[str], series: list[tuple[str, list[int]]]) -> str:
    """`series` is [(label, values per category)]. Returns an <svg> element as a string. Values are
    written in the active language's number format (4,2 in Turkish, 4.2 in English)."""
    plot_width = WIDTH - LABEL_WIDTH - 50
    peak = max((value for _label, values in series for value in values), default=0) or 1
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    height = LEGEND_HEIGHT + len(categories) * group_height + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Noto Sans" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    x = LABEL_WIDTH
    for index, (label, _values) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="15">{escape(label)}</text>')
        x += 24 + 7 * len(str(label))
    for row, category in enumerate(categories):
        top = LEGEND_HEIGHT + row * group_height
        middle = top + (len(series) * (BAR_HEIGHT + BAR_GAP)) / 2 + 4
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end">{escape(category)}</text>')
        for index, (_label, values) in enumerate(series):
            value = values[row] if row < len(values) else 0
            y = top + index * (BAR_HEIGHT + BAR_GAP)
            width = max(plot_width * value / peak, 1 if value else 0)
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>')
            parts.append(f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR_HEIGHT - 3}">{number_format(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar_chart_svg(*, title: str, categories: list[str], series: list[tuple[str, list[int]]]) -> str:
    """One horizontal bar per category (an event, a month), stacked by series (the pillars), with the
    total written at its end. `series` is [(label, values per category)]. Returns an <svg> string."""
    plot_width = WIDTH - LABEL_WIDTH - 50
    totals = [sum(values[row] if row < len(values) else 0 for _label, values in series) for row in range(len(categories))]
    peak = max(totals, default=0) or 1
    legend_rows = 1 + len(series) // 3
    top = legend_rows * 16 + 10
    height = top + len(categories) * (BAR_HEIGHT + 8) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Noto Sans" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, _values) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        x, y = 10 + (index % 3) * 210, 6 + (index // 3) * 16
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 9}">{escape(label)}</text>')
    for row, category in enumerate(categories):
        y = top + row * (BAR_HEIGHT + 8)
        label = category if len(category) <= 34 else category[:33] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 3}" text-anchor="end">{escape(label)}</text>')
        x = LABEL_WIDTH
        for index, (_label, values) in enumerate(series):
            value = values[row] if row < len(values) else 0
            width = plot_width * value / peak
            if width:
                colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>')
            x += width
        parts.append(f'<text x="{x + 4:.1f}" y="{y + BAR_HEIGHT - 3}">{totals[row]}</text>')
    parts.append("</svg>")
    return "".join(parts)
