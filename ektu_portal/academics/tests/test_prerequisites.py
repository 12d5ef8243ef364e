import pytest

from ektu_portal.academics.policy.prerequisites import find_cycles


@pytest.mark.parametrize(("graph", "cycles"), [
    ({}, []),
    ({"DB2201": ["PRG1101"], "ML2203": ["DB2201"], "PRG1101": []}, []),
    ({"A": ["A"]}, [["A"]]),
    ({"A": ["B"], "B": ["A"]}, [["A", "B"]]),
    ({"C": ["A"], "A": ["B"], "B": ["C"], "D": ["A"]}, [["A", "B", "C"]]),
    # a diamond is not a cycle
    ({"D": ["B", "C"], "B": ["A"], "C": ["A"], "A": []}, []),
    # two separate cycles are both reported
    ({"A": ["B"], "B": ["A"], "X": ["Y"], "Y": ["X"]}, [["A", "B"], ["X", "Y"]]),
])
def test_find_cycles(graph: dict[str, list[str]], cycles: list[list[str]]) -> None:
    assert find_cycles(graph) == cycles
