"""/api/v1/ endpoints of the registry. Organisations: approved stakeholders read approved ones, staff
read all and write. People: staff only — personal data never reaches other roles. Pillars and
thematic areas: anyone signed in. Filters (django-filter) and Turkish-aware `search` everywhere."""

import hashlib
from urllib.parse import urlencode

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from magnet.filters import FilterSet, IntegerFilter
from magnet.permissions import IsICMPDStaff
from magnet.roles import ICMPD_STAFF, has_role
from magnet.text import reader_language, reader_order, search_key

from . import selectors
from .cache import cached_registry
from .forms import LANGUAGE_CHOICES
from .models import Membership, Organisation, OrganisationType, Person, Pillar, ThematicArea
from .services.organisations import approve_organisation

SEARCH_PARAMETER = OpenApiParameter(
    "search", str, description="Turkish-aware, accent-insensitive search on names (\"goc\" finds \"Göç\")."
)


class PillarSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["code", "name_tr", "name_en", "description_tr", "description_en", "order"]


class ThematicAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ThematicArea
        fields = ["code", "name_tr", "name_en", "order"]


class OrganisationSerializer(serializers.ModelSerializer):
    pillar = serializers.SlugRelatedField(slug_field="code", read_only=True)
    type = serializers.SlugRelatedField(slug_field="code", queryset=OrganisationType.objects.all())
    thematic_areas = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ThematicArea.objects.all(), required=False
    )
    country = serializers.CharField(max_length=2)

    class Meta:
        model = Organisation
        fields = [
            "id", "name_tr", "name_en", "acronym", "pillar", "type", "country", "province", "city", "parent",
            "website", "email", "description_tr", "description_en", "thematic_areas", "status", "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"name_tr": {"required": True, "allow_blank": False}}

    def validate(self, attrs):
        """Run the model's own validation (province rules, type/pillar) so the API accepts exactly
        what the forms accept. A proposal changes status only through the services: approving here
        is approve_organisation (the proposer's membership too, and their e-mail); rejecting or
        suspending needs the reason given in the approval queue."""
        self.approve = False
        if self.instance is not None and "status" in attrs:
            status = attrs.pop("status")
            if status not in (self.instance.status, Organisation.Status.APPROVED):
                raise serializers.ValidationError(
                    {"status": _("Reject or suspend an organisation in the approval queue, with the reason for the proposer.")}
                )
            self.approve = status != self.instance.status
        instance = Organisation(**{k: v for k, v in attrs.items() if k != "thematic_areas"})
        if self.instance is not None:
            instance = self.instance
            for key, value in attrs.items():
                if key != "thematic_areas":
                    setattr(instance, key, value)
        instance.pillar_id = instance.type.pillar_id if instance.type_id else None
        instance.name = instance.name_tr
        instance.description = instance.description_tr or ""
        try:
            instance.full_clean(exclude=["thematic_areas"], validate_unique=False)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        attrs["pillar_id"] = instance.pillar_id
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A stakeholder sees approved organisations only: not even the id of a pending parent.
        request = self.context.get("request")
        hidden = getattr(instance, "parent_status", Organisation.Status.APPROVED) != Organisation.Status.APPROVED
        if data.get("parent") and hidden and request and not has_role(request.user, ICMPD_STAFF):
            data["parent"] = None
        return data

    @transaction.atomic
    def create(self, validated_data):
        validated_data["name"] = validated_data["name_tr"]
        validated_data["description"] = validated_data.get("description_tr", "")
        return super().create(validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        if "name_tr" in validated_data:
            validated_data["name"] = validated_data["name_tr"]
        if "description_tr" in validated_data:
            validated_data["description"] = validated_data["description_tr"]
        instance = super().update(instance, validated_data)
        if self.approve:
            try:
                instance = approve_organisation(organisation=instance)
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"status": exc.messages}) from exc
        return instance


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "is_focal_point", "since", "until", "status"]


class PersonSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    languages_spoken = serializers.ListField(child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), required=False)

    class Meta:
        model = Person
        fields = [
            "id", "given_name", "family_name", "position", "email", "phone", "preferred_language",
            "languages_spoken", "in_directory", "receives_communications", "memberships", "anonymised_at",
            "created_at", "updated_at",
        ]
        read_only_fields = ["in_directory", "receives_communications", "anonymised_at", "created_at", "updated_at"]

    def validate(self, attrs):
        instance = self.instance or Person()
        for key, value in attrs.items():
            setattr(instance, key, value)
        try:
            instance.full_clean(exclude=["user"], validate_unique=False)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class OrganisationFilter(FilterSet):
    pillar = django_filters.CharFilter(field_name="pillar__code")
    type = django_filters.CharFilter(field_name="type__code")
    thematic_area = django_filters.CharFilter(field_name="thematic_areas__code")
    country = django_filters.CharFilter()
    province = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=Organisation.Status.choices)

    class Meta:
        model = Organisation
        fields = ["pillar", "type", "thematic_area", "country", "province", "status"]


