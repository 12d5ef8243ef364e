"""Printed documents: Django templates rendered by WeasyPrint with the fonts the portal ships.

The fonts (DejaVu Sans, static/fonts) cover every Kazakh letter (ә ғ қ ң ө ұ ү һ і), so a
document prints the same on any host, whatever fonts the host has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


def font_faces() -> str:
    """@font-face rules for the shipped fonts, by file URL (WeasyPrint embeds them)."""
    regular, bold = (FONTS_DIR / "DejaVuSans.ttf").as_uri(), (FONTS_DIR / "DejaVuSans-Bold.ttf").as_uri()
    return (f'@font-face {{ font-family: "Portal Sans"; src: url("{regular}"); font-weight: normal; }}\n'
            f'@font-face {{ font-family: "Portal Sans"; src: url("{bold}"); font-weight: bold; }}\n')


def render_pdf(template: str, context: dict[str, Any], *, pdf_variant: str | None = None,
               attachments: list[Any] | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "font_faces": font_faces()})
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return bytes(document.write_pdf(pdf_variant=pdf_variant, attachments=attachments))
