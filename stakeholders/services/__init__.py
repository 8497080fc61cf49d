"""Every write to the registry. Views, admin actions, the API, tasks and commands call these.

people.py: profiles, consent, My data and anonymisation; organisations.py: proposals, memberships,
approval, merging; imports.py: XLSX/CSV import: size checks, a dry run and the write in background jobs."""

from .imports import check_file, request_import, resume_if_stale, run_import, start_import, validate_import
from .organisations import (
    approve_membership,
    approve_organisation,
    join_organisation,
    merge_organisations,
    propose_organisation,
    reject_membership,
    reject_organisation,
    update_organisation,
)
from .people import (
    add_person_by_staff,
    anonymise_person,
    complete_profile,
    ensure_person_for_user,
    record_consent,
    register_person_met_in_person,
    update_profile,
    withdraw_consent,
)

__all__ = [
    "add_person_by_staff",
    "anonymise_person",
    "approve_membership",
    "approve_organisation",
    "complete_profile",
    "ensure_person_for_user",
    "join_organisation",
    "merge_organisations",
    "propose_organisation",
    "record_consent",
    "register_person_met_in_person",
    "reject_membership",
    "reject_organisation",
    "run_import",
    "start_import",
    "validate_import",
    "request_import",
    "resume_if_stale",
    "check_file",
    "update_organisation",
    "update_profile",
    "withdraw_consent",
]
