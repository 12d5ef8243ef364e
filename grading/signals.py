"""What grading tells the apps above it, without importing them (ARCHITECTURE.md: registration
listens; grading never imports registration)."""

from __future__ import annotations

from django.dispatch import Signal

# GR-10 → RG-3: sent once the transaction that registered academic debts has committed, with
# ``student_ids``: the students who now owe a discipline.
academic_debts_registered = Signal()
