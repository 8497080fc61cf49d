"""Writes about organisations and memberships: proposals, joining, staff decisions, merging."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from magnet import outbox
from magnet.text import search_key

from ..models import Membership, Organisation, OrganisationType, Person

EDITABLE_BY_FOCAL_POINT = ("description_tr", "description_en", "website", "email", "thematic_areas")


DECISION_MAILS = tuple(f"stakeholders/{kind}_{decision}" for kind in ("organisation", "membership")
                       for decision in ("approved", "rejected"))


def _decision(kind: str, pk: int):
    """(person to tell, organisation, status, reason) of an organisation or membership decision."""
    if kind == "organisation":
        organisation = Organisation.objects.select_related("proposed_by").get(pk=pk)
        return organisation.proposed_by, organisation, organisation.status, organisation.status_reason
    membership = Membership.objects.select_related("person", "organisation").get(pk=pk)
    return membership.person, membership.organisation, membership.status, membership.status_reason


def _send_decision_on_commit(kind: str, pk: int) -> None:
    """Tell the person concerned, in their language, with the reason when rejected: an outbox row
    written in the deciding transaction."""
    person, _organisation, status, _reason = _decision(kind, pk)
    if person is None or person.anonymised_at or status not in ("approved", "rejected"):
        return
    template = f"stakeholders/{kind}_{status}"
    outbox.enqueue(outbox.mail(key=f"{template}:{pk}:{outbox.unique()}", to=person.email, template=template,
                               language=person.preferred_language, context={"kind": kind, "pk": pk}))


@outbox.register(*DECISION_MAILS)
def _build_decision(row) -> outbox.Rendered | None:
    person, organisation, status, reason = _decision(row.context["kind"], row.context["pk"])
    if person is None or person.anonymised_at or not row.template.endswith(f"_{status}"):
        return None  # decided otherwise since: that decision has its own mail
    return outbox.Rendered({"person": person, "organisation": organisation, "reason": reason})


def _clean_text(value):
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def propose_organisation(
    *,
    person: Person,
    name_tr: str,
    type: OrganisationType,
    country: str,
    name_en: str = "",
    acronym: str = "",
    province: str = "",
    city: str = "",
    website: str = "",
    email: str = "",
    description_tr: str = "",
    description_en: str = "",
    thematic_areas=(),
    role: str = "",
) -> Organisation:
    """A person proposes a new organisation: it is created pending, with the person as its pending
    focal point, until staff approve it. Duplicate submissions (the same person proposing the same
    name again while it is pending) return the first proposal instead of creating another.
    Validated completely before anything is written."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    name_tr = _clean_text(name_tr)
    existing = Organisation.objects.filter(
        proposed_by=person, status=Organisation.Status.PENDING, search_text__contains=search_key(name_tr)
    ).first()
    if existing and search_key(existing.name_tr) == search_key(name_tr):
        return existing
    organisation = Organisation(
        name=name_tr,
        name_tr=name_tr,
        name_en=_clean_text(name_en),
        acronym=_clean_text(acronym),
        pillar_id=type.pillar_id,
        type=type,
        country=country,
        province=province if country == "TR" else "",
        city=_clean_text(city),
        website=_clean_text(website),
        email=_clean_text(email),
        description=_clean_text(description_tr),
        description_tr=_clean_text(description_tr),
        description_en=_clean_text(description_en),
        status=Organisation.Status.PENDING,
        proposed_by=person,
    )
    organisation.full_clean()
    organisation.save()
    organisation.thematic_areas.set(thematic_areas)
    membership = Membership(
        person=person, organisation=organisation, role=_clean_text(role), is_focal_point=True,
        status=Membership.Status.PENDING,
    )
    membership.full_clean()
    membership.save()
    return organisation


@transaction.atomic
def join_organisation(*, person: Person, organisation: Organisation, role: str = "") -> Membership:
    """Ask to join an approved organisation: a pending membership for staff to approve. Idempotent:
    asking again while pending or approved returns the current membership; after a rejection the same
    membership becomes pending again."""
    if organisation.status != Organisation.Status.APPROVED:
        raise ValidationError(_("You can only join an approved organisation."), code="not_approved")
    Person.objects.select_for_update().get(pk=person.pk)  # two requests at once: the second waits, then finds the first
    membership = (
        Membership.objects.select_for_update().filter(person=person, organisation=organisation, until__isnull=True).first()
    )
    if membership and membership.status in (Membership.Status.PENDING, Membership.Status.APPROVED):
        return membership
    membership = membership or Membership(person=person, organisation=organisation)
    membership.role = _clean_text(role)
    membership.status = Membership.Status.PENDING
    membership.status_reason = ""
    membership.full_clean()
    membership.save()
    return membership


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: it is sent to the person.")}, code="reason_required")
    return reason


