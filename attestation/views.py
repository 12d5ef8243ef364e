"""Final attestation's pages. Thin: a form per action, the service decides, a refusal lands beside the
field it concerns (nothing written) and the page is shown again with every reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from attestation import forms, permissions, printing, selectors, services
from attestation.models import Commission, Defence, Publication, Session, Thesis
from attestation.policy import admission as admission_policy
from attestation.policy import voting
from ektu_portal.academics.models import Program, Student
from ektu_portal.academics.permissions import dean_school_ids, has_role, is_registrar
from ektu_portal.core.errors import DomainError

# A refused form is shown again with its reasons: "unprocessable", so scripts and tests tell it from success.
REFUSED = 422


def _attempt(form: forms.ActionForm, action: Any) -> bool:
    """Run a service for a valid form; a refusal goes onto the form. True when it succeeded."""
    if not form.is_valid():
        return False
    try:
        action()
    except DomainError as error:
        form.add_domain_error(error)
        return False
    return True


def _visible_programs(user: Any) -> list[Program]:
    programs = Program.objects.select_related("school").order_by("code")
    if permissions.is_secretary(user) or is_registrar(user):
        return list(programs)
    return list(programs.filter(school_id__in=dean_school_ids(user)))


def _program_choices(user: Any) -> list[tuple[str, str]]:
    return [(p.code, f"{p.code} {p.name}") for p in _visible_programs(user)
            if permissions.can_compose_commission(user, p)]


def _session_choices(user: Any) -> list[tuple[int, str]]:
    return [(s.pk, f"{s.commission.code} · {s.date:%d.%m.%Y} {s.starts_at:%H:%M}")
            for s in selectors.sessions_for(user, timezone.now()) if not s.is_published]


def _staff_only(request: HttpRequest) -> None:
    if not permissions.works_in_attestation(request.user):
        raise Http404


# --- the overview -----------------------------------------------------------------------------------

@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Commissions with what is late in their calendar, and the sessions (FA-4)."""
    if not permissions.works_in_attestation(request.user):
        if has_role(request.user, "student"):
            return redirect("attestation:mine")
        raise Http404
    now = timezone.now()
    today = timezone.localdate(now)
    rows = [{"commission": c, "flags": selectors.commission_flags(c, today),
             "sessions": [{"session": s, "flags": selectors.session_flags(s,
                                                                          today)} for s in c.sessions.all()]}
            for c in selectors.commissions_for(request.user)]
    return render(request, "attestation/index.html", {
        "rows": rows, "can_compose": bool(_program_choices(request.user)),
        "is_secretary": permissions.is_secretary(request.user)})


# --- FA-4: commissions ------------------------------------------------------------------------------

def _commission_initial(commission: Commission) -> dict[str, Any]:
    initial: dict[str, Any] = {"code": commission.code, "program": commission.program.code,
                               "year": commission.year,
                               "proposed_on": commission.proposed_on, "approved_on": commission.approved_on,
                               "approval_basis": commission.approval_basis}
    for i, m in enumerate(commission.members.all()):
        initial.update({f"member_{i}_name": m.name, f"member_{i}_role": m.role,
                        f"member_{i}_external": m.external,
                        f"member_{i}_qualification": m.qualification})
    return initial


