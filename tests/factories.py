"""Factories shared by every app's tests. App-specific ones live in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from magnet.roles import STAKEHOLDER, assign_role
from stakeholders.models import Membership, Organisation, OrganisationType, Person, Pillar, ThematicArea

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified account. `UserFactory(role=ICMPD_STAFF)` puts it in a role (default Stakeholder)."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Ayşe"
    last_name = "Yılmaz"
    preferred_language = "tr"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            assign_role(self, extracted or STAKEHOLDER)


def pillar(code: str = "public") -> Pillar:
    """Pillars are reference data, created by a migration."""
    return Pillar.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Göç İdaresi İl Müdürlüğü {n}")
    name_tr = factory.SelfAttribute("name")
    name_en = factory.Sequence(lambda n: f"Provincial Directorate of Migration Management {n}")
    acronym = ""
    pillar = factory.LazyFunction(lambda: pillar("public"))
    type = factory.LazyAttribute(lambda o: OrganisationType.objects.filter(pillar=o.pillar).first())
    country = "TR"
    province = "06"
    status = Organisation.Status.APPROVED

    @factory.post_generation
    def thematic_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.thematic_areas.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = "Çağrı"
    family_name = factory.Sequence(lambda n: f"Işıkoğlu{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    preferred_language = "tr"
    in_directory = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Uzman"
    status = Membership.Status.APPROVED


def thematic_area(code: str = "border-management") -> ThematicArea:
    return ThematicArea.objects.get(code=code)
