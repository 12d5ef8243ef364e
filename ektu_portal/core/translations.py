"""The portal's message catalogues (Kazakh and Russian; English is the source language).

``compile_catalogues`` writes each ``locale/<lang>/LC_MESSAGES/django.po`` as ``django.mo`` in
pure Python (polib), so a machine without GNU gettext can still rebuild them. ``catalogue_problems``
is what CI checks: nothing untranslated, nothing fuzzy, every placeholder kept, every ``.mo`` up
to date with its ``.po``.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("kk", "ru")

# %(name)s, %s, %d, {name}: a translation that drops or renames one breaks the page at runtime.
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%[sdf]|\{[a-z_]*\}")


def catalogue(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def compile_catalogues(languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    written = []
    for language in languages:
        po_path = catalogue(language)
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def catalogue_problems(language: str) -> list[str]:
    """What is wrong with one language's catalogue, in words a translator can act on."""
    po_path = catalogue(language)
    po = polib.pofile(str(po_path))
    problems = [f"untranslated: {entry.msgid!r}" for entry in po.untranslated_entries()]
    problems += [f"fuzzy: {entry.msgid!r}" for entry in po.fuzzy_entries()]
    for entry in po.translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wanted = _placeholders(entry.msgid_plural or entry.msgid)
        for text in translations:
            # Singular forms may drop a count ("one credit"), never a named placeholder.
            if entry.msgid_plural:
                lost = set(_placeholders(entry.msgid)) - set(_placeholders(text)) - {"%d", "%(count)d"}
                if lost:
                    problems.append(f"placeholder {sorted(lost)} lost in {entry.msgid!r}")
            elif _placeholders(text) != wanted:
                problems.append(f"placeholders differ in {entry.msgid!r}: {_placeholders(text)} != {wanted}")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path.name} missing: run manage.py compiletranslations")
    else:
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(mo_path))}
        source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
        if compiled != source:
            problems.append(f"{mo_path.name} is stale: run manage.py compiletranslations")
    return problems
