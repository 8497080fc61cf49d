"""/api/v1/network-figures/: the network figures (reports.network) for ICMPD staff and PMM officials,
the same computation as the network page and the periodic report's Network chapter."""

import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from magnet.permissions import HasRole
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from stakeholders.models import ThematicArea

from .network import network_figures


class NetworkQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    thematic_area = serializers.SlugRelatedField(slug_field="code", queryset=ThematicArea.objects.all(), required=False)

    def validate(self, attrs):
        today = timezone.localdate()
        attrs.setdefault("start", today - datetime.timedelta(days=365))
        attrs.setdefault("end", today)
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": "The end of the period must not be before its start."})
        return attrs


class NetworkFiguresViewSet(viewsets.ViewSet):
    """Participation by pillar per event and per month, organisations that met another pillar for the
    first time, new and returning participants and organisations not seen for a year, for a period
    (default: the last 365 days) and optionally one thematic area. Names come
    in both languages (`*_tr`, `*_en`)."""

    permission_classes = [HasRole.of(ICMPD_STAFF, PMM_OFFICIAL)]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day of the period (YYYY-MM-DD)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of the period (YYYY-MM-DD)."),
            OpenApiParameter("thematic_area", OpenApiTypes.STR, description="A thematic area's code."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        query = NetworkQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return Response(network_figures(start=data["start"], end=data["end"], thematic_area=data.get("thematic_area")))


def register(router):
    router.register("network-figures", NetworkFiguresViewSet, basename="api-network-figures")
