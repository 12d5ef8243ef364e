from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts come from the university's records (load_university), never from sign-up."""

    def is_open_for_signup(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
