"""An agreement's date is the date of its own event, stated in the text."""

from __future__ import annotations

from tests._extract_nlp import record


def test_the_date_in_the_signing_sentence() -> None:
    rec = record(
        "Ghana and Togo signed a memorandum of understanding on cybersecurity on 8 June 2015."
    )
    assert [a.date for a in rec.agreements] == ["2015-06-08"]


def test_a_request_date_is_not_the_agreement_date() -> None:
    rec = record(
        "Peru, which requested accession in 2014, acceded to the Budapest Convention in "
        "March 2019, the Council said."
    )
    (ag,) = rec.agreements
    assert ag.date == "2019-03"


def test_another_bodys_founding_date_is_not_the_agreement_date() -> None:
    rec = record(
        "Interpol and Ghana signed an agreement on cybercrime. The agreement is run by "
        "Interpol's cyber unit, which was launched in January 2013 in Singapore."
    )
    (ag,) = rec.agreements
    assert ag.date is None


def test_a_frequency_is_no_date() -> None:
    rec = record(
        "Kenya's Communications Authority has signed an agreement with the ITU for technical "
        "assistance on threats that occur every day, on 30 May 2015."
    )
    assert [a.date for a in rec.agreements] == ["2015-05-30"]


def test_the_longest_date_of_the_signing_clause() -> None:
    rec = record(
        "Ghana and Peru signed a joint statement on cybersecurity on December 29, 2020.",
    )
    assert {a.date for a in rec.agreements} == {"2020-12-29"}
