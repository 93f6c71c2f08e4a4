"""What Bridge says: the English source of every answer, menu and question.

Every number, hour, cost or rule below comes from `shared/facts/nl-services.md`
(section in brackets). Facts that file marks UNVERIFIED are left out on
purpose: wrong information here can hurt someone. Texts are marked with `N_`
and translated when rendered (`bot.i18n.translate`).
"""
from dataclasses import dataclass, field

from bot.i18n import N_


@dataclass(frozen=True)
class Topic:
    title: str  # short label for menus and buttons
    body: str  # the answer, a few short lines
    related: tuple[str, ...] = ()  # topics offered as follow-up buttons
    offers_person: bool = False  # ends with the offer of a warm hand-off


# --- First contact -------------------------------------------------------------

NOTICE = N_(
    "I am Bridge, an automated assistant. I am not a person and not an emergency service. "
    "In danger, call 112.\n"
    "This chat is anonymous: I never ask your name.\n"
    "I keep this conversation for {days} days, then it is deleted. "
    "Type /forget to erase it now."
)
WELCOME = N_("Hello, welcome to Bridge.")
MENU_PROMPT = N_("What would you like to know? Type a number:")
MENU_FOOTER = N_("0 = menu. /language = change language.")
CHOOSE_LANGUAGE = N_("Which language do you want? Tap it or type its name.")
LANGUAGE_SET = N_("OK, I will write in English from now on.")
FALLBACK = N_(
    "Sorry, I did not understand that. You can type 0 for the menu, or 9 to talk to a person.\n"
    "In danger, call 112."
)
MENU_TITLE = N_("Menu")
ONLY_TEXT = N_("Sorry, I can only read text messages for now. Please type your question.")
ANYTHING_ELSE = N_("Type 0 for the menu.")
LONG_MESSAGE = N_("Your message was very long, so I only read the first part.")
TECHNICAL_ERROR = N_(
    "Sorry, something went wrong on my side. Please try again in a moment. In danger, call 112."
)

# --- Offers and answers to them ------------------------------------------------

OFFER_PERSON = N_(
    "Would you like to talk to a trusted person from your community (an ambassador)?"
)
YES = N_("Yes")
NO = N_("No")
NO_PROBLEM = N_("That is OK. You can come back any time. Type 0 for the menu.")

# The single entry point of the hand-off (see actions: action_request_handoff).
HANDOFF_NOT_YET = N_(
    "I can connect you with an ambassador: a trained volunteer from your community who "
    "speaks your language. They never see your phone number or name.\n"
    "This is not available yet. Until then you can talk to someone, free and anonymously:\n"
    "- Sexual violence: Centrum Seksueel Geweld 0800-0188 (24/7)\n"
    "- Violence at home: Veilig Thuis 0800-2000 (24/7)\n"
    "- Thoughts of suicide: 113 or 0800-0113 (24/7)\n"
    "In danger, call 112."
)

# --- The warm hand-off (bot.handoff) ------------------------------------------------

