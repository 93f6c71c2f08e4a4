"""Bar charts as plain SVG, drawn on the server: they work without
JavaScript, on a slow connection, and every page shows the same numbers in a
table next to its chart. A suppressed count is drawn as a dashed outline up to
the threshold ("somewhere below this"), labelled as the table labels it."""
from dataclasses import dataclass

from bot.insights import Shown

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 220, 16, 40, 8
COLOURS = ("#1f6f8b", "#e07a2e", "#5a9e4b", "#8e5ea2", "#c94c4c", "#3c8d93", "#b58b00", "#6b6b6b")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    text: str  # the number as the table shows it
    hidden: bool
    colour: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    labels: list[tuple[float, str]]  # (x of the centre, label) under each group
    legend: list[tuple[str, str]]  # (colour, series) when there is more than one series
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM


def grouped(title: str, groups: list[tuple[str, list[tuple[str, Shown]]]], threshold: int) -> Chart:
    """Groups of bars (e.g. weeks, each with a bar per language), or one bar
    per group when each group has one series."""
    series = []
    for _, members in groups:
        series += [name for name, _ in members if name not in series]
    tallest = max([threshold] + [s.value for _, members in groups for _, s in members if s.value is not None])
    usable = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT * 2) / max(1, len(groups))
    bar_width = max(4.0, min(48.0, (slot - 12) / max(1, len(series))))
    bars, labels = [], []
    for index, (label, members) in enumerate(groups):
        start = LEFT + index * slot + (slot - bar_width * len(series)) / 2
        for name, shown in members:
            value = threshold if shown.hidden else shown.value
            height = usable * value / tallest
            bars.append(Bar(round(start + series.index(name) * bar_width, 1), round(HEIGHT - BOTTOM - height, 1),
                            round(bar_width - 2, 1), round(height, 1), shown.text, shown.hidden,
                            COLOURS[series.index(name) % len(COLOURS)]))
        labels.append((round(LEFT + index * slot + slot / 2, 1), label))
    legend = [(COLOURS[i % len(COLOURS)], name) for i, name in enumerate(series)] if len(series) > 1 else []
    return Chart(title, bars, labels, legend)
