#!/usr/bin/env python3
"""Lists Swift functions longer than the project's limit (STYLE.md: functions under ~60 lines).

    .ci/long_functions.py [--limit N] [--all] [paths...]      (default: Sources/)

A function's length runs from the line of its `func`/`init`/`deinit`/`subscript` keyword to the line of the
brace that closes its body, doc comments not included; a nested function counts inside its outer one and on its
own. Strings (single-line, multi-line, raw `#"…"#` with interpolations) and comments are skipped when braces are
matched, so a `{` inside a literal does not count.

Exit status 1 when a function over the limit is not in the allowlist (.ci/long_functions_allowed.txt: lines
`path:Type.function  reason`), or when an allowlisted one is no longer long (so the list only shrinks).
--all prints every long function, allowlisted or not, and exits 0.
"""
import os
import re
import sys

DECLARATION = re.compile(r"\b(func\s+([^\s(<]+)|init[?!]?(?=\s*[(<])|deinit\b|subscript(?=\s*[(<]))")
TYPE_DECLARATION = re.compile(r"\b(class|struct|enum|extension|actor|protocol)\s+([A-Za-z_][\w.]*)")


def code_only(text):
    """The text with comments and the contents of string literals blanked (newlines kept), so braces,
    keywords and line numbers can be read from it. Interpolations `\\( … )` stay code."""
    out = []
    i, n = 0, len(text)
    # Each entry: ("string", hashes, multiline) or ("interp", depth) — strings nest through interpolation.
    stack = []

    def blank(chunk):
        out.append(re.sub(r"[^\n]", " ", chunk))

    while i < n:
        top = stack[-1] if stack else None
        if top is not None and top[0] == "string":
            _, hashes, multiline = top
            closing = ('"""' if multiline else '"') + "#" * hashes
            if text.startswith(closing, i):
                blank(closing)
                i += len(closing)
                stack.pop()
                continue
            escape = "\\" + "#" * hashes
            if text.startswith(escape, i):
                after = i + len(escape)
                if after < n and text[after] == "(":
                    blank(text[i:after])
                    out.append("(")
                    i = after + 1
                    stack.append(["interp", 1])
                    continue
                blank(text[i:after + 1])
                i = after + 1
                continue
            blank(text[i])
            i += 1
            continue
        # Code (top level or inside an interpolation).
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(text[i:end])
            i = end
            continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(text[i:j])
            i = j
            continue
        match = re.match(r'(#*)("""|")', text[i:i + 64])
        if match and (match.group(1) or text[i] == '"'):
            hashes = len(match.group(1))
            multiline = match.group(2) == '"""'
            blank(match.group(0))
            i += len(match.group(0))
            stack.append(("string", hashes, multiline))
            continue
        char = text[i]
        if top is not None and top[0] == "interp":
            if char == "(":
                top[1] += 1
            elif char == ")":
                top[1] -= 1
                if top[1] == 0:
                    stack.pop()
        out.append(char)
        i += 1
    return "".join(out)


def continues(code, newline):
    """Whether a signature goes on past the line break at `newline` (at bracket depth 0): the line ends with a
    comma or the next one starts with its body, its result, its effects or its where clause."""
    before = code[:newline].rstrip()
    if before.endswith((",", "&", ":", "=")):
        return True
    return re.match(r"\s*(\{|->|throws\b|rethrows\b|async\b|where\b)", code[newline + 1:newline + 200]) is not None


def functions(path):
    """(qualified name, first line, length) of each function in a Swift file."""
    with open(path, encoding="utf-8") as handle:
        code = code_only(handle.read())
    line_starts = [0] + [m.end() for m in re.finditer("\n", code)]

    def line_of(offset):
        low, high = 0, len(line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1

    # Brace pairs, and which type declaration each `{` opens.
    closing_of = {}
    stack = []
    for offset, char in enumerate(code):
        if char == "{":
            stack.append(offset)
        elif char == "}" and stack:
            closing_of[stack.pop()] = offset
    type_ranges = []
    for match in TYPE_DECLARATION.finditer(code):
        brace = code.find("{", match.end())
        if brace >= 0 and brace in closing_of:
            type_ranges.append((brace, closing_of[brace], match.group(2)))

    def enclosing_type(offset):
        names = [name for start, end, name in type_ranges if start < offset < end]
        return names[-1] if names else None

    found = []
    for match in DECLARATION.finditer(code):
        name = match.group(2) or match.group(1).split("(")[0].strip()
        # The body opens at the first `{` after the signature (no body: a protocol requirement).
        depth, j = 0, match.end()
        body = None
        while j < len(code):
            char = code[j]
            if char in "([<":
                depth += 1
            elif char in ")]>":
                depth = max(0, depth - 1)
            elif char == "{" and depth == 0:
                body = j
                break
            elif char == "\n" and depth == 0 and not continues(code, j):
                break
            j += 1
        if body is None or body not in closing_of:
            continue
        first, last = line_of(match.start()), line_of(closing_of[body])
        owner = enclosing_type(match.start())
        found.append((f"{owner}.{name}" if owner else name, first, last - first + 1))
    return found


def swift_files(paths):
    for root in paths:
        if os.path.isfile(root):
            yield root
            continue
        for folder, _, files in sorted(os.walk(root)):
            for file in sorted(files):
                if file.endswith(".swift"):
                    yield os.path.join(folder, file)


def main(arguments):
    limit, show_all, paths = 60, False, []
    allowed_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "long_functions_allowed.txt")
    while arguments:
        argument = arguments.pop(0)
        if argument == "--limit":
            limit = int(arguments.pop(0))
        elif argument == "--all":
            show_all = True
        else:
            paths.append(argument)
    if not paths:
        os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
        paths = ["Sources"]
    allowed = {}
    if os.path.exists(allowed_path):
        for line in open(allowed_path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                key, _, reason = line.partition(" ")
                allowed[key] = reason.strip()
    long = []
    for path in swift_files(paths):
        for name, first, length in functions(path):
            if length > limit:
                long.append((length, f"{path}:{name}", first))
    long.sort(key=lambda entry: (-entry[0], entry[1]))
    failed = False
    for length, key, first in long:
        path, _, _ = key.partition(":")
        if show_all:
            note = "  (allowed: " + allowed[key] + ")" if key in allowed else ""
            print(f"{path}:{first}: {length} lines: {key.partition(':')[2]}{note}")
        elif key not in allowed:
            print(f"{path}:{first}: error: {key.partition(':')[2]} is {length} lines (limit {limit}): "
                  "split it into named steps")
            failed = True
    if not show_all:
        still_long = {key for _, key, _ in long}
        for key in sorted(set(allowed) - still_long):
            print(f"{allowed_path}: error: {key} is allowlisted but no longer over {limit} lines "
                  "(or was renamed): remove its line")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
