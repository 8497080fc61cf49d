"""/api/v1/ endpoints for projects. Querysets come from projects.access, writes go through
projects.services — the API can do exactly what the pages can (others' projects: 404).

proposals (h7): `proposals` — the user's own organisations' proposals (create and change drafts,
submit, withdraw, see overlaps); `proposal-reviews` — PMM's queue and opinions (staff read)."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from magnet import limits
from magnet.permissions import HasRole
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from stakeholders.provinces import PROVINCES

from . import access
from . import overlaps as overlap_selector
from .models import Currency, Opinion, Project
from .services import proposals as services

# --- proposals (h7) ---------------------------------------------------------------------------------

ID = {"min_value": 1, "max_value": 2**31 - 1}


class OpinionSerializer(serializers.ModelSerializer):
    letter_sha256 = serializers.SerializerMethodField()

    class Meta:
        model = Opinion
        fields = ("id", "kind", "reasons_tr", "reasons_en", "conditions_tr", "conditions_en", "given_at",
                  "letter_sha256")

    def get_letter_sha256(self, opinion) -> str | None:
        letter = getattr(opinion, "letter", None)
        return letter.sha256 if letter is not None and letter.state == "done" else None


class ProposalSerializer(serializers.ModelSerializer):
    provinces = serializers.SerializerMethodField()
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ("id", "reference", "organisation", "state", "title_tr", "title_en", "summary_tr", "summary_en",
                  "planned_activities_tr", "planned_activities_en", "expected_results_tr", "expected_results_en",
                  "implementing_organisations", "partner_organisations", "donors", "currency", "budget",
                  "starts_on", "ends_on", "nationwide", "provinces", "thematic_areas", "target_groups",
                  "submitted_at", "due_on", "decided_at", "created_at", "updated_at", "opinions")

    def get_provinces(self, project) -> list[str]:
        return sorted(row.province for row in project.province_rows.all())


def _text(limit):
    return serializers.CharField(required=False, allow_blank=True, max_length=limit)


class ProposalInputSerializer(serializers.Serializer):
    """What a draft may carry; nothing is required (a draft keeps whatever is sent). Submission's
    rules are the service's (`submit`)."""

    organisation = serializers.IntegerField(required=False, help_text="On creation: one of your organisations.", **ID)
    title_tr = _text(255)
    title_en = _text(255)
    summary_tr = _text(limits.DESCRIPTION)
    summary_en = _text(limits.DESCRIPTION)
    planned_activities_tr = _text(limits.DESCRIPTION)
    planned_activities_en = _text(limits.DESCRIPTION)
    expected_results_tr = _text(limits.DESCRIPTION)
    expected_results_en = _text(limits.DESCRIPTION)
    donors = _text(500)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    nationwide = serializers.BooleanField(required=False)
    provinces = serializers.ListField(child=serializers.ChoiceField(choices=PROVINCES), required=False, max_length=81)
    implementing_organisations = serializers.ListField(child=serializers.IntegerField(**ID), required=False, max_length=100)
    partner_organisations = serializers.ListField(child=serializers.IntegerField(**ID), required=False, max_length=100)
    thematic_areas = serializers.ListField(child=serializers.IntegerField(**ID), required=False, max_length=100)
    target_groups = serializers.ListField(child=serializers.IntegerField(**ID), required=False, max_length=100)


class OverlapSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk")
    title = serializers.CharField(source="project.title")
    organisation = serializers.CharField(source="project.organisation")
    state = serializers.CharField(source="project.state")
    score = serializers.FloatField()
    reason = serializers.CharField()
    title_similarity = serializers.FloatField()
    summary_similarity = serializers.FloatField()


class OpinionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Opinion.Kind.choices)
    reasons_tr = serializers.CharField(max_length=limits.NOTE, allow_blank=True)
    reasons_en = serializers.CharField(max_length=limits.NOTE, allow_blank=True)
    conditions_tr = serializers.CharField(max_length=limits.NOTE, allow_blank=True, required=False)
    conditions_en = serializers.CharField(max_length=limits.NOTE, allow_blank=True, required=False)


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=limits.NOTE)