class PersonFilter(FilterSet):
    organisation = IntegerFilter(field_name="memberships__organisation")
    pillar = django_filters.CharFilter(field_name="memberships__organisation__pillar__code")
    preferred_language = django_filters.ChoiceFilter(choices=Person.Language.choices)

    class Meta:
        model = Person
        fields = ["organisation", "pillar", "preferred_language", "in_directory"]


class ReadOrStaffWrite(permissions.BasePermission):
    """Reading needs a signed-in user (the selector narrows what they see); writing needs ICMPD staff."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return has_role(request.user, ICMPD_STAFF)


def _search(queryset, request):
    key = search_key(request.query_params.get("search", ""))
    return queryset.filter(search_text__contains=key) if key else queryset


class AlphabeticalOrderingFilter(OrderingFilter):
    """`?ordering=name_tr`, `name_en` or `family_name` sort alphabetically (Turkish rules for
    Turkish names, English for English) by the stored sort keys, the same on every database. Without
    `?ordering` the list keeps the queryset's order: alphabetical in the reader's language."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        aliases = {"name_tr": "sort_tr", "name_en": "sort_en", "family_name": f"sort_{reader_language()}"}
        return [("-" if term.startswith("-") else "") + aliases.get(term.lstrip("-"), term.lstrip("-")) for term in ordering]


@extend_schema_view(list=extend_schema(parameters=[SEARCH_PARAMETER]))
class OrganisationViewSet(viewsets.ModelViewSet):
    """Organisations of the registry. Approved stakeholders see approved ones; staff see and edit all."""

    serializer_class = OrganisationSerializer
    permission_classes = [ReadOrStaffWrite]
    filterset_class = OrganisationFilter
    filter_backends = [DjangoFilterBackend, AlphabeticalOrderingFilter]
    ordering_fields = ["name_tr", "name_en", "created_at"]
    queryset = Organisation.objects.none()

    def get_queryset(self):
        queryset = selectors.visible_organisations(self.request.user).select_related("pillar", "type")
        queryset = queryset.annotate(parent_status=F("parent__status"))
        return _search(queryset, self.request).prefetch_related("thematic_areas").order_by(reader_order(), "pk")

    def list(self, request, *args, **kwargs):
        """Everyone of one audience (staff, or approved stakeholders) gets the same answer to the same
        question until the registry changes: it is computed once per registry version (stakeholders/
        cache.py). The address is part of the question, as the answer's page links carry it. A
        refused question (a bad filter) raises before anything is cached."""
        audience = "staff" if has_role(request.user, ICMPD_STAFF) else "members"
        question = request.build_absolute_uri(request.path) + "?" + urlencode(sorted(request.query_params.lists()), doseq=True)
        data = cached_registry(
            f"api:organisations:{audience}:{hashlib.sha256(question.encode()).hexdigest()}",
            lambda: super(OrganisationViewSet, self).list(request, *args, **kwargs).data,
        )
        return Response(data)


@extend_schema_view(list=extend_schema(parameters=[SEARCH_PARAMETER]))
class PersonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """People of the registry: ICMPD staff only. Anonymised people are never listed. Deletion is not
    offered here: it is anonymisation, requested by the person on their My data page."""

    serializer_class = PersonSerializer
    permission_classes = [IsICMPDStaff]
    filterset_class = PersonFilter
    filter_backends = [DjangoFilterBackend, AlphabeticalOrderingFilter]
    ordering_fields = ["family_name", "given_name", "created_at"]
    queryset = Person.objects.none()

    def get_queryset(self):
        queryset = Person.objects.filter(anonymised_at__isnull=True).prefetch_related("memberships")
        return _search(queryset, self.request).distinct().order_by(reader_order(), "pk")


class PillarViewSet(viewsets.ReadOnlyModelViewSet):
    """The four pillars (fixed)."""

    serializer_class = PillarSerializer
    queryset = Pillar.objects.order_by("order")
    lookup_field = "code"
    pagination_class = None


class ThematicAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Thematic areas, editable by staff in the admin."""

    serializer_class = ThematicAreaSerializer
    queryset = ThematicArea.objects.order_by("order", "pk")
    lookup_field = "code"
    pagination_class = None


def register(router):
    """Register this app's viewsets on magnet's API router."""
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("people", PersonViewSet, basename="person")
    router.register("pillars", PillarViewSet, basename="pillar")
    router.register("thematic-areas", ThematicAreaViewSet, basename="thematic-area")
