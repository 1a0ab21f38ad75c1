"""The roster: colleagues by number, as the finder ranks, filters and counts them."""

from __future__ import annotations

import numpy as np

from indexer.store import Roster, StoredPerson


def person(pid: str, name: str, department: str, location: str = "Zwolle") -> StoredPerson:
    return StoredPerson(pid, name, f"{pid}@zorg.example", "", "", department, location, 1)


ROSTER = Roster.of([person("p0", "Bram", "ICT"), None,  # number 1: a removed colleague
                    person("p2", "Anna", "Geriatrie", "Deventer"),
                    person("p3", "Anna", "ICT"), person("p4", "Cas", "Geriatrie")])


def test_ranked_is_best_first_with_ties_by_name_and_leaves_out_the_ineligible() -> None:
    scores = np.array([0.5, 0.0, 0.5, 0.5, 0.9])
    eligible = np.array([True, False, True, True, True])
    assert ROSTER.ranked(scores, eligible).tolist() == [4, 2, 3, 0]  # Anna, Anna, Bram
    eligible[4] = False
    assert ROSTER.ranked(scores, eligible).tolist() == [2, 3, 0]  # the same order, restricted


def test_within_compares_names_without_case_and_counts_follow_the_list() -> None:
    assert ROSTER.within(["ict"], []).tolist() == [True, False, False, True, False]
    assert ROSTER.within(["Geriatrie"], ["deventer"]).tolist() == [False, False, True, False,
                                                                    False]
    # Most first; a tie in the order the list first shows them.
    assert list(ROSTER.counts(np.array([4, 0, 2, 3]), "department").items()) == [
        ("Geriatrie", 2), ("ICT", 2)]
    assert list(ROSTER.counts(np.array([0, 2]), "location").items()) == [
        ("Zwolle", 1), ("Deventer", 1)]


def test_masks_and_scores_by_id_leave_out_unknown_colleagues() -> None:
    assert ROSTER.mask(["p3", "nobody", "p0"]).tolist() == [True, False, False, True, False]
    assert ROSTER.scatter({"p4": 0.25, "nobody": 1.0}).tolist() == [0, 0, 0, 0, 0.25]
    assert ROSTER.person(2).name == "Anna" and "p1" not in ROSTER.number
    either = ROSTER.union([ROSTER.mask(["p0"]), ROSTER.mask(["p4", "p0"])])
    assert either.tolist() == [True, False, False, False, True] and not ROSTER.union([]).any()
