"""RG-3 / CR-4: prerequisites form a directed acyclic graph.

A cycle would make every discipline on it impossible to take, so the loader and the admin
refuse one and name the disciplines on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def find_cycles(prerequisites: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Every elementary cycle found by one depth-first pass, each as codes in order.

    ``prerequisites[code]`` lists the codes ``code`` requires. The result is empty for a
    valid graph; each cycle is reported once, starting from its smallest code, so the
    message is stable across runs.
    """
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = {}
    stack: list[str] = []
    cycles: dict[tuple[str, ...], list[str]] = {}

    def visit(node: str) -> None:
        colour[node] = grey
        stack.append(node)
        for required in prerequisites.get(node, ()):
            state = colour.get(required, white)
            if state == grey:
                cycle = stack[stack.index(required):]
                start = cycle.index(min(cycle))
                canonical = cycle[start:] + cycle[:start]
                cycles.setdefault(tuple(canonical), canonical)
            elif state == white:
                visit(required)
        stack.pop()
        colour[node] = black

    for node in sorted(prerequisites):
        if colour.get(node, white) == white:
            visit(node)
    return list(cycles.values())
