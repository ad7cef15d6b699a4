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
    raise NotImplementedError