HANDOFF_EXPLAIN = N_(
    "I can connect you with an ambassador: a trained volunteer from your community who speaks "
    "your language.\n"
    "The ambassador sees your language, the topic and, if you want, a short message from you. "
    "Never your phone number or name.\n"
    "Do you want this?"
)
HANDOFF_ANYONE = N_("Yes, anyone")
HANDOFF_WOMAN = N_("Yes, a woman")
HANDOFF_LGBTQI = N_("Yes, LGBTQI+-friendly")
HANDOFF_OTHER_LANGUAGE = N_("Another language")
HANDOFF_WHICH_LANGUAGE = N_("In which language should the ambassador talk with you?")
HANDOFF_WHEN = N_("When would you like to talk?")
HANDOFF_NOW = N_("As soon as possible")
HANDOFF_LATER = N_("Later today")
HANDOFF_OUTSIDE_HOURS = N_(
    "Ambassadors are usually there between {start} and {end}. You can still ask now; someone "
    "will answer when they are back."
)
HANDOFF_WAITING = N_(
    "Thank you. I am looking for an ambassador for you. You are number {position} in line.\n"
    "Type cancel to stop waiting. In danger, call 112."
)
HANDOFF_NOTE_INVITE = N_(
    "If you want, write one short message for the ambassador now. Only they will see it. "
    "You can also just wait."
)
HANDOFF_NOTE_SAVED = N_("Thank you. The ambassador will see your message.")
HANDOFF_ONLY_MESSAGING = N_(
    "Talking to an ambassador works on Telegram and WhatsApp. Please write to Bridge there."
)
HANDOFF_CANCELLED = N_("OK, I stopped looking for an ambassador. Type 0 for the menu.")
HANDOFF_TIMEOUT = N_(
    "I am sorry: no ambassador could answer yet. You can talk to someone now, free and anonymously:"
)
HANDOFF_KEEP = N_("Keep waiting")
HANDOFF_STOP_WAITING = N_("Stop waiting")
HANDOFF_KEPT = N_("OK, I keep looking. Type cancel to stop waiting.")
HANDOFF_CONNECTED = N_(
    "An ambassador is here for you now. What you write goes to them. Type stop to go back to Bridge."
)
HANDOFF_ENDED = N_("The chat with the ambassador has ended. You are back with Bridge.")
HANDOFF_RATE = N_(
    "Did this help you? Answer with a number from 1 (not at all) to 5 (very much), or just go on."
)
HANDOFF_RATED = N_("Thank you for telling us.")
HANDOFF_NOT_DELIVERED = N_(
    "Sorry, your last message could not reach the ambassador. Please try again in a moment."
)
LINE_CSG = N_("- Sexual violence: Centrum Seksueel Geweld 0800-0188 (24/7)")
LINE_VEILIG_THUIS = N_("- Violence at home: Veilig Thuis 0800-2000 (24/7)")
LINE_113 = N_("- Thoughts of suicide: 113 or 0800-0113 (24/7)")
LINE_112 = N_("In danger, call 112.")

# The ambassador desk (a second Telegram bot, for ambassadors only).
DESK_NOT_REGISTERED = N_(
    "Sorry, this desk is only for registered Bridge ambassadors. Please contact your coordinator."
)
DESK_WELCOME = N_(
    "Hello {name}. /available: get new requests. /away: stop them. /queue: who is waiting.\n"
    "In a chat: /close to end it, /transfer to hand it back (add a note after it), /csg to send the CSG "
    "information."
)
DESK_AVAILABLE = N_("You are available. I will tell you about new requests.")
DESK_AWAY = N_("You are away. I will not tell you about new requests.")
DESK_NEW_REQUEST = N_("Request #{case}\nLanguage: {language}\nTopic: {topic}\nWaiting: {minutes} min")
DESK_WISH_WOMAN = N_("Wants a woman.")
DESK_WISH_LGBTQI = N_("Wants an LGBTQI+-friendly ambassador.")
DESK_WISH_LATER = N_("Would like to talk later today.")
DESK_CLAIM = N_("Claim #{case}")
DESK_CLAIMED = N_(
    "Case #{case} is yours. What you write here goes to the person, under Bridge's name. "
    "/close to end, /transfer to hand it back, /csg to send the CSG information."
)
DESK_TAKEN = N_("Case #{case} was already taken.")
DESK_NOTE = N_("Their message: {note}")
DESK_TRANSFER_NOTE = N_("Note from a colleague: {note}")
DESK_FROM_PERSON = N_("#{case}: {text}")
DESK_NO_CASE = N_("You have no open case. /queue shows who is waiting.")
DESK_WHICH_CASE = N_("You have more than one open case. Start with its number, for example: #{case} hello")
DESK_QUEUE_EMPTY = N_("Nobody is waiting right now.")
DESK_CLOSE_HOW = N_("How did case #{case} end?")
DESK_OUTCOME_HELPED = N_("Helped")
DESK_OUTCOME_CSG = N_("Referred to the CSG")
DESK_OUTCOME_GP = N_("Referred to a GP")
DESK_OUTCOME_OTHER = N_("Other")
DESK_CLOSED = N_("Case #{case} is closed. Thank you.")
DESK_TRANSFERRED = N_("Case #{case} is back in the queue.")
DESK_CSG_SENT = N_("The CSG information was sent for case #{case}.")
DESK_PERSON_LEFT = N_("The person ended the chat of case #{case}.")
DESK_WINDOW_CLOSED = N_(
    "Case #{case}: WhatsApp only allows replies within 24 hours of the person's last message. "
    "This message was not delivered."
)
DESK_NOT_DELIVERED = N_("Case #{case}: your message could not be delivered. Please try again later.")
DESK_DANGER = N_(
    "Case #{case}: the person may be in danger right now. Bridge has given them the emergency number."
)

