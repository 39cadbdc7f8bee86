"""AI and persuasion: querying a simulator of the receiver (chapter "AI and persuasion").

The sender does not know which belief the receiver holds; an AI that simulates the
receiver answers queries before the sender commits to a messaging policy
(Immorlica's talk; Harris, Immorlica, Lucier and Slivkins 2023).

- :func:`optimal_policy`, :func:`policy_value`, :func:`lp_policy_value` — the optimal
  messaging policy for a known distribution over receiver types, the value of any
  policy, and the LP over policies that checks it;
- :class:`ReceiverSimulator`, :func:`indifference_belief`, :func:`threshold_message`,
  :func:`threshold_policy`, :func:`ask_thresholds` — simulation queries are threshold
  queries, and conversely;
- :func:`interval_values` — the value of every interval of sorted beliefs, ``O(n²)``;
- :func:`query_value`, :func:`optimal_queries`, :func:`optimal_query_values`,
  :func:`greedy_queries`, :func:`greedy_query_values`,
  :func:`brute_force_queries`, :func:`adaptive_queries`, :func:`costly_queries`,
  :func:`query_set_values`, :func:`diminishing_returns_violations` — the value of
  threshold queries, how to choose them, and the check of submodularity;
- :func:`partition_value`, :func:`question_cells`, :func:`best_questions`,
  :func:`greedy_questions`, :func:`best_partition`, :func:`set_cover_reduction` —
  questions from an exogenous family, and the reduction from set cover.
"""

from __future__ import annotations

from .intervals import interval_values
from .partitions import (
    PartitionResult,
    SetCoverReduction,
    best_partition,
    best_questions,
    greedy_questions,
    partition_value,
    question_cells,
    set_cover_reduction,
)
from .policy import Message, Policy, optimal_policy, policy_value
from .policy_lp import lp_policy_value
from .queries import (
    AdaptiveResult,
    CostlyResult,
    QueryResult,
    QueryTree,
    adaptive_queries,
    brute_force_queries,
    costly_queries,
    diminishing_returns_violations,
    greedy_queries,
    greedy_query_values,
    optimal_queries,
    optimal_query_values,
    query_set_values,
    query_value,
)
from .receiver_types import HALF, ReceiverTypes, receiver_types
from .simulator import (
    ReceiverSimulator,
    ask_thresholds,
    indifference_belief,
    threshold_message,
    threshold_policy,
)

__all__ = [
    "HALF",
    "AdaptiveResult",
    "CostlyResult",
    "Message",
    "PartitionResult",
    "Policy",
    "QueryResult",
    "QueryTree",
    "ReceiverSimulator",
    "ReceiverTypes",
    "SetCoverReduction",
    "adaptive_queries",
    "ask_thresholds",
    "best_partition",
    "best_questions",
    "brute_force_queries",
    "costly_queries",
    "diminishing_returns_violations",
    "greedy_queries",
    "greedy_query_values",
    "greedy_questions",
    "indifference_belief",
    "interval_values",
    "lp_policy_value",
    "optimal_policy",
    "optimal_queries",
    "optimal_query_values",
    "partition_value",
    "policy_value",
    "query_set_values",
    "query_value",
    "question_cells",
    "receiver_types",
    "set_cover_reduction",
    "threshold_message",
    "threshold_policy",
]
