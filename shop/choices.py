"""A choice's label, as Django's ``get_FOO_display`` gives it, for a page that asks
often: Django normalises and hashes every choice (each lazy label translated to be
hashed) on each call; the choices' enum finds the one at once."""

from django.db import models


def choice_label(choices: type[models.Choices], value):
    """The label of ``value`` among ``choices`` in the active language; ``value``
    itself when it is none of them (as Django's)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
