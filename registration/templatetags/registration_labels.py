"""Template filters that turn registration's codes into the reader's words (issue 9)."""

from __future__ import annotations

from typing import Any

from django import template

from ektu_portal.academics.labels import period_label
from registration import labels

register = template.Library()


@register.filter
def reason_label(code: str | None) -> str:
    return labels.label(labels.REASONS, code)


@register.filter
def enrollment_status(code: str | None) -> str:
    return labels.label(labels.ENROLLMENT_STATUS, code)


@register.filter
def plan_status(code: str | None) -> str:
    return labels.label(labels.PLAN_STATUS, code)


@register.filter
def plan_step(action: str | None) -> str:
    return labels.label(labels.PLAN_STEPS, action)


@register.filter
def small_section_decision(code: str | None) -> str:
    return labels.label(labels.SMALL_SECTION_DECISIONS, code)


@register.filter
def window_reason(code: str | None) -> str:
    return labels.label(labels.WINDOW_REASONS, code)


@register.filter
def language_label(code: str | None) -> str:
    return labels.label(labels.LANGUAGES, code)


@register.filter
def period_words(period: Any) -> str:
    """An academic period as a reader names it ("Autumn semester 2026/2027"), never its code."""
    if period is None:
        return ""
    return period_label(period.kind, period.academic_year, period.starts)


@register.simple_tag(takes_context=True)
def offer_rows(context: Any) -> str:
    """The offer table's rows (contract §3) — each section with its seats, why it cannot be chosen, and
    its choose or drop button — written in Python rather than in the template language, which costs
    ≈ 0.5 ms a row: the opening minute of registration day renders thousands of these tables (issue 15).
    Everything is escaped and localized as ``{{ }}`` would; the words are the same translated ones."""
    from html import escape

    from django.utils.formats import localize
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import SafeData, mark_safe
    from django.utils.translation import gettext, pgettext

    def text(value: Any) -> str:
        """As ``{{ value }}`` writes it: a plain string escaped (the same five characters as Django's
        escape), a whole number as it is (no thousands separator is set), anything else localized."""
        if type(value) is str:
            return escape(value)
        if type(value) is int:
            return str(value)
        return str(value) if isinstance(value, SafeData) else str(conditional_escape(localize(value)))

    offer, form = context["offer"], context.get("form")
    page_url, token = text(context.get("page_url", "")), text(context.get("csrf_token", ""))
    refused_section, refused_enrollment = context.get("refused_section"), context.get("refused_enrollment")
    elective, raise_grade = text(gettext("elective")), text(gettext("raise the grade"))
    drop, choose, wait = (text(pgettext("a registration", "Drop")), text(gettext("Choose")),
                          text(gettext("Join the wait list")))
    rows = []
    for row in offer.sections:
        code = text(row.code)
        css = "mine" if row.my_status else "" if row.eligible else "ineligible"
        badges = (format_html(' <span class="badge">{} {}</span>', mark_safe(elective), row.elective_group)
                  if row.elective_group else "")
        if row.passed and offer.summer:
            badges += format_html(' <span class="badge">{}</span>', mark_safe(raise_grade))
        price = f'<br><span class="muted">{text(row.price)} ₸</span>' if row.price is not None else ""
        if row.my_status == "enrolled":
            status = f'<span class="badge ok">{text(enrollment_status(row.my_status))}</span>'
        elif row.my_status:
            status = f'<span class="badge">{text(enrollment_status(row.my_status))}</span>'
        elif row.reasons:
            reasons = "; ".join(text(reason_label(reason)) for reason in row.reasons)
            status = f'<span class="reasons">{reasons}</span>'
        else:
            status = ""
        button = ""
        enrollment = str(row.enrollment_id) if row.enrollment_id else None
        if enrollment:
            described = f' aria-describedby="refusal-{code}"' if enrollment == refused_enrollment else ""
            button = (f'<input type="hidden" name="drop" value="{text(row.enrollment_id)}">'
                      f'<button type="submit" class="button secondary" data-method="DELETE" '
                      f'data-id="{text(row.enrollment_id)}"{described}>{drop}</button>')
        elif row.can_choose:
            described = f' aria-describedby="refusal-{code}"' if row.code == refused_section else ""
            button = (f'<input type="hidden" name="section" value="{code}">'
                      f'<button type="submit" class="primary" data-method="POST"{described}>'
                      f'{choose if row.seats_left else wait}</button>')
        errors = []
        if form is not None and row.code == refused_section and "section" in form.fields:
            errors = form["section"].errors
        elif (form is not None and refused_enrollment and enrollment == refused_enrollment
              and "drop" in form.fields):
            errors = form["drop"].errors
        error_list = (f'<ul class="form-errors field-errors" role="alert" id="refusal-{code}">'
                      + "".join(f"<li>{text(error)}</li>" for error in errors) + "</ul>") if errors else ""
        rows.append(
            f'<tr data-section="{code}" class="{css}">'
            f'<td><strong>{text(row.discipline)}</strong> {text(row.name)}{badges}</td>'
            f'<td class="num">{text(row.credits)}{price}</td>'
            f'<td>{code}<br><span class="muted">{text(language_label(row.language))} '
            f'{text(row.instructor or "")}</span></td>'
            f'<td class="num">{text(row.seats_left)} / {text(row.capacity)}</td>'
            f"<td>{status}</td>"
            f'<td><form method="post" action="{page_url}" class="choose">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">{button}</form>'
            f"{error_list}</td></tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above went through conditional_escape
