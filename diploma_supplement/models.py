"""Issued Diploma Supplements (verifiable, revocable) and the deans' print batches.

A diploma's number and award date are the student's (``Student.diploma_number``, ``graduated_on``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedSupplement(models.Model):
    """One issued supplement: its unique number, the hash of the PDF as issued, and the PDF itself.

    The public verification page confirms holder, qualification, date and hash — never the
    transcript. A revoked supplement says so there.
    """

    number = models.CharField(_("supplement number"), max_length=40, unique=True)
    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT, related_name="supplements")
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  null=True)
    holder_name = models.CharField(_("holder"), max_length=300)
    holder_name_latin = models.CharField(_("holder (Latin letters)"), max_length=300, blank=True)
    qualification = models.CharField(_("qualification"), max_length=300)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    pdf = models.BinaryField(_("PDF as issued"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("issued Diploma Supplement")
        verbose_name_plural = _("issued Diploma Supplements")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class Batch(models.Model):
    """A dean's print run: one program, one graduation year, rendered by a Celery job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    program = models.ForeignKey("academics.Program", on_delete=models.PROTECT, related_name="+")
    graduation_year = models.PositiveIntegerField(_("graduation year"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    supplements = models.ManyToManyField(IssuedSupplement, blank=True, related_name="batches")
    # The graduates the dean selected; none selected means every ready graduate of the cohort.
    selected = models.ManyToManyField("academics.Student", blank=True, related_name="+",
                                      verbose_name=_("selected graduates"))
    zip_file = models.BinaryField(null=True, blank=True)
    merged_pdf = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.program_id} {self.graduation_year} ({self.status})"


class Accreditation(models.Model):
    """An accreditation as the registrar's office records it (DS-3 (2) and (6)): the university's
    institutional one (no program) or a program's specialised one, by an accreditor registered in
    EQAR and/or a member of ENQA, for a term. The supplement prints the one in force on its day.
    Changed only through ``services.accreditation_record`` / ``accreditation_remove`` (audited)."""

    program = models.ForeignKey("academics.Program", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("program"),
                                help_text=_("empty: the university's institutional accreditation"))
    accreditor = models.CharField(_("accreditor"), max_length=300)
    eqar_registered = models.BooleanField(_("the accreditor is registered in EQAR"), default=False)
    enqa_member = models.BooleanField(_("the accreditor is a member of ENQA"), default=False)
    certificate = models.CharField(_("certificate number"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["program__code", "-valid_from"]
        constraints = [models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                              name="accreditation_term_in_order")]

    def __str__(self) -> str:
        return f"{self.program_id or 'institution'}: {self.accreditor} {self.valid_from}–{self.valid_until}"
