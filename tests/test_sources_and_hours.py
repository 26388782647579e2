"""Dated sources, partial dates and structured opening hours: small rules, tested one by one."""

from __future__ import annotations

import datetime as dt

import pytest

from directory import openingstijden, sources

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    "value, first, last",
    [
        (2024, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-12", dt.date(2023, 12, 1), dt.date(2023, 12, 31)),
        ("2024-03-05", dt.date(2024, 3, 5), dt.date(2024, 3, 5)),
    ],
)
def test_a_partial_date_covers_its_whole_span(value, first, last):
    assert sources.period_bounds(value) == (first, last)


def test_a_source_document_is_shown_by_title_year_and_lines_never_by_file_name():
    source = sources.parse_source("001_b7765ea36592d239.txt:96-97")
    assert source.title == "Projectvoorstel Pilot Jongeren-participatiecoach, 2023, regels 96-97"
    assert "001_" not in source.title and source.year == 2023
    assert sources.parse_source("003_5ba9d041ec4d2dcc.txt:5").title.endswith("2017, regel 5")


def test_only_documents_and_pages_with_their_own_date_are_dated():
    consulted = {"bronnen": [{"url": "https://www.urk.nl/x", "geraadpleegd": "2026-12-06"}]}
    dated = {"bronnen": [{"url": "https://www.urk.nl/x", "datum": "2025-03"}]}
    old = {"bronnen": ["003_5ba9d041ec4d2dcc.txt:5"]}
    assert (
        not sources.shows_running(consulted, TODAY) and sources.information_year(consulted) is None
    )
    assert sources.shows_running(dated, TODAY) and sources.information_year(dated) == 2025
    assert not sources.shows_running(old, TODAY) and sources.is_old(old, TODAY)


def test_three_years_back_is_counted_to_the_day():
    just_in = {"bronnen": [{"url": "https://a.nl/", "datum": "2023-12-06"}]}
    just_out = {"bronnen": [{"url": "https://a.nl/", "datum": "2023-12-05"}]}
    assert sources.shows_running(just_in, TODAY) and not sources.shows_running(just_out, TODAY)


def test_an_ended_period_is_one_whose_last_day_has_passed():
    assert sources.period_ended({"periode": {"tot": "2026-11"}}, TODAY)
    assert not sources.period_ended({"periode": {"tot": 2026}}, TODAY)  # the year is not over
    assert not sources.period_ended({"periode": {"van": 2020}}, TODAY)


def test_week_table_and_one_line_for_print():
    hours = {
        "tijden": [
            {"dagen": ["ma", "di", "wo", "do"], "van": "08:30", "tot": "17:00"},
            {"dagen": ["vr"], "van": "08:30", "tot": "12:30"},
        ],
        "toelichting": "Gesloten op feestdagen.",
    }
    week = openingstijden.week(hours)
    assert [row["dag"] for row in week] == [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
    ]
    assert week[4]["tijden"] == ["08:30-12:30"]
    assert (
        openingstijden.as_text(hours)
        == "ma-do 08:30-17:00; vr 08:30-12:30; Gesloten op feestdagen."
    )
    assert openingstijden.day_span(["ma", "wo"]) == "ma, wo"


def test_hsds_schedules_follow_the_weekly_byday_model():
    hours = {"tijden": [{"dagen": ["di", "do"], "van": "08:30", "tot": "12:00"}]}
    rows = openingstijden.hsds_schedules(hours, lambda part: f"id-{part}", service_id="s1")
    assert rows == [
        {
            "id": "id-0",
            "service_id": "s1",
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": "TU,TH",
            "opens_at": "08:30",
            "closes_at": "12:00",
        }
    ]
    assert (
        openingstijden.hsds_schedules("Op afspraak", lambda part: "t", service_id="s1")[0][
            "description"
        ]
        == "Op afspraak"
    )
