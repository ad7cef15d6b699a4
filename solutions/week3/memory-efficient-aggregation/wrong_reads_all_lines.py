# wrong: read_records starts with list(lines), so the whole file is held in memory before the first record is yielded (results right, memory grows with the input)
"""Memory-efficient aggregation of a large stream."""


def read_records(lines):
    lines = list(lines)  # read the file first
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
    # One small list per *name* (not per record): memory is O(distinct names).
    stats = {}
    for name, amount in records:
        s = stats.get(name)
        if s is None:
            # Start min and max from the first value, never from 0: all amounts
            # of a name may be negative, or all positive.
            stats[name] = [1, amount, amount, amount]
        else:
            s[0] += 1
            s[1] += amount
            if amount < s[2]:
                s[2] = amount
            if amount > s[3]:
                s[3] = amount
    return {name: tuple(s) for name, s in stats.items()}
