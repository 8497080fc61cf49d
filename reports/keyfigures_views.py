"""The public key-figures page (no sign-in), its open-data downloads, and the releases' management
for ICMPD staff (prepare) and PMM officials (clear). Every public door reads
`keyfigures.latest_public_release()`: only what PMM cleared."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from magnet.exports import export_response
from magnet.permissions import role_required, staff_required
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, has_role

from . import keyfigures


def _language() -> str:
    return (get_language() or "tr")[:2]


@require_GET
def public_page(request):
    release = keyfigures.latest_public_release()
    language = _language()
    return render(request, "reports/key_figures.html", {
        "release": release,
        "figures": release.figures.get(language, {}) if release else None,
        "can_manage": has_role(request.user, ICMPD_STAFF, PMM_OFFICIAL),
    })


@require_GET
def public_download(request, fmt):
    release = keyfigures.latest_public_release()
    language = _language()
    if fmt == "json":
        response = JsonResponse(keyfigures.public_document(release, language=language),
                                json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="magnet-key-figures-{language}.json"'
        return response
    if fmt != "csv" or release is None:
        raise Http404
    headers, rows = keyfigures.rows(release, language=language)
    return export_response("csv", f"magnet-key-figures-{language}-{release.as_of:%Y-%m-%d}", headers, rows)


@role_required(ICMPD_STAFF, PMM_OFFICIAL)
@require_GET
def release_list(request):
    releases = list(keyfigures.releases_for(request.user)[:20])
    for release in releases:
        release.table = keyfigures.rows(release, language=_language())[1]
    return render(request, "reports/key_figures_releases.html", {
        "releases": releases,
        "is_staff": has_role(request.user, ICMPD_STAFF),
        "is_pmm": has_role(request.user, PMM_OFFICIAL),
        "language": _language(),
    })


@staff_required
@require_POST
def release_prepare(request):
    try:
        keyfigures.prepare_release(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The key figures are compiled. They are published once PMM clears them."))
    return redirect("key_figures:releases")


@role_required(PMM_OFFICIAL)
@require_POST
def release_clear(request, pk):
    release = get_object_or_404(keyfigures.releases_for(request.user), pk=pk)
    try:
        keyfigures.clear_release(release=release, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The key figures are cleared for publication."))
    return redirect("key_figures:releases")
