"""A small corpus written for the incremental-build tests: ten articles, each in a
few versions, over a shared set of organisations, agreements, areas and dates (two
articles have no date at all), so that edits, removals and corrections move facts
that other articles also state.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PoolArticle:
    """One article: its file name, publication date ('' for none) and its text's versions."""

    name: str
    published: str
    versions: tuple[str, ...]

    def markdown(self, version: int) -> str:
        published = f"published: {self.published}\n" if self.published else ""
        return (
            f'---\ntitle: "{self.name.replace("-", " ").title()}"\n'
            f"{published}language: en\n---\n\n{self.versions[version]}\n"
        )


POOL: tuple[PoolArticle, ...] = (
    PoolArticle(
        "kenya-uk-mou",
        "2023-03-14",
        (
            "Kenya and the United Kingdom signed a memorandum of understanding on cybersecurity "
            "in Nairobi on 14 March 2023. The agreement covers cybercrime and data protection. "
            "The National Computer and Cybercrimes Coordination Committee will work with the "
            "National Cyber Security Centre on incident response. Officials said the two "
            "countries would meet again next year to review progress.",
            "Kenya and the United Kingdom signed a memorandum of understanding on cybersecurity "
            "in Nairobi on 14 March 2023. The agreement covers training and awareness. "
            "The National Computer and Cybercrimes Coordination Committee will work with the "
            "National Cyber Security Centre on capacity building. Officials said the two "
            "countries would meet again next year to review progress.",
            "Kenya and the United Kingdom signed a memorandum of understanding on cybersecurity "
            "in Mombasa on 2 April 2023. The agreement covers information sharing. Officials "
            "said the two countries would meet again next year to review progress and to "
            "discuss further cooperation between their agencies.",
        ),
    ),
    PoolArticle(
        "ghana-interpol",
        "2022-11-02",
        (
            "The Cyber Security Authority of Ghana signed a cooperation agreement with Interpol "
            "in Accra on 2 November 2022. The partnership focuses on cybercrime investigations "
            "and information sharing. Ghana also joined the African Union cyber expert group. "
            "The authority said training for police officers would begin in January.",
            "The Cyber Security Authority of Ghana signed a cooperation agreement with Interpol "
            "in Accra on 2 November 2022. The partnership focuses on digital forensics and "
            "capacity building. The authority said training for police officers would begin "
            "in January, and that more agencies would join the programme later.",
        ),
    ),
    PoolArticle(
        "budapest-accession",
        "2021-06-30",
        (
            "Peru and Colombia announced that they would accede to the Budapest Convention on "
            "Cybercrime. The Council of Europe welcomed the decision in Strasbourg on 30 June "
            "2021. Both countries will cooperate with the Council of Europe on legislation and "
            "on the training of judges and prosecutors in electronic evidence.",
            "Peru announced that it would accede to the Budapest Convention on Cybercrime. The "
            "Council of Europe welcomed the decision in Strasbourg on 30 June 2021. Peru will "
            "cooperate with the Council of Europe on legislation and on the training of judges "
            "and prosecutors in electronic evidence and data protection.",
        ),
    ),
    PoolArticle(
        "microsoft-interpol",
        "2023-09-20",
        (
            "Microsoft and Interpol agreed a partnership to fight ransomware on 20 September "
            "2023 in Singapore. The companies and police forces will share threat intelligence "
            "and work together on incident response. Microsoft said the Cyber Security Agency "
            "of Singapore would also take part in joint exercises next year.",
            "Microsoft and Interpol agreed a partnership to fight ransomware on 21 September "
            "2023 in Lyon. The companies and police forces will share threat intelligence and "
            "work together on cybercrime investigations. Microsoft said more partners would "
            "take part in joint exercises next year.",
        ),
    ),
    PoolArticle(
        "estonia-ukraine",
        "2022-05-10",
        (
            "Estonia and Ukraine signed a memorandum of understanding on cyber defence in "
            "Tallinn on 10 May 2022. The agreement covers incident response, critical "
            "infrastructure protection and training. The Estonian Information System "
            "Authority will support the State Service of Special Communications of Ukraine.",
            "Estonia and Ukraine signed a memorandum of understanding on cyber defence in "
            "Kyiv on 10 May 2022. The agreement covers information sharing and awareness. "
            "The Estonian Information System Authority will support the State Service of "
            "Special Communications of Ukraine and Microsoft with technical expertise.",
        ),
    ),
    PoolArticle(
        "afripol-kenya",
        "2024-01-18",
        (
            "Afripol and Kenya launched a joint programme against cybercrime in Nairobi on 18 "
            "January 2024. The African Union mechanism will train Kenyan investigators in "
            "digital forensics. The National Computer and Cybercrimes Coordination Committee "
            "welcomed the programme and said it would share information with Afripol.",
            "Afripol and Kenya launched a joint programme against cybercrime in Nairobi on 18 "
            "January 2024. The programme covers capacity building and awareness campaigns for "
            "schools. Kenya said it would share information with Afripol and with Interpol "
            "on online fraud.",
        ),
    ),
    PoolArticle(
        "singapore-uk-moc",
        "2023-07-05",
        (
            "Singapore and the United Kingdom signed a memorandum of cooperation on "
            "cybersecurity on 5 July 2023 in London. The Cyber Security Agency of Singapore "
            "and the National Cyber Security Centre will exchange information on threats and "
            "work together on the security of the Internet of Things.",
            "Singapore and the United Kingdom signed a memorandum of cooperation on "
            "cybersecurity on 6 July 2023 in London. The Cyber Security Agency of Singapore "
            "and the National Cyber Security Centre will exchange information on threats, "
            "train staff together and cooperate on critical infrastructure protection.",
        ),
    ),
    PoolArticle(
        "colombia-spain",
        "2020-10-08",
        (
            "Colombia and Spain signed a cooperation agreement on cybersecurity in Madrid on 8 "
            "October 2020. The National Cybersecurity Institute of Spain will help Colombia "
            "with incident response and training. The agreement also covers data protection "
            "and the fight against cybercrime.",
            "Colombia and Spain signed a cooperation agreement on cybersecurity in Bogota on 9 "
            "October 2020. The National Cybersecurity Institute of Spain will help Colombia "
            "with awareness campaigns. Peru and Microsoft will join the exercises planned for "
            "the following year, with the Information System Authority of Estonia.",
        ),
    ),
    # two undated articles stating one partnership: a relationship with no date at all
    PoolArticle(
        "csa-microsoft-threats",
        "",
        (
            "Microsoft and the Cyber Security Agency of Singapore agreed to work together on "
            "threat intelligence and incident response. The partnership will give the agency "
            "early warning of attacks on critical infrastructure. Microsoft will also train the "
            "agency's analysts in cloud security and share research on ransomware groups.",
            "Microsoft and the Cyber Security Agency of Singapore agreed to work together on "
            "threat intelligence. Microsoft will also share research on ransomware groups with "
            "the agency and help it to protect government networks from attacks.",
        ),
    ),
    PoolArticle(
        "csa-microsoft-hygiene",
        "",
        (
            "The Cyber Security Agency of Singapore has partnered with Microsoft to improve cyber "
            "hygiene among small businesses. The two organisations will run awareness campaigns "
            "and offer free training to company owners. Officials said more partners from the "
            "private sector were expected to join the programme.",
        ),
    ),
)
