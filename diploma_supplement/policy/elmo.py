"""The supplement's data in machine-readable form, shaped as EMREX ELMO (DS-1 … DS-4).

Embedded in the PDF/A-3 as an attachment: learner, issuer, the programme and, as its parts,
every line of the transcript with credits, hours and result. Pure: standard library only.
"""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from diploma_supplement.policy.facts import SupplementFacts
from diploma_supplement.policy.transcript import final_attempts, mobility_periods

ELMO_NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LOS_TYPES = {"theory": "Course", "coursework": "Course", "practice": "Module", "research": "Module",
             "final_attestation": "Module"}


def _q(tag: str) -> str:
    return f"{{{ELMO_NS}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), attributes)
    element.text = text
    return element


def elmo_xml(facts: SupplementFacts, *, number: str | None, issued_on: date, latin_name: str) -> bytes:
    """ELMO of one supplement: the holder's names in Kazakh letters and in Latin, the programme
    with its ECTS credits and GPA, each transcript line (DS-4) and the mobility periods (DS-3 6.1).
    A preview (``number`` None) carries no supplement number: it identifies no issued document."""
    ET.register_namespace("", ELMO_NS)
    root = ET.Element(_q("elmo"))
    _text(root, "generatedDate", issued_on.isoformat())
    learner = ET.SubElement(root, _q("learner"))
    if facts.holder.iin:
        _text(learner, "identifier", facts.holder.iin, type="nationalIdentifier")
    native, latin = facts.holder.full_name.split(), latin_name.split()
    _text(learner, "givenNames", " ".join(latin[1:]))
    _text(learner, "familyName", latin[0] if latin else "")
    _text(learner, "givenNames", " ".join(native[1:]), **{XML_LANG: "kk"})
    _text(learner, "familyName", native[0] if native else "", **{XML_LANG: "kk"})
    if facts.holder.birth_date:
        _text(learner, "bday", facts.holder.birth_date.isoformat())
    report = ET.SubElement(root, _q("report"))
    issuer = ET.SubElement(report, _q("issuer"))
    if number:
        _text(issuer, "identifier", number, type="diplomaSupplementNumber")
    _text(issuer, "title", facts.institution.name_en, **{XML_LANG: "en"})
    _text(issuer, "title", facts.institution.name_kk, **{XML_LANG: "kk"})
    _text(issuer, "url", facts.institution.website)
    programme = ET.SubElement(report, _q("learningOpportunitySpecification"))
    _text(programme, "identifier", facts.programme.code, type="local")
    _text(programme, "title", facts.programme.name_en, **{XML_LANG: "en"})
    if facts.programme.name_kk:
        _text(programme, "title", facts.programme.name_kk, **{XML_LANG: "kk"})
    _text(programme, "type", "Degree Programme")
    instance = ET.SubElement(ET.SubElement(programme, _q("specifies")), _q("learningOpportunityInstance"))
    _text(instance, "credit", str(facts.credits_earned), scheme="ects")
    if facts.gpa is not None:
        _text(instance, "resultLabel", f"GPA {facts.gpa:.2f}")
    if facts.holder.graduated_on:
        _text(instance, "date", facts.holder.graduated_on.isoformat())  # the degree's award date
    if facts.diploma_number:
        _text(instance, "diplomaNumber", facts.diploma_number)
    for line in final_attempts(facts.attempts):
        part = ET.SubElement(ET.SubElement(programme, _q("hasPart")), _q("learningOpportunitySpecification"))
        _text(part, "identifier", line.code, type="local")
        _text(part, "title", line.name_en, **{XML_LANG: "en"})
        if line.name_kk:
            _text(part, "title", line.name_kk, **{XML_LANG: "kk"})
        _text(part, "type", LOS_TYPES.get(line.kind, "Course"))
        _text(part, "subjectArea", line.kind)
        result = ET.SubElement(ET.SubElement(part, _q("specifies")), _q("learningOpportunityInstance"))
        _text(result, "academicTerm", line.period.words)
        _text(result, "start", line.period.starts.isoformat())
        _text(result, "date", line.period.ends.isoformat())
        _text(result, "status", "passed" if line.positive else "failed")
        _text(result, "credit", str(line.ects), scheme="ects")
        _text(result, "credit", str(line.credits), scheme="local")
        _text(result, "resultLabel", line.letter or line.status)
        if line.points is not None:
            _text(result, "shortenedGrading", f"{line.points:.2f}")
        if line.final_score is not None:
            _text(result, "percentageLower", str(line.final_score))
        _text(result, "engagementHours", str(line.hours))
        if line.recognized_from:
            _text(result, "recognizedFrom", line.recognized_from)
    for period in facts.mobility_periods or mobility_periods(facts.attempts):
        _text(report, "mobilityPeriod", period)
    _text(report, "issueDate", issued_on.isoformat())
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
