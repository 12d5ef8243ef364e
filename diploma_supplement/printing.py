"""The Diploma Supplement as PDF/A-3b (WeasyPrint, shipped fonts) with its data as an ELMO-shaped
XML attachment and a QR code to the public verification page.

A preview (no number) is the same document watermarked "PREVIEW — not an official document", with no
number, no QR code and no verification address: it certifies nothing until the dean's office issues it.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import segno

from diploma_supplement.policy import content
from diploma_supplement.policy.elmo import elmo_xml
from diploma_supplement.policy.facts import SupplementFacts
from diploma_supplement.policy.transcript import (
    KIND_LABELS,
    by_period,
    final_attempts,
    recognition_note,
    result_label,
    totals_by_kind,
)
from ektu_portal.core.pdf import render_pdf
from ektu_portal.core.translit import kazakh_to_latin

TOTAL_LABELS = {"theory": "Disciplines", "coursework": "Course works (projects)",
                "practice": "Professional practices", "research": "Research work",
                "final_attestation": "Final attestation"}
PREVIEW_MARK = "PREVIEW — not an official document"


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=3, border=1, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def holder_latin_name(facts: SupplementFacts) -> str:
    """The passport's Latin spelling when recorded, else the official transliteration."""
    return facts.holder.full_name_latin or kazakh_to_latin(facts.holder.full_name)


def supplement_context(facts: SupplementFacts, number: str | None, issued_on: date,
                       verify_url: str | None) -> dict[str, Any]:
    transliterated = kazakh_to_latin(facts.holder.full_name)
    lines = final_attempts(facts.attempts)
    groups = [{"number": group.number, "period": group.period, "credits": group.credits,
               "rows": [{"line": line, "kind": KIND_LABELS.get(line.kind, line.kind),
                         "result": result_label(line), "recognized": recognition_note(line.recognized_from)}
                        for line in group.lines]} for group in by_period(lines)]
    totals = [{"kind": TOTAL_LABELS.get(total.kind, total.kind), "count": total.count,
               "credits": total.credits} for total in totals_by_kind(lines) if total.count]
    preview = number is None
    title = PREVIEW_MARK if preview else f"Diploma Supplement No. {number}"
    return {
        "facts": facts, "number": number, "preview": preview, "preview_mark": PREVIEW_MARK,
        "issued_on": issued_on, "verify_url": verify_url,
        "introduction": content.INTRODUCTION,
        "sections": content.sections(facts, transliterated_name=transliterated, number=number,
                                     issued_on=issued_on, verify_url=verify_url),
        "groups": groups, "totals": totals, "qr": qr_svg(verify_url) if verify_url and not preview else "",
        "latin_name": holder_latin_name(facts), "lang": "en",
        "official": content.official_name(facts.institution),
        # The running header (print/base.html): the holder in Latin and Kazakh letters; the template
        # puts "Page x of y" on the right.
        "header_left": f"{title} · {holder_latin_name(facts)} ({facts.holder.full_name})",
        "header_right": "",
    }


def supplement_pdf(facts: SupplementFacts, number: str | None, issued_on: date,
                   verify_url: str | None) -> bytes:
    """The supplement as issued (``number`` given) or as a preview (``number`` None)."""
    from weasyprint import Attachment

    xml = elmo_xml(facts, number=number, issued_on=issued_on, latin_name=holder_latin_name(facts))
    attachment = Attachment(string=xml, name="elmo.xml", description="Diploma Supplement data (EMREX ELMO)",
                            relationship="Data")  # PDF/A-3: the XML is the same data as the pages
    return render_pdf("diploma_supplement/supplement.html",
                      supplement_context(facts, number, issued_on, verify_url),
                      pdf_variant="pdf/a-3b", attachments=[attachment])
