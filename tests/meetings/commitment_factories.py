import datetime

import factory
from django.utils import timezone

from meetings.models import ActionItem
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.meetings.factories import MeetingFactory, in_days


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(
        MeetingFactory, status="held", starts_at=factory.LazyFunction(lambda: in_days(-20)),
        ends_at=factory.LazyFunction(lambda: in_days(-20, 16)),
    )
    title = factory.Sequence(lambda n: f"İl uyum kurulu için örnek gündem {n}")
    title_tr = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Model agenda for the provincial board {n}")
    owner_organisation = factory.SubFactory(OrganisationFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def owner_user(item, *, focal_point=False, language="tr"):
    """A signed-up member of the item's owner organisation (owner through the organisation)."""
    user = UserFactory(preferred_language=language)
    person = PersonFactory(user=user, email=user.email, preferred_language=language)
    MembershipFactory(person=person, organisation=item.owner_organisation, is_focal_point=focal_point)
    return user
