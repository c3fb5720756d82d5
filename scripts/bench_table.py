"""The rows of `make bench`'s table, as Markdown: (figure, value, budget, met or None)."""

from __future__ import annotations

Row = tuple[str, str, str, bool | None]


def markdown(table: list[Row]) -> str:
    lines = []
    for name, value, budget, met in table:
        verdict = "" if met is None else ("yes" if met else "NO")
        lines.append(f"| {name} | {value} | {budget} | {verdict} |")
    return "\n".join(lines)
