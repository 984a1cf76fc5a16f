package org.nnspec.lsp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.SourceLoader;
import org.nnspec.syntax.Parser;

/**
 * Go to definition (docs/language.md section 16): a name, sequence, block or network used in
 * the file leads to where the file defines it, or else to where one of its imports does
 * (an import's own imports included), read from the files on disk.
 */
final class Definitions {
    private Definitions() {}

    /** Imports are followed at most this deep, as the interpreter allows (section 10.1). */
    private static final int MAX_DEPTH = 100;

    static List<Location> at(Analysis a, Outline outline, String uri, Position p) {
        Words.Word w = Words.at(a.text(), p);
        if (w == null || w.afterDot() || outline == null) return List.of();
        int[] lc = Positions.lineColumn(a.file(), p);
        List<Outline.Definition> defs = outline.lookup(w.text(), lc[0], lc[1]);
        if (!defs.isEmpty()) return List.of(new Location(uri, Positions.range(defs.get(0).nameSpan())));
        Path here = Uris.path(uri);
        if (here == null) return List.of();
        Location found = inImports(outline, here.getParent(), w.text(), new HashSet<>(), 0);
        return found == null ? List.of() : List.of(found);
    }

    /** The top-level definition of {@code name} in the files {@code outline}'s imports read, in order. */
    private static Location inImports(Outline outline, Path dir, String name, Set<Path> seen, int depth) {
        if (dir == null || depth > MAX_DEPTH) return null;
        for (Stmt.Import im : outline.imports()) {
            Path target;
            try {
                target = dir.resolve(im.path()).normalize().toAbsolutePath();
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            if (!target.toString().endsWith(".nnspec") || !Files.isRegularFile(target) || !seen.add(target)) continue;
            Outline other = outline(target);
            if (other == null) continue;
            Outline.Definition last = null;
            for (Outline.Definition d : other.definitions()) {
                if (d.owner() == null && d.name().equals(name) && d.kind() != Outline.Kind.LAYER) last = d;
            }
            if (last != null) return new Location(Uris.uri(target), Positions.range(last.nameSpan()));
            Location deeper = inImports(other, target.getParent(), name, seen, depth + 1);
            if (deeper != null) return deeper;
        }
        return null;
    }

    private static Outline outline(Path file) {
        try {
            SourceFile source = SourceLoader.file(file.toString(), file);
            Program program = Parser.parse(source, new Diagnostics());
            return program == null ? null : new Outline(program);
        } catch (SourceLoader.IoProblem | SourceLoader.EncodingProblem e) {
            return null;
        }
    }
}
