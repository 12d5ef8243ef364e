"""The Diploma Supplement as PDF/A-3b (WeasyPrint, shipped fonts) with its data as an ELMO-shaped
XML attachment and a QR code to the public verification page."""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

import segno

from diploma_supplement.policy import content
from diploma_supplement.policy.facts import SupplementFacts
from diploma_supplement.policy.transcript import by_period, final_attempts, totals_by_kind
from ektu_portal.core.pdf import render_pdf
from ektu_portal.core.translit import kazakh_to_latin

ELMO_NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=3, border=1, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def elmo_xml(facts: SupplementFacts, number: str, issued_on: date) -> bytes:
    """The same data in machine-readable form, shaped as EMREX ELMO (learner, report, learning
    opportunities with their results) — embedded in the PDF/A-3 (DS-1 … DS-4)."""
    ET.register_namespace("", ELMO_NS)
    q = lambda tag: f"{{{ELMO_NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("elmo"))
    ET.SubElement(root, q("generatedDate")).text = issued_on.isoformat()
    learner = ET.SubElement(root, q("learner"))
    ET.SubElement(learner, q("identifier"), type="nationalIdentifier").text = facts.holder.iin
    ET.SubElement(learner, q("givenNames")).text = " ".join(facts.holder.full_name.split()[1:])
    ET.SubElement(learner, q("familyName")).text = (facts.holder.full_name.split() or [""])[0]
    if facts.holder.birth_date:
        ET.SubElement(learner, q("bday")).text = facts.holder.birth_date.isoformat()
    report = ET.SubElement(root, q("report"))
    issuer = ET.SubElement(report, q("issuer"))
    ET.SubElement(issuer, q("title"), {"xml:lang": "en"}).text = facts.institution.name_en
    ET.SubElement(issuer, q("url")).text = facts.institution.website
    ET.SubElement(report, q("issueDate")).text = issued_on.isoformat()
    programme = ET.SubElement(report, q("learningOpportunitySpecification"))
    ET.SubElement(programme, q("identifier"), type="local").text = facts.programme.code
    ET.SubElement(programme, q("title"), {"xml:lang": "en"}).text = facts.programme.name_en
    ET.SubElement(programme, q("type")).text = "Degree Programme"
    instance = ET.SubElement(programme, q("specifies"))
    opportunity = ET.SubElement(instance, q("learningOpportunityInstance"))
    ET.SubElement(opportunity, q("credit"), scheme="ects").text = str(facts.credits_earned)
    if facts.gpa is not None:
        ET.SubElement(opportunity, q("resultLabel")).text = f"GPA {facts.gpa:.2f}"
    parts = ET.SubElement(programme, q("hasPart"))
    for line in final_attempts(facts.attempts):
        spec = ET.SubElement(parts, q("learningOpportunitySpecification"))
        ET.SubElement(spec, q("identifier"), type="local").text = line.code
        ET.SubElement(spec, q("title"), {"xml:lang": "en"}).text = line.name_en
        ET.SubElement(spec, q("type")).text = {"coursework": "Course", "practice": "Module"}.get(line.kind, "Course")
        result = ET.SubElement(ET.SubElement(spec, q("specifies")), q("learningOpportunityInstance"))
        ET.SubElement(result, q("start")).text = line.period.starts.isoformat()
        ET.SubElement(result, q("date")).text = line.period.ends.isoformat()
        ET.SubElement(result, q("credit"), scheme="ects").text = str(line.ects)
        ET.SubElement(result, q("resultLabel")).text = line.letter or line.status
        ET.SubElement(result, q("engagementHours")).text = str(line.hours)
    ET.SubElement(root, q("attachment")).text = number
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def supplement_context(facts: SupplementFacts, number: str, issued_on: date, verify_url: str) -> dict[str, Any]:
    transliterated = kazakh_to_latin(facts.holder.full_name)
    lines = final_attempts(facts.attempts)
    return {
        "facts": facts, "number": number, "issued_on": issued_on, "verify_url": verify_url,
        "introduction": content.INTRODUCTION,
        "sections": content.sections(facts, transliterated_name=transliterated, number=number, issued_on=issued_on,
                                     verify_url=verify_url),
        "groups": by_period(lines), "totals": totals_by_kind(lines), "qr": qr_svg(verify_url),
        "latin_name": facts.holder.full_name_latin or transliterated, "lang": "en",
        "header_left": f"Diploma Supplement · {facts.holder.full_name_latin or transliterated} "
                       f"({facts.holder.full_name})",
        "header_right": f"No. {number}",
    }


def supplement_pdf(facts: SupplementFacts, number: str, issued_on: date, verify_url: str) -> bytes:
    from weasyprint import Attachment

    xml = elmo_xml(facts, number, issued_on)
    attachment = Attachment(string=xml, name="elmo.xml", description="Diploma Supplement data (EMREX ELMO)")
    return render_pdf("diploma_supplement/supplement.html", supplement_context(facts, number, issued_on, verify_url),
                      pdf_variant="pdf/a-3b", attachments=[attachment])
