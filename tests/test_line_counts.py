"""The prefix sums that map a visual line to its block while line counts change."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.widgets.line_counts import LineCounts


@given(st.lists(st.integers(0, 9), max_size=70),
       st.lists(st.tuples(st.integers(0, 69), st.integers(-3, 3)), max_size=10))
def test_sums_and_lookups_follow_the_counts_as_they_change(
    counts: list[int], changes: list[tuple[int, int]]
) -> None:
    tree = LineCounts(counts)
    counts = list(counts)
    for block, delta in changes:
        if block < len(counts) and counts[block] + delta >= 0:
            tree.add(block, delta)
            counts[block] += delta
    assert tree.total == sum(counts)
    for block in range(len(counts) + 1):
        assert tree.before(block) == sum(counts[:block])
    for line in range(sum(counts)):
        found = tree.find(line)
        assert sum(counts[:found]) <= line < sum(counts[: found + 1])
