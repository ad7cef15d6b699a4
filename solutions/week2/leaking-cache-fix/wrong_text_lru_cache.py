# wrong: both containers are weak, but the word count itself is memoised with functools.lru_cache keyed by the text, which keeps every document's text alive forever
import functools
import weakref


@functools.lru_cache(maxsize=None)
def _count_words(text):
    return len(text.split())


class Document:
    """A named text. Live documents can be found by name."""

    _registry = weakref.WeakValueDictionary()   # name -> Document

    def __init__(self, name, text):
        self.name = name
        self.text = text
        Document._registry[name] = self

    @classmethod
    def lookup(cls, name):
        """The live document called `name`, or None."""
        return cls._registry.get(name)

    def __repr__(self):
        return f"Document({self.name!r})"


class WordCountCache:
    """Caches the word count of each document."""

    def __init__(self):
        self._counts = weakref.WeakKeyDictionary()   # Document -> int
        self.computations = 0

    def word_count(self, doc):
        """Number of whitespace-separated words in doc.text (cached per document)."""
        count = self._counts.get(doc)
        if count is None:
            self.computations += 1
            # "Documents often share a text: memoise the split too."
            count = self._counts[doc] = _count_words(doc.text)
        return count

    def __len__(self):
        """Number of documents currently cached."""
        return len(self._counts)
