# Django's Turkish formats, with date inputs as Turkish readers type them: 20.01.2027 (first: the
# admin's calendar writes it), 20/01/2027 and ISO 2027-01-20.
from django.conf.locale.tr.formats import *  # noqa: F403

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H.%M"]
