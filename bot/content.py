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
HANDOFF_HANDED_BACK = N_(
    "Your ambassador cannot continue this chat. I put you back in line: another ambassador will write to you here. "
    "Type cancel to stop waiting."
)
HANDOFF_EXPIRED = N_(
    "I am sorry: no ambassador could talk with you today, so I stopped looking. "
    "You can ask again tomorrow. You can talk to someone now, free and anonymously:"
)
HANDOFF_MEDIA_TOO_BIG = N_("This file is too big to pass on. Please send a shorter voice message or a smaller photo.")
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
DESK_REFUSED_INACTIVE = N_("You are no longer on the desk, so you cannot take case #{case}.")
DESK_REFUSED_AWAY = N_("You are set to away. Send /available first, then claim case #{case} again.")
DESK_REFUSED_LANGUAGE = N_("Case #{case} needs an ambassador who speaks their language. You cannot claim it.")
DESK_REFUSED_WOMAN = N_("The person of case #{case} asked for a woman. You cannot claim it.")
DESK_REFUSED_LGBTQI = N_("The person of case #{case} asked for an LGBTQI+-friendly ambassador. You cannot claim it.")
DESK_REFUSED_FULL = N_("You already have as many open chats as you can take. Close one before you claim case #{case}.")
DESK_REFUSED_HOURS = N_(
    "Your live-chat hours for this month are used up, so you cannot claim case #{case}. "
    "Please talk to your coordinator."
)
DESK_REFUSED_PAUSED = N_(
    "You are taking a short pause after a hard case, so you cannot claim case #{case} yet. "
    "Send /ready when you are ready again."
)
DESK_REFUSED_DAILY = N_(
    "You have reached today's limit of live-chat time, so you cannot claim case #{case}. Thank you, and rest well."
)
DESK_PAUSE_STARTED = N_(
    "That was a hard case. Take a breath: you get no new requests for {minutes} minutes. "
    "Send /ready when you are ready again."
)
DESK_READY = N_("Welcome back. You get new requests again.")
DESK_NOT_PAUSED = N_("You are not on a pause. You get new requests.")
DESK_HANDED_BACK_NOTE = N_(
    "This person was in a chat with an ambassador who is no longer on the desk. Start with a warm hello."
)
DESK_PERSON_HAS_WINDOW_TEMPLATE = N_(
    "Case #{case}: the person has not written for more than 24 hours. They got a short notice that you answered; "
    "your message is delivered as soon as they write."
)
DESK_MEDIA_TOO_BIG = N_("Case #{case}: this file is too big to pass on. Please send a shorter voice message or a smaller photo.")
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
FORGET_DONE_TELEGRAM = N_(
    "I also deleted our messages of the last 48 hours from this chat. Telegram does not let me delete older ones: "
    "to remove them too, delete this chat in Telegram."
)
FORGET_DONE_WHATSAPP = N_(
    "WhatsApp does not let me delete the messages on your phone. To remove them: open this chat, "
    "tap ⋮ or the name at the top, then Clear chat."
)
FORGET_KEPT = N_("OK, I erased nothing.")
FORGET_LATER = N_("Sorry, I could not erase everything right now. I will keep trying until it is done.")

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
        ("costs", "pregnancy", "child_health", "interpreter"),
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
        ("mental_health", "interpreter", "child_health", "lgbtqi"),
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
        ("confidentiality", "residence_permit", "legal_help", "exploitation", "gp"),
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
        ("pregnancy", "sexual_violence", "confidentiality", "costs"),
    ),
    "sexual_violence": Topic(
        N_("Sexual violence: get help (CSG)"),
        N_(
            "I am very sorry this happened to you. It is not your fault.\n"
            "Call the Centrum Seksueel Geweld (CSG): 0800-0188. Free, 24 hours a day, and you "
            "can stay anonymous. You can also chat on centrumseksueelgeweld.nl.\n"
            "Sex against your will is a crime in the Netherlands. This is also true in a marriage "
            "or a relationship.\n"
            "The first 7 days matter most: doctors can then prevent pregnancy, HIV and STIs, "
            "and traces can still be secured. If it was longer ago, the CSG can still help you.\n"
            "Going to the police is your own choice. The CSG helps you also without a police "
            "report.\n"
            "In danger now, call 112."
        ),  # §2, P3.1, P3.2
        ("csg", "rights", "legal_help", "fgm"),
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
        ("residence_permit", "honour_violence", "forced_marriage", "abroad", "legal_help"),
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
        ("forced_marriage", "abroad", "fgm", "rights"),
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
    "pregnancy": Topic(
        N_("Pregnancy and the midwife"),
        N_(
            "Care when you are pregnant:\n"
            "- Make an appointment with a midwife (verloskundige) yourself. You do not need a "
            "referral from the GP. Call early: at about 5-6 weeks of pregnancy.\n"
            "- You can find a midwife near you on verloskundige.nl.\n"
            "- After the birth, a maternity nurse (kraamzorg) helps you at home. Register for "
            "kraamzorg early in your pregnancy.\n"
            "- With Dutch insurance, the midwife and kraamzorg do not count towards your eigen "
            "risico. Kraamzorg has an own contribution per hour. Blood tests and medicines "
            "do count.\n"
            "Life in danger: 112."
        ),  # P2.1.1, P2.1.2, P2.1.3, P2.1.4
        ("costs", "child_health", "interpreter"),
    ),
    "child_health": Topic(
        N_("Health of babies and children"),
        N_(
            "Health of babies and children:\n"
            "- Youth health care (JGZ) is free for all children up to 18.\n"
            "- Children from 0 to 4 years are invited to the consultatiebureau (child health "
            "clinic). You do not need to register: after you register the birth with the "
            "municipality, they contact you.\n"
            "- Vaccinations of the national programme (Rijksvaccinatieprogramma) are free. "
            "Taking part is your choice.\n"
            "- Care for children under 18 does not count towards the eigen risico.\n"
            "- A sick child: go to your GP (huisarts)."
        ),  # P2.2.1, P2.2.2, §5.4
        ("pregnancy", "gp"),
    ),
    "residence_permit": Topic(
        N_("A permit that depends on your partner"),
        N_(
            "A residence permit that depends on your partner:\n"
            "- If the relationship ends, the IND may take the permit away. But if it ended "
            "because of domestic violence, you can ask the IND for a permit of your own, however "
            "long you have lived here.\n"
            "- The IND asks for proof: papers from the police (for example a police report) and "
            "papers from a care provider (for example a GP, a shelter or a care worker).\n"
            "- If you report the violence to the police (aangifte), the police report can be part "
            "of that proof. You have a right to a free interpreter at the police.\n"
            "- Talk to a lawyer (advocaat) first. With a low income, the government pays part of "
            "the lawyer (a toevoeging).\n"
            "- Veilig Thuis knows about permits and violence: 0800-2000 (free, 24/7).\n"
            "I cannot promise what the IND will decide. A lawyer can tell you what fits your "
            "situation. In danger now, call 112."
        ),  # P2.4.1, P2.4.2, P2.4.3, §5.11
        ("legal_help", "domestic_violence"),
        offers_person=True,
    ),
    "legal_help": Topic(
        N_("Legal help and a lawyer"),
        N_(
            "Legal help:\n"
            "- Het Juridisch Loket gives free first legal advice to people with a low income, "
            "also about residence. See juridischloket.nl (Dutch and English).\n"
            "- With a low income, the government pays part of a lawyer (advocaat): a toevoeging.\n"
            "- Victims of a serious violent or sexual crime may get a lawyer for free. "
            "Slachtofferhulp Nederland helps for free and can tell you more: 0900-0101.\n"
            "- Asylum seekers: VluchtelingenWerk helps with the asylum procedure, at your "
            "centre or a local office."
        ),  # P2.5.1, P2.4.3, P2.5.2, P2.5.3
        ("residence_permit", "confidentiality"),
    ),
    "exploitation": Topic(
        N_("Forced work and trafficking"),
        N_(
            "Forced to work, not paid, or your passport taken? This can be exploitation or human "
            "trafficking. It is a crime, also when you have no papers.\n"
            "- CoMensha helps victims: 033-448 11 86, Monday to Friday 09:00-17:00.\n"
            "- Report labour exploitation to the Arbeidsinspectie: 0800-5151. Or give a tip "
            "without your name to Meld Misdaad Anoniem.\n"
            "- Without papers, a possible victim can get up to 3 months to think (bedenktijd), with "
            "a place to stay, legal aid and medical care.\n"
            "In danger now, call 112."
        ),  # §4.11
        ("legal_help", "undocumented"),
        offers_person=True,
    ),
    "rights": Topic(
        N_("Your rights in relationships and family"),
        N_(
            "The law in the Netherlands is the same for everyone who lives here:\n"
            "- Sex must always be voluntary. Going on when the other person does not want it is "
            "a crime (law of 2024). Being married does not give anyone the right to sex.\n"
            "- You must be 18 to marry. Forcing someone to marry is a crime, also abroad and also "
            "for a religious marriage.\n"
            "- Under Dutch law, only the marriage at the town hall counts. With only a religious "
            "wedding, you are not married under Dutch law.\n"
            "- Women and men have equal rights. Everyone may make their own choices.\n"
            "- Parents may not use violence to raise their children: no hitting, no humiliating.\n"
            "- Gay, lesbian, bisexual and trans people have the same rights and may marry. Report "
            "discrimination on discriminatie.nl.\n"
            "Questions or worries: Veilig Thuis 0800-2000 (free, 24/7)."
        ),  # P3.1, P3.2, P3.3, P3.4, P3.5, P3.6
        ("lgbtqi", "forced_marriage", "domestic_violence"),
    ),
    "forced_marriage": Topic(
        N_("Forced marriage"),
        N_(
            "Forced marriage:\n"
            "- Choosing your own partner is your right. Forcing someone to marry is a crime in "
            "the Netherlands, also when the wedding is abroad or only religious.\n"
            "- You must be 18 to marry.\n"
            "- Afraid of being forced to marry, or of being taken abroad? Veilig Thuis helps, "
            "anonymously if you want: 0800-2000 (free, 24/7).\n"
            "In danger now, call 112."
        ),  # P2.9.3, P3.3, §4.2
        ("abroad", "honour_violence"),
        offers_person=True,
    ),
    "abroad": Topic(
        N_("Taken or left abroad"),
        N_(
            "Taken abroad against your will, or afraid of it:\n"
            "- Already abroad and kept there, or forced to marry? Contact the Dutch Ministry of "
            "Foreign Affairs, 24/7: +31 247 247 247, or WhatsApp +31 6 82 38 77 96. Do it when it "
            "is safe to talk.\n"
            "- Still in the Netherlands and afraid you must travel? Keep a copy of your passport, "
            "write down your address and BSN, and tell someone you trust. Veilig Thuis can advise "
            "you: 0800-2000.\n"
            "In danger now, call 112."
        ),  # P2.9.2
        ("forced_marriage",),
        offers_person=True,
    ),
    "fgm": Topic(
        N_("Female genital cutting (FGM)"),
        N_(
            "Female genital cutting (FGM):\n"
            "- It is a crime in the Netherlands, also when it is done abroad to a girl who lives "
            "here.\n"
            "- Worried about a girl, or pressed to have your daughter cut? Veilig Thuis has experts: "
            "0800-2000, free, 24/7, anonymous if you want.\n"
            "- Were you cut yourself and do you have complaints? Your GP or midwife can help. "
            "There are special FGM clinics, for example at Amsterdam UMC, OLVG (Amsterdam) and "
            "Haga (The Hague)."
        ),  # P2.8.1, P2.8.2, P2.8.3
        ("honour_violence",),
        offers_person=True,
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
    "ask_pregnancy": "pregnancy",
    "ask_child_health": "child_health",
    "ask_residence_permit": "residence_permit",
    "ask_legal_help": "legal_help",
    "ask_exploitation": "exploitation",
    "ask_self_check": "self_check",
    "ask_rights": "rights",
}
# Topics reached by a button: each answers as part of an intent.
# Intents answered with the emergency number first, wherever the conversation is.
SAFETY_INTENTS = frozenset({"immediate_danger", "suicidal_thoughts"})

TOPIC_INTENTS = {topic: intent for intent, topic in INTENT_TOPICS.items()} | {
    "csg": "report_sexual_violence",
    "forced_marriage": "ask_honour_violence",
    "abroad": "ask_honour_violence",
    "fgm": "ask_honour_violence",
}

# --- The person's situation -------------------------------------------------------
# Where the facts differ by residence situation, the answer does too, and says
# which situation it is for. Asked once, only before an answer that depends on it.

SITUATIONS = ("coa", "permit", "ukraine", "undocumented")  # or "unsaid"
SITUATION_QUESTION = N_("So I can give you the right answer: what is your situation?")
SITUATION_TITLES = {
    "coa": N_("I live in an asylum centre (COA)"),
    "permit": N_("I have a residence permit"),
    "ukraine": N_("I came from Ukraine"),
    "undocumented": N_("I have no papers"),
    "unsaid": N_("I'd rather not say"),
}
# Topics whose answer is mostly about money, so it is worth asking the
# situation first; "permit" and "unsaid" get the topic's own body, written
# for people with Dutch insurance. Other topics use SITUATION_BODIES only
# when the situation is already known.
ASKS_SITUATION = ("insurance", "costs", "pregnancy", "child_health")
# (topic, situation) -> the body that replaces the topic's own, or the key of
# another topic whose body says it all.
SITUATION_BODIES = {
    ("gp", "coa"): "asylum_centre",
    ("gp", "undocumented"): "undocumented",
    ("gp", "ukraine"): N_(
        "The GP with temporary protection from Ukraine:\n"
        "- Register with a GP (huisarts) near your home. Show your passport and BSN: the RMO "
        "pays, and you pay nothing for covered care.\n"
        "- Evenings, nights and weekends: phone the huisartsenpost first.\n"
        "Life in danger: 112."
    ),  # P2.3.1, P2.3.2, §1
    ("insurance", "coa"): N_(
        "Insurance in an asylum centre (COA):\n"
        "- You do not need Dutch health insurance. COA's scheme (RMA) pays your care: no own "
        "contribution, no eigen risico.\n"
        "- When you have a permit and move to your own home, you must take Dutch insurance. "
        "Ask COA or VluchtelingenWerk when it should start."
    ),  # §5.2, §5.3
    ("insurance", "ukraine"): N_(
        "Insurance with temporary protection from Ukraine:\n"
        "- With a BSN, the RMO pays your care: no premium and no eigen risico.\n"
        "- People who work in the Netherlands must have Dutch insurance. But since August 2022 "
        "this is not enforced for people with temporary protection: with a BSN, the RMO also pays "
        "when you work.\n"
        "- You came from Ukraine but have no temporary protection (no code 46 with your BSN), and "
        "you work? Then you must take Dutch insurance.\n"
        "- Free advice about insurance: Zorgverzekeringslijn 0800 64 64 644, working days "
        "09:00-17:00.\n"
        "- These rules may change around March 2027."
    ),  # P2.3.1, P2.3.3, P2.3.4, P2.3.5
    ("insurance", "undocumented"): "undocumented",
    ("costs", "coa"): N_(
        "Costs in an asylum centre (COA):\n"
        "- Your care is free: no own contribution and no eigen risico.\n"
        "- Adults get dental care only for pain or problems with chewing, up to 250 euro a year.\n"
        "- Go to GZA for care."
    ),  # §5.2
    ("costs", "ukraine"): N_(
        "Costs with temporary protection from Ukraine:\n"
        "- With a BSN, the RMO pays your care: no premium and no eigen risico, also when you "
        "work.\n"
        "- Without a BSN you still get the care you need. The care provider gets the costs back; "
        "you do not need to do anything.\n"
        "- These rules may change around March 2027."
    ),  # P2.3.1, P2.3.2, P2.3.4
    ("costs", "undocumented"): N_(
        "Costs without papers:\n"
        "- You have a right to medically necessary care. You will be asked to pay.\n"
        "- If you cannot pay, the care provider can get part of the costs back from the "
        "government (CAK). For pregnancy and birth: all of it.\n"
        "- A GP may not refuse you only because you have no papers or insurance."
    ),  # §5.5
    ("pregnancy", "coa"): N_(
        "Pregnant in an asylum centre (COA):\n"
        "- Pregnancy care, the birth and kraamzorg are paid (RMA): no own contribution, no "
        "eigen risico.\n"
        "- Go to the midwife (verloskundige) COA works with, or ask GZA. You do not need a "
        "referral.\n"
        "- Interpreters for medical care in the centre are paid.\n"
        "Life in danger: 112."
    ),  # P2.1.5
    ("pregnancy", "ukraine"): N_(
        "Pregnant, with temporary protection from Ukraine:\n"
        "- The RMO pays the midwife (verloskundige) and kraamzorg.\n"
        "- Make an appointment with a midwife yourself. You do not need a referral.\n"
        "- Show your passport and BSN.\n"
        "Life in danger: 112."
    ),  # P2.3.1, P2.3.2, P2.1.1
    ("pregnancy", "undocumented"): N_(
        "Pregnant without papers:\n"
        "- You have a right to pregnancy care: a midwife (verloskundige), the birth, and "
        "kraamzorg after the birth.\n"
        "- You can register with a midwife without a BSN.\n"
        "- If you cannot pay, the midwife and kraamzorg get all their costs back from the "
        "government (CAK).\n"
        "- Dokters van de Wereld can help you find care.\n"
        "Life in danger: 112."
    ),  # P2.1.6, §5.5
    ("child_health", "coa"): N_(
        "Children in an asylum centre (COA):\n"
        "- Children get the same medical care as Dutch children, also in the first 2 months.\n"
        "- Youth health care of the GGD sees your child after arrival and plans the "
        "vaccinations your child still needs. Vaccinations are free.\n"
        "- A sick child: go to GZA."
    ),  # P2.2.3, §5.2
    ("child_health", "undocumented"): N_(
        "Children without papers:\n"
        "- The consultatiebureau (child health clinic) for children from 0 to 4 usually also "
        "helps children without papers or insurance, and does not pass your address on to "
        "other agencies. Ask them.\n"
        "- A sick child: a GP may not refuse your child only because you have no papers.\n"
        "- Dokters van de Wereld can help you find care."
    ),  # P2.2.2 (non-official sources, "likely, but verify": so "usually" and "ask them"), §5.5
    ("child_health", "ukraine"): N_(
        "Children with temporary protection from Ukraine:\n"
        "- Youth health care (JGZ) is free for all children up to 18. Children from 0 to 4 can go "
        "to the consultatiebureau (child health clinic).\n"
        "- Vaccinations of the national programme are free for children registered with the "
        "municipality. Taking part is your choice.\n"
        "- A sick child: go to your GP (huisarts). Show the passport and BSN: the RMO pays."
    ),  # P2.2.1, P2.2.2, P2.3.1, P2.3.2
    ("mental_health", "coa"): N_(
        "Stress, sleep and mental health in an asylum centre (COA):\n"
        "- Go to GZA, the health centre at or near your location. GZA has GPs and mental health "
        "nurses (POH-GGZ).\n"
        "- Care is free: no own contribution and no eigen risico.\n"
        "- In your first 2 months, adults get only care that cannot wait. The care provider "
        "decides what that is.\n"
        "- Interpreters are free: ask your care provider.\n"
        "- Thoughts of suicide: call 113 or 0800-0113, free and anonymous, 24/7."
    ),  # §5.2, §5.6, §4.7
    ("mental_health", "ukraine"): N_(
        "Stress, sleep and mental health, with temporary protection from Ukraine:\n"
        "- Start with your GP (huisarts). Many GPs have a mental health nurse (POH-GGZ) for talks "
        "and advice; this is part of GP care.\n"
        "- The GP can send you on to more care. There are often waiting lists.\n"
        "- Show your passport and BSN: the RMO pays, and you pay nothing for covered care.\n"
        "- Thoughts of suicide: call 113 or 0800-0113, free and anonymous, 24/7."
    ),  # §5.6, P2.3.1, P2.3.2, §4.7
    ("mental_health", "undocumented"): N_(
        "Stress, sleep and mental health without papers:\n"
        "- You have a right to medically necessary care. The doctor decides what that is.\n"
        "- Start with a GP. A GP may not refuse you only because you have no papers or "
        "insurance.\n"
        "- You will be asked to pay. If you cannot, the care provider can get part of the costs "
        "back from the government (CAK).\n"
        "- Dokters van de Wereld can help you find care.\n"
        "- Thoughts of suicide: call 113 or 0800-0113, free and anonymous, 24/7."
    ),  # §5.5, §5.6, §4.7
    ("interpreter", "coa"): N_(
        "Interpreters in an asylum centre (COA):\n"
        "- With a COA care number, interpreters are free, by phone or video. Ask your care "
        "provider, for example GZA, to arrange one.\n"
        "- As a victim of a crime you have a right to a free interpreter with the police."
    ),  # §5.2, §5.9, P2.1.5, §5.11
    ("interpreter", "ukraine"): N_(
        "Interpreters with temporary protection from Ukraine:\n"
        "- Ask the care provider before your visit whether they can use an interpreter and who "
        "pays.\n"
        "- As a victim of a crime you have a right to a free interpreter with the police."
    ),  # §5.9 (P2.1.7: no verified arrangement for Ukrainians), §5.11
    ("interpreter", "undocumented"): N_(
        "Interpreters without papers:\n"
        "- Ask the care provider before your visit whether they can use an interpreter and who "
        "pays.\n"
        "- As a victim of a crime you have a right to a free interpreter with the police, also "
        "without papers."
    ),  # §5.9 (P2.1.7: no verified arrangement without papers), §5.11
}

# --- A disclosure said again: a next step, not the same text twice ------------------

NEXT_STEP_INTRO = N_("You told me about this before. Thank you for writing again.")
# The free 24/7 number a next step starts with, so a disclosure said again
# (also by typing its menu number, which the safety net does not see as a
# crisis) never gets an answer without it.
NEXT_STEP_LINES = {
    "sexual_violence": (LINE_CSG,),
    "domestic_violence": (LINE_VEILIG_THUIS,),
    "honour_violence": (LINE_VEILIG_THUIS,),
    "suicide": (LINE_113, LINE_112),
}
NEXT_STEP_QUESTION = N_("What would help you now?")
SERVICE_CHATS = {
    "sexual_violence": N_("You can also chat with the CSG: centrumseksueelgeweld.nl."),
    "csg": N_("You can also chat with the CSG: centrumseksueelgeweld.nl."),
    "domestic_violence": N_("You can also chat with Veilig Thuis on veiligthuis.nl, usually Monday to Friday 09:00-17:00."),
    "honour_violence": N_("You can also chat anonymously with Fier on chatmetfier.nl."),
    "suicide": N_("You can also chat with 113 on 113.nl."),
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
