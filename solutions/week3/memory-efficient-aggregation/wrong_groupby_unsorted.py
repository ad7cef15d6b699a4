# wrong: streams through itertools.groupby without sorting, so a name that appears in several runs keeps only its last run
import itertools
import operator


def read_records(lines):
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        fields = text.split(",")
        if len(fields) != 2:
            raise ValueError(f"line {number}: expected 'name,amount', got {text!r}")
        name, amount = fields[0].strip(), fields[1].strip()
        try:
            value = int(amount)
        except ValueError:
            raise ValueError(f"line {number}: amount {amount!r} is not an integer") from None
        yield name, value


def aggregate(records):
    result = {}
    for name, group in itertools.groupby(records, key=operator.itemgetter(0)):
        count = total = 0
        lo = hi = None
        for _, amount in group:
            count += 1
            total += amount
            lo = amount if lo is None else min(lo, amount)
            hi = amount if hi is None else max(hi, amount)
        result[name] = (count, total, lo, hi)
    return result
