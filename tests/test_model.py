"""`persuasion.Instance`: construction, the action-types model and input validation.

Backs chapter 1, "The model" (Definition of an instance; Section 2 of Dughmi et
al., "Action types"), and DESIGN.md's error conventions.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import persuasion as ps


def test_from_types_enumerates_profiles_with_product_prior() -> None:
    """Section 2, action types: i.i.d. types give m**n states with product probabilities,
    exactly when the type prior is rational."""
    instance = ps.Instance.from_types([Fraction(1, 4), Fraction(3, 4)], [0, 1], [2, 5], 3)
    assert instance.n_states == 8 and instance.n_actions == 3
    assert instance.types.tolist()[5] == [1, 0, 1]
    assert instance.exact[0][5] == Fraction(3, 4) * Fraction(1, 4) * Fraction(3, 4)
    assert instance.sender[5].tolist() == [1, 0, 1]
    assert instance.receiver[5].tolist() == [5, 2, 5]
    assert instance.is_symmetric()


def test_from_types_accepts_per_action_payoffs() -> None:
    """Section 2: payoffs ξ^i_t may differ per action; then the instance is not symmetric."""
    instance = ps.Instance.from_types([0.5, 0.5], [[0, 1], [0, 2]], [1, 0], 2)
    assert instance.sender.tolist() == [[0, 0], [0, 2], [1, 0], [1, 2]]
    assert not instance.is_symmetric()


def test_from_profiles_symmetric_and_asymmetric_priors() -> None:
    """Section 3.3: a prior over type profiles is symmetric iff invariant under permutations."""
    symmetric = ps.Instance.from_profiles([[0.1, 0.25], [0.25, 0.4]], [0, 1], [1, 0])
    asymmetric = ps.Instance.from_profiles([[0.1, 0.2], [0.3, 0.4]], [0, 1], [1, 0])
    assert symmetric.is_symmetric() and not asymmetric.is_symmetric()
    assert not ps.Instance([0.5, 0.5], [[0, 1], [1, 0]], [[0, 1], [1, 0]]).is_symmetric()


def test_floats_are_read_as_the_decimals_they_print() -> None:
    """Exact evaluation: 0.3 typed by a reader means 3/10."""
    instance = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    assert instance.exact[0].tolist() == [Fraction(7, 10), Fraction(3, 10)]


def test_irrational_looking_prior_has_no_exact_form() -> None:
    """Exact evaluation needs rational inputs that sum to exactly one."""
    instance = ps.Instance([1 / 3, 2 / 3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    assert instance.exact is None


def test_arrays_are_read_only() -> None:
    """An instance is a value: its arrays cannot be modified in place."""
    instance = ps.Instance([0.5, 0.5], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError):
        instance.prior[0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"prior": [0.5, 0.6]}, "prior must sum to one"),
        ({"prior": [1.5, -0.5]}, "prior must be non-negative"),
        ({"prior": [[0.5, 0.5]]}, "prior must have 1 dimension"),
        ({"prior": []}, "prior must not be empty"),
        ({"prior": [0.5, float("nan")]}, "prior must hold finite"),
        ({"sender": [[0, 1]]}, "sender must have one row per state"),
        ({"sender": [[0], [1]], "receiver": [[0], [1]]}, "at least two actions"),
        ({"receiver": [[0, 1, 2], [0, 1, 2]]}, "receiver must have shape"),
        ({"receiver": [[0, np.inf], [0, 1]]}, "receiver must hold finite"),
        ({"sender": "abc"}, "sender must be an array of numbers"),
        ({"action_labels": ["a"]}, "action_labels must have 2 entries"),
        ({"state_labels": ["a", "b", "c"]}, "state_labels must have 2 entries"),
    ],
)
def test_malformed_instances_raise_value_error_naming_the_argument(kwargs, message) -> None:
    """DESIGN.md, Errors: malformed input raises ValueError naming the argument."""
    arguments = {"prior": [0.5, 0.5], "sender": [[0, 1], [0, 1]], "receiver": [[1, 0], [0, 1]]}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        ps.Instance(**arguments)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([0.5, 0.6], [0, 1], [1, 0], 2), "type_prior must sum to one"),
        (([0.5, 0.5], [0, 1, 2], [1, 0], 2), "sender_by_type must have shape"),
        (([0.5, 0.5], [0, 1], [[1, 0]], 2), "receiver_by_type must have shape"),
        (([0.5, 0.5], [0, 1], [1, 0], 1), "n_actions must be at least 2"),
        (([0.5, 0.5], [0, 1], [1, 0], 2.0), "n_actions must be an integer"),
    ],
)
def test_malformed_action_types_raise_value_error(args, message) -> None:
    """DESIGN.md, Errors: the action-types constructor checks its arguments too."""
    with pytest.raises(ValueError, match=message):
        ps.Instance.from_types(*args)


def test_from_profiles_rejects_ragged_profile_prior() -> None:
    """DESIGN.md, Errors: the profile prior must have one axis of length m per action."""
    with pytest.raises(ValueError, match="profile_prior"):
        ps.Instance.from_profiles(np.full((2, 3), 1 / 6), [0, 1], [1, 0])
    with pytest.raises(ValueError, match="profile_prior"):
        ps.Instance.from_profiles([0.5, 0.5], [0, 1], [1, 0])


def test_exact_copy_is_built_lazily_once() -> None:
    """Chapter 'Bayesian persuasion as a linear program' (the model) and issue 13 item 8:
    constructing an Instance converts nothing to fractions; the exact copy is built when
    an exact routine first asks for it, once (the same object afterwards)."""
    rng = np.random.default_rng(13)
    weights = rng.integers(1, 10, 20_000)
    instance = ps.Instance(weights / weights.sum(), rng.integers(0, 5, (20_000, 10)),
                           rng.integers(0, 5, (20_000, 10)))
    assert "exact" not in instance.__dict__ and "exact_values" not in instance.__dict__
    small = ps.Instance([Fraction(1, 3), Fraction(2, 3)], [[0, 1], [1, 0]], [[1, 0], [0, 1]])
    assert "exact" not in small.__dict__
    first = small.exact
    assert "exact" in small.__dict__ and small.exact is first
    assert first[0].tolist() == [Fraction(1, 3), Fraction(2, 3)]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"state_labels": 5}, "state_labels"),
        ({"state_labels": "ab"}, "state_labels"),
        ({"action_labels": ["one"]}, "action_labels"),
        ({"types": [[0, 1], [0.5, 1]]}, "types"),
        ({"types": "ab"}, "types"),
    ],
)
def test_labels_and_types_are_validated(kwargs, name) -> None:
    """Issue 13 item 6: Instance(state_labels=5) raised a raw TypeError; labels and types
    are validated like every other argument."""
    with pytest.raises(ValueError, match=name):
        ps.Instance([0.5, 0.5], [[0, 1], [0, 1]], [[1, 0], [0, 1]], **kwargs)


def test_from_types_size_guard_names_the_limit_and_iid_optimum() -> None:
    """Issue 13 item 7: Instance.from_types with 10^6 states used to die in the solver;
    the guard runs before any profile is built and points to iid_optimum."""
    from persuasion.model import MAX_PROFILES

    with pytest.raises(ValueError, match=f"{MAX_PROFILES:,}.*iid_optimum"):
        ps.Instance.from_types([0.1] * 10, [0] * 10, [1] * 10, 6)
    with pytest.raises(ValueError, match="profile_prior.*limit"):
        ps.Instance.from_profiles(np.full((2,) * 18, 2.0**-18), [0, 1], [1, 0])
