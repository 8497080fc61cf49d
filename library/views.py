from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from magnet.downloads import file_response
from magnet.roles import ICMPD_STAFF, has_role

from . import selectors
from .forms import LibraryFilterForm

PAGE_SIZE = 20


def filters_from(form: LibraryFilterForm) -> selectors.Filters:
    """The search and filters of a valid form; an invalid choice (an old link) is dropped, not an error."""
    form.is_valid()
    data = dict(getattr(form, "cleaned_data", {}))
    return selectors.Filters(
        q=data.get("q") or "",
        pillar=data["pillar"].code if data.get("pillar") else "",
        thematic_area=data["thematic_area"].code if data.get("thematic_area") else "",
        year=data.get("year") or None,
        kind=data.get("kind") or "",
        language=data.get("language") or "",
    )


@require_GET
def document_list(request):
    """The library: every document the reader may see, searched and filtered, 20 a page."""
    form = LibraryFilterForm(request.GET or None, years=selectors.years(user=request.user))
    filters = filters_from(form)
    page = Paginator(selectors.search_documents(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    documents = list(page.object_list)
    selectors.attach_snippets(documents, filters.q)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "library/document_list.html", {
        "form": form, "page": page, "documents": documents, "query": filters.q,
        "query_string": query_string.urlencode(), "is_staff": has_role(request.user, ICMPD_STAFF),
        "is_member": selectors.is_member(request.user),
    })


@require_GET
def document_detail(request, pk):
    document = selectors.document_for(user=request.user, pk=pk)
    if document is None:
        raise Http404
    return render(request, "library/document_detail.html", {
        "document": document, "is_staff": has_role(request.user, ICMPD_STAFF),
        "event_url": selectors.event_url(document),
    })


@require_GET
def document_download(request, pk):
    document = selectors.document_for(user=request.user, pk=pk)
    if document is None or not document.file:
        raise Http404
    return file_response(document.file, filename=document.filename)
