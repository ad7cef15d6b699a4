# wrong: caches counts by document name (cleaned up with weakref.finalize), so two live documents sharing a name share one count
import weakref


class Document:
    """A named text. Live documents can be found by name."""

    # Values are weak: the entry disappears when the document is freed.
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
        # Keys are weak: a cached count lives exactly as long as its document.
        # (Keying by id(doc) would not keep documents alive either, but ids
        # are recycled: a new document could inherit a dead one's count.)
        self._counts = {}   # Document -> int
        self.computations = 0

    def word_count(self, doc):
        """Number of whitespace-separated words in doc.text (cached per document)."""
        count = self._counts.get(doc.name)
        if count is None:
            self.computations += 1
            count = self._counts[doc.name] = len(doc.text.split())
            weakref.finalize(doc, self._counts.pop, doc.name, None)
        return count

    def __len__(self):
        """Number of documents currently cached."""
        return len(self._counts)
