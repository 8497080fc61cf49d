"""Conference API: the programme (public), the caller's own registrations, and staff lists with
filters. Writes go through conference.services, like the pages."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from magnet.filters import MAX_INT, FilterSet
from magnet.permissions import IsICMPDStaff
from stakeholders.services import ensure_person_for_user

from . import selectors
from .models import Conference, Registration, RegistrationType, Session, WorkshopChoice
from .services import registration as registration_services


class PersonNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class SessionSerializer(serializers.ModelSerializer):
    room = serializers.CharField(source="room.name", default=None, allow_null=True)
    speakers = PersonNameSerializer(many=True)
    moderators = PersonNameSerializer(many=True)
    conference = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Session
        fields = ("id", "conference", "kind", "title", "abstract", "starts_at", "ends_at", "room", "capacity", "speakers", "moderators")


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """The programme of published conferences, in the language of the request."""

    serializer_class = SessionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {"conference__slug": ["exact"], "kind": ["exact"], "starts_at": ["date"]}
    ordering_fields = ("starts_at",)

    def get_queryset(self):
        return (
            Session.objects.filter(conference__in=selectors.visible_conferences(user=self.request.user))
            .select_related("room", "conference")
            .prefetch_related("speakers", "moderators")
            .order_by("starts_at", "pk")
        )


class WorkshopChoiceSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="session.title")

    class Meta:
        model = WorkshopChoice
        fields = ("session", "title", "status")


class RegistrationSerializer(serializers.ModelSerializer):
    """A participant's registration. Only the shape is checked here; every rule (which conference,
    type and organisation, seats, the visa letter's passport details) is the service's, the same
    one the registration form calls."""

    conference = serializers.SlugRelatedField(slug_field="slug", queryset=Conference.objects.none())
    type = serializers.ChoiceField(choices=RegistrationType.Kind.choices, source="type.kind")
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    workshop_choices = WorkshopChoiceSerializer(many=True, read_only=True)
    workshops = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_INT), write_only=True, required=False
    )

    class Meta:
        model = Registration
        fields = (
            "id", "code", "conference", "type", "person_name", "status", "status_reason", "organisation",
            "organisation_name", "pillar", "country", "nationality", "arrival_on", "departure_on", "needs_hotel",
            "dietary_needs", "accessibility_needs", "interpretation_language", "photo_consent", "needs_visa_letter",
            *Registration.PASSPORT_FIELDS,
            "offer_expires_at", "checked_in_at", "created_at", "workshop_choices", "workshops",
        )
        read_only_fields = ("code", "status", "status_reason", "offer_expires_at", "checked_in_at", "created_at")
        extra_kwargs = {
            "pillar": {"required": False, "allow_null": True},  # taken from the organisation
            **{field: {"write_only": True} for field in Registration.PASSPORT_FIELDS},  # staff read them, on their pages
        }

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:  # the conferences this caller may see, as on the pages
            fields["conference"].queryset = selectors.visible_conferences(user=request.user)
        return fields

    def validate(self, attrs):
        kind = attrs.pop("type")["kind"]
        attrs["type"] = selectors.registration_types(conference=attrs["conference"]).filter(kind=kind).first()
        if attrs["type"] is None:
            raise serializers.ValidationError({"type": _("This conference has no registration of this type.")})
        return attrs


class OwnRegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The caller's own registrations: list, read, register, cancel."""

    serializer_class = RegistrationSerializer

    def get_queryset(self):
        return selectors.own_registrations(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        conference = data.pop("conference")
        registration_type = data.pop("type")
        workshop_ids = data.pop("workshops", [])
        try:
            registration = registration_services.register(
                person=ensure_person_for_user(user=request.user),
                conference=conference,
                registration_type=registration_type,
                details=data,
                workshop_ids=workshop_ids,
                by=request.user,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(_error_detail(error)) from error
        return Response(self.get_serializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            registration = registration_services.cancel_registration(registration=registration, by=request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(_error_detail(error)) from error
        return Response(self.get_serializer(registration).data)


def _error_detail(error: DjangoValidationError):
    return error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}


class StaffRegistrationSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="type.kind")
    given_name = serializers.CharField(source="person.given_name")
    family_name = serializers.CharField(source="person.family_name")
    email = serializers.EmailField(source="person.email")
    pillar = serializers.CharField(source="pillar.code")
    organisation = serializers.CharField(source="badge_organisation")

    class Meta:
        model = Registration
        fields = (
            "id", "code", "type", "status", "given_name", "family_name", "email", "organisation", "pillar", "country",
            "nationality", "needs_visa_letter", "needs_hotel", "arrival_on", "departure_on", "created_at", "checked_in_at",
        )


class StaffRegistrationFilter(FilterSet):
    conference = django_filters.CharFilter(field_name="conference__slug")
    type = django_filters.CharFilter(field_name="type__kind")
    pillar = django_filters.CharFilter(field_name="pillar__code")

    class Meta:
        model = Registration
        fields = ("conference", "status", "type", "country", "pillar", "needs_visa_letter")


class StaffRegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """All registrations for ICMPD staff, filterable; passport data is never part of this list."""

    serializer_class = StaffRegistrationSerializer
    permission_classes = [IsICMPDStaff]
    filterset_class = StaffRegistrationFilter
    ordering_fields = ("created_at", "status")

    def get_queryset(self):
        if not self.request.user.is_authenticated:
            return Registration.objects.none()
        return (
            Registration.objects.filter(conference__in=selectors.visible_conferences(user=self.request.user))
            .select_related("person", "type", "pillar", "organisation")
            .order_by("created_at", "pk")
        )


def register(router):
    """Register this app's viewsets on magnet's API router."""
    router.register("conference/programme", ProgrammeViewSet, basename="conference-programme")
    router.register("conference/my-registrations", OwnRegistrationViewSet, basename="conference-my-registration")
    router.register("conference/registrations", StaffRegistrationViewSet, basename="conference-registration")
