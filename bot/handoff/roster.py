"""Taking an ambassador off the desk: the one entry point (the CLI and the
console both call it), because deactivating is more than a flag. Their open
chats go back to the queue with a note for whoever takes them next, each
person is told, and from then on nothing is relayed to them."""
from bot import content, replies
from bot.handoff import ambassadors, queue
from bot.handoff.desk import send_to_person
from bot.handoff.person import desk_language
from bot.i18n import translate


def deactivate(ambassador_id: int) -> list[int]:
    """Deactivate and hand back their chats; the case numbers handed back."""
    ambassadors.edit(ambassador_id, active=False, available=False)
    note = translate(desk_language(), content.DESK_HANDED_BACK_NOTE)
    moved = queue.hand_back(ambassador_id, note)
    for request in moved:
        send_to_person(request, [replies.say(request.person_language, content.HANDOFF_HANDED_BACK)])
    return [request.id for request in moved]
