"""The shared academic core every policy app builds on: structure, calendar, people, sections.

Natural keys (codes, usernames) are unique: the loader upserts by them (contract §1).
Names are kept in Kazakh, Russian and English; ``name`` picks the reader's language.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class Named(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, 'code', '')} {self.name}".strip()

    @property
    def name(self) -> str:
        """The name in the reader's language, falling back to English (always present)."""
        language = (get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class School(Named):
    code = models.CharField(_("code"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["code"]


class Program(Named):
    class Level(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor")
        MASTER_SCIENTIFIC = "master_scientific", _("Master (scientific and pedagogical)")
        MASTER_PROFILE = "master_profile", _("Master (profile)")
        DOCTORATE_PHD = "doctorate_phd", _("Doctorate (PhD)")
        DOCTORATE_PROFILE = "doctorate_profile", _("Doctorate (profile)")

    code = models.CharField(_("code"), max_length=64, unique=True)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="programs",
                               verbose_name=_("school"))
    # A grant belongs to the group of educational programs (TR-5, TR-9).
    group_code = models.CharField(_("group of educational programs"), max_length=64, blank=True)
    credits = models.PositiveIntegerField(_("credits"))
    qualification_kk = models.CharField(_("qualification (Kazakh)"), max_length=300, blank=True)
    qualification_ru = models.CharField(_("qualification (Russian)"), max_length=300, blank=True)
    qualification_en = models.CharField(_("qualification (English)"), max_length=300, blank=True)
    languages = ArrayField(models.CharField(max_length=2, choices=Language.choices), default=list, blank=True,
                           verbose_name=_("languages of instruction"))
    creative = models.BooleanField(_("needs creative exams"), default=False)
    # [{"kk": …, "ru": …, "en": …}, …] — 8–12 outcomes for the Diploma Supplement (DS-3 4.2).
    learning_outcomes = models.JSONField(_("learning outcomes"), default=list, blank=True)

    class Meta:
        verbose_name = _("educational program")
        verbose_name_plural = _("educational programs")
        ordering = ["code"]


class Discipline(Named):
    class Control(models.TextChoices):
        EXAM = "exam", _("Exam")
        DIFFERENTIATED_CREDIT = "differentiated_credit", _("Differentiated credit")
        STATE_EXAM = "state_exam", _("State exam")
        FINAL_ATTESTATION = "final_attestation", _("Final attestation")

    class Kind(models.TextChoices):
        THEORY = "theory", _("Theoretical discipline")
        COURSEWORK = "coursework", _("Course work (project)")
        PRACTICE = "practice", _("Professional practice")
        RESEARCH = "research", _("Research work")
        FINAL_ATTESTATION = "final_attestation", _("Final attestation")

    code = models.CharField(_("code"), max_length=64, unique=True)
    credits = models.PositiveIntegerField(_("credits"))
    control = models.CharField(_("form of final control"), max_length=32, choices=Control.choices,
                               default=Control.EXAM)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.THEORY)
    has_coursework = models.BooleanField(_("has a course work"), default=False)
    # RG-3: a discipline may be taken only when its prerequisites are mastered. No cycles:
    # the loader and the admin refuse them (academics.policy.prerequisites).
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True,
                                           related_name="postrequisites", verbose_name=_("prerequisites"))

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["code"]

    @property
    def hours(self) -> int:
        """CR-1: one credit is 30 academic hours."""
        return self.credits * 30


class Curriculum(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="curricula",
                                verbose_name=_("program"))
    intake_year = models.PositiveIntegerField(_("intake year"))

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")
        ordering = ["program__code", "intake_year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "intake_year"], name="curriculum_per_intake"),
        ]

    def __str__(self) -> str:
        return f"{self.program.code} / {self.intake_year}"


class CurriculumItem(models.Model):
    class Component(models.TextChoices):
        MANDATORY = "mandatory", _("Mandatory component")
        UNIVERSITY = "university", _("University component")
        ELECTIVE = "elective", _("Elective component")

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="items")
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="curriculum_items")
    semester = models.PositiveSmallIntegerField(_("semester"), validators=[MinValueValidator(1),
                                                                         MaxValueValidator(12)])
    component = models.CharField(_("component"), max_length=16, choices=Component.choices)
    # CR-4: electives of one group are alternatives; Minor items belong to another program.
    elective_group = models.CharField(_("elective group"), max_length=64, blank=True)
    minor_of = models.ForeignKey(Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("Minor of program"))

    class Meta:
        verbose_name = _("curriculum item")
        verbose_name_plural = _("curriculum items")
        ordering = ["semester", "discipline__code"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "discipline"],
                                    name="discipline_once_per_curriculum")
        ]

    def __str__(self) -> str:
        return f"{self.curriculum} S{self.semester} {self.discipline.code}"


