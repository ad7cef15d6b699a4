# wrong: the container rewinds one shared cursor in __iter__ and returns itself, so two loops interfere
class Countdown:
    def __init__(self, start):
        self.start = start
        self._current = start

    def __iter__(self):
        self._current = self.start
        return self

    def __next__(self):
        if self._current <= 0:
            raise StopIteration
        value = self._current
        self._current -= 1
        return value


class CountdownIterator:
    def __init__(self, start):
        self.start = start
        self._current = start

    def __iter__(self):
        # "restarting" here makes the iterator come back to life in a second loop
        self._current = self.start
        return self

    def __next__(self):
        if self._current <= 0:
            raise StopIteration
        value = self._current
        self._current -= 1
        return value
