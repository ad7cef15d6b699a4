# wrong: uses Binet's floating-point formula, which loses exactness past about the 70th number
from collections.abc import Iterator
import math


def fib() -> Iterator[int]:
    phi = (1 + math.sqrt(5)) / 2
    n = 0
    while True:
        yield round(phi ** n / math.sqrt(5))
        n += 1
