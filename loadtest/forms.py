"""Read the forms of a page as a browser would submit them (the load run posts what the page
offers, CSRF token included, and changes one field)."""

from __future__ import annotations

from html.parser import HTMLParser


class Form:
    def __init__(self, attrs: dict[str, str | None]) -> None:
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, list[str]] = {}

    def values(self) -> dict[str, str | list[str]]:
        """The fields as a dict; a name given more than once (multiple select, checkboxes) a list."""
        out: dict[str, str | list[str]] = {}
        for name, value in self.fields:
            if name in out:
                previous = out[name]
                out[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                out[name] = value
        return out

    def has(self, name: str) -> bool:
        return any(n == name for n, _v in self.fields) or name in self.radios


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: str | None = None
        self.text: list[str] = []
        self.select: str | None = None
        self.select_multiple = False
        self.options: list[tuple[str, bool]] = []
        self.option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(a)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind == "radio":
                self.form.radios.setdefault(name, []).append(a.get("value") or "on")
                if "checked" in a:
                    self.form.fields.append((name, a.get("value") or "on"))
            elif kind == "checkbox":
                if "checked" in a:
                    self.form.fields.append((name, a.get("value") or "on"))
            else:
                self.form.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select, self.select_multiple, self.options = name, "multiple" in a, []
        elif tag == "option" and self.select:
            self.option = [a.get("value"), "selected" in a, []]

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)
        if self.option is not None:
            self.option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            text = "".join(self.text)
            self.form.fields.append((self.textarea, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value, selected, text = self.option
            self.options.append((value if value is not None else "".join(text).strip(), selected))
            self.option = None
        elif tag == "select" and self.select and self.form is not None:
            chosen = [v for v, selected in self.options if selected]
            if not chosen and not self.select_multiple and self.options:
                chosen = [self.options[0][0]]
            self.form.fields += [(self.select, v) for v in chosen]
            self.select = None


def forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, field: str) -> Form:
    """The first form of the page that has ``field`` and a CSRF token."""
    for form in forms(html):
        if form.method == "post" and form.has(field) and form.has("csrfmiddlewaretoken"):
            return form
    raise LookupError(f"no form with {field!r} on the page")
