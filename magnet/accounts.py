"""How django-allauth fits the portal: sign-up asks for the name as written, the account remembers
the language it was made in, and after login the user lands in their own language. Also the rules an
account meets before it may use privileged pages or API tokens."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .roles import STAKEHOLDER, TWO_FACTOR_ROLES, assign_role, has_role


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form. Names are kept exactly as written."""

    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def signup(self, request, user):
        """Called by allauth once the user row exists."""


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.first_name = form.cleaned_data["first_name"]
        user.last_name = form.cleaned_data["last_name"]
        user.preferred_language = translation.get_language() or "tr"
        if commit:
            user.save()
            assign_role(user, STAKEHOLDER)
        return user

    def get_login_redirect_url(self, request):
        """A newcomer goes on to complete their registry profile; everyone else lands where they
        were going, or on the home page in their own language."""
        from stakeholders.selectors import needs_onboarding

        url = super().get_login_redirect_url(request)
        with translation.override(request.user.preferred_language):
            if needs_onboarding(request.user):
                return reverse("stakeholders:onboarding")
            if url in {f"/{code}/" for code, _name in settings.LANGUAGES}:
                return reverse("home")
        return url

    def send_mail(self, template_prefix, email, context):
        # allauth mails go out in the language of the recipient when we know them.
        with translation.override(_user_language(context.get("user"))):
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's own texts, in the portal's layout with its one signature and an HTML part."""
        from .mail import layout_mail

        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.body, html = layout_mail(message.subject.removeprefix(self.format_email_subject("")), message.body)
        message.alternatives = []
        message.attach_alternative(html, "text/html")
        return message

    def send_password_reset_mail(self, user, email, context):
        # The link too opens in the user's language, whatever page the reset was asked from.
        with translation.override(_user_language(user)):
            context["password_reset_url"] = self.get_reset_password_from_key_url(f"{context['uid']}-{context['key']}")
            super().send_password_reset_mail(user, email, context)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        with translation.override(_user_language(emailconfirmation.email_address.user)):
            super().send_confirmation_mail(request, emailconfirmation, signup)


def _user_language(user) -> str:
    language = getattr(user, "preferred_language", None)
    return language if language in dict(settings.LANGUAGES) else translation.get_language()


def user_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_enrol_two_factor(user) -> bool:
    """ICMPD staff and PMM officials (and anyone with the admin open to them) must enrol TOTP before
    they use privileged pages or API tokens, while MAGNET_REQUIRE_MFA is on."""
    if not settings.MAGNET_REQUIRE_MFA or not (has_role(user, *TWO_FACTOR_ROLES) or user.is_staff):
        return False
    return not user_has_totp(user)


def api_refusal(user) -> str | None:
    """Why this account may not use the API with a token, or None. The rules a browser session meets
    on the way in (allauth's sign-in, RequireTwoFactorMiddleware) apply to tokens too: the account is
    active, its e-mail address is confirmed, and two-factor is enrolled where it is required."""
    from allauth.account.models import EmailAddress

    if not user.is_active:
        return _("This account is closed.")
    if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not EmailAddress.objects.filter(
        user=user, verified=True
    ).exists():
        return _("Confirm your e-mail address first.")
    if must_enrol_two_factor(user):
        return _("Set up two-factor authentication first.")
    return None
