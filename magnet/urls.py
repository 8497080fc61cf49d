from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .api import not_found, router

admin.site.site_header = _("MAGNET Portal administration")
admin.site.site_title = _("MAGNET Portal")
admin.site.index_title = _("Curation")
# The admin signs in through allauth, so rate limits, verification and two-factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("health/", views.health, name="health"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/(?:.*/)?$", not_found),  # ends with "/": addresses without one still get APPEND_SLASH
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("staff/", views.staff_home, name="staff_home"),
    path("admin/", admin.site.urls),
    # Not "account_…": a privileged user who has not enrolled two-factor is sent to enrol first.
    path("accounts/api-tokens/", views.api_tokens, name="api_tokens"),
    path("accounts/api-tokens/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("accounts/", include("allauth.urls")),
    path("registry/", include("stakeholders.urls")),
    path("meetings/", include("meetings.urls")),
    path("conference/", include("conference.urls")),
    path("reports/", include("reports.urls")),
    path("projects/", include("projects.urls")),
    path("figures/", include("reports.keyfigures_urls")),  # the public key figures (h8)
    path("feedback/", include("feedback.urls")),
    path("library/", include("library.urls")),
    prefix_default_language=True,
)

handler400 = "magnet.views.bad_request"
handler403 = "magnet.views.permission_denied"
handler404 = "magnet.views.page_not_found"
handler500 = "magnet.views.server_error"

