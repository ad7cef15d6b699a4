# wrong: CountdownIterator.__next__ only forwards to a generator expression, so no cursor is written by hand
class Countdown:
    def __init__(self, start):
        self.start = start
    def __iter__(self):
        return CountdownIterator(self.start)
class CountdownIterator:
    def __init__(self, start):
        self._gen = (i for i in range(start, 0, -1))
    def __iter__(self):
        return self
    def __next__(self):
        return next(self._gen)
