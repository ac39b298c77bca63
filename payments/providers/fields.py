"""Reading a provider's JSON fields by their documented types.

An authentic delivery whose field has the wrong type (an object where the account
number should be, a missing or null transaction id, a fractional amount) is refused
as malformed (400, nothing stored) instead of being stored as Python's idea of it
(``"None"``, ``"{'a': 1}"``).
"""

from payments.gateway import NotificationMalformed


def text(data: dict, key: str, *, required: bool = True) -> str:
    """``data[key]`` as text: a string, or a whole number some providers send for
    ids; "" when optional and absent or null."""
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise NotificationMalformed(f"Missing {key!r}.")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise NotificationMalformed(
            f"{key!r} must be a string or a number, not {type(value).__name__}."
        )
    return str(value)


def whole_number(data: dict, key: str) -> int:
    """``data[key]`` as a whole number of đồng (VND has no minor unit)."""
    value = data.get(key)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotificationMalformed(f"{key!r} must be a whole number.")
    return value
