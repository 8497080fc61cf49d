"""/api/v1/ endpoints for field reports, periodic reports and their PDF editions. Every queryset
comes from reports.selectors, so the API shows exactly what the pages show (others' objects: 404)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from magnet import limits
from magnet.downloads import file_response
from magnet.permissions import HasRole
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL

from . import keyfigures, network_api, selectors
from .models import DownloadLog, FieldReport, PeriodicReport, ReportDocument, ReportingPeriod
from .services import generation
from .services import periodic as periodic_services


class ReportDocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportDocument
        fields = ("id", "report", "version", "language", "state", "progress", "error", "page_count", "size",
                  "sha256", "queued_at", "finished_at", "sent_at", "download_url")

    def get_download_url(self, document) -> str | None:
        if document.state != ReportDocument.State.DONE:
            return None
        request = self.context.get("request")
        url = reverse("api-report-document-download", kwargs={"pk": document.pk})
        return request.build_absolute_uri(url) if request else url


class FieldReportSerializer(serializers.ModelSerializer):
    author = serializers.EmailField(source="author.email", read_only=True)
    period_name = serializers.CharField(source="period.name", read_only=True)

    class Meta:
        model = FieldReport
        fields = ("id", "title_tr", "title_en", "author", "period", "period_name", "province", "place", "status",
                  "meetings_held", "organisations_engaged", "participants_public", "participants_civil",
                  "participants_international", "participants_private_academia", "created_at", "updated_at",
                  "submitted_at", "approved_at")


class PeriodicReportSerializer(serializers.ModelSerializer):
    period_name = serializers.CharField(source="period.name", read_only=True)
    documents = ReportDocumentSerializer(source="visible_documents", many=True, read_only=True)

    class Meta:
        model = PeriodicReport
        fields = ("id", "kind", "period", "period_name", "title_tr", "title_en", "status", "figures_compiled_at",
                  "sent_at", "documents")

    def to_representation(self, report):
        # PMM officials get the version sent to them, not the draft of the next one.
        return super().to_representation(selectors.as_seen_by(self.context["request"].user, report))


class AcknowledgeSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=limits.NOTE)


def _refusal(error: ValidationError) -> Response:
    return Response({"detail": " ".join(str(m) for m in error.messages)}, status=status.HTTP_409_CONFLICT)


class PeriodicReportFilter(django_filters.FilterSet):
    """PMM officials filter on the version they hold (reports.selectors.filter_as_seen_by)."""

    kind = django_filters.ChoiceFilter(choices=PeriodicReport.Kind.choices, method="as_seen")
    period = django_filters.ModelChoiceFilter(queryset=ReportingPeriod.objects.all(), method="as_seen")
    status = django_filters.ChoiceFilter(choices=PeriodicReport.Status.choices, method="as_seen")

    class Meta:
        model = PeriodicReport
        fields = ("kind", "period", "status")

    def as_seen(self, queryset, name, value):
        return selectors.filter_as_seen_by(self.request.user, queryset, **{name: value})


class FieldReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Field reporters: their own field reports. ICMPD staff: all."""

    serializer_class = FieldReportSerializer
    permission_classes = [HasRole.of(FIELD_REPORTER, ICMPD_STAFF)]
    filterset_fields = ("status", "period")
    ordering_fields = ("updated_at", "submitted_at")

    def get_queryset(self):
        return selectors.field_reports_for(self.request.user).order_by("-updated_at", "-pk")


class PeriodicReportViewSet(viewsets.ReadOnlyModelViewSet):
    """ICMPD staff: every periodic report. PMM officials: the reports sent to PMM, with the editions
    sent to them."""

    serializer_class = PeriodicReportSerializer
    permission_classes = [HasRole.of(PMM_OFFICIAL, ICMPD_STAFF)]
    filterset_class = PeriodicReportFilter

    def get_queryset(self):
        user = self.request.user
        return selectors.periodic_reports_for(user).prefetch_related(
            Prefetch("documents", queryset=selectors.documents_for(user).order_by("-version", "language"),
                     to_attr="visible_documents")
        ).order_by("-period__starts_on", "-pk")

    @extend_schema(request=None, responses={202: ReportDocumentSerializer(many=True), 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(ICMPD_STAFF)])
    def generate(self, request, pk=None):
        """Queue the PDF editions of a new version (returns at once; a second call while they are
        queued or rendering returns the same jobs)."""
        report = self.get_object()
        try:
            documents = generation.request_generation(report=report, actor=request.user)
        except ValidationError as error:
            return _refusal(error)
        return Response(ReportDocumentSerializer(documents, many=True, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=AcknowledgeSerializer, responses={201: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(PMM_OFFICIAL)])
    def acknowledge(self, request, pk=None):
        """A PMM official acknowledges receipt of the newest version sent, with an optional comment."""
        report = self.get_object()
        payload = AcknowledgeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            ack = periodic_services.acknowledge_receipt(report=report, actor=request.user,
                                                        comment=payload.validated_data.get("comment", ""))
        except ValidationError as error:
            return _refusal(error)
        return Response({"version": ack.version, "at": ack.at, "comment": ack.comment}, status=status.HTTP_201_CREATED)


class ReportDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """PDF editions with their SHA-256, size, page count and generation state."""

    serializer_class = ReportDocumentSerializer
    permission_classes = [HasRole.of(PMM_OFFICIAL, ICMPD_STAFF)]
    filterset_fields = ("report", "version", "language", "state")

    def get_queryset(self):
        return selectors.documents_for(self.request.user).order_by("-version", "language", "pk")

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The PDF itself; the download is logged. Header X-Checksum-SHA256 carries its checksum."""
        document = get_object_or_404(self.get_queryset(), pk=pk, state=ReportDocument.State.DONE)
        periodic_services.record_download(report=document.report, user=request.user, kind=DownloadLog.Kind.PDF,
                                          document=document)
        response = file_response(document.file, filename=document.filename)
        response["X-Checksum-SHA256"] = document.sha256
        return response


def register(router):
    """Register this app's viewsets on magnet's API router."""
    router.register("field-reports", FieldReportViewSet, basename="api-field-report")
    router.register("periodic-reports", PeriodicReportViewSet, basename="api-periodic-report")
    router.register("report-documents", ReportDocumentViewSet, basename="api-report-document")
    network_api.register(router)
    router.register("key-figures", KeyFiguresViewSet, basename="api-key-figures")


# --- the public key figures (h8) ---
class KeyFiguresViewSet(viewsets.ViewSet):
    """The public key figures, anonymous and read-only (throttled as the whole API): only the newest
    release PMM has cleared, with its date of clearance; `null` figures while none is cleared.
    `?language=tr|en` chooses the language of the names (Turkish by default)."""

    permission_classes = [AllowAny]

    # One object, not a list (a serializer on a "list" action would be documented as an array).
    @extend_schema(responses={200: OpenApiResponse(
                       OpenApiTypes.OBJECT, description="{as_of, cleared_at, language, figures} of the newest "
                                                        "release PMM cleared; null values while none is.")},
                   parameters=[OpenApiParameter("language", OpenApiTypes.STR, enum=["tr", "en"], required=False)])
    def list(self, request):
        language = request.query_params.get("language", "tr")
        if language not in ("tr", "en"):
            language = "tr"
        document = keyfigures.public_document(keyfigures.latest_public_release(), language=language)
        return Response(document)
