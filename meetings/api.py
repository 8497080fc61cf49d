"""/api/v1/ endpoints: meetings and agenda items the caller may see, and the caller's own invitations
with their answer (RSVP). Everything goes through meetings.selectors and meetings.services."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from magnet import limits

from . import commitments, selectors, services
from .models import ActionItem, ActionItemUpdate, AgendaItem, Invitation, Meeting


class PersonNameField(serializers.StringRelatedField):
    """Speakers and moderators appear by name only: no contact details."""


class AgendaItemSerializer(serializers.ModelSerializer):
    speakers = PersonNameField(many=True)
    moderators = PersonNameField(many=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "starts_at", "ends_at", "kind", "title", "description", "speakers", "moderators"]


class MeetingSerializer(serializers.ModelSerializer):
    pillars = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    location = serializers.CharField(source="location_text", read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "title", "summary", "kind", "status", "visibility", "starts_at", "ends_at", "location",
            "province", "city", "online_url", "working_languages", "interpretation", "capacity", "rsvp_deadline",
            "pillars", "thematic_areas", "agenda",
        ]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings the caller may see (ICMPD staff: all), with their agenda."""

    serializer_class = MeetingSerializer
    filterset_fields = ["kind", "status"]
    ordering_fields = ["starts_at"]

    def get_queryset(self):
        agenda = AgendaItem.objects.prefetch_related("speakers", "moderators").order_by("starts_at", "order", "pk")
        return (
            selectors.visible_meetings(user=self.request.user)
            .prefetch_related("pillars", "thematic_areas", Prefetch("agenda_items", queryset=agenda))
            .order_by("-starts_at", "pk")
        )


class AgendaItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Agenda items of the meetings the caller may see."""

    serializer_class = AgendaItemSerializer
    filterset_fields = ["meeting", "kind"]

    def get_queryset(self):
        return selectors.visible_agenda_items(user=self.request.user)


class InvitationSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    starts_at = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="meeting.ends_at", read_only=True)
    answers_open = serializers.BooleanField(source="meeting.answers_open", read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id", "meeting", "meeting_title", "starts_at", "ends_at", "response", "responded_at", "note",
            "dietary_needs", "accessibility_needs", "attended", "answers_open",
        ]
        read_only_fields = fields


class RsvpSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=[c for c in Invitation.Response.choices if c[0] in services.ANSWERS])
    note = serializers.CharField(required=False, allow_blank=True, max_length=limits.NOTE, default="")
    dietary_needs = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    accessibility_needs = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class MyInvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own invitations; answer one with POST .../rsvp/. Others' invitations answer 404."""

    serializer_class = InvitationSerializer
    filterset_fields = ["response"]

    def get_queryset(self):
        return selectors.my_invitations(user=self.request.user)

    @extend_schema(request=RsvpSerializer, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def rsvp(self, request, pk=None):
        invitation = self.get_object()
        answer = RsvpSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        try:
            invitation = services.respond(invitation=invitation, **answer.validated_data)
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from error
        invitation = self.get_queryset().get(pk=invitation.pk)
        return Response(InvitationSerializer(invitation).data)


class CommitmentUpdateSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.full_name", default="", read_only=True)

    class Meta:
        model = ActionItemUpdate
        fields = ["id", "created_at", "author", "author_is_staff", "old_status", "new_status", "note"]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", default="", read_only=True)
    owner_organisation_name = serializers.CharField(source="owner_organisation.name", default="", read_only=True)
    owner_person_name = serializers.CharField(source="owner_person.full_name", default="", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    updates = CommitmentUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id", "title", "meeting", "meeting_title", "source_title", "source_url", "owner_organisation",
            "owner_organisation_name", "owner_person", "owner_person_name", "due_date", "status", "is_overdue",
            "closed_at", "updates",
        ]
        read_only_fields = fields


class CommitmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItem.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=limits.NOTE, default="")


class CommitmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Commitments: the caller's own (as owner person or member of the owner organisation); ICMPD
    staff see all. Record progress with POST .../progress/ (the same rules as the portal's form);
    someone else's commitment answers 404."""

    serializer_class = CommitmentSerializer
    filterset_fields = ["status", "meeting"]

    def get_queryset(self):
        user = self.request.user
        items = (commitments.staff_commitments(user=user, filters=commitments.StaffFilter(status="all"))
                 if commitments.has_role(user, commitments.ICMPD_STAFF) else commitments.my_commitments(user=user))
        updates = ActionItemUpdate.objects.select_related("author").order_by("created_at", "pk")
        return items.prefetch_related(Prefetch("updates", queryset=updates))

    @extend_schema(request=CommitmentStatusSerializer, responses=CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        data = CommitmentStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            commitments.update_commitment(item=item, user=request.user, **data.validated_data)
        except DjangoPermissionDenied as error:
            raise NotFound from error
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from error
        return Response(CommitmentSerializer(self.get_queryset().get(pk=item.pk)).data)


def register(router):
    """Register this app's viewsets on magnet's API router."""
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("meeting-agenda-items", AgendaItemViewSet, basename="meeting-agenda-item")
    router.register("my-invitations", MyInvitationViewSet, basename="my-invitation")
    router.register("commitments", CommitmentViewSet, basename="commitment")
