"""The house rules, checked (``python -m pytest tests/test_layout.py``; docs/design.md says why).

* Rooms by when they run: ``cnncore`` (pure numpy) <- ``scenes`` (what a render needs: the
  scene base, narration, captions, the visual language, Manim's extensions) <- ``toolchain``
  (what runs renders: build, slides, stills, benchmark, publishing). Imports only go that way,
  with no cycle (imports inside functions count), and no scene file imports another scene file.
* Manim is extended in one place: no module outside ``scenes/manim_ext`` assigns to an
  attribute of a Manim, manimpango or manim-slides class or module, or swaps a method of a
  renderer or file writer (a test's ``monkeypatch`` is the exception, for tests only).
* The top level is a Python project's: reveal.js's package files live with the slides tool.
* The README is for users (at most 250 lines, the layout near the top, pointing to docs/); the
  design, the testing guide and the performance log are in docs/.
* Commit subjects are at most 72 characters (from this rule's first commit on).
"""
from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cnncore", "scenes", "toolchain")
LAYERS = {"cnncore": 0, "scenes": 1, "toolchain": 2}
EXTENSIONS = ROOT / "scenes" / "manim_ext"
FOREIGN = ("manim", "manimpango", "manim_slides")
FIRST_COMMIT_WITH_RULE = "8395a37"


def modules() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(path: Path, name: str, known: dict) -> set[str]:
    """The project modules ``path`` imports, at any level (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, name, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, f"import cycles: {found}"


def test_the_cycle_check_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_only_go_down():
    wrong = [(a, b) for a, deps in import_graph().items() for b in deps
             if LAYERS[b.split(".")[0]] > LAYERS[a.split(".")[0]]]
    assert not wrong, f"imports that go up (cnncore <- scenes <- toolchain): {wrong}"


def test_no_scene_file_imports_another():
    graph = import_graph()
    wrong = [(a, b) for a, deps in graph.items() if a.startswith("scenes.content.")
             for b in deps if b.startswith("scenes.content.")]
    assert not wrong, f"a scene file imports another (shared pieces go to scenes/visual): {wrong}"
    # and the visual vocabulary knows no scene
    wrong = [(a, b) for a, deps in graph.items() if a.startswith("scenes.visual")
             for b in deps if b.startswith(("scenes.content", "scenes.base"))]
    assert not wrong, wrong


def test_the_core_knows_no_scene_and_no_manim():
    for name, path in modules().items():
        if name.startswith("cnncore"):
            tree = ast.parse(path.read_bytes())
            names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert not names & {"manim", "scenes", "toolchain", *FOREIGN}, (name, names)


# ---- Manim extended in one place ---------------------------------------------------------------

SWAPPED = ("renderer", "file_writer", "writer")   # objects of Manim's whose methods must not be swapped


def patches_in(source: str) -> list[str]:
    """Assignments (or ``setattr`` calls) in ``source`` to an attribute of a Manim, manimpango or
    manim-slides class or module, or to an attribute of a renderer or file writer, as
    ``line: target``."""
    tree = ast.parse(source)
    foreign = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            foreign |= {(a.asname or a.name).split(".")[0] for a in node.names
                        if a.name.split(".")[0] in FOREIGN}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in FOREIGN:
            foreign |= {a.asname or a.name for a in node.names}

    def root_and_chain(expr) -> tuple[str | None, list[str]]:
        chain = []
        while isinstance(expr, ast.Attribute):
            chain.append(expr.attr)
            expr = expr.value
        return (expr.id if isinstance(expr, ast.Name) else None), chain[::-1]

    def bad(target) -> bool:
        if not isinstance(target, ast.Attribute):
            return False
        root, chain = root_and_chain(target)
        return root in foreign or any(part in SWAPPED for part in [root, *chain[:-1]])

    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr")
              and node.args and isinstance(node.args[0], (ast.Name, ast.Attribute))):
            root, chain = root_and_chain(node.args[0])
            if root in foreign or any(p in SWAPPED for p in [root, *chain]):
                found.append(f"{node.lineno}: {node.func.id}({ast.unparse(node.args[0])}, ...)")
            continue
        for t in targets:
            for leaf in (t.elts if isinstance(t, ast.Tuple) else [t]):
                if bad(leaf):
                    found.append(f"{node.lineno}: {ast.unparse(leaf)}")
    return found


def test_manim_is_extended_only_in_scenes_manim_ext():
    found = {}
    for path in sorted([*ROOT.glob("scenes/**/*.py"), *ROOT.glob("toolchain/**/*.py"),
                        *ROOT.glob("cnncore/**/*.py"), *ROOT.glob("tests/**/*.py")]):
        if path.is_relative_to(EXTENSIONS) or "node_modules" in path.parts:
            continue
        hits = patches_in(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert not found, f"Manim changed outside scenes/manim_ext: {found}"


@pytest.mark.parametrize("source, caught", [
    ("from manim import Transform\nTransform.begin = lambda a: None", True),
    ("import manimpango\nmanimpango.text2svg = print", True),
    ("from manim.scene.scene import Scene as S\nsetattr(S, 'play', None)", True),
    ("def f(scene):\n    scene.renderer.update_frame = lambda *a: None", True),
    ("def f(writer):\n    writer.combine_files = print", True),
    ("def f(self):\n    self.camera.background_color = '#101318'", False),
    ("from manim import config\nconfig['max_files_cached'] = -1", False),
    ("def f(monkeypatch):\n    import manim\n    monkeypatch.setattr(manim, 'x', 1)", False),
])
def test_the_patch_check_sees_a_patch(source, caught):
    assert bool(patches_in(source)) == caught


def test_the_extensions_package_lists_every_extension():
    """Each module of scenes/manim_ext says what Manim does, what we do instead and how it is
    checked, and docs/design.md names it."""
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for path in sorted(EXTENSIONS.glob("*.py")):
        if path.name == "__init__.py":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert "What Manim does" in doc or "What manim-slides does" in doc, path.name
        assert "Checked by" in doc, path.name
        assert f"manim_ext/{path.name}" in design or f"manim_ext.{path.stem}" in design, path.name


# ---- the house's rooms and its two documents ----------------------------------------------------------

def test_the_top_level_is_not_a_javascript_project():
    for name in ("package.json", "package-lock.json"):
        assert not (ROOT / name).exists(), name
    assert (ROOT / "toolchain" / "slides" / "package.json").is_file()


def test_the_readme_is_for_users_and_points_to_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(readme) <= 250, f"README.md has {len(readme)} lines (at most 250: the rest goes to docs/)"
    layout = next(i for i, line in enumerate(readme) if line.lower().startswith("## layout"))
    assert layout < 80, "the layout comes near the top"
    text = "\n".join(readme)
    for doc in ("docs/design.md", "docs/testing.md", "docs/performance.md"):
        assert doc in text and (ROOT / doc).is_file(), doc


def test_commit_subjects_are_short():
    try:
        subjects = subprocess.run(["git", "log", "--format=%s", f"{FIRST_COMMIT_WITH_RULE}..HEAD"], cwd=ROOT,
                                  capture_output=True, text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    long = [s for s in subjects if len(s) > 72]
    assert not long, f"commit subjects over 72 characters: {long}"
