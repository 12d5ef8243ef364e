from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

# The Kazakh Cyrillic alphabet in its official order (42 letters): ә after а, ғ after г, қ after к,
# ң after н, ө after о, ұ and ү after у, һ after х, і after ы — the order CLDR's "kk" collation
# follows too. Russian names use a subset of it.
KAZAKH_ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
# Each letter (either case) becomes the code point of its place in the alphabet, from U+0410 on,
# and Latin letters become capitals: compared byte by byte ("C" collation) the keys fall in
# Kazakh alphabetical order, case aside. Any other character keeps its own code point.
_SORT_FROM = KAZAKH_ALPHABET + KAZAKH_ALPHABET.lower() + "abcdefghijklmnopqrstuvwxyz"
_SORT_TO = ("".join(chr(0x0410 + place) for place in range(len(KAZAKH_ALPHABET))) * 2
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SORT_TABLE = str.maketrans(_SORT_FROM, _SORT_TO)


def kazakh_sort_key(name: str) -> str:
    """The key ``User.full_name_sort`` holds, for sorting names in Python the way the database does."""
    return name.translate(_SORT_TABLE)


class User(AbstractUser):
    """A person who signs in: student, instructor, adviser, staff.

    Roles (and their scope: a dean's school, an adviser's students) live in
    ``academics.RoleAssignment``; this model is only the identity.
    """

    full_name = models.CharField(_("full name"), max_length=200)
    # Passport spelling of the name in Latin letters (Diploma Supplement, DS-3 field 1.1).
    full_name_latin = models.CharField(_("full name in Latin letters"), max_length=200, blank=True)
    # Names sort in Kazakh alphabetical order: ``order_by("full_name_sort", "full_name")``. The
    # embedded PostgreSQL (pgserver) is built without ICU, so no "kk-KZ" collation can order
    # ``full_name`` itself; the database computes this key on every write instead (bulk loads
    # included), so it holds on any PostgreSQL.
    full_name_sort = models.GeneratedField(
        expression=models.Func(models.F("full_name"), models.Value(_SORT_FROM), models.Value(_SORT_TO),
                               function="translate", output_field=models.CharField(max_length=200)),
        output_field=models.CharField(max_length=200, db_collation="C"), db_persist=True,
        verbose_name=_("full name (sort key)"), db_index=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
