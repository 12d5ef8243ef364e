from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ektu_portal.academics.selectors import roles_of


def portal(request: HttpRequest) -> dict[str, Any]:
    # Read when a template asks (the navigation, the home page), not for every render: the registration
    # page's live part (``?partial=1``), fetched by every waiting student at the opening (issue 15), shows
    # no role.
    return {"my_roles": SimpleLazyObject(lambda: roles_of(getattr(request, "user", None)))}
