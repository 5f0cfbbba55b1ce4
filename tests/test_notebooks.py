"""Checks on the notebooks as documents and as the source of the package.

`make test` executes every notebook with `nbdev-test` before pytest runs; these tests check what execution
does not: each notebook is a well-formed page of the docs, the package matches them, and the README
mirrors the index."""
import json, importlib, re
from pathlib import Path
import pytest

root = Path(__file__).parent.parent
nbs = sorted((root/'nbs').glob('*.ipynb'))   # top level: the library's notebooks and the index
# every notebook nbdev-test runs, tutorials in subfolders included: like nbdev, skip files and folders starting with '_' or '.'
# (.ipynb_checkpoints among them)
all_nbs = sorted(n for n in (root/'nbs').rglob('*.ipynb') if not any(p.startswith(('_', '.')) for p in n.relative_to(root/'nbs').parts))
def _id(n): return str(n.relative_to(root/'nbs'))

def cells(nb): return json.loads(nb.read_text())['cells']
def src(c): return ''.join(c['source'])

@pytest.mark.parametrize('nb', all_nbs, ids=_id)
def test_title_and_description(nb):
    first = src(cells(nb)[0])
    assert re.match(r'^# \S', first), f"{_id(nb)}: the first cell must be an H1 title"
    assert re.search(r'^> \S', first, re.M), f"{_id(nb)}: the first cell must have a '> description'"

@pytest.mark.parametrize('nb', [n for n in nbs if n.name!='index.ipynb'], ids=lambda n: n.name)
def test_exports_importable_module(nb):
    m = re.search(r'^#\| default_exp (\S+)', '\n'.join(src(c) for c in cells(nb)), re.M)
    assert m, f"{nb.name}: no default_exp"
    mod = importlib.import_module(f'prunelearn.{m.group(1)}')
    assert mod.__all__, f"prunelearn.{m.group(1)} exports nothing"

@pytest.mark.parametrize('nb', all_nbs, ids=_id)
def test_no_skipped_notebooks(nb):
    assert 'skip_exec' not in nb.read_text(), f"{_id(nb)} skips execution"

def test_subfolder_notebooks_found():
    "The recursive listing sees the tutorials, and the library tests below stay on the top level"
    assert any(n.parent!=root/'nbs' for n in all_nbs), "no notebook found in a subfolder of nbs/"
    assert set(nbs)<=set(all_nbs) and all(n.parent==root/'nbs' for n in nbs)

def test_readme_mirrors_index():
    readme = (root/'README.md').read_text().replace('](https://prunelearn.github.io/prunelearn/', '](')  # links made absolute
    for c in cells(root/'nbs'/'index.ipynb'):
        for line in src(c).splitlines():
            if line.strip(): assert line in readme, f"README.md is missing this line of index.ipynb: {line!r}"

def test_all_exports_everything():
    "`from prunelearn.all import *` gives every public name of every library module (the command-line tools aside)"
    import prunelearn.all as pa
    mods = [re.search(r'^#\| default_exp (\S+)', '\n'.join(src(c) for c in cells(nb)), re.M) for nb in nbs]
    for m in {m.group(1) for m in mods if m}-{'cli', 'entry'}:
        for name in importlib.import_module(f'prunelearn.{m}').__all__: assert hasattr(pa, name), f"prunelearn.all lacks {m}.{name}"

def _own_callables():
    "Public functions, and classes with their own `__init__`, of every library module"
    import inspect
    mods = {m.group(1) for nb in nbs if (m:=re.search(r'^#\| default_exp (\S+)', '\n'.join(src(c) for c in cells(nb)), re.M))}
    for m in sorted(mods):
        mod = importlib.import_module(f'prunelearn.{m}')
        for name in mod.__all__:
            o = getattr(mod, name)
            if inspect.isclass(o):
                f = o.__dict__.get('__init__')
                if f is None or getattr(f, '__module__', '').split('.')[0]!='prunelearn': continue
                try: inspect.getsource(f)
                except (OSError, TypeError): continue  # generated (dataclasses)
                yield f'{m}.{name}', o, f
            elif inspect.isfunction(o) and o.__module__.startswith('prunelearn'): yield f'{m}.{name}', o, o

def test_public_api_is_documented():
    "Every public function and class has a docstring and a docments comment for each named parameter (the API pages show them)"
    import inspect
    from fastcore.docments import docments
    bad = []
    for qn,o,f in _own_callables():
        if not (o.__doc__ or '').strip(): bad.append(f'{qn}: no docstring')
        d = docments(f, full=False)
        for p in inspect.signature(f).parameters.values():
            if p.name in ('self', 'cls') or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD): continue
            if not d.get(p.name): bad.append(f'{qn}({p.name}): no docments comment')
    assert not bad, '\n'.join(bad)
