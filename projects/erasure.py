"""What projects erase when a person asks for deletion (registered with magnet.erasure).

Proposals, opinions, the thread's messages and overlap explanations are an organisation's and PMM's
correspondence: they stay, without the erased person's account linked to them."""

from magnet import erasure


def register() -> None:
    from .models import OverlapNote, Project, ProjectEvent, ProvinceNeed, ThreadMessage

    @erasure.eraser(ThreadMessage, OverlapNote, Project, ProjectEvent, ProvinceNeed)
    def erase_project_authorship(subject: erasure.Subject):
        if subject.user_id is None:
            return None
        messages = list(ThreadMessage.objects.filter(author_id=subject.user_id).values_list("pk", flat=True))
        ThreadMessage.objects.filter(pk__in=messages).update(author=None)
        OverlapNote.objects.filter(written_by_id=subject.user_id).update(written_by=None)
        Project.objects.filter(created_by_id=subject.user_id).update(created_by=None)
        ProjectEvent.objects.filter(actor_id=subject.user_id).update(actor=None)
        ProvinceNeed.objects.filter(entered_by_id=subject.user_id).update(entered_by=None)
        return {ThreadMessage: messages}