FORGET_CONFIRM = N_(
    "Do you want me to erase everything I kept about this conversation? "
    "This cannot be undone."
)
FORGET_DONE = N_(
    "Done. I erased this conversation. If you write again, we start fresh."
)
FORGET_KEPT = N_("OK, I erased nothing.")

# --- Safety routes (answered first, wherever the conversation is) --------------

DANGER = N_(
    "Call 112 now. It is free and works 24 hours a day.\n"
    "- If you can, go to a place with other people, like a neighbour or a shop.\n"
    "- Keep your phone with you.\n"
    "Later, Veilig Thuis can help you: 0800-2000 (free, 24/7)."
)  # 112 (§1), Veilig Thuis (§3)
SUICIDE = N_(
    "Thank you for telling me. You do not have to carry this alone.\n"
    "Call 113 or 0800-0113, or chat on 113.nl. It is free and anonymous, 24 hours a day.\n"
    "If you are in danger right now, call 112."
)  # 113 (§4.7)

# --- Topics ----------------------------------------------------------------------

TOPICS: dict[str, Topic] = {
    "gp": Topic(
        N_("Doctor (GP, huisarts)"),
        N_(
            "The family doctor (huisarts, GP) is your first stop for problems of body and mind.\n"
            "- The GP sends you to a hospital or specialist when you need it.\n"
            "- Register with a GP close to your home. If no GP has room, your health insurer "
            "must help you find one.\n"
            "- Evenings, nights and weekends: phone the huisartsenpost first. Every region has "
            "its own number.\n"
            "- The GP and the huisartsenpost do not count towards your eigen risico.\n"
            "Life in danger: 112."
        ),  # §5.1, §1, §5.4
        ("costs", "interpreter", "asylum_centre", "undocumented"),
    ),
    "insurance": Topic(
        N_("Health insurance and costs"),
        N_(
            "Health insurance (zorgverzekering):\n"
            "- With a residence permit, basic health insurance is compulsory. Take it within "
            "4 months; it counts from the date your permit was granted.\n"
            "- While you still live in a COA centre you keep COA care. Ask COA or "
            "VluchtelingenWerk when your own insurance should start.\n"
            "- With a low income you can get zorgtoeslag (care allowance) from the "
            "Belastingdienst, also for past months. In 2026: up to about 129 euro a month "
            "for a single person.\n"
            "- Without a residence permit you cannot take Dutch insurance, but you still have "
            "a right to necessary care."
        ),  # §5.3, §5.2, §5.5
        ("costs", "undocumented", "gp"),
    ),
    "costs": Topic(
        N_("Costs and eigen risico"),
        N_(
            "Costs of care:\n"
            "- Adults with Dutch insurance pay the first 385 euro of some care each year "
            "themselves: the eigen risico (2026).\n"
            "- Not part of the eigen risico: the GP and huisartsenpost, midwife and maternity "
            "care, the district nurse, and all care for children under 18.\n"
            "- Part of the eigen risico: hospital care (also the emergency department), tests "
            "the GP orders, and the pharmacy fee.\n"
            "- In a COA asylum centre you pay no eigen risico and no own contribution."
        ),  # §5.4, §5.2
        ("insurance", "gp"),
    ),
    "asylum_centre": Topic(
        N_("Care in an asylum centre (AZC)"),
        N_(
            "Care in an asylum centre (AZC):\n"
            "- GZA is the health centre at or near your location. Go to the walk-in hour to "
            "make an appointment.\n"
            "- GZA Praktijklijn: 088-1122112, Monday to Friday 08:30-17:00. Outside those "
            "hours, 24/7 for urgent matters.\n"
            "- Care is free: no own contribution and no eigen risico.\n"
            "- In your first 2 months, adults get only care that cannot wait. Children get "
            "full care.\n"
            "- Interpreters are free: ask your care provider."
        ),  # §5.2
        ("mental_health", "interpreter", "lgbtqi"),
    ),
    "undocumented": Topic(
        N_("Care without papers"),
        N_(
            "Without a residence permit:\n"
            "- You have a right to medically necessary care. The doctor decides what that is; "
            "it is not only for emergencies.\n"
            "- A GP may not refuse you only because you have no papers or insurance.\n"
            "- You will be asked to pay. If you cannot, the doctor can get part of the costs back "
            "from the government (CAK).\n"
            "- Dokters van de Wereld (Doctors of the World) helps people without papers find care.\n"
            "- An abortion is usually not free without papers."
        ),  # §5.5, §4.9
        ("confidentiality", "sexual_health", "gp"),
    ),
    "mental_health": Topic(
        N_("Stress, sleep and mental health"),
        N_(
            "Stress, bad sleep, sadness or bad memories are common after hard times. Help exists.\n"
            "- Start with your GP. Many GPs have a mental health nurse (POH-GGZ) for talks and "
            "advice; this is part of GP care.\n"
            "- The GP can send you on to more care. There are often waiting lists; the POH-GGZ "
            "can help while you wait.\n"
            "- In an asylum centre: go to GZA.\n"
            "- Thoughts of suicide: call 113 or 0800-0113, free and anonymous, 24/7."
        ),  # §5.6, §5.2, §4.7
        ("self_check", "gp", "interpreter"),
        offers_person=True,
    ),
    "sexual_health": Topic(
        N_("Sexual health"),
        N_(
            "Sexual health:\n"
            "- The GGD sexual health centre offers free, anonymous STI and HIV tests to some "
            "groups, for example young people under 25. Places are limited.\n"
            "- Without papers you can be tested at a GP or the GGD.\n"
            "- Morning-after pill: at a drugstore or pharmacy, no prescription needed, about "
            "10-30 euro.\n"
            "- Abortion: you can contact an abortion clinic yourself, no referral needed. With "
            "legal residence it is usually free.\n"
            "- After sexual violence: Centrum Seksueel Geweld 0800-0188 (free, 24/7)."
        ),  # §4.8, §4.9, §2
        ("sexual_violence", "confidentiality", "costs"),
    ),
    "sexual_violence": Topic(
        N_("Sexual violence: get help (CSG)"),
        N_(
            "I am very sorry this happened to you. It is not your fault.\n"
            "Call the Centrum Seksueel Geweld (CSG): 0800-0188. Free, 24 hours a day, and you "
            "can stay anonymous. You can also chat on centrumseksueelgeweld.nl.\n"
            "The first 7 days matter most: doctors can then prevent pregnancy, HIV and STIs, "
            "and traces can still be secured. If it was longer ago, the CSG can still help you.\n"
            "Going to the police is your own choice. The CSG helps you also without a police "
            "report.\n"
            "In danger now, call 112."
        ),  # §2
        ("csg", "confidentiality", "domestic_violence"),
        offers_person=True,
    ),
    "domestic_violence": Topic(
        N_("Violence at home"),
        N_(
            "Violence at home is never OK, and it is not your fault.\n"
            "Veilig Thuis: 0800-2000. Free, 24 hours a day, and you can stay anonymous. "
            "There is also a chat on veiligthuis.nl, usually Monday to Friday 09:00-17:00.\n"
            "If you want them to act, for example to find you a safe place, Veilig Thuis asks "
            "your consent before passing on your details.\n"
            "In danger now, call 112."
        ),  # §3
        ("honour_violence", "sexual_violence", "confidentiality"),
        offers_person=True,
    ),
    "honour_violence": Topic(
        N_("Honour-related violence and forced marriage"),
        N_(
            "If your family threatens you because of honour, a relationship or a marriage you "
            "do not want, you are not alone.\n"
            "- Veilig Thuis also helps with honour-related violence, forced marriage and being "
            "left behind abroad: 0800-2000, free, 24/7, you can stay anonymous.\n"
            "- You can chat anonymously with Fier on chatmetfier.nl.\n"
            "- Female genital cutting is forbidden in the Netherlands, also when it is done abroad.\n"
            "In danger now, call 112."
        ),  # §3, §4.1, §4.2, §4.10
        ("domestic_violence", "confidentiality"),
        offers_person=True,
    ),
    "lgbtqi": Topic(
        N_("LGBTQI+"),
        N_(
            "Whoever you love and whoever you are, you have a right to feel safe.\n"
            "- Some COA locations have an LGBTIQ+ contact person. Asking COA for help about abuse "
            "or discrimination should not affect your asylum procedure.\n"
            "- COC Nederland is the LGBTIQ+ organisation; it works with COA on safety.\n"
            "- The Centrum Seksueel Geweld (0800-0188, free, 24/7) is also there for LGBTIQ+ "
            "people."
        ),  # §4.3, §2
        ("asylum_centre", "sexual_violence"),
        offers_person=True,
    ),
    "confidentiality": Topic(
        N_("Privacy: who will know?"),
        N_(
            "Who will know?\n"
            "- Doctors must keep what you tell them secret, also from the police. There are "
            "exceptions, for example serious danger.\n"
            "- At the Centrum Seksueel Geweld the police are only involved if you want that.\n"
            "- Veilig Thuis needs your consent to pass on your details. But doctors and other "
            "professionals may contact Veilig Thuis when they think someone is seriously unsafe.\n"
            "- Victims without papers can report a crime, but I cannot promise there is no risk "
            "for your stay. A lawyer can advise you.\n"
            "- This chat: I never ask your name. Type /forget to erase it."
        ),  # §5.10, §5.11, §2, §3
        ("undocumented", "sexual_violence"),
    ),
    "interpreter": Topic(
        N_("Interpreters"),
        N_(
            "Interpreters (tolk):\n"
            "- With a COA care number, interpreters are free. Ask your care provider to arrange one.\n"
            "- Mental health care and midwives can have interpreter costs paid. Ask them.\n"
            "- For other care, like the GP, ask the practice before your visit whether they can "
            "use an interpreter and who pays.\n"
            "- As a victim of a crime you have a right to a free interpreter with the police."
        ),  # §5.9, §5.2, §5.11
        ("gp", "asylum_centre"),
    ),
    "csg": Topic(
        N_("What happens at the CSG?"),
        N_(
            "What happens when you contact the Centrum Seksueel Geweld (CSG):\n"
            "- You call 0800-0188 or chat on centrumseksueelgeweld.nl. It is free, 24/7, and you can "
            "stay anonymous.\n"
            "- Your call goes to a CSG team near you. They listen and tell you what help is possible.\n"
            "- Doctors, nurses and psychologists help in one place. They can also secure traces.\n"
            "- You decide yourself whether the police are involved."
        ),  # §2
        ("confidentiality",),
        offers_person=True,
    ),
    "self_check": Topic(
        N_("Wellbeing self-check"),
        N_(
            "This is a short check of 10 questions about how you are. Answer with a number. "
            "Only you see your answers. Type 0 at any time to stop."
        ),
    ),
    "bot": Topic(
        N_("Who am I talking to?"),
        N_(
            "I am Bridge, an automated assistant: a computer program, not a person. "
            "I can tell you how Dutch care works and where to find help. Type 9 to talk to a person."
        ),
    ),
    "goodbye": Topic(
        N_("Goodbye"),
        N_("Take care. You can write to me any time. In danger, call 112."),
    ),
    "thanks": Topic(N_("Thanks"), N_("You are welcome. Type 0 for the menu.")),
    "out_of_scope": Topic(
        N_("Other questions"),
        N_(
            "Sorry, I can only help with health care and with help after violence. "
            "Type 0 for the menu, or 9 to talk to a person."
        ),
    ),
}

