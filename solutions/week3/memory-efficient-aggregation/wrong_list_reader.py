# wrong: read_records builds and returns a list of every record instead of yielding them, so memory grows with the input
def read_records(lines):
    records = []
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
        records.append((name, value))
    return records


def aggregate(records):
    stats = {}
    for name, amount in records:
        s = stats.get(name)
        if s is None:
            stats[name] = [1, amount, amount, amount]
        else:
            s[0] += 1
            s[1] += amount
            s[2] = min(s[2], amount)
            s[3] = max(s[3], amount)
    return {name: tuple(s) for name, s in stats.items()}
