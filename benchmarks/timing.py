"""One timing helper for the benchmarks (each prints ratios measured in the same run)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np


def best_time(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """``(seconds, result)``: the fastest of ``repeats`` runs of ``function``."""
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result
