"""Issue 11 pages: the student sees their iGPA, each block's fraction and why they would not progress;
the adviser's advisees (GPA, iGPA, risk; sortable; 500 advisees in under 50 queries) and the dean's
school view; the registrar's office reviews and confirms the progression list."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from grading import services
from grading.tests.igpa_data import igpa_document

pytestmark = pytest.mark.django_db


def _user(username: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=username)


def _year() -> str:
    from grading.selectors import course_years_refer_to

    return course_years_refer_to(timezone.localdate())


def _load(extra_people: list[dict[str, Any]] | None = None, extra_results: list[dict[str, Any]] | None = None
          ) -> str:
    from ektu_portal.academics.loading import load_university

    year = _year()
    doc = igpa_document(year, extra_people=extra_people)
    doc["results"] += extra_results or []
    load_university(doc, allow_passwords=True)
    return year


@pytest.fixture
def year(db: Any) -> str:
    year = _load()
    services.achievements_set(actor=_user("reg.office"), username="s25001", academic_year=year,
                              points={"ssci": 80, "research": 70}, now=timezone.now())
    return year


def _rows(html: str) -> list[str]:
    return re.findall(r'data-student="([^"]+)"', html)


def test_the_student_sees_the_igpa_each_block_and_the_outcome(client: Any, year: str) -> None:
    client.force_login(_user("s25001"))
    results = client.get(reverse("grading:my-results")).content.decode()
    assert 'id="igpa-link"' in results
    html = client.get(reverse("grading:igpa")).content.decode()
    # contract §7 worked example of this university: GPA 24/7 → 3.43, iGPA 3.29, blocks 0.8571 / 0.7 / 0.8
    assert re.search(r"data-igpa>3[.,]29<", html) and re.search(r"data-gpa>3[.,]43<", html)
    for fraction in ("0[.,]8571", "0[.,]7000", "0[.,]8000"):
        assert re.search(fraction, html)
    assert 'data-outcome="progress"' in html
    assert "data-reason" not in html


def test_a_student_learns_why_not_and_what_each_block_needs(client: Any, year: str) -> None:
    services.achievements_set(actor=_user("reg.office"), username="s25101", academic_year=year,
                              points={"ssci": 30, "iros": 60}, now=timezone.now())
    client.force_login(_user("s25101"))
    html = client.get(reverse("grading:igpa")).content.decode()
    assert 'data-outcome="repeat_year"' in html
    assert 'data-reason="ssci_block_below_half"' in html
    assessed = re.search(r'data-assessed="ssci" class="attention">(.*?)</tr>', html, re.S)
    assert assessed is not None
    assert re.search(r"50[.,]00", assessed.group(1)) and re.search(r"30[.,]00", assessed.group(1))
    assert "ssci_block_below_half" not in re.sub(r'data-[a-z]+="[^"]*"', "", html)  # words, not codes


def test_who_opens_a_students_igpa_page(client: Any, year: str) -> None:
    page = reverse("grading:student-igpa", kwargs={"username": "s25001"})
    for who, status in (("s25001", 200), ("adv.sarsen", 200), ("dean.sdt", 200), ("reg.office", 200),
                        ("s25002", 404), ("adv.other", 404), ("dean.sem", 404)):
        client.force_login(_user(who))
        assert client.get(page).status_code == status, who


def test_the_registrar_adds_an_achievement_with_its_document_on_the_page(
        client: Any, year: str, settings: Any, tmp_path: Any) -> None:
    from grading.models import AchievementEntry

    settings.MEDIA_ROOT = str(tmp_path)
    form = {"academic_year": year, "block": "iros", "achievement": "Scopus article", "indicator": "article",
            "points": "20", "document": SimpleUploadedFile("paper.pdf", b"%PDF paper")}
    add = reverse("grading:achievement-add", kwargs={"username": "s25101"})
    client.force_login(_user("s25101"))
    assert client.post(add, form).status_code == 403  # sees own page, may not record points
    client.force_login(_user("reg.office"))
    form["document"] = SimpleUploadedFile("paper.pdf", b"%PDF paper")
    assert client.post(add, form).status_code == 302
    entry = AchievementEntry.objects.get()
    client.force_login(_user("s25101"))
    download = client.get(reverse("grading:achievement-document", kwargs={"entry_id": entry.pk}))
    assert b"".join(download.streaming_content) == b"%PDF paper"
    client.force_login(_user("s25002"))
    document = reverse("grading:achievement-document", kwargs={"entry_id": entry.pk})
    assert client.get(document).status_code == 404
    client.force_login(_user("reg.office"))
    refused = client.post(add, {**form, "document": "", "points": "500"})
    assert refused.status_code == 200 and AchievementEntry.objects.count() == 1


def test_500_advisees_with_gpa_igpa_and_risk_in_under_50_queries(client: Any,
                                                                 django_assert_max_num_queries: Any) -> None:
    people, results = [], []
    for n in range(499):  # and s25002, the adviser's advisee already: 500 in all
        username = f"a{n:03d}"
        people.append({"username": username, "full_name": f"Студент {n:03d}", "roles": ["student"],
                       "student": {"program": "6B06102", "intake_year": 2025, "course_year": 2,
                                   "funding": "paid", "adviser": "adv.other"}})
        # a000, a002, …: A in the autumn; a001, a003, …: FX — GPA 0.50, its block under one half
        exam = 100 if n % 2 == 0 else 40
        results.append({"student": username, "discipline": "IGA", "period": "IGF", "r1": 100, "r2": 100,
                        "exam": exam})
    year = _load(people, results)
    from ektu_portal.academics.models import Student
    from grading.models import AchievementRecord

    AchievementRecord.objects.bulk_create([
        AchievementRecord(student=s, academic_year=year, ssci=60 + s.pk % 40, research=50,
                          recorded_by=_user("reg.office"), recorded_at=timezone.now())
        for s in Student.objects.filter(user__username__startswith="a")])
    client.force_login(_user("adv.other"))
    page = reverse("grading:igpa-advisees")
    with django_assert_max_num_queries(50):
        html = client.get(page).content.decode()
    rows = _rows(html)
    assert len(rows) == 500
    odd = {f"a{n:03d}" for n in range(1, 499, 2)} | {"s25002"}
    assert set(rows[:250]) == odd  # at risk of repeating the year first
    by_igpa = _rows(client.get(page + "?sort=igpa").content.decode())
    assert by_igpa[0] in {f"a{n:03d}" for n in range(0, 499, 2)} and by_igpa[-1] == "s25002"  # no iGPA last
    # Kazakh alphabet: Жұмабаева (Ж) before every Студент (С)
    assert _rows(client.get(page + "?sort=name").content.decode())[:3] == ["s25002", "a000", "a001"]


def test_the_dean_sees_the_school_and_nothing_else(client: Any, year: str) -> None:
    page = reverse("grading:igpa-school")
    client.force_login(_user("dean.sdt"))
    assert set(_rows(client.get(page).content.decode())) == {"s25001", "s25002", "m25001"}
    client.force_login(_user("dean.sem"))
    assert _rows(client.get(page).content.decode()) == ["s25101"]
    client.force_login(_user("adv.sarsen"))
    assert client.get(page).status_code == 404
    client.force_login(_user("s25001"))
    assert client.get(reverse("grading:igpa-advisees")).status_code == 404


def test_the_registrar_draws_up_reviews_and_confirms_the_list_on_its_pages(client: Any, year: str) -> None:
    from ektu_portal.academics.models import Student
    from grading.models import ProgressionLine, ProgressionRun

    client.force_login(_user("s25001"))
    assert client.get(reverse("grading:progression")).status_code == 404
    client.force_login(_user("reg.office"))
    assert client.get(reverse("grading:progression")).status_code == 200
    drawn = client.post(reverse("grading:progression-draw"), {"academic_year": year, "intake": "autumn"})
    run = ProgressionRun.objects.get()
    assert drawn.status_code == 302
    html = client.get(reverse("grading:progression-list", kwargs={"run_id": run.pk})).content.decode()
    assert 'data-line="s25002" data-outcome="repeat_year"' in html
    assert 'data-line="s25001" data-outcome="progress"' in html
    client.post(reverse("grading:progression-confirm", kwargs={"run_id": run.pk}))
    assert Student.objects.get(user__username="s25001").course_year == 3
    line = ProgressionLine.objects.get(student__user__username="s25002")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = client.post(reverse("grading:repeat-contract", kwargs={"line_id": line.pk}),
                          {"signed_on": tomorrow})
    assert refused.status_code == 200 and 'class="field-error"' in refused.content.decode()
    line.refresh_from_db()
    assert line.contract_signed_on is None