# Topics reachable by typing a number; the same number always means the same
# topic, so a person who learned "7" can type it from anywhere.
MENU = {
    "1": "gp",
    "2": "insurance",
    "3": "asylum_centre",
    "4": "undocumented",
    "5": "mental_health",
    "6": "sexual_health",
    "7": "sexual_violence",
    "8": "domestic_violence",
    "9": "human",
}
HUMAN_TITLE = N_("Talk to a person")

# Which topic answers which intent.
INTENT_TOPICS = {
    "ask_gp": "gp",
    "ask_health_insurance": "insurance",
    "ask_costs": "costs",
    "ask_asylum_centre_health": "asylum_centre",
    "ask_undocumented_care": "undocumented",
    "ask_mental_health": "mental_health",
    "ask_sexual_health": "sexual_health",
    "report_sexual_violence": "sexual_violence",
    "report_domestic_violence": "domestic_violence",
    "ask_honour_violence": "honour_violence",
    "ask_lgbtqi": "lgbtqi",
    "ask_confidentiality": "confidentiality",
    "ask_interpreter": "interpreter",
    "bot_challenge": "bot",
    "goodbye": "goodbye",
    "thank": "thanks",
    "out_of_scope": "out_of_scope",
}
# Topics reached by a button: each answers as part of an intent.
# Intents answered with the emergency number first, wherever the conversation is.
SAFETY_INTENTS = frozenset({"immediate_danger", "suicidal_thoughts"})

