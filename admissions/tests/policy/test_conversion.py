"""AD-4: international certificates through the conversion scale (the rows are made up for the tests:
the national scale is data the admissions staff enter)."""

from __future__ import annotations

from decimal import Decimal

from admissions.policy.conversion import ConversionRow, InternationalCertificate, apply_certificate, convert
from admissions.policy.unt import UntResult

D = Decimal
SCALE = [ConversionRow("IELTS", D("5.5"), 30, "profile_2"), ConversionRow("IELTS", D("6.5"), 40, "profile_2"),
         ConversionRow("SAT", D(1000), 70), ConversionRow("SAT", D(1300), 100)]


def test_the_highest_row_the_score_reaches() -> None:
    assert convert(InternationalCertificate("SAT", D(1300)), SCALE) == SCALE[3]
    assert convert(InternationalCertificate("SAT", D(1299)), SCALE) == SCALE[2]
    assert convert(InternationalCertificate("SAT", D(999)), SCALE) is None
    assert convert(InternationalCertificate("ACT", D(30)), SCALE) is None  # not on the scale


def test_the_order_of_the_rows_does_not_matter() -> None:
    certificate = InternationalCertificate("IELTS", D("7.0"))
    assert convert(certificate, SCALE) == convert(certificate, list(reversed(SCALE))) == SCALE[1]


def test_a_total_row_stands_for_the_whole_unt() -> None:
    assert apply_certificate(None, InternationalCertificate("SAT", D(1350)), SCALE) == UntResult(100, {})


def test_a_subject_row_replaces_that_subject_and_the_total_follows() -> None:
    # profile_2 was 25 of the total 80; IELTS 6.5 counts 40 for it: 80 − 25 + 40 = 95
    unt = UntResult(80, {"history_kz": 15, "reading": 8, "math_literacy": 7, "profile_1": 25,
                         "profile_2": 25})
    converted = apply_certificate(unt, InternationalCertificate("IELTS", D("6.5")), SCALE)
    assert converted is not None and converted.total == 95 and converted.subjects["profile_2"] == 40
    # a better tested subject is kept: 45 stays 45
    better = UntResult(100, {**unt.subjects, "profile_2": 45})
    kept = apply_certificate(better, InternationalCertificate("IELTS", D("6.5")), SCALE)
    assert kept is not None and kept.total == 100
    # a subject row needs the rest of a UNT
    assert apply_certificate(None, InternationalCertificate("IELTS", D("6.5")), SCALE) is None