@login_required
def commission_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """FA-4: compose a commission (or change it until it has held a defence); the sessions of its schedule."""
    _staff_only(request)
    commission = permissions.access_commission(request.user, code) if code else None
    programs = _program_choices(request.user)
    if commission is not None and commission.program.code not in dict(programs):
        programs.append((commission.program.code, f"{commission.program.code} {commission.program.name}"))
    form: forms.ActionForm
    session_form = forms.SessionForm()
    refused = False
    if request.method == "POST" and "add_session" in request.POST and commission is not None:
        session_form = forms.SessionForm(request.POST)

        def add() -> None:
            values = session_form.cleaned_data
            services.session_create(actor=request.user, commission_code=commission.code, day=values["day"],
                                    starts_at=values["starts_at"], room=values["room"],
                                    schedule_approved_on=values["schedule_approved_on"])

        if _attempt(session_form, add):
            messages.success(request, _("The session is added to the schedule."))
            return redirect("attestation:commission", code=commission.code)
        refused = True
        form = forms.CommissionForm(initial=_commission_initial(commission), programs=programs)
    elif request.method == "POST":
        form = forms.CommissionForm(request.POST, programs=programs)

        def save() -> Commission:
            values = form.cleaned_data
            saved, _created = services.commission_save(
                actor=request.user, code=values["code"], program_code=values["program"], year=values["year"],
                members=[services.MemberInput(**m) for m in values["member_list"]],
                proposed_on=values["proposed_on"], approved_on=values["approved_on"],
                approval_basis=values["approval_basis"],
                secretary=commission.secretary_user if commission else None)
            return saved

        if _attempt(form, save):
            messages.success(request, _("The commission is saved: its composition meets FA-4."))
            return redirect("attestation:commission", code=form.cleaned_data["code"])
        refused = True
    else:
        form = forms.CommissionForm(initial=_commission_initial(commission) if commission else {
            "year": timezone.localdate().year + 1}, programs=programs)
    today = timezone.localdate()
    return render(request, "attestation/commission.html", {
        "commission": commission, "form": form, "session_form": session_form,
        "flags": selectors.commission_flags(commission, today) if commission else [],
        "sessions": [{"session": s, "flags": selectors.session_flags(s, today)}
                     for s in commission.sessions.all()] if commission else [],
        "can_compose": commission is None or permissions.can_compose_commission(request.user,
                                                                                commission.program),
    }, status=REFUSED if refused else 200)


# --- FA-1: the dean's admission list ---------------------------------------------------------------------

@login_required
def admission(request: HttpRequest) -> HttpResponse:
    """FA-1: the programme's final-year students, admitted or excluded with every reason; the dean issues
    the list by an order, at least two weeks before the attestation."""
    _staff_only(request)
    programs = [p for p in _visible_programs(request.user)
                if permissions.can_view_programme_attestation(request.user, p)]
    code = request.GET.get("program") or (programs[0].code if programs else None)
    program = permissions.access_program(request.user, code, can=permissions.can_view_programme_attestation) \
        if code else None
    year = timezone.localdate().year
    form = forms.AdmissionOrderForm(request.POST or None, initial={"year": year})
    def issue() -> None:
        assert program is not None
        services.admission_order_issue(actor=request.user, program_code=program.code,
                                       year=form.cleaned_data["year"], basis=form.cleaned_data["basis"],
                                       now=timezone.now())

    if request.method == "POST" and program is not None and _attempt(form, issue):
        messages.success(request, _("The admission list is issued."))
        return redirect(f"{request.path}?program={program.code}")
    listing = selectors.admission_list(program) if program else None
    first_session = (Session.objects.filter(commission__program=program, date__gte=timezone.localdate())
                     .order_by("date").first() if program else None)
    return render(request, "attestation/admission.html", {
        "programs": programs, "program": program, "listing": listing, "form": form,
        "order": selectors.latest_admission_order(program, year) if program else None,
        "first_session": first_session,
        "deadline": admission_policy.admission_list_deadline(first_session.date) if first_session else None,
        "can_issue": program is not None and permissions.can_issue_admission_order(request.user, program),
    }, status=REFUSED if form.is_bound and form.errors else 200)


# --- FA-2, FA-3: theses --------------------------------------------------------------------------------

