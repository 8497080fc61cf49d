from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A portal account. The e-mail address is the login; there are no usernames."""

    class Language(models.TextChoices):
        TURKISH = "tr", _("Turkish")
        ENGLISH = "en", _("English")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("given name"), max_length=150)
    last_name = models.CharField(_("family name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.TURKISH,
        help_text=_("Used for e-mails and documents sent to you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class SentMail(models.Model):
    """A ledger of e-mails that must go out at most once: a Celery task may run twice (a retry, a
    worker that died after sending), and the second run finds its key here and sends nothing."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key


class RoleChange(models.Model):
    """One change of what an account may do (its roles, staff or superuser flag, or whether it may sign
    in): who changed it, for whom, from what to what, and when. Written by `services.record_role_changes`
    only; superusers read it in the admin."""

    class What(models.TextChoices):
        GROUPS = "groups", _("roles")
        STAFF = "is_staff", _("staff status")
        SUPERUSER = "is_superuser", _("superuser status")
        ACTIVE = "is_active", _("active")

    actor = models.ForeignKey(
        User, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Empty when the portal itself made the change (sign-up, a command)."),
    )
    user = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="role_changes")
    what = models.CharField(_("what changed"), max_length=20, choices=What.choices)
    before = models.CharField(_("before"), max_length=500, blank=True)
    after = models.CharField(_("after"), max_length=500, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.user}: {self.get_what_display()}"