def _invalid(error: ValidationError) -> Response:
    """Field errors (what is missing or wrong) answer 400; a refused transition 409."""
    if hasattr(error, "error_dict"):
        return Response({field: [str(m) for m in messages] for field, messages in error.message_dict.items()},
                        status=status.HTTP_400_BAD_REQUEST)
    return Response({"detail": " ".join(str(m) for m in error.messages)}, status=status.HTTP_409_CONFLICT)


def _with_details(queryset):
    return queryset.prefetch_related(
        "province_rows", "thematic_areas", "target_groups", "implementing_organisations", "partner_organisations",
        Prefetch("opinions", queryset=Opinion.objects.select_related("letter").order_by("-given_at", "-pk")),
    )


class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The proposals of the organisations you belong to (drafts included). Create and change drafts,
    submit them for PMM's opinion, withdraw them; the same rules as the portal's form."""

    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ("state",)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return _with_details(access.own_projects(self.request.user)).order_by("-updated_at", "-pk")

    def _reload(self, project):
        return ProposalSerializer(self.get_queryset().get(pk=project.pk), context={"request": self.request}).data

    @extend_schema(request=ProposalInputSerializer, responses={201: ProposalSerializer, 400: OpenApiTypes.OBJECT})
    def create(self, request, *args, **kwargs):
        """A new draft for one of your organisations (`organisation`, required)."""
        payload = ProposalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organisation_id = data.pop("organisation", None)
        organisation = access.member_organisations(request.user).filter(pk=organisation_id).first()
        if organisation is None:
            return Response({"organisation": ["Choose one of your organisations."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            project = services.save_draft(actor=request.user, data=data, organisation=organisation)
        except ValidationError as error:
            return _invalid(error)
        return Response(self._reload(project), status=status.HTTP_201_CREATED)

    @extend_schema(request=ProposalInputSerializer, responses={200: ProposalSerializer, 400: OpenApiTypes.OBJECT,
                                                               409: OpenApiTypes.OBJECT})
    def partial_update(self, request, *args, **kwargs):
        """Change a draft (or a proposal PMM asked more about): only the fields sent change."""
        project = self.get_object()
        payload = ProposalInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data.pop("organisation", None)
        try:
            project = services.save_draft(actor=request.user, data=data, project=project)
        except ValidationError as error:
            return _invalid(error)
        return Response(self._reload(project))

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            kwargs["partial"] = True
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: ProposalSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit for PMM's opinion: 400 names every missing field (both languages of every text…)."""
        try:
            project = services.submit(project=self.get_object(), actor=request.user)
        except ValidationError as error:
            return _invalid(error)
        return Response(self._reload(project))

    @extend_schema(request=None, responses={200: ProposalSerializer, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        try:
            project = services.withdraw(project=self.get_object(), actor=request.user)
        except ValidationError as error:
            return _invalid(error)
        return Response(self._reload(project))

    @extend_schema(request=None, responses={200: OverlapSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def overlaps(self, request, pk=None):
        """Earlier and ongoing projects that overlap this one, best first, with score and reason."""
        project = self.get_object()
        found = overlap_selector.find_overlaps(overlap_selector.criteria_for(project))
        return Response(OverlapSerializer(found, many=True).data)


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """PMM's review: every proposal past the draft stage (`state=submitted` is the queue, oldest due
    first). PMM officials give opinions and ask questions; ICMPD staff read."""

    serializer_class = ProposalSerializer
    permission_classes = [HasRole.of(PMM_OFFICIAL, ICMPD_STAFF)]
    filterset_fields = ("state",)

    def get_queryset(self):
        return _with_details(access.projects_for(self.request.user).exclude(state=Project.State.DRAFT)).order_by(
            "due_on", "submitted_at", "pk")

    @extend_schema(request=OpinionInputSerializer, responses={201: OpinionSerializer, 400: OpenApiTypes.OBJECT,
                                                              409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(PMM_OFFICIAL)])
    def opinion(self, request, pk=None):
        """PMM's opinion with reasons in both languages (conditions too for "favourable_conditions")."""
        project = self.get_object()
        payload = OpinionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            opinion = services.give_opinion(project=project, actor=request.user, **payload.validated_data)
        except ValidationError as error:
            return _invalid(error)
        return Response(OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MessageInputSerializer, responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                              409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(PMM_OFFICIAL)])
    def question(self, request, pk=None):
        """Ask the submitting organisation a question (kept in the proposal's thread, mailed)."""
        project = self.get_object()
        payload = MessageInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            message = services.ask_question(project=project, actor=request.user, body=payload.validated_data["body"])
        except ValidationError as error:
            return _invalid(error)
        return Response({"id": message.pk, "body": message.body, "created_at": message.created_at},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: OverlapSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def overlaps(self, request, pk=None):
        project = self.get_object()
        found = overlap_selector.find_overlaps(overlap_selector.criteria_for(project))
        return Response(OverlapSerializer(found, many=True).data)


def register_proposals(router):
    # proposals (h7)
    router.register("proposals", ProposalViewSet, basename="api-proposal")
    router.register("proposal-reviews", ReviewViewSet, basename="api-proposal-review")
    # end of proposals (h7)


def _refusal(error: ValidationError) -> Response:
    return Response({"detail": " ".join(str(m) for m in error.messages)}, status=status.HTTP_409_CONFLICT)


# --- each project's reports (h8) ---
from django.utils.translation import gettext_lazy as _  # noqa: E402

from reports import submission  # noqa: E402

from . import selectors as reporting_selectors  # noqa: E402
from .models import ProjectFigure, ProjectReport  # noqa: E402
from .services import reporting as reporting_services  # noqa: E402


class ProjectFigureSerializer(serializers.ModelSerializer):
    target_group = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = ProjectFigure
        fields = ("id", "kind", "target_group", "province", "value", "cleared_at")


class ProjectReportSerializer(serializers.ModelSerializer):
    project_title_tr = serializers.CharField(source="project.title_tr", read_only=True, allow_null=True)
    project_title_en = serializers.CharField(source="project.title_en", read_only=True, allow_null=True)
    organisation = serializers.CharField(source="project.organisation.name", read_only=True)
    figures = ProjectFigureSerializer(many=True, read_only=True)
    sent_to_pmm = serializers.SerializerMethodField()

    class Meta:
        model = ProjectReport
        fields = ("id", "project", "project_title_tr", "project_title_en", "organisation", "kind", "sequence",
                  "starts_on", "ends_on", "due_on", "status", "summary_tr", "summary_en", "submitted_at",
                  "figures", "sent_to_pmm")

    def get_sent_to_pmm(self, report) -> dict | None:
        states = self.context.get("trail_states", {})
        state = states.get(report.trail_report_id)
        if state is None:
            return None
        return {"status": state.status, "sent_at": state.sent_at, "acknowledged": state.acknowledged}


class ProjectAcknowledgeSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=limits.NOTE)


class ProjectReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Members of the project's organisation: their projects' reports. ICMPD staff: all. PMM
    officials: the reports sent to PMM (and may acknowledge them)."""

    serializer_class = ProjectReportSerializer
    filterset_fields = ("status", "kind", "project")

    def get_queryset(self):
        return reporting_selectors.project_reports_for(self.request.user).prefetch_related(
            "figures__target_group").order_by("due_on", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        ids = ProjectReport.objects.filter(trail_report_id__isnull=False).values_list("trail_report_id", flat=True)
        context["trail_states"] = submission.states(list(ids), user=self.request.user)
        return context

    @extend_schema(request=None, responses={200: ProjectReportSerializer, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """A member of the project's organisation submits the report for ICMPD's review."""
        report = self.get_object()
        try:
            report = reporting_services.submit_project_report(report=report, actor=request.user)
        except ValidationError as error:
            return _refusal(error)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=ProjectAcknowledgeSerializer, responses={201: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(PMM_OFFICIAL)])
    def acknowledge(self, request, pk=None):
        """A PMM official acknowledges receipt of the report as sent to PMM (the submission trail)."""
        report = self.get_object()
        payload = ProjectAcknowledgeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if not report.trail_report_id:
            return _refusal(ValidationError(_("Nothing has been sent to PMM yet.")))
        try:
            ack = submission.acknowledge(report.trail_report_id, actor=request.user,
                                         comment=payload.validated_data.get("comment", ""))
        except ValidationError as error:
            return _refusal(error)
        return Response({"version": ack.version, "at": ack.at, "comment": ack.comment}, status=status.HTTP_201_CREATED)


def register_reporting(router):
    router.register("project-reports", ProjectReportViewSet, basename="api-project-report")
# --- end of each project's reports (h8) ---


def register(router):
    """Register this app's viewsets on magnet's API router."""
    register_proposals(router)
    register_reporting(router)

