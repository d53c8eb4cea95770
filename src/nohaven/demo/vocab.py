"""Neutral placeholder vocabulary for the synthetic world, in Arabic, French and English.

Everything here is deliberately mundane: weather, football, food, markets, travel, study,
family and books for ordinary users; neutral headlines for news accounts; pro-social wording
for counter-messaging accounts. The "network" accounts speak the same neutral language: what
makes them identifiable in the demo is structure (suspensions, numbered handles, links,
interaction patterns, ``#placeholder_topic_N`` hashtags), never the words.

Sentences are complete, short and grammatical on their own, so any combination reads as
correct Arabic, French or English.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "CHANNEL_PHRASES",
    "CLOSERS",
    "COUNTER",
    "DESCRIPTION_ORDINARY",
    "DESCRIPTION_PERSONA",
    "EXCHANGE",
    "FIRST_NAMES",
    "FOLLOW_NEW",
    "GROUP_CHAT",
    "HANDOFF",
    "HOBBIES",
    "LANGUAGES",
    "LAST_NAMES",
    "NEWS",
    "NEW_MARKER",
    "OPENERS",
    "ORGANISATIONS",
    "ORG_DESCRIPTION",
    "PERSONA_NAMES",
    "REGIONS",
    "TOPICS",
    "TOPIC_HASHTAGS",
    "TOPIC_NOUNS",
]

Language = str
LANGUAGES: Final = ("ar", "fr", "en")

TOPICS: Final[dict[Language, dict[str, tuple[str, ...]]]] = {
    "ar": {
        "weather": (
            "الجو جميل اليوم في المدينة.",
            "السماء صافية والشمس مشرقة.",
            "ننتظر المطر هذا الأسبوع.",
            "الطقس بارد في الصباح ودافئ في المساء.",
            "الرياح قوية على الساحل اليوم.",
            "درجة الحرارة مرتفعة جدا هذا الصيف.",
            "أحب أيام الخريف الهادئة.",
            "الغيوم كثيفة والجو رطب.",
        ),
        "football": (
            "فاز فريقنا في مباراة الأمس بهدفين.",
            "المباراة القادمة يوم السبت مساء.",
            "كان الحارس رائعا في الشوط الثاني.",
            "أشاهد المباراة مع أصدقائي في المقهى.",
            "الملعب كان ممتلئا بالجماهير.",
            "انتهت المباراة بالتعادل.",
            "اللاعب الجديد سجل هدفا جميلا.",
        ),
        "food": (
            "طبخت الكسكس اليوم مع العائلة.",
            "القهوة في الصباح أجمل بداية لليوم.",
            "جربت مطعما جديدا في وسط المدينة.",
            "الخبز الطازج من الفرن لا يقاوم.",
            "أحب الشاي بالنعناع بعد الغداء.",
            "وصفة العدس سهلة وسريعة.",
            "الفواكه في السوق طازجة هذا الأسبوع.",
        ),
        "markets": (
            "الأسعار في السوق مرتفعة قليلا اليوم.",
            "اشتريت الخضار من السوق الأسبوعي.",
            "سعر الطماطم انخفض هذا الشهر.",
            "السوق مزدحم في نهاية الأسبوع.",
        ),
        "travel": (
            "سافرنا إلى البحر في العطلة.",
            "القطار وصل في الموعد اليوم.",
            "المدينة القديمة جميلة جدا في المساء.",
            "أخطط لرحلة قصيرة إلى الجبال.",
            "المطار مزدحم في الصيف.",
        ),
        "study": (
            "عندي امتحان مهم غدا.",
            "أدرس في المكتبة كل يوم بعد الظهر.",
            "بدأت دورة جديدة في البرمجة.",
            "الواجبات كثيرة هذا الأسبوع.",
            "نجحت في الامتحان وأنا سعيد جدا.",
        ),
        "family": (
            "زارتنا جدتي اليوم.",
            "قضيت المساء مع عائلتي.",
            "أخي الصغير بدأ المدرسة هذا العام.",
            "عيد ميلاد أختي غدا.",
            "نجتمع كل أسبوع على الغداء.",
        ),
        "books": (
            "أقرأ رواية جديدة هذا الأسبوع.",
            "المكتبة العامة فيها كتب كثيرة.",
            "أنصحكم بهذا الكتاب عن التاريخ.",
            "القراءة قبل النوم عادة جميلة.",
        ),
    },
    "fr": {
        "weather": (
            "Il fait beau aujourd'hui en ville.",
            "Le ciel est dégagé ce matin.",
            "On annonce de la pluie pour ce week-end.",
            "Il fait froid le matin et doux l'après-midi.",
            "Le vent souffle fort sur la côte.",
            "Quelle chaleur cet été !",
            "J'adore les journées calmes d'automne.",
            "Le ciel est gris et l'air est humide.",
        ),
        "football": (
            "Notre équipe a gagné deux à zéro hier soir.",
            "Le prochain match a lieu samedi soir.",
            "Le gardien a été excellent en deuxième mi-temps.",
            "Je regarde le match avec des amis au café.",
            "Le stade était plein.",
            "Match nul ce soir.",
            "Le nouveau joueur a marqué un très beau but.",
        ),
        "food": (
            "J'ai préparé un couscous avec la famille.",
            "Un café le matin, rien de mieux.",
            "J'ai testé un nouveau restaurant au centre-ville.",
            "Le pain tout chaud de la boulangerie, quel bonheur.",
            "Un thé à la menthe après le déjeuner.",
            "La soupe de lentilles est simple et rapide à faire.",
            "Les fruits du marché sont très frais cette semaine.",
        ),
        "markets": (
            "Les prix au marché ont un peu augmenté.",
            "J'ai acheté des légumes au marché du samedi.",
            "Le prix des tomates a baissé ce mois-ci.",
            "Le marché est bondé le week-end.",
        ),
        "travel": (
            "Nous sommes partis à la mer pendant les vacances.",
            "Le train est arrivé à l'heure aujourd'hui.",
            "La vieille ville est magnifique le soir.",
            "Je prépare un petit voyage à la montagne.",
            "L'aéroport est plein en été.",
        ),
        "study": (
            "J'ai un examen important demain.",
            "Je révise à la bibliothèque tous les après-midi.",
            "J'ai commencé un nouveau cours de programmation.",
            "Beaucoup de devoirs cette semaine.",
            "J'ai réussi mon examen, je suis très content.",
        ),
        "family": (
            "Ma grand-mère est venue nous voir aujourd'hui.",
            "Soirée tranquille en famille.",
            "Mon petit frère a commencé l'école cette année.",
            "C'est l'anniversaire de ma sœur demain.",
            "On déjeune tous ensemble le dimanche.",
        ),
        "books": (
            "Je lis un nouveau roman cette semaine.",
            "La bibliothèque municipale a beaucoup de livres.",
            "Je vous conseille ce livre d'histoire.",
            "Lire avant de dormir, c'est une belle habitude.",
        ),
    },
    "en": {
        "weather": (
            "Lovely weather in town today.",
            "Clear skies and sunshine this morning.",
            "Rain is expected this weekend.",
            "Cold in the morning, mild in the afternoon.",
            "Strong wind on the coast today.",
            "It has been a very hot summer.",
            "I love quiet autumn days.",
            "Grey skies and humid air today.",
        ),
        "football": (
            "Our team won two nil last night.",
            "The next match is on Saturday evening.",
            "The goalkeeper was excellent in the second half.",
            "Watching the match with friends at the cafe.",
            "The stadium was full.",
            "The match ended in a draw.",
            "The new player scored a lovely goal.",
        ),
        "food": (
            "Made couscous with the family today.",
            "Coffee in the morning is the best start to the day.",
            "Tried a new restaurant in the city centre.",
            "Fresh bread from the bakery is hard to resist.",
            "Mint tea after lunch.",
            "Lentil soup is simple and quick to make.",
            "The fruit at the market is very fresh this week.",
        ),
        "markets": (
            "Prices at the market went up a little today.",
            "Bought vegetables at the Saturday market.",
            "Tomatoes are cheaper this month.",
            "The market is crowded at the weekend.",
        ),
        "travel": (
            "We went to the seaside for the holidays.",
            "The train arrived on time today.",
            "The old town is beautiful in the evening.",
            "Planning a short trip to the mountains.",
            "The airport is busy in summer.",
        ),
        "study": (
            "I have an important exam tomorrow.",
            "Studying at the library every afternoon.",
            "Started a new programming course.",
            "Lots of homework this week.",
            "Passed my exam and I am very happy.",
        ),
        "family": (
            "My grandmother visited us today.",
            "A quiet evening with the family.",
            "My little brother started school this year.",
            "It is my sister's birthday tomorrow.",
            "We all have lunch together on Sundays.",
        ),
        "books": (
            "Reading a new novel this week.",
            "The public library has so many books.",
            "I recommend this history book.",
            "Reading before bed is a nice habit.",
        ),
    },
}

TOPIC_HASHTAGS: Final[dict[Language, dict[str, str]]] = {
    "ar": {
        "weather": "الطقس",
        "football": "كرة_القدم",
        "food": "طبخ",
        "markets": "السوق",
        "travel": "سفر",
        "study": "دراسة",
        "family": "عائلة",
        "books": "كتب",
    },
    "fr": {
        "weather": "météo",
        "football": "foot",
        "food": "cuisine",
        "markets": "marché",
        "travel": "voyage",
        "study": "études",
        "family": "famille",
        "books": "lecture",
    },
    "en": {
        "weather": "weather",
        "football": "football",
        "food": "food",
        "markets": "markets",
        "travel": "travel",
        "study": "study",
        "family": "family",
        "books": "books",
    },
}

OPENERS: Final[dict[Language, tuple[str, ...]]] = {
    "ar": ("صباح الخير.", "مساء الخير.", "مرحبا بالجميع."),
    "fr": ("Bonjour à tous !", "Bonsoir.", "Salut tout le monde."),
    "en": ("Good morning!", "Good evening.", "Hello everyone."),
}

CLOSERS: Final[dict[Language, tuple[str, ...]]] = {
    "ar": ("ما رأيكم؟", "يوم سعيد للجميع.", "شكرا لكم."),
    "fr": ("Qu'en pensez-vous ?", "Bonne journée à tous.", "Merci !"),
    "en": ("What do you think?", "Have a good day, everyone.", "Thanks!"),
}

NEWS: Final[dict[Language, tuple[str, ...]]] = {
    "ar": (
        "توقعات بأمطار غزيرة في المناطق الشمالية غدا.",
        "افتتاح خط جديد للحافلات في العاصمة.",
        "ارتفاع طفيف في أسعار الخضار هذا الأسبوع.",
        "تأخر بعض رحلات القطار بسبب الأشغال.",
        "البنك المركزي يبقي سعر الفائدة دون تغيير.",
        "درجات حرارة مرتفعة متوقعة نهاية الأسبوع.",
        "افتتاح معرض الكتاب السنوي يوم الاثنين.",
        "إغلاق مؤقت لطريق الساحل بسبب الصيانة.",
        "نمو صادرات الزراعة خلال الربع الأول.",
        "انطلاق موسم السياحة الصيفي في المدن الساحلية.",
    ),
    "fr": (
        "Fortes pluies attendues demain dans le nord du pays.",
        "Une nouvelle ligne de bus ouvre dans la capitale.",
        "Légère hausse des prix des légumes cette semaine.",
        "Retards sur certaines lignes de train en raison de travaux.",
        "La banque centrale maintient son taux directeur.",
        "Températures élevées attendues ce week-end.",
        "Le salon annuel du livre ouvre lundi.",
        "Fermeture temporaire de la route côtière pour entretien.",
        "Hausse des exportations agricoles au premier trimestre.",
        "Début de la saison touristique estivale sur la côte.",
    ),
    "en": (
        "Heavy rain expected in the north tomorrow.",
        "A new bus line opens in the capital.",
        "Vegetable prices rise slightly this week.",
        "Some train services delayed by engineering works.",
        "Central bank holds interest rate steady.",
        "High temperatures expected this weekend.",
        "The annual book fair opens on Monday.",
        "Coast road temporarily closed for maintenance.",
        "Farm exports grow in the first quarter.",
        "Summer tourist season begins in coastal towns.",
    ),
}

COUNTER: Final[dict[Language, tuple[str, ...]]] = {
    "ar": (
        "إذا كنت تمر بوقت صعب، تحدث مع شخص تثق به.",
        "الدعم متاح دائما، لست وحدك.",
        "خطوط المساعدة متاحة على مدار الساعة.",
        "الحوار مع العائلة والأصدقاء يساعد كثيرا.",
        "تأكد من المعلومة من مصادر موثوقة قبل مشاركتها.",
        "مجتمعنا أقوى عندما نساعد بعضنا.",
        "تحدث مع مستشار مختص إذا احتجت إلى المساعدة.",
    ),
    "fr": (
        "Si vous traversez une période difficile, parlez à quelqu'un de confiance.",
        "Du soutien est disponible, vous n'êtes pas seul.",
        "Des lignes d'écoute sont ouvertes jour et nuit.",
        "Parler avec sa famille et ses amis aide beaucoup.",
        "Vérifiez une information auprès de sources fiables avant de la partager.",
        "Notre communauté est plus forte quand on s'entraide.",
        "N'hésitez pas à consulter un conseiller si vous avez besoin d'aide.",
    ),
    "en": (
        "If you are going through a hard time, talk to someone you trust.",
        "Support is available, you are not alone.",
        "Helplines are open day and night.",
        "Talking with family and friends helps a lot.",
        "Check information with reliable sources before sharing it.",
        "Our community is stronger when we help each other.",
        "Reach out to a trained counsellor if you need help.",
    ),
}

CHANNEL_PHRASES: Final[dict[Language, tuple[str, ...]]] = {
    "ar": (
        "القناة متاحة هنا.",
        "الملفات الكاملة في الرابط.",
        "التحديثات مستمرة في القناة الجديدة.",
        "أرشيف المنشورات السابقة في الرابط.",
        "انضموا إلى المجموعة للمتابعة.",
    ),
    "fr": (
        "La chaîne est disponible ici.",
        "Les fichiers complets sont sur le lien.",
        "Les mises à jour continuent sur la nouvelle chaîne.",
        "Les archives des publications précédentes sont sur le lien.",
        "Rejoignez le groupe pour suivre les nouvelles.",
    ),
    "en": (
        "The channel is available here.",
        "Full files at the link.",
        "Updates continue on the new channel.",
        "Archive of earlier posts at the link.",
        "Join the group to follow along.",
    ),
}

HANDOFF: Final[dict[Language, tuple[str, ...]]] = {
    "ar": (
        "هذا هو الحساب الجديد. الحساب السابق: {prev}",
        "حسابي الجديد بعد إغلاق الحساب السابق {prev}",
    ),
    "fr": (
        "Voici le nouveau compte. L'ancien compte : {prev}",
        "Mon nouveau compte, l'ancien {prev} a été fermé.",
    ),
    "en": (
        "This is the new account. Previous account: {prev}",
        "New account here, the old one {prev} was closed.",
    ),
}

FOLLOW_NEW: Final[dict[Language, tuple[str, ...]]] = {
    "ar": ("تابعوا الحساب الجديد {new}", "الحساب الجديد هو {new}"),
    "fr": ("Suivez le nouveau compte {new}", "Le nouveau compte est {new}"),
    "en": ("Follow the new account {new}", "The new account is {new}"),
}

EXCHANGE: Final[dict[Language, tuple[str, ...]]] = {
    "ar": (
        "شكرا على ردك.",
        "كيف كان أسبوعك؟",
        "أتفق معك، كانت مباراة جيدة.",
        "هل جربت الوصفة؟",
        "بالتوفيق في الامتحان!",
        "نتحدث مرة أخرى غدا.",
        "فكرة جميلة، شكرا.",
        "وأنت، ما رأيك؟",
    ),
    "fr": (
        "Merci pour ta réponse.",
        "Comment s'est passée ta semaine ?",
        "Je suis d'accord, c'était un bon match.",
        "Tu as essayé la recette ?",
        "Bonne chance pour ton examen !",
        "On en reparle demain.",
        "Bonne idée, merci.",
        "Et toi, qu'en penses-tu ?",
    ),
    "en": (
        "Thanks for your reply.",
        "How was your week?",
        "I agree, it was a good match.",
        "Did you try the recipe?",
        "Good luck with your exam!",
        "Let's talk again tomorrow.",
        "Nice idea, thanks.",
        "And you, what do you think?",
    ),
}

GROUP_CHAT: Final[dict[Language, tuple[str, ...]]] = {
    "ar": ("مرحبا بالأعضاء الجدد.", "الرابط في الأعلى.", "شكرا للمشاركة.", "هل وصل الملف؟"),
    "fr": (
        "Bienvenue aux nouveaux membres.",
        "Le lien est plus haut.",
        "Merci du partage.",
        "Le fichier est bien arrivé ?",
    ),
    "en": (
        "Welcome to the new members.",
        "The link is above.",
        "Thanks for sharing.",
        "Did the file come through?",
    ),
}

NEW_MARKER: Final[dict[Language, str]] = {"ar": "جديد", "fr": "nouveau", "en": "new"}

TOPIC_NOUNS: Final[dict[Language, tuple[str, ...]]] = {
    "ar": ("الطقس", "الرياضة", "الطبخ", "الأسواق", "السفر", "الدراسة", "الكتب"),
    "fr": (
        "la météo",
        "le sport",
        "la cuisine",
        "les marchés",
        "les voyages",
        "les études",
        "les livres",
    ),
    "en": ("weather", "sport", "cooking", "markets", "travel", "study", "books"),
}

HOBBIES: Final[dict[Language, tuple[str, ...]]] = {
    "ar": ("كرة القدم", "الطبخ", "السفر", "الكتب", "التصوير", "الموسيقى"),
    "fr": ("le football", "la cuisine", "les voyages", "les livres", "la photo", "la musique"),
    "en": ("football", "cooking", "travel", "books", "photography", "music"),
}

DESCRIPTION_ORDINARY: Final[dict[Language, str]] = {
    "ar": "أحب {a} و{b}.",
    "fr": "J'aime {a} et {b}.",
    "en": "I love {a} and {b}.",
}

DESCRIPTION_PERSONA: Final[dict[Language, str]] = {
    "ar": "ملاحظات يومية عن {a} و{b}.",
    "fr": "Notes quotidiennes sur {a} et {b}.",
    "en": "Daily notes on {a} and {b}.",
}

FIRST_NAMES: Final[dict[Language, tuple[tuple[str, str], ...]]] = {
    # (display form, latin form for handles)
    "ar": (
        ("سارة", "sara"),
        ("ليلى", "layla"),
        ("كريم", "karim"),
        ("يوسف", "youssef"),
        ("مريم", "maryam"),
        ("عمر", "omar"),
        ("هدى", "huda"),
        ("سامي", "sami"),
        ("نادية", "nadia"),
        ("رامي", "rami"),
        ("ياسمين", "yasmin"),
        ("خالد", "khaled"),
        ("أمينة", "amina"),
        ("طارق", "tarek"),
        ("رنا", "rana"),
        ("زياد", "ziad"),
    ),
    "fr": (
        ("Camille", "camille"),
        ("Julien", "julien"),
        ("Léa", "lea"),
        ("Thomas", "thomas"),
        ("Manon", "manon"),
        ("Hugo", "hugo"),
        ("Chloé", "chloe"),
        ("Lucas", "lucas"),
        ("Inès", "ines"),
        ("Nicolas", "nico"),
        ("Sophie", "sophie"),
        ("Mehdi", "mehdi"),
        ("Élodie", "elodie"),
        ("Antoine", "antoine"),
        ("Yasmine", "yasmine"),
        ("Karim", "karim"),
    ),
    "en": (
        ("Emma", "emma"),
        ("James", "james"),
        ("Olivia", "olivia"),
        ("Daniel", "dan"),
        ("Grace", "grace"),
        ("Samuel", "sam"),
        ("Chloe", "chloe"),
        ("Ryan", "ryan"),
        ("Hannah", "hannah"),
        ("Adam", "adam"),
        ("Zoe", "zoe"),
        ("Ethan", "ethan"),
        ("Amira", "amira"),
        ("Omar", "omar"),
        ("Laura", "laura"),
        ("Ben", "ben"),
    ),
}

LAST_NAMES: Final[dict[Language, tuple[tuple[str, str], ...]]] = {
    "ar": (
        ("حداد", "haddad"),
        ("منصور", "mansour"),
        ("سالم", "salem"),
        ("نصار", "nassar"),
        ("خوري", "khoury"),
        ("العلي", "alali"),
        ("زيدان", "zidane"),
        ("حسن", "hassan"),
    ),
    "fr": (
        ("Martin", "martin"),
        ("Bernard", "bernard"),
        ("Dubois", "dubois"),
        ("Laurent", "laurent"),
        ("Moreau", "moreau"),
        ("Lefèvre", "lefevre"),
        ("Girard", "girard"),
        ("Benali", "benali"),
    ),
    "en": (
        ("Smith", "smith"),
        ("Walker", "walker"),
        ("Hughes", "hughes"),
        ("Clarke", "clarke"),
        ("Patel", "patel"),
        ("Khan", "khan"),
        ("Morgan", "morgan"),
        ("Evans", "evans"),
    ),
}

PERSONA_NAMES: Final[dict[Language, tuple[tuple[str, str], ...]]] = {
    # (display name, base handle): neutral, invented, never a real organisation
    "ar": (
        ("نسيم البحر", "NasimAlBahr"),
        ("صدى الوادي", "SadaAlWadi"),
        ("ضوء القمر", "DawAlQamar"),
        ("جسر النهر", "JisrAlNahr"),
        ("حديقة المساء", "HadiqatMasa"),
        ("نجمة الصباح", "NajmatSabah"),
        ("ورقة الشجر", "WaraqatShajar"),
        ("طريق الجبل", "TariqAlJabal"),
    ),
    "fr": (
        ("Vent du Nord", "VentDuNord"),
        ("Pont de Pierre", "PontDePierre"),
        ("Carnets du Soir", "CarnetsDuSoir"),
        ("Lumière du Matin", "LumiereMatin"),
        ("Petit Phare", "PetitPhare"),
        ("Vallée Verte", "ValleeVerte"),
        ("Feuille d'Automne", "FeuilleAutomne"),
        ("Brise Marine", "BriseMarine"),
    ),
    "en": (
        ("Blue River Notes", "BlueRiverNotes"),
        ("Quiet Harbor", "QuietHarbor"),
        ("Morning Lamp", "MorningLamp"),
        ("Stone Bridge", "StoneBridge"),
        ("Green Valley Daily", "GreenValleyDly"),
        ("North Wind", "NorthWindPost"),
        ("Cedar Path", "CedarPath"),
        ("Amber Garden", "AmberGarden"),
    ),
}

ORGANISATIONS: Final[dict[str, dict[Language, tuple[tuple[str, str], ...]]]] = {
    # (display name, handle) for invented news desks and support services
    "news": {
        "ar": (
            ("أخبار المدينة", "AkhbarMadina"),
            ("نشرة الصباح", "NashratSabah"),
            ("أخبار الطقس اليوم", "TaqsAlYawm"),
        ),
        "fr": (
            ("Infos Ville", "InfosVille"),
            ("Le Journal du Matin", "JournalMatin"),
            ("Météo Côte", "MeteoCote"),
        ),
        "en": (
            ("City Daily News", "CityDailyNews"),
            ("Morning Bulletin", "MorningBulletin"),
            ("Coast Weather Desk", "CoastWxDesk"),
        ),
    },
    "counter": {
        "ar": (
            ("نحن معك", "NahnuMaak"),
            ("خط الدعم", "KhatAlDaam"),
            ("جسور المجتمع", "JusurMujtama"),
        ),
        "fr": (
            ("Parlons-en", "ParlonsEnFr"),
            ("Ligne de Soutien", "LigneSoutien"),
            ("Ponts Solidaires", "PontsSolidaires"),
        ),
        "en": (
            ("Talk It Through", "TalkItThrough"),
            ("Support Line Info", "SupportLineInfo"),
            ("Community Bridges", "CommBridges"),
        ),
    },
}

ORG_DESCRIPTION: Final[dict[str, dict[Language, str]]] = {
    "news": {
        "ar": "أخبار يومية عن الطقس والنقل والاقتصاد.",
        "fr": "L'actualité du jour : météo, transports et économie.",
        "en": "Daily news on weather, transport and the economy.",
    },
    "counter": {
        "ar": "الدعم متاح، تحدث مع شخص تثق به.",
        "fr": "Du soutien est disponible, parlez à quelqu'un de confiance.",
        "en": "Support is available, talk to someone you trust.",
    },
}

REGIONS: Final[dict[Language, tuple[str, ...]]] = {
    # regional editions of news desks and support services, after a dash
    "ar": ("الشمال", "الجنوب", "الشرق", "الغرب"),
    "fr": ("Nord", "Sud", "Est", "Ouest"),
    "en": ("North", "South", "East", "West"),
}
