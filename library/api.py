"""/api/v1/library/documents/: the library search, for anyone (anonymous callers see the public
documents only), through the same selectors as the page."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from stakeholders.models import Pillar

from . import selectors
from .models import Document


class DocumentSerializer(serializers.ModelSerializer):
    pillars = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    download_url = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()
    rank = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "title", "title_tr", "title_en", "description", "kind", "language", "year", "visibility",
            "pillars", "thematic_areas", "event_title", "pages", "download_url", "snippet", "rank",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, document) -> str | None:
        if not document.file:
            return None
        return self.context["request"].build_absolute_uri(reverse("library:document_download", args=[document.pk]))

    def get_snippet(self, document) -> str:
        """The matching excerpt of the file text, HTML-escaped, matches in <mark>; "" without a query."""
        return str(getattr(document, "snippet", "") or "")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rank(self, document) -> float | None:
        rank = getattr(document, "rank", None)
        return round(float(rank), 6) if rank is not None else None


class QuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    pillar = serializers.ChoiceField(choices=Pillar.Code.choices, required=False)
    thematic_area = serializers.SlugField(required=False, max_length=64)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    kind = serializers.ChoiceField(choices=Document.Kind.choices, required=False)
    language = serializers.ChoiceField(choices=[("tr", "tr"), ("en", "en")], required=False)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("q", str, description="Search words, Turkish or English: titles, descriptions and the text of "
                         "PDF and DOCX files (\"istanbul\" finds \"İstanbul\", \"goc\" finds \"göç\"); best first."),
        OpenApiParameter("pillar", str, enum=Pillar.Code.values),
        OpenApiParameter("thematic_area", str, description="Thematic area code."),
        OpenApiParameter("year", int),
        OpenApiParameter("kind", str, enum=Document.Kind.values),
        OpenApiParameter("language", str, enum=["tr", "en"], description="Documents in this language (bilingual ones too)."),
    ])
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Library documents the caller may see: public ones for everyone, members-only ones for approved
    stakeholders, ICMPD staff and Göç İdaresi Başkanlığı officials."""

    serializer_class = DocumentSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = []  # the selector filters; ordering is by rank or date

    def get_queryset(self):
        if self.action != "list":
            return selectors.visible_documents(user=self.request.user).prefetch_related("pillars", "thematic_areas").defer(
                "text", "search_tr", "search_en", "search_text", "rank_tr", "rank_en"
            )
        query = QuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        self.search_words = data.get("q", "")
        return selectors.search_documents(user=self.request.user, filters=selectors.Filters(
            q=self.search_words, pillar=data.get("pillar", ""), thematic_area=data.get("thematic_area", ""),
            year=data.get("year"), kind=data.get("kind", ""), language=data.get("language", ""),
        ))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            selectors.attach_snippets(page, getattr(self, "search_words", ""))
        return page


def register(router):
    router.register("library/documents", DocumentViewSet, basename="library-document")



