import pytest

from tests.factories import UserFactory

from .factories import PeriodFactory, pmm_user, reporter_user, staff_user


@pytest.fixture
def staff(db):
    return staff_user(first_name="Elif", last_name="Şahin", preferred_language="en")


@pytest.fixture
def pmm(db):
    return pmm_user(first_name="Mehmet", last_name="Yılmaz", preferred_language="tr")


@pytest.fixture
def reporter(db):
    return reporter_user(first_name="Ayşe", last_name="Güneş", preferred_language="tr")


@pytest.fixture
def other_reporter(db):
    return reporter_user(first_name="Can", last_name="Öztürk")


@pytest.fixture
def stakeholder(db):
    return UserFactory()


@pytest.fixture
def period(db):
    return PeriodFactory()
