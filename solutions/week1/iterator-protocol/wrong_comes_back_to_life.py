# wrong: the iterator rewinds itself when it runs out, so next() after StopIteration starts over
class Countdown:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return CountdownIterator(self.start)


class CountdownIterator:
    def __init__(self, start):
        self.start = start
        self._current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self._current <= 0:
            self._current = self.start   # "ready for the next loop"
            raise StopIteration
        value = self._current
        self._current -= 1
        return value
