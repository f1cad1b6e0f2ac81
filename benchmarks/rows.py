"""The rows of `make bench`'s first table: a case, our figure, its reference and target."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    """One line of the table."""

    case: str
    ours: float
    reference: float
    unit: str
    target: str
    holds: bool

    @property
    def ratio(self) -> float:
        return self.ours / self.reference if self.reference else float("inf")


def ratio_row(case: str, ours: float, reference: float, unit: str, limit: float,
              absolute: float | None = None) -> Row:
    holds = ours <= limit * reference and (absolute is None or ours <= absolute)
    target = f"≤ {limit}x" + (f" and ≤ {absolute * 1000:.0f} ms" if absolute else "")
    return Row(case, ours, reference, unit, target, holds)



def table(rows: list[Row]) -> str:
    lines = [
        "| case | ours | reference | ratio | target | holds |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        fmt = {"s": lambda v: f"{v * 1000:.0f} ms", "MB": lambda v: f"{v:.0f} MB",
               "B": lambda v: f"{v:.1f}"}[row.unit]
        lines.append(
            f"| {row.case} | {fmt(row.ours)} | {fmt(row.reference)} | {row.ratio:.2f} | "
            f"{row.target} | {'yes' if row.holds else 'NO'} |"
        )
    return "\n".join(lines)
