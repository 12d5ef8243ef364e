"""MO-5: an EMREX ELMO transcript of records read into host lines; a malformed one names every problem."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from mobility.policy.elmo import ElmoInvalid, HostLine, parse_elmo

VALID = (Path(__file__).parent.parent / "fixtures" / "taltech-elmo.xml").read_bytes()


def test_a_valid_transcript_gives_its_courses_not_the_programme() -> None:
    assert parse_elmo(VALID) == (HostLine("ITI0206", "Databases", Decimal(6), "2,0"),
                                 HostLine("ITI0210", "Web Technologies", Decimal(5), "1,0"))


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(ElmoInvalid) as invalid:
        parse_elmo(data)
    return [p.path for p in invalid.value.problems]


def test_every_problem_of_a_line_is_named() -> None:
    broken = (VALID.replace(b"<resultLabel>2,0</resultLabel>", b"")
              .replace(b"<value>5</value>", b"<value>five</value>"))
    assert problems_of(broken) == ["line 1.resultLabel", "line 2.credit"]


def test_no_ects_credit() -> None:
    assert problems_of(VALID.replace(b"<scheme>ects</scheme><value>6</value>",
                                     b"<scheme>local</scheme><value>6</value>")) == ["line 1.credit"]


@pytest.mark.parametrize("data", [
    b"<elmo xmlns='https://github.com/emrex-eu/elmo-schemas/tree/v1'><report>",            # not well-formed
    b"<transcript/>",                                                                       # not ELMO
    b"<?xml version='1.0'?><!DOCTYPE elmo [<!ENTITY a 'aaaa'>]><elmo/>",                     # entities
    b"<elmo xmlns='https://github.com/emrex-eu/elmo-schemas/tree/v1'><learner/></elmo>",     # no report
])
def test_a_malformed_file_is_refused_as_a_whole(data: bytes) -> None:
    assert problems_of(data) in (["file"], ["report"])