class AcademicPeriod(models.Model):
    """A semester, trimester, quarter, summer or additional period, with its windows (CR-2, RG-2)."""

    class Kind(models.TextChoices):
        SEMESTER = "semester", _("Semester")
        TRIMESTER = "trimester", _("Trimester")
        QUARTER = "quarter", _("Quarter")
        SUMMER = "summer", _("Summer semester")
        ADDITIONAL = "additional", _("Additional period")

    code = models.CharField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    academic_year = models.CharField(_("academic year"), max_length=9, blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    drop_off_opens = models.DateTimeField(_("drop-off opens"), null=True, blank=True)
    drop_off_closes = models.DateTimeField(_("drop-off closes"), null=True, blank=True)
    exam_session_starts = models.DateField(_("exam session starts"), null=True, blank=True)
    exam_session_ends = models.DateField(_("exam session ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("academic period")
        verbose_name_plural = _("academic calendar")
        ordering = ["starts", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")),
                                   name="period_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.code

    def registration_open_at(self, instant: datetime) -> bool:
        return _inside(self.registration_opens, self.registration_closes, instant)

    def drop_off_open_at(self, instant: datetime) -> bool:
        return _inside(self.drop_off_opens, self.drop_off_closes, instant)

    def in_progress_on(self, day: date) -> bool:
        return self.starts <= day <= self.ends


def _inside(opens: datetime | None, closes: datetime | None, instant: datetime) -> bool:
    return opens is not None and closes is not None and opens <= instant < closes


class DayOff(models.Model):
    """A day off the university declares beyond the national public holidays (CR-5)."""

    date = models.DateField(_("date"), unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("university day off")
        verbose_name_plural = _("university days off")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.description}".strip()


class Role(models.TextChoices):
    """The contract's roles. School-scoped ones carry the school they act for."""

    STUDENT = "student", _("Student")
    ADVISER = "adviser", _("Adviser")
    INSTRUCTOR = "instructor", _("Instructor")
    REGISTRAR = "registrar", _("Registrar's office")
    DEAN = "dean", _("Dean")
    DEPUTY_DEAN = "deputy_dean", _("Deputy dean")
    QA_COMMISSION = "qa_commission", _("Academic quality commission")
    APPEALS_COMMISSION = "appeals_commission", _("Appeals commission")
    ADMISSIONS = "admissions", _("Admissions commission")
    MOBILITY_COORDINATOR = "mobility_coordinator", _("Mobility coordinator")
    ATTESTATION_SECRETARY = "attestation_secretary", _("Attestation commission secretary")
    VICE_RECTOR = "vice_rector", _("Vice-rector")
    ADMIN = "admin", _("Administrator")


SCHOOL_SCOPED_ROLES = frozenset({Role.DEAN, Role.DEPUTY_DEAN})


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("school"))

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.role}" + (f" ({self.school.code})" if self.school_id else "")


class Student(models.Model):
    class Funding(models.TextChoices):
        STATE_GRANT = "state_grant", _("State educational grant")
        LOCAL_GRANT = "local_grant", _("Local-budget grant")
        PAID = "paid", _("Paid")
        TARGETED = "targeted", _("Targeted training")

    class StudyForm(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")
        DISTANCE = "distance", _("Distance")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ACADEMIC_LEAVE = "academic_leave", _("On academic leave")
        MOBILITY = "mobility", _("On academic mobility")
        EXPELLED = "expelled", _("Expelled")
        GRADUATED = "graduated", _("Graduated")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="student")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="students",
                                verbose_name=_("program"))
    intake_year = models.PositiveIntegerField(_("intake year"))
    course_year = models.PositiveSmallIntegerField(_("course year"), validators=[MinValueValidator(1),
                                                                               MaxValueValidator(6)])
    funding = models.CharField(_("funding"), max_length=16, choices=Funding.choices)
    study_form = models.CharField(_("study form"), max_length=16, choices=StudyForm.choices,
                                  default=StudyForm.FULL_TIME)
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="advisees", verbose_name=_("adviser"))
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # Contract §1: the number the national platform assigned to a graduate's diploma and the day
    # the degree was awarded — the Diploma Supplement's fields 6.1 and 7.1 (DS-3). NULL, never "",
    # when there is none, so that the uniqueness holds only among the numbers recorded.
    diploma_number = models.CharField(_("diploma number"), max_length=64, unique=True, null=True, blank=True)
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["user__username"]
        indexes = [models.Index(fields=["program", "intake_year"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(diploma_number=""),
                                   name="diploma_number_null_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.user.username} {self.user.full_name}"

    @property
    def username(self) -> str:
        return self.user.username


class Section(models.Model):
    """A stream/group of one discipline in one period (RG-5, RG-9)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="sections")
    period = models.ForeignKey(AcademicPeriod, on_delete=models.PROTECT, related_name="sections")
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="taught_sections", verbose_name=_("instructor"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    min_size = models.PositiveIntegerField(_("minimum size"), default=0)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    # Seats taken, kept by the enrolment service in the same transaction as the enrolment
    # (a conditional UPDATE … WHERE taken < capacity keeps RG-9 under any concurrency).
    taken = models.PositiveIntegerField(_("seats taken"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["code"]
        indexes = [models.Index(fields=["period", "discipline"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(taken__lte=models.F("capacity")),
                                   name="section_within_capacity"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the wait list")
        DROPPED = "dropped", _("Dropped")

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="enrollments")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ENROLLED)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["section__code", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "student"], name="one_enrollment_per_section"),
        ]
        indexes = [models.Index(fields=["student", "status"])]

    def __str__(self) -> str:
        return f"{self.student.username} → {self.section.code} ({self.status})"


class Result(models.Model):
    """A raw result record: the marks grading computes on (GR-1 … GR-8).

    Final score, letter and status are computed by ``grading.policy`` from these fields,
    never stored as a second source of truth.
    """

    class Outcome(models.TextChoices):
        NO_SHOW = "no_show", _("Did not appear")
        ANNULLED = "annulled", _("Annulled")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="results")
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="results")
    period = models.ForeignKey(AcademicPeriod, on_delete=models.PROTECT, related_name="results")
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="results")
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    r1 = models.PositiveSmallIntegerField("R1", null=True, blank=True, validators=SCORE_VALIDATORS)
    r2 = models.PositiveSmallIntegerField("R2", null=True, blank=True, validators=SCORE_VALIDATORS)
    exam = models.PositiveSmallIntegerField(_("exam"), null=True, blank=True, validators=SCORE_VALIDATORS)
    # NULL is "no outcome" and is read as such (grading: `outcome is None`, `outcome__isnull`, the audited
    # marks()); an empty string instead would need a data migration, so DJ001 is waived here.
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices,  # noqa: DJ001
                               null=True, blank=True)
    # Where a recounted result came from (transfer, mobility, prior or non-formal learning).
    recognized_from = models.CharField(_("recognized from"), max_length=100, blank=True)
    # The letter a recognized result was recognized with (contract §1, §4): it stands instead of
    # r1, r2 and exam, which stay empty; grading reads it as the final letter (RC-3).
    recognized_letter = models.CharField(_("recognized letter"), max_length=2, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["period__starts", "discipline__code", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["student", "discipline", "period", "attempt"],
                                    name="one_result_per_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.student.username} {self.discipline.code} {self.period.code}#{self.attempt}"

    def marks(self) -> dict[str, int | str | None]:
        """The audited state of the record (GR-20: before/after of every change)."""
        marks: dict[str, int | str | None] = {"r1": self.r1, "r2": self.r2, "exam": self.exam,
                                              "outcome": self.outcome, "attempt": self.attempt}
        if self.recognized_from:  # a recognized result's grade is its letter, not marks (RC-3)
            marks.update(recognized_from=self.recognized_from, letter=self.recognized_letter)
        return marks
