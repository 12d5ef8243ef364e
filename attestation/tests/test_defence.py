"""FA-2 … FA-8 through the services: attendance and quorum, what blocks a defence, the protocol with each
member's grade, the closed-session votes, publishing, and the thesis grade on the transcript."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from attestation.tests.conftest import DEFENCE_DAY, at
from ektu_portal.core.errors import Conflict, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db

NOW = at(DEFENCE_DAY, 9, 30)


def members(commission: Any) -> dict[str, Any]:
    """chair, dean (member), supervisor (member), secretary, industry (member) — by role words."""
    rows = list(commission.members.order_by("position"))
    return dict(zip(["chair", "dean", "faculty", "secretary", "industry"], rows, strict=True))


def session_of(commission: Any) -> Any:
    return commission.sessions.get()


def thesis_of(username: str) -> Any:
    from attestation.models import Thesis

    return Thesis.objects.get(student__user__username=username)


def open_session(person: Any, commission: Any, *who: str) -> Any:
    from attestation import services

    m = members(commission)
    return services.session_attendance_record(actor=person("att.secretary"),
                                              session_id=session_of(commission).pk,
                                              present=[m[w].pk for w in who], now=NOW)


def test_the_session_opens_only_with_half_of_the_members(person: Any, commission: Any) -> None:
    with pytest.raises(Conflict) as refused:
        open_session(person, commission, "chair", "secretary")          # 2 of 5
    assert refused.value.code == "quorum_not_met"
    session = session_of(commission)
    session.refresh_from_db()
    assert session.opened_at is None and session.present.count() == 0   # nothing was recorded
    open_session(person, commission, "chair", "dean", "secretary")      # 3 of 5
    session.refresh_from_db()
    assert session.opened_at == NOW


def test_only_the_commissions_own_secretary_runs_it(person: Any, commission: Any) -> None:
    from attestation import services

    commission.secretary_user = person("att.secretary")
    commission.save()
    m = members(commission)
    with pytest.raises(PermissionDenied):
        services.session_attendance_record(actor=person("att.other"), session_id=session_of(commission).pk,
                                           present=[m["chair"].pk, m["dean"].pk, m["secretary"].pk], now=NOW)


def test_missing_documents_and_admission_block_a_defence(person: Any, commission: Any) -> None:
    from attestation import services

    secretary = person("att.secretary")
    session = session_of(commission)
    open_session(person, commission, "chair", "dean", "secretary")
    # s22003: no external review five working days before (FA-3)
    missing = services.thesis_create(actor=secretary, username="s22003", year=2026, topic="T", supervisor="S",
                                     session_id=session.pk)
    services.thesis_documents_record(actor=secretary, thesis_id=missing.pk, changes={
        "supervisor_review_on": DEFENCE_DAY - timedelta(days=14), "supervisor_verdict": "admitted",
        "plagiarism_certificate_on": DEFENCE_DAY - timedelta(days=14)})
    with pytest.raises(Conflict) as refused:
        services.defence_start(actor=secretary, session_id=session.pk, thesis_id=missing.pk, now=NOW)
    assert refused.value.code == "documents_missing"
    # s22002: every document in, but three blocks of four: credits incomplete (FA-1, CR-3)
    incomplete = services.thesis_create(actor=secretary, username="s22002", year=2026, topic="T",
                                        supervisor="S",
                                        session_id=session.pk)
    services.thesis_documents_record(actor=secretary, thesis_id=incomplete.pk, changes={
        "supervisor_review_on": DEFENCE_DAY - timedelta(days=14), "supervisor_verdict": "admitted",
        "reviewer": "R", "reviewer_qualification": "degree",
        "external_review_on": DEFENCE_DAY - timedelta(days=14),
        "plagiarism_certificate_on": DEFENCE_DAY - timedelta(days=14)})
    with pytest.raises(Conflict) as refused:
        services.defence_start(actor=secretary, session_id=session.pk, thesis_id=incomplete.pk, now=NOW)
    assert refused.value.code == "not_admitted_to_attestation"
    assert refused.value.extra["reasons"] == ["credits_incomplete"]


def test_a_negative_supervisor_review_blocks_at_once_and_needs_reasons(person: Any, commission: Any) -> None:
    from attestation import services

    thesis = thesis_of("s22001")
    with pytest.raises(ValidationFailed) as refused:
        services.thesis_documents_record(actor=person("att.secretary"), thesis_id=thesis.pk,
                                         changes={"supervisor_verdict": "not_admitted"})
    assert [p.path for p in refused.value.problems] == ["supervisor_reasons"]
    services.thesis_documents_record(actor=person("att.secretary"), thesis_id=thesis.pk, changes={
        "supervisor_verdict": "not_admitted", "supervisor_reasons": "The prototype does not run."})
    open_session(person, commission, "chair", "dean", "secretary")
    with pytest.raises(Conflict) as blocked:
        services.defence_start(actor=person("att.secretary"), session_id=session_of(commission).pk,
                               thesis_id=thesis.pk, now=NOW)
    assert blocked.value.code == "not_admitted_by_supervisor"


def test_a_masters_reviewer_holds_a_degree_and_every_reviewer_is_external(person: Any,
                                                                          att_university: Any) -> None:
    from attestation import services

    services.publication_record(actor=person("att.secretary"), username="m25001", title="P", kind="article",
                                year=2026, now=NOW)
    thesis = services.thesis_create(actor=person("att.secretary"), username="m25001", year=2027, topic="T",
                                    supervisor="S")
    assert thesis.discipline.code == "FM7101"  # the master's curriculum's final attestation discipline
    with pytest.raises(ValidationFailed) as refused:
        services.thesis_documents_record(actor=person("att.secretary"), thesis_id=thesis.pk, changes={
            "reviewer": "R", "reviewer_external": False, "reviewer_qualification": "industry"})
    assert [p.path for p in refused.value.problems] == ["reviewer_external", "reviewer_qualification"]


def defend(person: Any, commission: Any, *, present: tuple[str, ...], talk_minutes: int = 12) -> Any:
    from attestation import services

    secretary = person("att.secretary")
    open_session(person, commission, *present)
    defence = services.defence_start(actor=secretary, session_id=session_of(commission).pk,
                                     thesis_id=thesis_of("s22001").pk, now=NOW)
    services.defence_talk_end(actor=secretary, defence_id=defence.pk,
                              now=NOW + timedelta(minutes=talk_minutes))
    return services.defence_end(actor=secretary, defence_id=defence.pk, questions="Why graphs?",
                                now=NOW + timedelta(minutes=40))


def transcript_row(api: Any, code: str = "FA4101") -> dict[str, Any]:
    rows = api("reg.office").get("/api/v1/students/s22001/transcript").json()["results"]
    return next(r for r in rows if r["discipline"] == code)


def test_a_defence_from_attendance_to_published_result(person: Any, commission: Any, api: Any) -> None:
    from attestation import selectors, services
    from ektu_portal.academics.models import Student
    from ektu_portal.audit.models import AuditRecord

    secretary = person("att.secretary")
    m = members(commission)
    defence = defend(person, commission, present=("chair", "dean", "faculty", "secretary"), talk_minutes=17)
    view = selectors.defence_view(defence, NOW)
    assert view.timing == ("talk_over_15_minutes",)  # 17 minutes: flagged on the protocol (FA-5)

    # every member present grades; absent ones may not
    with pytest.raises(ValidationFailed):
        services.member_grades_record(actor=secretary, defence_id=defence.pk, grades={m["industry"].pk: 90})
    with pytest.raises(Conflict) as refused:
        services.grade_vote(actor=secretary, defence_id=defence.pk, proposal=96, now=NOW,
                            ballots={m[w].pk: "for" for w in ("chair", "dean", "faculty", "secretary")})
    assert refused.value.code == "grades_missing"
    services.member_grades_record(actor=secretary, defence_id=defence.pk, grades={
        m["chair"].pk: 95, m["dean"].pk: 97, m["faculty"].pk: 96, m["secretary"].pk: 96})
    assert selectors.defence_view(defence, NOW).suggested == 96   # (95 + 97 + 96 + 96) / 4

    # 2 : 2 of the four present — the chair's vote carries the grade (FA-6)
    vote = services.grade_vote(actor=secretary, defence_id=defence.pk, proposal=96, now=NOW, ballots={
        m["chair"].pk: "for", m["dean"].pk: "for", m["faculty"].pk: "against", m["secretary"].pk: "against"})
    assert (vote.decision, vote.casting_vote) == ("for", True)
    defence.refresh_from_db()
    assert (defence.score, defence.letter) == (96, "A")

    # the thesis result is on the transcript (grading's result, in the period of the defence day)
    row = transcript_row(api)
    assert (row["period"], row["final_score"], row["letter"], row["status"]) == ("2026-F", 96, "A", "graded")
    assert AuditRecord.objects.filter(action="result.final_attestation",
                                      basis__contains="GAK-6B06102-2026").exists()

    everyone = {m[w].pk: "for" for w in ("chair", "dean", "faculty", "secretary")}
    services.degree_vote(actor=secretary, defence_id=defence.pk, ballots=everyone, now=NOW)
    honours = selectors.defence_view(defence, NOW).honours
    assert honours is not None and honours.meets  # all A, GPA 4.00, thesis A
    services.honours_vote(actor=secretary, defence_id=defence.pk, ballots=everyone, now=NOW)

    services.session_publish(actor=secretary, session_id=session_of(commission).pk,
                             now=NOW + timedelta(hours=6))
    defence.refresh_from_db()
    assert (defence.degree_awarded, defence.honours) == (True, True)
    student = Student.objects.get(user__username="s22001")
    assert (student.status, student.graduated_on) == ("graduated", DEFENCE_DAY)
    assert [g.student.user.username for g in selectors.graduates_of(session_of(commission))] == ["s22001"]

    # FA-7 / published: nothing of the protocol changes any more
    with pytest.raises(Conflict) as refused:
        services.grade_vote(actor=secretary, defence_id=defence.pk, proposal=100, now=NOW, ballots=everyone)
    assert refused.value.code == "session_published"


def test_a_proposal_voted_down_decides_nothing(person: Any, commission: Any, api: Any) -> None:
    from attestation import services

    secretary = person("att.secretary")
    m = members(commission)
    defence = defend(person, commission, present=("chair", "dean", "secretary"))
    services.member_grades_record(actor=secretary, defence_id=defence.pk,
                                  grades={m[w].pk: 90 for w in ("chair", "dean", "secretary")})
    vote = services.grade_vote(actor=secretary, defence_id=defence.pk, proposal=70, now=NOW, ballots={
        m["chair"].pk: "for", m["dean"].pk: "against", m["secretary"].pk: "against"})
    assert vote.decision == "against"
    defence.refresh_from_db()
    assert defence.score is None
    assert not any(r["discipline"] == "FA4101" for r in
                   api("reg.office").get("/api/v1/students/s22001/transcript").json()["results"])
    with pytest.raises(ValidationFailed) as refused:  # every member present votes
        services.grade_vote(actor=secretary, defence_id=defence.pk, proposal=90, now=NOW,
                            ballots={m["chair"].pk: "for", m["dean"].pk: "for"})
    assert [p.path for p in refused.value.problems] == [f"vote_{m['secretary'].pk}"]


def test_honours_are_refused_below_the_criteria(person: Any, commission: Any) -> None:
    from attestation import services

    secretary = person("att.secretary")
    m = members(commission)
    defence = defend(person, commission, present=("chair", "dean", "secretary"))
    present = ("chair", "dean", "secretary")
    services.member_grades_record(actor=secretary, defence_id=defence.pk,
                                  grades={m[w].pk: 86 for w in present})
    everyone = {m[w].pk: "for" for w in present}
    services.grade_vote(actor=secretary, defence_id=defence.pk, proposal=86, now=NOW, ballots=everyone)  # B+
    services.degree_vote(actor=secretary, defence_id=defence.pk, ballots=everyone, now=NOW)
    with pytest.raises(Conflict) as refused:
        services.honours_vote(actor=secretary, defence_id=defence.pk, ballots=everyone, now=NOW)
    assert refused.value.code == "honours_criteria_not_met"
    assert refused.value.extra["reasons"] == ["final_work_below_a_minus"]
    # not meeting the criteria needs no vote: published as a diploma without honours
    services.session_publish(actor=secretary, session_id=session_of(commission).pk, now=NOW)
    defence.refresh_from_db()
    assert (defence.degree_awarded, defence.honours) == (True, False)


def test_an_unsatisfactory_defence(person: Any, commission: Any, api: Any) -> None:
    from attestation import services
    from ektu_portal.academics.models import Student

    secretary = person("att.secretary")
    m = members(commission)
    present = ("chair", "dean", "secretary")
    defence = defend(person, commission, present=present)
    services.member_grades_record(actor=secretary, defence_id=defence.pk,
                                  grades={m[w].pk: 40 for w in present})
    everyone = {m[w].pk: "for" for w in present}
    services.grade_vote(actor=secretary, defence_id=defence.pk, proposal=40, now=NOW, ballots=everyone)
    defence.refresh_from_db()
    assert (defence.letter, defence.degree_awarded, defence.honours) == ("FX", False, False)
    with pytest.raises(Conflict) as refused:
        services.degree_vote(actor=secretary, defence_id=defence.pk, ballots=everyone, now=NOW)
    assert refused.value.code == "grade_unsatisfactory"
    # FA-7: the commission says what follows before the results are published
    with pytest.raises(ValidationFailed) as missing:
        services.session_publish(actor=secretary, session_id=session_of(commission).pk, now=NOW)
    assert missing.value.code == "decisions_missing"
    services.after_failure_record(actor=secretary, defence_id=defence.pk, decision="rework")
    services.session_publish(actor=secretary, session_id=session_of(commission).pk, now=NOW)
    assert Student.objects.get(user__username="s22001").status == "active"
    row = transcript_row(api)
    # FA-6/FA-7: the commission's 40 is the final score — a graded FX that earns no credit (GP-1)
    assert (row["final_score"], row["letter"], row["status"], row["r1"], row["exam"]) == (40, "FX", "graded",
                                                                                           None, 40)
    assert api("reg.office").get("/api/v1/students/s22001/transcript").json()["credits_earned"] == 228


def test_missing_documents_are_flagged_once_after_the_deadline(person: Any, commission: Any,
                                                              django_capture_on_commit_callbacks: Any,
                                                              mailoutbox: Any) -> None:
    from datetime import date

    from attestation import services
    from attestation.notifications import send_missing_documents_notices
    from attestation.tests.conftest import at

    secretary = person("att.secretary")
    thesis = services.thesis_create(actor=secretary, username="s22003", year=2026, topic="Late",
                                    supervisor="S", session_id=session_of(commission).pk)
    # the deadline is Tuesday 24 November (five working days before 1 December): on it nothing is flagged yet
    assert services.missing_documents_flag(now=at(date(2026, 11, 24), 18)) == 0
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.missing_documents_flag(now=at(date(2026, 11, 25), 8)) == 1
    assert len(queued) == 1
    assert services.missing_documents_flag(now=at(date(2026, 11, 26), 8)) == 0   # once
    from django.utils import translation

    with translation.override("en"):  # the notice speaks the portal's language; read it in English here
        assert send_missing_documents_notices([thesis.pk]) == 1
    message = mailoutbox[0]
    assert set(message.to) == {"s22003@ektu.kz", "att.secretary@ektu.kz", "att.other@ektu.kz"}
    assert "supervisor's review" in message.body and "01.12.2026" in message.body