@login_required
def theses(request: HttpRequest) -> HttpResponse:
    """Theses with their documents' state (FA-3: due five working days before the defence)."""
    _staff_only(request)
    form = forms.ThesisForm(request.POST or None, sessions=_session_choices(request.user),
                            initial={"year": timezone.localdate().year})
    if request.method == "POST":
        holder: dict[str, Thesis] = {}

        def create() -> None:
            values = form.cleaned_data
            holder["thesis"] = services.thesis_create(
                actor=request.user, username=values["student"], year=values["year"], topic=values["topic"],
                supervisor=values["supervisor"], order_basis=values["order_basis"],
                session_id=values["session"])

        if _attempt(form, create):
            messages.success(request, _("The thesis is recorded."))
            return redirect("attestation:thesis", thesis_id=holder["thesis"].pk)
    today = timezone.localdate()
    states = [selectors.thesis_state(t, today) for t in selectors.theses_for(request.user)]
    return render(request, "attestation/theses.html", {"states": states, "form": form},
                  status=REFUSED if form.is_bound and form.errors else 200)


@login_required
def thesis_detail(request: HttpRequest, thesis_id: int) -> HttpResponse:
    """FA-2, FA-3: the documents as they reach the commission; a master's publications (FA-1)."""
    thesis = permissions.access_thesis(request.user, thesis_id)
    can_manage = permissions.can_manage_theses(request.user, thesis.student.program)
    documents = forms.DocumentsForm(initial=forms.DocumentsForm.initial_of(thesis),
                                    sessions=_session_choices(request.user))
    publication = forms.PublicationForm(initial={"year": timezone.localdate().year})
    refused = False
    if request.method == "POST" and can_manage and "add_publication" in request.POST:
        publication = forms.PublicationForm(request.POST)
        if _attempt(publication, lambda: services.publication_record(
                actor=request.user, username=thesis.student.user.username, now=timezone.now(),
                title=publication.cleaned_data["title"], kind=publication.cleaned_data["kind"],
                year=publication.cleaned_data["year"])):
            messages.success(request, _("The publication is recorded."))
            return redirect("attestation:thesis", thesis_id=thesis.pk)
        refused = True
    elif request.method == "POST" and can_manage:
        documents = forms.DocumentsForm(request.POST, sessions=_session_choices(request.user))
        if _attempt(documents, lambda: services.thesis_documents_record(
                actor=request.user, thesis_id=thesis.pk, changes=documents.changes(),
                session_id=documents.cleaned_data["session"])):
            messages.success(request, _("The documents are recorded."))
            return redirect("attestation:thesis", thesis_id=thesis.pk)
        refused = True
    return render(request, "attestation/thesis.html", {
        "thesis": thesis, "state": selectors.thesis_state(thesis,
                                                          timezone.localdate()), "documents": documents,
        "publication": publication, "can_manage": can_manage,
        "publications": Publication.objects.filter(student=thesis.student).order_by("year", "id"),
        "is_master": thesis.student.program.level in ("master_scientific", "master_profile"),
    }, status=REFUSED if refused else 200)


# --- FA-5, FA-6: the session run by the secretary -----------------------------------------------------

@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """FA-5: attendance and the quorum, the students of the day with what blocks them, their protocols,
    and publishing the results."""
    session = permissions.access_session(request.user, session_id)
    can_run = permissions.can_run_session(request.user, session)
    now = timezone.now()
    members = list(session.commission.members.all())
    attendance = forms.AttendanceForm(initial={"present": list(session.present.values_list("pk", flat=True))},
                                      members=members)
    refused_form: forms.ActionForm | None = None
    if request.method == "POST" and can_run:
        data = request.POST
        if "attendance" in data:
            attendance = forms.AttendanceForm(data, members=members)
            ok = _attempt(attendance, lambda: services.session_attendance_record(
                actor=request.user, session_id=session.pk, present=attendance.cleaned_data["present"],
                now=now))
            if ok:
                messages.success(request, _("Attendance is recorded; the session is open."))
                return redirect("attestation:session", session_id=session.pk)
            refused_form = attendance
        elif "start" in data:
            start = forms.StartDefenceForm(data)
            holder: dict[str, Defence] = {}

            def begin() -> None:
                holder["defence"] = services.defence_start(actor=request.user, session_id=session.pk,
                                                           thesis_id=start.cleaned_data["start"], now=now)

            if _attempt(start, begin):
                return redirect("attestation:defence", defence_id=holder["defence"].pk)
            refused_form = start
        else:
            publish = forms.PublishForm(data)
            if _attempt(publish, lambda: services.session_publish(actor=request.user, session_id=session.pk,
                                                                    now=now)):
                messages.success(request, _("The results are published."))
                return redirect("attestation:session", session_id=session.pk)
            refused_form = publish
    session.refresh_from_db()
    view = selectors.session_view(session, now)
    late = session.is_published and timezone.localdate(session.published_at) != session.date
    return render(request, "attestation/session.html", {
        "session": session, "view": view, "attendance": attendance, "can_run": can_run,
        "refused": refused_form, "late_publication": late,
    }, status=REFUSED if refused_form is not None else 200)


