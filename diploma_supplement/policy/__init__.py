"""The Diploma Supplement's rules as pure Python (§16, DS-1 … DS-5): no Django, no database.

``facts`` holds the plain data a supplement is made of; ``transcript`` orders its lines (DS-4) and
reads mobility periods from recognized results; ``content`` says what is missing (DS-1) and writes
the eight sections in English (DS-2, DS-3, DS-3a); ``elmo`` shapes the same data as EMREX ELMO XML
for the PDF/A-3 attachment.
"""
