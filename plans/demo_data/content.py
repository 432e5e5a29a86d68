"""The words of the demo plans: introductions and priorities (title, description,
intended outcomes, measures). Fictional, though the bodies are real."""

AVON_INTRODUCTION = """\
This plan sets out what I will do as your Police and Crime Commissioner, and what I expect \
of Avon and Somerset Police, over the next four years.

It was shaped by more than two thousand residents, by victims and the organisations that \
support them, and by the Chief Constable.

Every pound I commission will serve one of the priorities below. I will report on progress \
to the Police and Crime Panel twice a year."""

AVON_INTRODUCTION_V2 = """\
This plan sets out what I will do as your Police and Crime Commissioner, and what I expect \
of Avon and Somerset Police, over the next four years.

It was shaped by more than two thousand residents, by victims and the organisations that \
support them, and by the Chief Constable. This second version answers the new Serious \
Violence Duty and what victims of violence against women and girls told us last winter.

Every pound I commission will serve one of the priorities below. I will report on progress \
to the Police and Crime Panel twice a year."""

AVON_PRIORITIES = [
    (
        "Prevent and reduce crime",
        "Work with councils, schools and health services to stop crime before it happens, "
        "with the most effort where harm is greatest.",
        "Fewer people become victims of burglary, robbery and violence.",
        "Recorded crime and the crime survey, by area, each quarter.",
    ),
    (
        "Support victims and the vulnerable",
        "Commission services that help victims cope with and, as far as possible, recover "
        "from crime, whether or not they report it to the police.",
        "Victims say they were able to cope and recover.",
        "Outcome questions in every commissioned service's monitoring return.",
    ),
    (
        "Lead the police to be efficient and effective",
        "Hold the Chief Constable to account for answering calls, attending promptly and "
        "solving crimes.",
        "Calls answered quickly; more crimes solved.",
        "999 and 101 answer times; charge and summons rates.",
    ),
    (
        "Build confidence in the police",
        "Make the police visible and accountable in every community.",
        "More people say the police do a good job.",
        "Public confidence survey, twice a year.",
    ),
]

DYFED_PRIORITIES = [
    (
        "Victims are supported",
        "Victims and witnesses get the help they need, in Welsh or English, wherever they "
        "live in our rural area.",
        "Victims say they can cope and recover.",
        "Victim satisfaction survey; outcome measures in monitoring returns.",
    ),
    (
        "Harm is prevented",
        "Prevent crime and anti-social behaviour, with partners, before it harms anyone.",
        "Less repeat victimisation.",
        "Repeat victimisation rate.",
    ),
    (
        "Communities are engaged and supported",
        "Listen to communities across four counties and act on what they say.",
        "More people feel safe where they live.",
        "Community safety survey.",
    ),
]

GWENT_PRIORITIES = [
    (
        "Keep neighbourhoods safe",
        "Reduce anti-social behaviour and neighbourhood crime with councils and housing "
        "associations.",
        "Fewer repeat calls about anti-social behaviour.",
        "Anti-social behaviour incidents per 1,000 people.",
    ),
    (
        "Tackle violence against women and girls",
        "Commission specialist support and prevention, and hold the police to account for "
        "their response.",
        "Survivors are supported and more offenders are brought to justice.",
        "Charge rates for domestic abuse and sexual offences; service outcomes.",
    ),
    (
        "Support victims",
        "Make sure every victim is offered support that suits their needs.",
        "Victims say they can cope and recover.",
        "Outcome questions in monitoring returns.",
    ),
]

THAMES_PRIORITIES = [
    (
        "Strong local policing",
        "Visible neighbourhood policing in towns and villages.",
        "People see and trust their local officers.",
        "Public confidence survey.",
    ),
    (
        "Fighting serious organised crime",
        "Disrupt county lines and the exploitation of children.",
        "Fewer children exploited.",
        "Referrals and disruptions.",
    ),
    (
        "Support for victims",
        "Services that help victims cope and recover.",
        "Victims say they can cope and recover.",
        "Outcome measures in monitoring returns.",
    ),
]