def _defence_forms(view: selectors.DefenceView, data: Any = None) -> dict[str, forms.ActionForm]:
    present = view.present
    suggested = view.suggested
    return {
        "talk_end": forms.TalkEndForm(),
        "defence_end": forms.DefenceEndForm(initial={"questions": view.defence.questions}),
        "member_grades": forms.MemberGradesForm(present=present, grades=view.grades),
        "grade_vote": forms.VoteForm(initial={"question": "grade",
                                              "proposal": view.defence.score or suggested},
                                     present=present, prefix="grade"),
        "degree_vote": forms.VoteForm(initial={"question": "degree"}, present=present, prefix="degree"),
        "honours_vote": forms.VoteForm(initial={"question": "honours"}, present=present, prefix="honours"),
        "after_failure": forms.AfterFailureForm(initial={"after_failure": view.defence.after_failure}),
    }


@login_required
def defence_detail(request: HttpRequest, defence_id: int) -> HttpResponse:
    """FA-5, FA-6: one student's protocol — the timer (talk ≤ 15 minutes, defence ≤ 50), each member's
    grade, the closed-session votes on the grade, the degree and honours (FA-9 criteria shown)."""
    defence = permissions.access_defence(request.user, defence_id)
    if (defence.thesis.student.user_id == request.user.pk and not defence.session.is_published
            and not permissions.works_in_attestation(request.user)):
        raise Http404  # the closed session's decisions are the student's once announced (FA-5)
    can_run = permissions.can_run_session(request.user, defence.session)
    now = timezone.now()
    view = selectors.defence_view(defence, now)
    forms_ = _defence_forms(view)
    refused = None
    if request.method == "POST" and can_run:
        refused = _defence_action(request, defence, view, forms_, now)
        if refused is None:
            return redirect("attestation:defence", defence_id=defence.pk)
        defence.refresh_from_db()
        view = selectors.defence_view(defence, now)
    return render(request, "attestation/defence.html", {
        "defence": defence, "view": view, "forms": forms_,
        "can_run": can_run and not defence.session.is_published, "refused": refused,
        "talk_limit": voting.TALK_LIMIT_SECONDS, "defence_limit": voting.DEFENCE_LIMIT_SECONDS,
    }, status=REFUSED if refused else 200)


