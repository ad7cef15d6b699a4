"""Leak-hunting tools: object counts with gc, allocation sites with tracemalloc."""
import gc
import os
import tracemalloc


def growth_by_type(action, repeat=10) -> dict[str, int]:
    """{type name: growth} for the types whose live objects grew by >= repeat over repeat calls.

    Call `action()` once to warm up, then count the objects gc tracks by type
    name, call it `repeat` times, count again (collect cyclic garbage before
    each count). Sorted by growth, largest first, then by name.
    """
    raise NotImplementedError


def top_growth_lines(action, repeat=10, limit=3) -> list[tuple[str, int]]:
    """The (file name, line) of the `limit` lines whose traced allocations grew most.

    Warm up with one call, snapshot with tracemalloc, call `action()` `repeat`
    times, snapshot again, compare by line. Largest growth first; lines that
    did not grow are left out. Leave tracemalloc tracing as you found it.
    """
    raise NotImplementedError
