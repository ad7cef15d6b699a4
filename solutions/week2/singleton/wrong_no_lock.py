# wrong: no lock around check-then-create, so threads racing on the first call each run __init__
class Singleton(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in Singleton._instances:
            instance = super().__call__(*args, **kwargs)
            Singleton._instances[cls] = instance
        return Singleton._instances[cls]

    def clear(cls):
        Singleton._instances.pop(cls, None)
