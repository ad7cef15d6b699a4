# wrong: aggregate sorts all the records so it can use itertools.groupby; the results are right but sorted() holds the whole stream in memory
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
    ordered = sorted(records, key=operator.itemgetter(0))
    for name, group in itertools.groupby(ordered, key=operator.itemgetter(0)):
        amounts = [amount for _, amount in group]
        result[name] = (len(amounts), sum(amounts), min(amounts), max(amounts))
    return result
