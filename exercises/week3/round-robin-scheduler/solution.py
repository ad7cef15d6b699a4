"""A tiny event loop: round-robin scheduling of generator tasks."""
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
    def spawn(self, gen):
        """Register generator `gen` as a new task at the back of the ready queue; return its id."""
        raise NotImplementedError

    def run(self):
        """Run the tasks round-robin until none is left; return {task_id: result}."""
        raise NotImplementedError
