# wrong: raises on the first bad field instead of collecting the errors of every field
"""A serializer-style validator in plain Python (what a DRF Serializer does).

`validate_event(data)` takes untrusted input (a dict, e.g. parsed JSON) and
returns a cleaned dict, or raises ValidationError carrying EVERY problem found
as {field: [message]}. The exception class and the messages are provided: do
not change them.
"""
import datetime
import re


class ValidationError(Exception):
    """Invalid input; `errors` maps each bad field to a list of messages."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


REQUIRED = "This field is required."
NOT_A_STRING = "Not a valid string."
BLANK = "This field may not be blank."
TOO_LONG = "Ensure this field has no more than 100 characters."
BAD_DATE = "Date has wrong format. Use YYYY-MM-DD."
NOT_AN_INT = "A valid integer is required."
TOO_SMALL = "Ensure this value is greater than or equal to 1."
END_BEFORE_START = "End date must be after start date."
NOT_A_DICT = "Invalid data. Expected a dictionary."
DATETIME_NOT_DATE = "Expected a date but got a datetime."


_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _FieldError(Exception):
    """One field's problem, raised by a field cleaner and collected."""


def _clean_title(value):
    if not isinstance(value, str):
        raise _FieldError(NOT_A_STRING)
    value = value.strip()
    if not value:
        raise _FieldError(BLANK)
    if len(value) > 100:
        raise _FieldError(TOO_LONG)
    return value


def _clean_date(value):
    # datetime.datetime is a subclass of date, but a datetime is not a date:
    # accepting it would let a time of day through, and comparing it with a
    # plain date raises TypeError. Refuse it, as DRF's DateField does.
    if isinstance(value, datetime.datetime):
        raise _FieldError(DATETIME_NOT_DATE)
    if isinstance(value, datetime.date):
        return value
    # fromisoformat alone would also accept '20240105' (Python 3.11), and
    # strptime('%Y-%m-%d') accepts '2024-1-5': check the exact shape first.
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:  # right shape, impossible date: '2024-02-30'
            pass
    raise _FieldError(BAD_DATE)


def _clean_capacity(value):
    # bool is a subclass of int: True would otherwise pass as 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _FieldError(NOT_AN_INT)
    if value < 1:
        raise _FieldError(TOO_SMALL)
    return value


# field name -> (required?, cleaner)
_FIELDS = {
    "title": (True, _clean_title),
    "start_date": (True, _clean_date),
    "end_date": (True, _clean_date),
    "capacity": (False, _clean_capacity),
}


def validate_event(data):
    """Validate an event and return {'title', 'start_date', 'end_date', 'capacity'}.

    - title: required str, stripped, not blank, at most 100 characters;
    - start_date, end_date: required; a datetime.date, or a str 'YYYY-MM-DD'
      that is a real date; cleaned to datetime.date; a datetime.datetime is
      refused with DATETIME_NOT_DATE (as DRF's DateField does);
    - capacity: optional (missing or None gives None); an int (not a bool) >= 1;
    - end_date must be after start_date (checked only when both dates are valid);
    - unknown keys are dropped; `data` itself is never modified.
    A field with a problem gets exactly one message (see README). Raise
    ValidationError with all of them; non-dict input gives
    {'non_field_errors': [NOT_A_DICT]}.
    """
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": [NOT_A_DICT]})

    cleaned, errors = {}, {}
    for name, (required, clean) in _FIELDS.items():
        value = data.get(name)  # read only: the caller's dict is never changed
        if value is None:
            if required:
                raise ValidationError({name: [REQUIRED]})
            else:
                cleaned[name] = None
            continue
        try:
            cleaned[name] = clean(value)
        except _FieldError as e:
            raise ValidationError({name: [str(e)]})

    # Cross-field rule, only when both sides are valid dates.
    if "start_date" in cleaned and "end_date" in cleaned:
        if cleaned["end_date"] <= cleaned["start_date"]:
            errors["end_date"] = [END_BEFORE_START]

    if errors:
        raise ValidationError(errors)
    return cleaned
