"""The package's modules import each other in one direction only.

Every `import` statement of every `prunelearn/*.py` counts, those inside functions included (a lazy import is
still a dependency), relative (`from .x import`, `from . import x`) and absolute (`prunelearn.x`)."""
import ast
from pathlib import Path

pkg = Path(__file__).parent.parent/'prunelearn'

def module_imports(path, mods):
    "Names of the package's modules (among `mods`) that the file at `path` imports anywhere"
    deps = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split('.')
                if parts[0]=='prunelearn' and len(parts)>1: deps.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            parts = (node.module or '').split('.')
            if node.level==1: base = parts if node.module else []
            elif node.level==0 and parts[0]=='prunelearn': base = parts[1:]
            else: continue
            if base: deps.add(base[0])
            else: deps |= {a.name for a in node.names}   # `from . import x`, `from prunelearn import x`: x may be a module
    return {d for d in deps if d in mods and d!=path.stem}

def import_graph(folder=pkg):
    mods = {p.stem for p in folder.glob('*.py')} - {'__init__'}
    return {m: module_imports(folder/f'{m}.py', mods) for m in sorted(mods)}

def find_cycles(graph):
    "Every cycle of `graph` (a dict node -> set of nodes), each once, as a list starting at its smallest node"
    cycles = set()
    def walk(start, node, path):
        for n in sorted(graph.get(node, ())):
            if n==start: cycles.add(tuple(path))
            elif n>start and n not in path: walk(start, n, path+[n])
    for s in sorted(graph): walk(s, s, [s])
    return sorted(cycles, key=lambda c: (len(c), c))

def test_find_cycles():
    "The checker itself finds cycles of any length, a module importing itself aside"
    assert find_cycles({'a': {'b'}, 'b': {'c'}, 'c': set()})==[]
    assert find_cycles({'a': {'b'}, 'b': {'a'}})==[('a', 'b')]
    assert find_cycles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}})==[('a', 'b', 'c')]

def test_module_imports(tmp_path):
    "Relative, absolute and function-level imports all count"
    (tmp_path/'a.py').write_text('from .b import x\nfrom . import c\ndef f():\n    from prunelearn.d import y\n    import prunelearn.e as e\n')
    for m in 'bcdef': (tmp_path/f'{m}.py').write_text('import os\nfrom . import __version__\n')
    g = import_graph(tmp_path)
    assert g['a']=={'b', 'c', 'd', 'e'} and g['b']==set()

def test_no_import_cycles():
    g = import_graph()
    assert g['cli'] and g['stats'], "the parser found no imports"
    cycles = find_cycles(g)
    assert not cycles, 'import cycles: ' + '; '.join(' -> '.join(c+(c[0],)) for c in cycles)
