#!/usr/bin/env python3
"""html-check.py FILE: is a vssexplain HTML report well formed and self-contained?

Every element but the void ones is closed, in order; every attribute value is
quoted text; ids are unique and every link is to one of them; nothing runs
(no script, no event handler attribute, no javascript:) and nothing is loaded
from elsewhere (no src, no href but "#id", no url(...), @import or http: in
CSS or in an attribute; text may say anything, once escaped).  Prints what
is wrong and exits 1.
"""
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.links, self.errors = [], set(), [], []
        self.style = ""  # the CSS of <style> and style=, and every attribute value

    def error_at(self, msg):
        self.errors.append("line %d: %s" % (self.getpos()[0], msg))

    def attrs_ok(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.error_at("event handler %s on <%s>" % (name, tag))
            if name in ("src", "srcset", "action", "formaction", "background", "xlink:href"):
                self.error_at("%s= on <%s>: loads something" % (name, tag))
            if value is None:
                continue
            self.style += value + "\n"
            if "javascript:" in value.lower():
                self.error_at("javascript: in %s" % name)
            if name == "id":
                if value in self.ids:
                    self.error_at("id %r twice" % value)
                self.ids.add(value)
            if name == "href":
                if not value.startswith("#"):
                    self.error_at("href=%r leaves the page" % value)
                self.links.append(value[1:])
        if tag in ("script", "iframe", "object", "embed", "img", "link", "base", "form"):
            self.error_at("<%s>" % tag)

    def handle_starttag(self, tag, attrs):
        self.attrs_ok(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "style":
            self.style += data

    def handle_startendtag(self, tag, attrs):
        self.attrs_ok(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            self.error_at("</%s>" % tag)
        elif not self.stack or self.stack[-1][0] != tag:
            self.error_at("</%s> closes <%s>" % (tag, self.stack[-1][0] if self.stack else "nothing"))
        else:
            self.stack.pop()


def main():
    raw = open(sys.argv[1], "rb").read()
    text = raw.decode("utf-8")  # strict: invalid UTF-8 fails here
    c = Check()
    if not text.startswith("<!DOCTYPE html>\n"):
        c.errors.append("no <!DOCTYPE html> first")
    c.feed(text)
    c.close()
    for tag, line in c.stack:
        c.errors.append("<%s> of line %d never closed" % (tag, line))
    for link in c.links:
        if link not in c.ids:
            c.errors.append("link to #%s, which is no id" % link)
    if re.search(r"url\s*\(|@import|https?:|//", c.style, re.I):
        c.errors.append("url(, @import, http: or // in CSS or an attribute")
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]", text):
        c.errors.append("a control character in the page")
    for e in c.errors:
        print("%s: %s" % (sys.argv[1], e))
    sys.exit(1 if c.errors else 0)


main()