def _defence_action(request: HttpRequest, defence: Defence, view: selectors.DefenceView,
                    forms_: dict[str, forms.ActionForm], now: datetime) -> str | None:
    """Carry out the action posted; None when it succeeded, else the name of the refused form (which
    now holds its reasons)."""
    data, actor = request.POST, request.user
    question = next((q for q in ("grade", "degree", "honours") if f"{q}-question" in data), "grade")
    form: Any
    if "end_talk" in data:
        name, form = "talk_end", forms.TalkEndForm(data)
    elif "end_defence" in data:
        name, form = "defence_end", forms.DefenceEndForm(data)
    elif "member_grades" in data:
        name, form = "member_grades", forms.MemberGradesForm(data, present=view.present)
    elif "after_failure" in data:
        name, form = "after_failure", forms.AfterFailureForm(data)
    else:
        name, form = f"{question}_vote", forms.VoteForm(data, present=view.present, prefix=question)

    def action() -> None:
        if name == "talk_end":
            services.defence_talk_end(actor=actor, defence_id=defence.pk, now=now)
        elif name == "defence_end":
            services.defence_end(actor=actor, defence_id=defence.pk, questions=form.cleaned_data["questions"],
                                 now=now)
        elif name == "member_grades":
            services.member_grades_record(actor=actor, defence_id=defence.pk, grades=form.grades())
        elif name == "after_failure":
            services.after_failure_record(actor=actor, defence_id=defence.pk,
                                          decision=form.cleaned_data["after_failure"])
        elif question == "grade":
            vote = services.grade_vote(actor=actor, defence_id=defence.pk, ballots=form.ballots(), now=now,
                                       proposal=form.cleaned_data["proposal"])
            _vote_message(request, vote.decision, grade=True)
        else:
            service = services.degree_vote if question == "degree" else services.honours_vote
            _vote_message(request, service(actor=actor, defence_id=defence.pk, ballots=form.ballots(),
                                           now=now).decision, grade=False)

    forms_[name] = form
    if _attempt(form, action):
        messages.success(request, _("Recorded."))
        return None
    return name


def _vote_message(request: HttpRequest, decision: str, *, grade: bool) -> None:
    if not decision:
        messages.warning(request, _("No decision: the votes are tied without the chair. Vote again."))
    elif grade and decision == "against":
        messages.warning(request, _("The proposed grade is not carried. Propose another."))


@login_required
def protocol_pdf(request: HttpRequest, defence_id: int) -> HttpResponse:
    """FA-5: the protocol printed in Kazakh or Russian (``?language=ru``), for signatures."""
    defence = permissions.access_defence(request.user, defence_id)
    if not permissions.works_in_attestation(request.user) and not defence.session.is_published:
        raise Http404
    language = "ru" if request.GET.get("language") == "ru" else "kk"
    response = HttpResponse(printing.protocol_pdf(defence, language), content_type="application/pdf")
    response["Content-Disposition"] = printing.inline_filename(defence, language)
    return response


@login_required
def chair_report(request: HttpRequest, session_id: int) -> HttpResponse:
    """FA-8: the chair's report lists the graduates — full name, programme, diploma number."""
    session = permissions.access_session(request.user, session_id)
    return render(request, "attestation/report.html", {
        "session": session, "graduates": selectors.graduates_of(session),
        "chair": selectors.chair_of(session.commission)})


# --- the student --------------------------------------------------------------------------------------

@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The student's thesis, its documents (flagged when missing), and the published result (FA-3, FA-5)."""
    student: Student = permissions.access_attestation_student(request.user, None)
    today = timezone.localdate()
    states = [selectors.thesis_state(t, today) for t in selectors.theses_for(request.user, student=student)]
    form = forms.ReattestationForm(request.POST or None)
    failed = next((s.defence for s in states if s.defence and s.defence.session.is_published
                   and s.defence.score is not None and s.defence.degree_awarded is False), None)
    def apply() -> None:
        assert failed is not None
        services.reattestation_apply(actor=request.user, defence_id=failed.pk, now=timezone.now(),
                                     next_attestation_starts=form.cleaned_data["next_attestation_starts"])

    if request.method == "POST" and failed is not None and _attempt(form, apply):
        messages.success(request, _("Your application is recorded."))
        return redirect("attestation:mine")
    return render(request, "attestation/mine.html", {
        "student": student, "states": states, "honours": selectors.student_honours(student, today),
        "failed": failed, "form": form}, status=REFUSED if form.is_bound and form.errors else 200)
