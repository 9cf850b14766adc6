#!/usr/bin/env python3
"""Render the <EventListeners> and <ResourceAccessControl> parts of WSO2 IS's identity.xml.

This is CompatHost's own re-implementation of what the product's config mapper does at start-up
(deployment.toml + <feature>.default.json [+ <feature>.infer.json] -> Jinja(va) template -> identity.xml),
restricted to the two blocks our conformance tests look at.  It does not ship or embed any product
template text: you pass the template (identity.xml.j2) and the defaults (…default.json) on the
command line.

Usage:
    render_identity_xml.py TEMPLATE DEFAULT_JSON [--toml deployment.toml] [--infer infer.json]
                           [-o OUT] [--keep-blank-lines] [--check-regex]

What it emulates (the product renders with HubSpot Jinjava, not Python Jinja2):
  * config keys are flat dotted keys ("event.default_listener.mutual_tls_authenticator.priority");
    they are merged  defaults < inferred (optional) < deployment.toml  and then expanded into a nested
    object so the template can write {{event.default_listener.x.priority}};
  * TOML tables are flattened to dotted keys; arrays of tables ([[resource.access_control]]) stay
    lists of objects under their dotted key;
  * "$ref{other.key}" values are resolved against the merged config;
  * undefined values render as "" and iterate as empty (Jinjava is lenient), calling a method on an
    undefined value (listener.properties.items()) yields an empty iterable;
  * booleans render as "true"/"false" (Java style), None as "";
  * the Jinjava/JUEL operators "&&" and "||" inside tags are rewritten to "and"/"or";
  * filters used by the two blocks: default, join (Jinja2 built-ins behave the same here);
    tests: defined, sameas (Jinja2 built-ins).
Whitespace-only lines are dropped from the output unless --keep-blank-lines is given (XML-wise the
result is the same).
"""

import argparse
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET

try:
    import tomllib  # Python 3.11+
except ImportError:  # pragma: no cover
    tomllib = None

import jinja2

CARBON_NS = "http://wso2.org/projects/carbon/carbon.xml"


# --------------------------------------------------------------------------- config handling

def flatten_toml(obj, prefix="", out=None):
    """Flatten TOML tables into dotted keys; lists (incl. arrays of tables) are kept as values."""
    if out is None:
        out = {}
    for key, value in obj.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flatten_toml(value, full, out)
        else:
            out[full] = value
    return out


def apply_infer(defaults, user, infer):
    """Apply <feature>.infer.json: {trigger_key: {value: {key: inferred_value}}}.
    Inferred values override defaults but never keys the operator set explicitly."""
    merged = dict(defaults)
    merged.update(user)
    inferred = {}
    for trigger, cases in infer.items():
        if trigger not in merged:
            continue
        current = merged[trigger]
        current_s = ("true" if current else "false") if isinstance(current, bool) else str(current)
        for case_value, assignments in cases.items():
            if str(case_value).lower() == current_s.lower():
                for k, v in assignments.items():
                    if k not in user:
                        inferred[k] = v
    return inferred


_REF = re.compile(r"\$ref\{([^}]+)\}")


