# wrong: keeps the ready tasks on a stack (append/pop): the most recent task runs again at once, so nothing takes turns
"""A tiny event loop: round-robin scheduling of generator tasks.

Reference solution. A task is a generator; `yield` hands control back to the
loop, which resumes the task at the front of a FIFO queue. Waiting tasks are
kept OFF the queue (in `_waiters`) until what they wait for happens: that is
what lets a real event loop sleep instead of spinning.
"""
import inspect
from collections import deque


class Spawn:
    """Yielded by a task: start `gen` as a new task; the task receives its id (provided)."""

    def __init__(self, gen):
        self.gen = gen


class Join:
    """Yielded by a task: wait for task `task_id`; the task receives its result (provided)."""

    def __init__(self, task_id):
        self.task_id = task_id


class Scheduler:
    def __init__(self):
        self._ready = []
        self._tasks = {}
        self._results = {}
        self._waiters = {}
        self._next_id = 1

    def spawn(self, gen):
        if not inspect.isgenerator(gen):
            raise TypeError(f"expected a generator, got {type(gen).__name__}")
        task_id = self._next_id
        self._next_id += 1
        self._tasks[task_id] = gen
        self._ready.append((task_id, None))
        return task_id

    def run(self):
        while self._ready:
            task_id, value = self._ready.pop()
            try:
                request = self._tasks[task_id].send(value)
            except StopIteration as stop:
                del self._tasks[task_id]
                self._results[task_id] = stop.value
                for waiter in self._waiters.pop(task_id, []):
                    self._ready.append((waiter, stop.value))
                continue
            if isinstance(request, Spawn):
                child = self.spawn(request.gen)
                self._ready.append((task_id, child))
            elif isinstance(request, Join):
                target = request.task_id
                if target in self._results:
                    self._ready.append((task_id, self._results[target]))
                elif target in self._tasks:
                    self._waiters.setdefault(target, []).append(task_id)
                else:
                    raise KeyError(target)
            else:
                self._ready.append((task_id, None))
        if self._tasks:
            raise RuntimeError("deadlock")
        return dict(self._results)
