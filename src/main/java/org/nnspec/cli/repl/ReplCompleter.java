package org.nnspec.cli.repl;

import java.util.List;
import java.util.Map;
import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.nnspec.syntax.Keywords;
import org.nnspec.eval.Builtin;
import org.nnspec.eval.Builtins;
import org.nnspec.eval.OutputFormat;
import org.nnspec.eval.Value;
import org.nnspec.nn.LayerType;
import org.nnspec.nn.LayerCatalog;

/**
 * Tab completion: keywords, built-in functions and layers (their signatures shown beside
 * them), the session's own names (with their types), {@code :commands}, help topics after
 * {@code :help}, and file names after {@code :load}.
 */
final class ReplCompleter implements Completer {
    private final Session session;
    private final FileNameCompleter files = new FileNameCompleter();

    ReplCompleter(Session session) { this.session = session; }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        String before = line instanceof ReplParser.Word w ? w.before().strip() : "";
        if (line.word().startsWith(":") && before.isEmpty()) {
            for (String c : MetaCommands.NAMES) out.add(new Candidate(":" + c, ":" + c, "commands", null, null, null, true));
            return;
        }
        if (before.equals(":load")) {
            files.complete(reader, line, out);
            return;
        }
        if (before.equals(":help") || before.equals(":h")) {
            for (String t : Help.allTopics()) out.add(new Candidate(t, t, null, null, null, null, true));
            return;
        }
        if (before.equals(":explain")) {
            out.add(new Candidate("on"));
            out.add(new Candidate("off"));
            return;
        }
        if (before.equals(":format")) {
            for (String label : OutputFormat.labels()) out.add(new Candidate(label));
            return;
        }
        if (before.startsWith(":")) return;
        code(out);
    }

    /** Everything a name in code can be. */
    void code(List<Candidate> out) {
        for (String k : Keywords.all()) out.add(new Candidate(k, k, "keywords", null, null, null, true));
        for (Builtin b : Builtins.all().values()) {
            out.add(new Candidate(b.name(), b.name(), "built-ins", b.signature(), null, null, false));
        }
        for (Map.Entry<String, String> f : Help.SPECIAL_FUNCTIONS.entrySet()) {
            out.add(new Candidate(f.getKey(), f.getKey(), "built-ins", f.getValue().lines().findFirst().orElse(null),
                    null, null, false));
        }
        for (String c : Help.CONSTANTS.keySet()) out.add(new Candidate(c, c, "built-ins", "constant", null, null, false));
        for (LayerType t : LayerCatalog.all()) {
            out.add(new Candidate(t.name(), t.name(), "layers", t.signature().display(), null, null, false));
        }
        for (Map.Entry<String, Value> e : session.names().entrySet()) {
            out.add(new Candidate(e.getKey(), e.getKey(), "your names", e.getValue().typeName(), null, null, false));
        }
    }
}
