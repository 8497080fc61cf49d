"""Whole numbers from URLs, query strings and forms, parsed one way everywhere: ASCII digits only
(str.isdigit() also accepts "²") and never beyond what the database holds, so a bad id is ignored,
answers 400 or 404, and never reaches the database as a 500 (OverflowError, ValueError)."""

import re

import django_filters
from django import forms
from django.db import models
from django.db.models.lookups import In
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet

MAX_INT = 2**63 - 1  # the largest integer of SQLite and of Postgres' bigint
ID_PATTERN = r"[0-9]{1,19}"  # an id in an API path; longer numbers answer 404 without a query
_ID = re.compile(ID_PATTERN)


def parse_id(value) -> int | None:
    """A positive id from a query string or a form value, or None when it is not one."""
    value = str(value or "").strip()
    if not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_INT else None


class IntegerFilter(django_filters.NumberFilter):
    """A whole number within the database's range; anything else is a 400 with the field's message."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_INT)
        kwargs.setdefault("max_value", MAX_INT)
        super().__init__(*args, **kwargs)


_INTEGER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)


class FilterSet(RestFilterSet):
    """The API's base filter set: integer model fields get a bounded IntegerFilter (django-filter's
    NumberFilter takes any decimal, which overflows the database)."""

    FILTER_DEFAULTS = {
        **RestFilterSet.FILTER_DEFAULTS,
        **{field: {"filter_class": IntegerFilter} for field in _INTEGER_FIELDS},
    }


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose `filterset_fields` build on our FilterSet."""

    filterset_base = FilterSet


class IntegerIn(In):
    """`in` on an integer column leaves out numbers the column cannot hold (they match no row), as
    Django already does for `exact`: SQLite would raise OverflowError on them (a form's multiple
    choice of ids, say)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_ranges.get(internal_type, (None, None))
            self.rhs = [
                value for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
