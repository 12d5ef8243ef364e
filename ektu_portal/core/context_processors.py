from typing import Any

from django.http import HttpRequest

from ektu_portal.academics.selectors import roles_of


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"my_roles": roles_of(getattr(request, "user", None))}