TOPIC_INTENTS = {topic: intent for intent, topic in INTENT_TOPICS.items()} | {
    "csg": "report_sexual_violence",
    "self_check": "ask_mental_health",
}


# --- Wellbeing self-check ---------------------------------------------------------
# The digital form of the GGD Amsterdam good practice: ~10 non-intrusive
# questions, answered by number. Answers stay in this conversation only.


@dataclass(frozen=True)
class Question:
    slot: str
    text: str
    options: tuple[str, ...]  # option 1, 2, 3 in order
    worrying: frozenset = field(default_factory=frozenset)  # answers that lead to advice


SELF_CHECK = (
    Question("sc_sleep", N_("How do you sleep lately?"),
             (N_("Well"), N_("Sometimes badly"), N_("Often badly")), frozenset({"3"})),
    Question("sc_doctor", N_("When did you last see a doctor?"),
             (N_("This year"), N_("Longer ago"), N_("Never in the Netherlands")), frozenset({"2", "3"})),
    Question("sc_has_gp", N_("Are you registered with a GP (huisarts)?"),
             (N_("Yes"), N_("No"), N_("I don't know")), frozenset({"2", "3"})),
    Question("sc_insured", N_("Do you have health insurance or a COA care number?"),
             (N_("Yes"), N_("No"), N_("I don't know")), frozenset({"2", "3"})),
    Question("sc_stress", N_("How often do you feel stressed or worried?"),
             (N_("Rarely"), N_("Sometimes"), N_("Often")), frozenset({"3"})),
    Question("sc_mood", N_("How often do you feel sad or without hope?"),
             (N_("Rarely"), N_("Sometimes"), N_("Often")), frozenset({"3"})),
    Question("sc_pain", N_("Do you have pain or a health problem that worries you?"),
             (N_("No"), N_("A little"), N_("Yes, a lot")), frozenset({"2", "3"})),
    Question("sc_safe_home", N_("Do you feel safe at home?"),
             (N_("Yes"), N_("Not always"), N_("No")), frozenset({"2", "3"})),
    Question("sc_unwanted", N_("Has anyone hurt you, or made you do something sexual you did not want?"),
             (N_("No"), N_("Yes"), N_("I prefer not to say")), frozenset({"2"})),
    Question("sc_support", N_("Do you have people you can talk to?"),
             (N_("Yes"), N_("A few"), N_("No")), frozenset({"3"})),
)
SELF_CHECK_SLOTS = tuple(q.slot for q in SELF_CHECK)
SELF_CHECK_PROGRESS = N_("Question {number} of {total}")
SELF_CHECK_INVALID = N_("Please answer with 1, 2 or 3. Type 0 to stop.")
SELF_CHECK_STOPPED = N_("The check is stopped. Your answers are not used. Type 0 for the menu.")
SELF_CHECK_DONE = N_("Thank you. Only you see these answers. Some ideas for you:")
SELF_CHECK_ALL_WELL = N_(
    "You seem to be doing OK. If anything changes, your GP is the first place to go."
)

# Advice after the check: (slot, message) in the order shown.
SELF_CHECK_ADVICE = (
    ("sc_safe_home", N_("Not feeling safe at home: Veilig Thuis 0800-2000 (free, 24/7, anonymous). In danger, call 112.")),
    ("sc_unwanted", N_("After sexual violence: Centrum Seksueel Geweld 0800-0188 (free, 24/7, anonymous).")),
    ("sc_mood", N_("Feeling without hope: talk to your GP. Thoughts of suicide: 113 or 0800-0113 (free, 24/7).")),
    ("sc_stress", N_("Stress: your GP's mental health nurse (POH-GGZ) can help. This is part of GP care.")),
    ("sc_sleep", N_("Sleeping badly for a long time: tell your GP.")),
    ("sc_pain", N_("Pain or health worries: make an appointment with your GP (in an asylum centre: GZA).")),
    ("sc_has_gp", N_("No GP yet: register with a GP near your home. Type 1 to learn how.")),
    ("sc_doctor", N_("It has been a while since you saw a doctor: a GP check-up can help.")),
    ("sc_insured", N_("Insurance questions: type 2.")),
    ("sc_support", N_("Nobody to talk to: an ambassador from your community can listen. Type 9.")),
)