@transaction.atomic
def approve_organisation(*, organisation: Organisation) -> Organisation:
    """Approve a pending (or suspended) organisation and its proposer's pending membership; the
    proposer is told by e-mail in their language once the transaction commits. Idempotent: approving
    an approved organisation changes nothing and sends nothing."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == Organisation.Status.APPROVED:
        return organisation
    if organisation.merged_into_id:
        raise ValidationError(_("This organisation was merged into another one."), code="merged")
    organisation.status = Organisation.Status.APPROVED
    organisation.status_reason = ""
    organisation.save()
    if organisation.proposed_by_id:
        Membership.objects.filter(
            organisation=organisation, person_id=organisation.proposed_by_id, status=Membership.Status.PENDING
        ).update(status=Membership.Status.APPROVED)
        _send_decision_on_commit("organisation", organisation.pk)
    return organisation


@transaction.atomic
def reject_organisation(*, organisation: Organisation, reason: str) -> Organisation:
    """Reject a pending organisation with a reason (required); its pending memberships are rejected
    with the same reason and the proposer is told by e-mail in their language. Idempotent."""
    reason = _require_reason(reason)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == Organisation.Status.REJECTED:
        return organisation
    organisation.status = Organisation.Status.REJECTED
    organisation.status_reason = reason
    organisation.save()
    Membership.objects.filter(organisation=organisation, status=Membership.Status.PENDING).update(
        status=Membership.Status.REJECTED, status_reason=reason
    )
    if organisation.proposed_by_id:
        _send_decision_on_commit("organisation", organisation.pk)
    return organisation


@transaction.atomic
def approve_membership(*, membership: Membership) -> Membership:
    """Approve a pending membership in an approved organisation and tell the person. Idempotent."""
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    if membership.status == Membership.Status.APPROVED:
        return membership
    if membership.organisation.status != Organisation.Status.APPROVED:
        raise ValidationError(_("Approve the organisation first."), code="organisation_not_approved")
    membership.status = Membership.Status.APPROVED
    membership.status_reason = ""
    membership.save()
    _send_decision_on_commit("membership", membership.pk)
    return membership


@transaction.atomic
def reject_membership(*, membership: Membership, reason: str) -> Membership:
    """Reject a pending membership with a reason (required) and tell the person. Idempotent."""
    reason = _require_reason(reason)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status == Membership.Status.REJECTED:
        return membership
    membership.status = Membership.Status.REJECTED
    membership.status_reason = reason
    membership.save()
    _send_decision_on_commit("membership", membership.pk)
    return membership


@transaction.atomic
def update_organisation(*, organisation: Organisation, **fields) -> Organisation:
    """A focal point's (or staff member's) edit of the descriptive fields of an organisation.
    Validated before saving; the change is kept in the organisation's history."""
    unknown = set(fields) - set(EDITABLE_BY_FOCAL_POINT)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    thematic_areas = fields.pop("thematic_areas", None)
    for name, value in fields.items():
        setattr(organisation, name, _clean_text(value))
    organisation.description = organisation.description_tr
    organisation.full_clean()
    organisation.save()
    if thematic_areas is not None:
        organisation.thematic_areas.set(thematic_areas)
    return organisation


@transaction.atomic
def merge_organisations(*, source: Organisation, target: Organisation) -> Organisation:
    """Merge a duplicate (source) into the survivor (target). Guarantees: every membership, child
    organisation and reference from any other table to the source now points at the target (a person
    already in the target keeps one membership); thematic areas are united; the source is suspended
    with merged_into set, and both histories record the merge. The two rows are locked in id order,
    so concurrent merges cannot interleave."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different organisations."), code="same")
    locked = {o.pk: o for o in Organisation.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id:
        raise ValidationError(_("This organisation was already merged into another one."), code="merged")
    if target.merged_into_id:
        raise ValidationError(_("The surviving organisation was itself merged into another one."), code="merged")

    already_in_target = set(
        Membership.objects.filter(organisation=target, until__isnull=True).values_list("person_id", flat=True)
    )
    for membership in Membership.objects.filter(organisation=source).select_for_update():
        if membership.until is None and membership.person_id in already_in_target:
            survivor = Membership.objects.get(organisation=target, person_id=membership.person_id, until__isnull=True)
            survivor.is_focal_point = survivor.is_focal_point or membership.is_focal_point
            if membership.status == Membership.Status.APPROVED:
                survivor.status = Membership.Status.APPROVED
            survivor.save()
            membership.delete()
        else:
            membership.organisation = target
            membership.save()

    target.thematic_areas.add(*source.thematic_areas.all())
    for field in ("acronym", "website", "email", "name_en", "description_tr", "description_en"):
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    target.description = target.description_tr
    target.save()
    update_change_reason(target, f"Merged #{source.pk} {source.name}")
    # Every other reference to the source, in this app or any other, moves to the survivor.
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many or relation.one_to_one or relation.related_model is Membership:
            continue
        if relation.related_model.__name__.startswith("Historical"):
            continue  # history stays as it was written
        queryset = relation.related_model._base_manager.filter(**{relation.field.name: source})
        if relation.related_model is Organisation:
            queryset = queryset.exclude(pk__in=[source.pk, target.pk])
        queryset.update(**{relation.field.name: target})

    source.status = Organisation.Status.SUSPENDED
    source.merged_into = target
    source.status_reason = f"Merged into #{target.pk} {target.name}"
    source.save()
    update_change_reason(source, f"Merged into #{target.pk} {target.name}")
    return target
