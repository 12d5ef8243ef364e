"""The Diploma Supplement's rules as pure Python (§16, DS-1 … DS-5): no Django, no database.

``facts`` holds the plain data a supplement is made of, ``completeness`` says what is missing
(DS-1), ``content`` writes the eight sections in English (DS-2, DS-3, DS-3a, DS-4) and
``elmo`` shapes the same content as EMREX ELMO XML for the PDF/A-3 attachment.
"""
