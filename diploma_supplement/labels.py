"""The supplement's codes in the reader's words: no code or English on a Kazakh or Russian page.

The supplement itself is printed in English (DS-1); the pages about it — what is missing, whether it
is issued — speak the reader's language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from diploma_supplement.policy import content
from diploma_supplement.policy.content import Gap

# DS-1: what the records lack, each with the field of the model it fills.
GAPS: dict[str, Promise] = {
    content.NOT_GRADUATED: _("the student has not graduated"),
    content.BIRTH_DATE: _("date of birth (1.3)"),
    content.IIN: _("IIN (1.4)"),
    content.QUALIFICATION_EN: _("the qualification's English name (2.1)"),
    content.QUALIFICATION_KK: _("the qualification's name in Kazakh, the original language (2.1)"),
    content.LANGUAGES_MISSING: _("the programme's language(s) of instruction (2.5)"),
    content.GRADING_SCALE: _("the letter scale in force (4.4)"),
    content.DIPLOMA_NUMBER: _("the diploma number (6.1)"),
    content.GRADUATED_ON: _("the date the degree was awarded (6.1, 7.1)"),
    content.CERTIFYING_OFFICIAL: _("the certifying official's name (7.2)"),
}


def gap_label(gap: Gap) -> str:
    """One gap in words the dean's office can act on, in the active language."""
    if gap.code == content.LEARNING_OUTCOMES:
        return gettext("the programme's main learning outcomes (4.2): %(recorded)s recorded, "
                       "%(low)s–%(high)s needed") % {"recorded": gap.recorded, "low": content.MIN_OUTCOMES,
                                                     "high": content.MAX_OUTCOMES}
    if gap.code == content.CREDITS_SHORT:
        return gettext("credits earned: %(recorded)s of the programme's %(needed)s (CR-3)") % {
            "recorded": gap.recorded, "needed": gap.needed}
    if gap.code == content.IN_PROGRESS_RESULTS:
        return gettext("results without a final grade: %(codes)s") % {"codes": ", ".join(gap.disciplines)}
    if gap.code == content.UNPASSED:
        return gettext("disciplines without a positive final grade: %(codes)s") % {
            "codes": ", ".join(gap.disciplines)}
    return str(GAPS.get(gap.code, gap.code))


def gap_labels(gaps: list[Gap]) -> list[str]:
    return [gap_label(gap) for gap in gaps]
