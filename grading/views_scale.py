"""GR-6: the registrar's office adopts a letter scale from a day (the page of ``letter_scale_set``)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ektu_portal.core.errors import DomainError
from grading import forms, permissions, selectors, services
from grading.policy.scale import LetterGrade


@login_required
def letter_scale(request: HttpRequest) -> HttpResponse:
    if not permissions.can_edit_letter_scale(request.user):
        raise Http404
    now = timezone.now()
    in_force = selectors.letter_scale_in_force(timezone.localdate(now))
    if request.method == "POST":
        form = forms.LetterScaleForm(request.POST)
        bands = forms.LetterBandFormSet(request.POST, prefix="band")
        if form.is_valid() and bands.is_valid():
            scale = tuple(LetterGrade(**band.cleaned_data) for band in bands.forms if band.cleaned_data)
            try:
                services.letter_scale_set(actor=request.user,
                                          effective_from=form.cleaned_data["effective_from"],
                                          bands=scale, reason=form.cleaned_data["reason"], now=now)
                messages.success(request, _("The new letter scale is adopted."))
                return redirect("grading:letter-scale")
            except DomainError as error:
                # the scale's own faults (gaps, overlaps, …) concern the bands as a whole
                forms.add_domain_error(form, error)
    else:
        form = forms.LetterScaleForm(initial={"effective_from": timezone.localdate(now) + timedelta(days=1)})
        bands = forms.LetterBandFormSet(prefix="band", initial=[
            {"letter": b.letter, "points": b.points, "min_score": b.min_score, "max_score": b.max_score,
             "traditional": b.traditional} for b in in_force.bands])
    return render(request, "grading/letter_scale.html", {
        "form": form, "bands": bands, "in_force": in_force, "versions": selectors.letter_scale_versions()})