def resolve_refs(flat):
    def resolve(value, depth=0):
        if depth > 20:
            return value
        if isinstance(value, str):
            whole = _REF.fullmatch(value)
            if whole and whole.group(1) in flat:
                return resolve(flat[whole.group(1)], depth + 1)

            def sub(m):
                if m.group(1) in flat:
                    v = resolve(flat[m.group(1)], depth + 1)
                    return ("true" if v else "false") if isinstance(v, bool) else str(v)
                return m.group(0)  # unresolved (key belongs to another feature) - leave as is
            return _REF.sub(sub, value)
        if isinstance(value, list):
            return [resolve(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {k: resolve(v, depth + 1) for k, v in value.items()}
        return value
    return {k: resolve(v) for k, v in flat.items()}


def unflatten(flat):
    root = {}
    for key in sorted(flat):  # sorted: parents before children is irrelevant, but deterministic
        parts = key.split(".")
        node = root
        ok = True
        for part in parts[:-1]:
            nxt = node.get(part)
            if nxt is None:
                nxt = node[part] = {}
            elif not isinstance(nxt, dict):
                print(f"warning: key {key!r} conflicts with leaf value at {part!r}; skipped",
                      file=sys.stderr)
                ok = False
                break
            node = nxt
        if not ok:
            continue
        leaf = parts[-1]
        if isinstance(node.get(leaf), dict) and not isinstance(flat[key], dict):
            print(f"warning: leaf {key!r} conflicts with a nested table; skipped", file=sys.stderr)
            continue
        node[leaf] = flat[key]
    return root


def build_context(default_json, toml_path=None, infer_path=None):
    with open(default_json, encoding="utf-8") as fh:
        defaults = json.load(fh)
    user = {}
    if toml_path:
        if tomllib is None:
            sys.exit("tomllib (Python 3.11+) is needed for --toml")
        with open(toml_path, "rb") as fh:
            user = flatten_toml(tomllib.load(fh))
    merged = dict(defaults)
    if infer_path:
        with open(infer_path, encoding="utf-8") as fh:
            merged.update(apply_infer(defaults, user, json.load(fh)))
    merged.update(user)
    return unflatten(resolve_refs(merged))


# --------------------------------------------------------------------------- template handling

class LenientUndefined(jinja2.ChainableUndefined):
    """Jinjava-like: undefined renders empty, iterates empty, attribute/item/call chains stay undefined."""

    def __call__(self, *args, **kwargs):
        return self

    def __str__(self):
        return ""


def finalize(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return value


_TAG = re.compile(r"(\{%.*?%\}|\{\{.*?\}\})", re.S)


def jinjava_to_jinja2(text):
    def fix(m):
        tag = m.group(0)
        return tag.replace("&&", " and ").replace("||", " or ")
    return _TAG.sub(fix, text)


def extract_parts(template_text):
    root = re.search(r"<Server\b[^>]*>", template_text)
    listeners = re.findall(r"<EventListeners>.*?</EventListeners>", template_text, re.S)
    rac = re.findall(r"<ResourceAccessControl\b.*?</ResourceAccessControl>", template_text, re.S)
    if not root or len(listeners) != 1 or len(rac) != 1:
        sys.exit(f"template: expected one <Server>, one <EventListeners>, one <ResourceAccessControl>; "
                 f"found root={bool(root)} listeners={len(listeners)} rac={len(rac)}")
    return root.group(0), listeners[0], rac[0]


def render(template_path, default_json, toml_path=None, infer_path=None, keep_blank=False):
    with open(template_path, encoding="utf-8", errors="surrogateescape") as fh:
        template_text = fh.read()
    root_tag, listeners_src, rac_src = extract_parts(template_text)
    env = jinja2.Environment(undefined=LenientUndefined, finalize=finalize, autoescape=False,
                             keep_trailing_newline=True)
    ctx = build_context(default_json, toml_path, infer_path)
    body = []
    for src in (listeners_src, rac_src):
        out = env.from_string(jinjava_to_jinja2(src)).render(**ctx)
        if not keep_blank:
            out = "\n".join(line for line in out.split("\n") if line.strip())
        body.append("    " + out.lstrip())

    def sha(path):
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()[:16]
    prov = (f"<!-- Rendered by tests/Conformance/product/render_identity_xml.py: only <EventListeners> and "
            f"<ResourceAccessControl>.\n     template sha256[:16]={sha(template_path)} "
            f"defaults sha256[:16]={sha(default_json)}"
            + (f" toml sha256[:16]={sha(toml_path)}" if toml_path else "")
            + (f" infer sha256[:16]={sha(infer_path)}" if infer_path else "") + " -->")
    text = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + prov + "\n" + root_tag + "\n\n"
            + "\n\n".join(body) + "\n\n</Server>\n")
    ET.fromstring(text.encode("iso-8859-1", errors="replace"))  # well-formedness check
    return text


# --------------------------------------------------------------------------- regex portability check

_JAVA_ONLY = [
    (re.compile(r"(?<!\\)(?:[*+?}])\+"), "possessive quantifier (Java; not .NET)"),
    (re.compile(r"\\p\{java", re.I), r"\p{javaXxx} class (Java only)"),
    (re.compile(r"\\p\{(?:Lower|Upper|ASCII|Alpha|Digit|Alnum|Punct|Graph|Print|Blank|Cntrl|XDigit|Space)\}"),
     r"POSIX \p{...} class (Java only)"),
    (re.compile(r"\\Q|\\E"), r"\Q...\E quoting (Java only)"),
    (re.compile(r"&&\["), "character-class intersection (Java only)"),
    (re.compile(r"\\[hHRXvV]"), r"\h \H \R \X \v \V escape (Java semantics differ / unsupported in .NET)"),
    (re.compile(r"\(\?[a-zA-Z]*[UdC][a-zA-Z]*[):]"), "inline flag not supported by .NET (U/d/C)"),
]


def check_regexes(xml_text):
    root = ET.fromstring(xml_text.encode("iso-8859-1", errors="replace"))
    problems = []
    for res in root.iter(f"{{{CARBON_NS}}}Resource"):
        ctx = res.get("context")
        method = res.get("http-method")
        try:
            re.compile(ctx)
        except re.error as exc:
            problems.append((ctx, method, f"does not compile: {exc}"))
        for pat, why in _JAVA_ONLY:
            if pat.search(ctx):
                problems.append((ctx, method, why))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("template")
    ap.add_argument("default_json")
    ap.add_argument("--toml", help="deployment.toml overlay")
    ap.add_argument("--infer", help="<feature>.infer.json (optional)")
    ap.add_argument("-o", "--output", help="write here instead of stdout")
    ap.add_argument("--keep-blank-lines", action="store_true")
    ap.add_argument("--check-regex", action="store_true",
                    help="report Resource contexts that are not portable to .NET regex (to stderr)")
    args = ap.parse_args()
    text = render(args.template, args.default_json, args.toml, args.infer, args.keep_blank_lines)
    if args.output:
        with open(args.output, "w", encoding="iso-8859-1", errors="replace", newline="\n") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    if args.check_regex:
        problems = check_regexes(text)
        for ctx, method, why in problems:
            print(f"regex: {ctx!r} [{method}]: {why}", file=sys.stderr)
        print(f"regex check: {len(problems)} problem(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
