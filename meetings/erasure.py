"""What meetings erase when a person asks for deletion (registered with magnet.erasure)."""

from magnet import erasure


def register() -> None:
    from .models import ActionItem, ActionItemUpdate, AgendaItem, CalendarFeed, Invitation

    @erasure.eraser(Invitation, Invitation.history.model, CalendarFeed, AgendaItem, ActionItem, ActionItemUpdate)
    def erase_invitations(subject: erasure.Subject):
        """Invitations stay (answers and attendance still count) without notes or needs; their
        history is deleted; the calendar feed link dies; agendas and action items stop naming them; their
        progress notes on commitments lose their text and author (the status change stays, unattributed)."""
        invitations = list(Invitation.objects.filter(person_id=subject.person_id).values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=invitations).update(note="", dietary_needs="", accessibility_needs="")
        Invitation.history.filter(person_id=subject.person_id).delete()
        CalendarFeed.objects.filter(person_id=subject.person_id).delete()
        AgendaItem.speakers.through.objects.filter(person_id=subject.person_id).delete()
        AgendaItem.moderators.through.objects.filter(person_id=subject.person_id).delete()
        ActionItem.objects.filter(owner_person_id=subject.person_id).update(owner_person=None)
        ActionItemUpdate.objects.filter(author_id=subject.person_id).update(author=None, note="")
        return {Invitation: invitations}
