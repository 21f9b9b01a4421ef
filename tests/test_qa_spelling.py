"""Misspelt question words put right before the question is read (search.qa.spelling)."""
import pytest

from conftest import qa_over_texts
from search.qa import spelling


@pytest.mark.parametrize("typed, meant", [
    ("what is the offest limit", "what is the offset limit"),  # two letters swapped
    ("which sytems cover cement", "which systems cover cement"),  # one left out
    ("the alowance price last year", "the allowance price last year"),
    ("does it acept international credits", "does it accept international credits"),
    ("the treshold for entities", "the threshold for entities"),
])
def test_a_slip_of_the_keyboard_is_put_right(typed, meant):
    assert spelling.correct(typed) == meant


@pytest.mark.parametrize("typed, meant", [
    ("Which Asia-Pacfic markets started before 2012?", "Which Asia-Pacific markets started before 2012?"),
    ("Which Souhteast Asian countries plan an ETS?", "Which Southeast Asian countries plan an ETS?"),
    ("markets of the Carribbean", "markets of the Caribbean"),
    ("which N. American systems allow offsets?", "which North American systems allow offsets?"),
    ("Which SE Asian countries plan an ETS?", "Which Southeast Asian countries plan an ETS?"),
])
def test_a_misspelt_region_word_is_put_right_capitalised_or_hyphenated(typed, meant):
    assert spelling.correct(typed) == meant


def test_a_misspelt_region_is_read_as_that_region_not_a_wider_one():
    from search.qa.slots import regions

    assert [slug for slug, _, _ in regions(spelling.correct("which asia-pacfic markets"))] == ["review/asia-pacific"]


@pytest.mark.parametrize("text", [
    "which programs regulated traded permits",  # inflected words of the dictionary's bare forms
    "the centre of the scheme's harmonised rules",  # British spellings
    "is the Norvessa scheme linked with Tarsk",  # capitalised: names, even unknown ones
    "is the Eurpe scheme linked with Afrca",
    "Does the E. coli rule or the S. Korea ETS apply?",  # a compass letter before no continent  # names under six letters, one letter from a region word: still names
    "碳市场的抵消上限",  # Chinese is left to the segmenter
])
def test_words_that_are_right_are_left_alone(text):
    assert spelling.correct(text) == text


def test_a_misspelt_question_is_answered_as_the_question_meant(tmp_path):
    qa = qa_over_texts(tmp_path, {"pellmark-en.txt": (
        "Date: 2024-05-02\n\nThe Pellmark Emissions Trading System started in 2019. Operators in the Pellmark ETS may "
        "use domestic offset credits for up to 7% of their compliance obligation.\n")})
    right = qa.ask("What is the offset limit in the Pellmark ETS?")
    slipped = qa.ask("What is the ofsfet limit in the Pellmark ETS?")
    assert right["answer"] == slipped["answer"] and "7%" in right["answer"]["values"]
    assert slipped["question"] == "What is the ofsfet limit in the Pellmark ETS?"
    assert slipped["read_as"] == "What is the offset limit in the Pellmark ETS?" and "read_as" not in right


def test_a_slip_in_a_word_the_rules_look_for_is_put_right():
    # "observers" is in no training question: the words the rules look for are known words too.
    assert spelling.correct("who are the obsevers of the partnership") == "who are the observers of the partnership"
