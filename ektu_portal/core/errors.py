"""Domain errors: one exception type that pages and the API both understand.

Services raise ``DomainError`` subclasses with a stable ``code``; the API turns them into
RFC 9457 problem details (contract §2), pages into form errors. Nothing is written when
one is raised inside a service's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy


class DomainError(Exception):
    status: int = 400
    code: str = "invalid"
    title: Any = gettext_lazy("The request cannot be carried out")  # str, or a lazily translated one

    def __init__(self, detail: str = "", *, code: str | None = None, title: str | None = None,
                 status: int | None = None, **extra: Any) -> None:
        super().__init__(detail or title or self.title)
        self.detail = detail
        if code:
            self.code = code
        if title:
            self.title = title
        if status:
            self.status = status
        self.extra = extra


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = gettext_lazy("Not found")


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"
    title = gettext_lazy("You may not do this")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = gettext_lazy("The request conflicts with the current state")


@dataclass(frozen=True)
class Problem:
    """One problem in a document or a sheet, located by its JSON path or row."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationFailed(DomainError):
    """Many problems at once (OSIS: collect every error before anything changes)."""

    status = 422
    code = "validation_failed"
    title = gettext_lazy("The input has problems")

    def __init__(self, problems: list[Problem], *, code: str | None = None, title: str | None = None) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]), code=code, title=title, status=422)
        self.problems = problems
