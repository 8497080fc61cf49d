"""/api/v1/ endpoints of the projects app. Every queryset comes from the app's selectors, so the API
shows exactly what the pages show (another organisation's objects: 404)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from magnet import limits
from magnet.permissions import HasRole
from magnet.roles import PMM_OFFICIAL


def _refusal(error: ValidationError) -> Response:
    return Response({"detail": " ".join(str(m) for m in error.messages)}, status=status.HTTP_409_CONFLICT)


# --- each project's reports (h8) ---
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


class AcknowledgeSerializer(serializers.Serializer):
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

    @extend_schema(request=AcknowledgeSerializer, responses={201: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(PMM_OFFICIAL)])
    def acknowledge(self, request, pk=None):
        """A PMM official acknowledges receipt of the report as sent to PMM (the submission trail)."""
        report = self.get_object()
        payload = AcknowledgeSerializer(data=request.data)
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
    register_reporting(router)
