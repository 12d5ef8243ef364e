"""Final attestation (§10): commissions, theses and their documents, the dean's admission list,
defence sessions, per-student protocols with each member's grade and the commission's votes.

Grades are not stored here as a second source of truth: the thesis result is a ``Result`` on the
transcript, written by grading's service (``final_attestation_result_record``); a protocol keeps
the score the commission decided and points at that result.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from attestation.policy import commission as composition
from attestation.policy import documents as thesis_documents
from ektu_portal.academics.models import SCORE_VALIDATORS, Discipline, Program, Result, Student


class Commission(models.Model):
    """FA-4: the attestation commission of one programme for one year's attestation."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("program"))
    # The calendar year the attestation takes place in: its candidates are proposed by 15 December
    # and approved by 31 December of the year before (FA-4).
    year = models.PositiveIntegerField(_("year of attestation"),
                                       validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    proposed_on = models.DateField(_("proposed by the dean on"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the Scientific Council on"), null=True, blank=True)
    approval_basis = models.CharField(_("Scientific Council's decision"), max_length=200, blank=True)
    # The account of the secretary who runs the sessions in the portal (FA-5); empty: any secretary.
    secretary_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                       blank=True,
                                       related_name="+", verbose_name=_("secretary's account"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attestation commission")
        verbose_name_plural = _("attestation commissions")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return self.code


class CommissionMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = composition.CHAIR, _("Chair")
        MEMBER = composition.MEMBER, _("Member")
        SECRETARY = composition.SECRETARY, _("Secretary")
        STUDENT = composition.STUDENT, _("Student member")

    class Qualification(models.TextChoices):
        DEGREE = composition.DEGREE, _("Academic degree")
        TITLE = composition.TITLE, _("Academic title")
        PHD = composition.PHD, _("PhD or profile doctor")
        INDUSTRY = composition.INDUSTRY, _("Highly qualified industry specialist")
        NONE = composition.NONE, _("None")

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    external = models.BooleanField(_("external to EKTU"))
    qualification = models.CharField(_("qualification"), max_length=16, choices=Qualification.choices)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["commission", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Session(models.Model):
    """FA-4, FA-5: one day of defences of a commission on its approved schedule."""

    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    schedule_approved_on = models.DateField(_("schedule approved on"), null=True, blank=True)
    # FA-5: the open session begins once attendance shows a quorum.
    present = models.ManyToManyField(CommissionMember, blank=True, related_name="+",
                                     verbose_name=_("present"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("defence session")
        verbose_name_plural = _("defence sessions")
        ordering = ["date", "starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.commission.code} {self.date:%Y-%m-%d}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Publication(models.Model):
    """FA-1: a master's publication or talk at a scientific-practical conference on the thesis topic."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        CONFERENCE_TALK = "conference_talk", _("Conference talk")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(1950),
                                                              MaxValueValidator(2100)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["student", "year", "id"]

    def __str__(self) -> str:
        return self.title


class Thesis(models.Model):
    """FA-2, FA-3: a student's thesis (topic and supervisor by the rector's order), its reviews and
    plagiarism check, and the session it is to be defended at."""

    class Verdict(models.TextChoices):
        ADMITTED = thesis_documents.ADMITTED, _("admitted to the defence")
        NOT_ADMITTED = thesis_documents.NOT_ADMITTED, _("not admitted to the defence")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year of attestation"))
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("final attestation discipline"))
    topic = models.CharField(_("topic"), max_length=500)
    supervisor = models.CharField(_("supervisor"), max_length=200)
    order_basis = models.CharField(_("rector's order"), max_length=200, blank=True)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="theses",
                                verbose_name=_("defence session"))
    supervisor_review_on = models.DateField(_("supervisor's review handed in on"), null=True, blank=True)
    supervisor_verdict = models.CharField(_("supervisor's verdict"), max_length=16, choices=Verdict.choices,
                                          blank=True)
    supervisor_reasons = models.TextField(_("supervisor's reasons"), blank=True)
    reviewer = models.CharField(_("external reviewer"), max_length=200, blank=True)
    reviewer_external = models.BooleanField(_("reviewer is external to EKTU"), default=True)
    reviewer_qualification = models.CharField(_("reviewer's qualification"), max_length=16,
                                              choices=CommissionMember.Qualification.choices, blank=True)
    external_review_on = models.DateField(_("external review handed in on"), null=True, blank=True)
    review_letter = models.CharField(_("reviewer's letter grade"), max_length=2, blank=True)
    review_recommends_degree = models.BooleanField(_("reviewer recommends the degree"), null=True, blank=True)
    plagiarism_certificate_on = models.DateField(_("plagiarism-check certificate handed in on"), null=True,
                                                 blank=True)
    originality_percent = models.DecimalField(_("originality, %"), max_digits=5, decimal_places=2, null=True,
                                              blank=True, validators=[MinValueValidator(0),
                                                                      MaxValueValidator(100)])
    # FA-3: the day the student and the secretary were told of documents missing at the deadline (once).
    documents_flagged_on = models.DateField(_("missing documents flagged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("thesis")
        verbose_name_plural = _("theses")
        ordering = ["year", "student__user__full_name_sort"]
        constraints = [models.UniqueConstraint(fields=["student", "year"],
                                               name="one_thesis_per_student_and_year")]

    def __str__(self) -> str:
        return f"{self.student.user.username} {self.year}: {self.topic}"


class Defence(models.Model):
    """FA-5, FA-6: the protocol of one student's defence, filled by the secretary."""

    class AfterFailure(models.TextChoices):
        REWORK = thesis_documents.REWORK, _("the reworked thesis may be presented again")
        NEW_TOPIC = thesis_documents.NEW_TOPIC, _("a new topic is needed")

    thesis = models.OneToOneField(Thesis, on_delete=models.PROTECT, related_name="defence")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="defences")
    number = models.PositiveSmallIntegerField(_("protocol number"))
    talk_started_at = models.DateTimeField(_("talk started at"))
    talk_ended_at = models.DateTimeField(_("talk ended at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("defence ended at"), null=True, blank=True)
    questions = models.TextField(_("questions asked"), blank=True)
    score = models.PositiveSmallIntegerField(_("grade (score)"), null=True, blank=True,
                                             validators=SCORE_VALIDATORS)
    letter = models.CharField(_("letter grade"), max_length=2, blank=True)
    degree_awarded = models.BooleanField(_("degree awarded"), null=True, blank=True)
    honours = models.BooleanField(_("diploma with honours"), null=True, blank=True)
    after_failure = models.CharField(_("after an unsatisfactory grade"), max_length=16,
                                     choices=AfterFailure.choices, blank=True)
    # The thesis result on the transcript, written by grading (the one source of grades).
    result = models.ForeignKey(Result, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("defence protocol")
        verbose_name_plural = _("defence protocols")
        ordering = ["session", "number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"],
                                               name="one_protocol_number_per_session")]

    def __str__(self) -> str:
        return f"{self.session} № {self.number}"


class MemberGrade(models.Model):
    """FA-6: the grade each member present gives the defence, before the commission's vote."""

    defence = models.ForeignKey(Defence, on_delete=models.CASCADE, related_name="member_grades")
    member = models.ForeignKey(CommissionMember, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)

    class Meta:
        verbose_name = _("member's grade")
        verbose_name_plural = _("members' grades")
        constraints = [models.UniqueConstraint(fields=["defence", "member"], name="one_grade_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.score}"


class Vote(models.Model):
    """FA-6: one open vote of the closed session — on the grade, the degree or honours — with each
    member's vote, kept whatever it decided."""

    class Question(models.TextChoices):
        GRADE = "grade", _("the grade")
        DEGREE = "degree", _("awarding the degree")
        HONOURS = "honours", _("a diploma with honours")

    defence = models.ForeignKey(Defence, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(_("question"), max_length=16, choices=Question.choices)
    # The proposal voted on: the score for a grade; nothing for the degree and honours (yes or no).
    proposal = models.PositiveSmallIntegerField(_("proposed score"), null=True, blank=True,
                                                validators=SCORE_VALIDATORS)
    ballots = models.JSONField(_("votes"), default=dict)  # {member id: "for" | "against"}
    decision = models.CharField(_("decision"), max_length=8, blank=True)  # "for", "against", "" (none)
    casting_vote = models.BooleanField(_("decided by the chair's vote"), default=False)
    at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["defence", "at", "id"]

    def __str__(self) -> str:
        return f"{self.defence} {self.question}: {self.decision or '-'}"


class AdmissionOrder(models.Model):
    """FA-1: the dean's order admitting a programme's students, issued at least two weeks before."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year of attestation"))
    basis = models.CharField(_("order"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    admitted = ArrayField(models.CharField(max_length=150), default=list, blank=True)
    excluded = models.JSONField(default=list, blank=True)  # [{"student", "reasons"}]
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("admission order")
        verbose_name_plural = _("admission orders")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.program.code} {self.year}: {self.basis}"


class HonoursRule(models.Model):
    """FA-9: the criteria of a diploma with honours from a date (national rule, kept configurable)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    letters = ArrayField(models.CharField(max_length=2), verbose_name=_("letters every final grade may have"))
    min_gpa = models.DecimalField(_("least GPA"), max_digits=3, decimal_places=2)
    final_work_letters = ArrayField(models.CharField(max_length=2), verbose_name=_("letters of the thesis"))
    basis = models.CharField(_("basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("honours criteria")
        verbose_name_plural = _("honours criteria")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}: GPA ≥ {self.min_gpa}"


class ReattestationApplication(models.Model):
    """FA-7: after an unsatisfactory defence, the student applies to the rector for re-attestation at
    least one month before the next year's attestation starts."""

    defence = models.OneToOneField(Defence, on_delete=models.PROTECT, related_name="reattestation")
    applied_at = models.DateTimeField(_("applied at"))
    next_attestation_starts = models.DateField(_("next attestation starts"))

    class Meta:
        verbose_name = _("re-attestation application")
        verbose_name_plural = _("re-attestation applications")

    def __str__(self) -> str:
        return f"{self.defence}: {self.next_attestation_starts}"
