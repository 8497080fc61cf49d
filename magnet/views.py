import functools
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from stakeholders.selectors import approval_state, public_pillar_figures

from . import services, tasks
from .accounts import api_refusal
from .permissions import staff_required
from .roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, has_role


def home(request):
    return render(
        request,
        "home.html",
        {
            "pillar_counts": public_pillar_figures(),
            "reports_url": _reports_entry(request.user),
            "approval": approval_state(request.user),
        },
    )


def _reports_entry(user) -> str | None:
    """Where "Reports" on the home page leads this user, if anywhere."""
    if has_role(user, ICMPD_STAFF, PMM_OFFICIAL):
        return reverse("reports:periodic_report_list")
    if has_role(user, FIELD_REPORTER):
        return reverse("reports:field_report_list")
    return None


@require_POST
def set_language(request):
    """Django's language switch, plus: a signed-in user's choice becomes their preferred language
    (for e-mails and PDFs)."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(user.Language.choices) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response


HEALTH_MEMO_SECONDS = 2.0  # each web process checks at most this often; requests in between are free
_health_memo: dict = {}


@never_cache
def health(request):
    """200 when the database answers, 503 when it does not; the broker and the worker are reported
    too ("degraded"). The checks run at most every HEALTH_MEMO_SECONDS per process: the broker is a
    PING on a kept connection with a short timeout, the worker is its heartbeat (written by the
    worker, sent by beat every minute), so a probe never opens a broker connection of its own."""
    now = time.monotonic()
    if _health_memo.get("until", 0) <= now:
        checks = {"database": _database_ok(), "broker": _broker_ok(), "worker": tasks.worker_seen_recently()}
        _health_memo.update(until=now + HEALTH_MEMO_SECONDS, checks=checks)
    checks = _health_memo["checks"]
    status = 200 if checks["database"] else 503
    return JsonResponse(
        {
            "status": "ok" if all(checks.values()) else "degraded",
            **{name: "ok" if ok else "down" for name, ok in checks.items()},
        },
        status=status,
    )


def forget_health() -> None:
    """Check afresh on the next request (tests, after changing what is checked)."""
    _health_memo.clear()


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


@functools.lru_cache(maxsize=4)
def _redis(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=0.05, socket_timeout=0.05)


def _broker_ok() -> bool:
    from .celery import app

    url = app.conf.broker_url or ""
    if not url.startswith(("redis://", "rediss://")):
        return True  # kombu's filesystem transport of the embedded default: a local folder
    try:
        return bool(_redis(url).ping())
    except Exception:
        return False


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@staff_required
def staff_home(request):
    """ICMPD staff's starting point: every curation area of the portal, with what is waiting."""
    from conference.selectors import current_conference
    from stakeholders.selectors import approval_queue

    queue = approval_queue(request.user)
    return render(
        request,
        "staff_home.html",
        {
            "pending_organisations": queue["organisations"].count(),
            "pending_memberships": queue["memberships"].count(),
            "conference": current_conference(user=request.user),
        },
    )


# --- The user's own API tokens ------------------------------------------------------------------------


@login_required
def api_tokens(request):
    """Make an API token (shown on this answer only: just its digest is kept) and see the live ones."""
    new_token, status = None, 200
    if request.method == "POST":
        try:
            _row, new_token = services.create_api_token(user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
    tokens = request.user.auth_token_set.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())).order_by("-created")
    return render(
        request,
        "api_tokens.html",
        {"tokens": tokens, "new_token": new_token, "refusal": api_refusal(request.user)},
        status=status,
    )


@login_required
@require_POST
def api_token_revoke(request):
    if not services.revoke_api_token(user=request.user, digest=request.POST.get("token", "")):
        raise Http404
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens")
