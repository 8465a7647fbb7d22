"""Convention cards, installed-package documentation and BM25 search over both."""
