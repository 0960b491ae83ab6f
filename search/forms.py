"""Reading the search page's query string: anything invalid is dropped, never an error."""

import unicodedata

from django import forms

from search.backends import SORTS

MAX_PAGE = 1000


class SearchForm(forms.Form):
    """The parameters of /search/: the query, facet filters, order and page."""

    q = forms.CharField(required=False, strip=True)
    kind = forms.CharField(required=False, max_length=100)
    column = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    issuing_body = forms.CharField(required=False, max_length=200)
    validity = forms.CharField(required=False, max_length=50)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data=None):
        super().__init__(data=data)
        self.is_valid()  # fills cleaned_data with the valid fields; invalid ones are ignored

    def query(self) -> str:
        """The query as typed, without control characters (a NUL would upset the database)."""
        raw = self.data.get("q", "") if self.data else ""
        if not isinstance(raw, str):
            return ""
        raw = raw.encode("utf-8", "ignore").decode("utf-8")
        return "".join(char for char in raw
                       if not unicodedata.category(char).startswith("C") or char in " \t").strip()

    def filters(self) -> dict:
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in ("kind", "column", "year", "issuing_body",
                                                  "validity")
                if cleaned.get(name) not in (None, "")}

    def sort_order(self) -> str:
        return getattr(self, "cleaned_data", {}).get("sort") or "relevance"

    def page_number(self) -> int:
        return getattr(self, "cleaned_data", {}).get("page") or 1
