package org.nnspec.cli.repl;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nnspec.diag.SourceLoader;
import org.nnspec.diag.SourceFile;
import org.nnspec.eval.OutputFormat;
import org.nnspec.eval.Value;
import org.nnspec.eval.ValueText;

/**
 * The session's {@code :}-commands: {@code :help [topic]}, {@code :load FILE}, {@code :vars},
 * {@code :reset}, {@code :explain on|off}, {@code :format text|json}, {@code :quit}
 * ({@code :q}, {@code :exit}). A mistake in a command is an error like any other: it is
 * reported and the session goes on.
 */
final class MetaCommands {
    /** The commands, as completion offers them. */
    static final List<String> NAMES = List.of("help", "load", "vars", "reset", "explain", "format", "quit", "q", "exit");

    /** Values whose one-line form is longer than this are shown by type only in {@code :vars}. */
    private static final int INLINE_LIMIT = 60;

    private MetaCommands() {}

    /** Runs {@code line} (which starts with ':'); false means leave the session. */
    static boolean run(Session s, String line) {
        String body = line.substring(1).strip();
        int space = indexOfSpace(body);
        String name = space < 0 ? body : body.substring(0, space);
        String arg = space < 0 ? "" : body.substring(space).strip();
        switch (name) {
            case "quit": case "q": case "exit":
                return false;
            case "help": case "h": case "?":
                help(s, arg);
                return true;
            case "load":
                load(s, arg);
                return true;
            case "vars":
                vars(s);
                return true;
            case "reset":
                s.interpreter().reset();
                s.note("all definitions forgotten");
                return true;
            case "explain":
                explain(s, arg);
                return true;
            case "format":
                format(s, arg);
                return true;
            default:
                String near = nearest(name);
                s.error("unknown command :" + name, near != null ? "did you mean :" + near + "? (:help lists the commands)"
                        : ":help lists the commands");
                return true;
        }
    }

    static String usage(String command) {
        switch (command) {
            case "help": return ":help [topic]\n  an overview, or help on a layer (:help Conv2d), a built-in (:help softmax), "
                    + "a keyword (:help for),\n  :help layers (the catalog) or :help builtins";
            case "load": return ":load FILE\n  runs FILE in the session: its names stay defined, its results are printed";
            case "vars": return ":vars\n  the names defined in the session, with their types and values";
            case "reset": return ":reset\n  forgets every definition, as if the session had just started";
            case "explain": return ":explain on|off\n  with on, every result shows the work that produced it "
                    + "(like --explain); :explain alone shows the setting";
            case "format": return ":format text|json\n  text for people, or one JSON object per line (like --format json)";
            default: return ":quit  (also :q, :exit, Ctrl-D on an empty line)\n  ends the session";
        }
    }

    private static void help(Session s, String topic) {
        if (topic.isEmpty()) {
            s.note(Help.overview());
            return;
        }
        String text = Help.topic(topic);
        if (text != null) {
            s.note(text);
            return;
        }
        List<String> near = Help.near(topic);
        s.error("no help for '" + topic + "'", near.isEmpty()
                ? "try a layer (:help Conv2d), a built-in (:help softmax), a keyword (:help for), or :help layers"
                : "did you mean " + String.join(", ", near.subList(0, Math.min(5, near.size()))) + "?");
    }

    private static void load(Session s, String arg) {
        String name = unquote(arg);
        if (name.isEmpty()) {
            s.error(":load needs a file name", "for example  :load examples/section09.nnspec");
            return;
        }
        Path path;
        SourceFile file;
        try {
            path = Path.of(name);
            file = SourceLoader.file(name, path);
        } catch (InvalidPathException e) {
            s.error("cannot read '" + name + "': not a valid path", null);
            return;
        } catch (SourceLoader.IoProblem e) {
            s.error(e.getMessage(), null);
            return;
        } catch (SourceLoader.EncodingProblem e) {
            s.error(e.getMessage(), "save the file as UTF-8");
            return;
        }
        s.runSource(file, path);
    }

    private static void vars(Session s) {
        Map<String, Value> names = s.names();
        if (names.isEmpty()) {
            s.note("no names defined yet");
            return;
        }
        int width = 0;
        for (String n : names.keySet()) width = Math.max(width, n.length());
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Value> e : names.entrySet()) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(String.format("%-" + width + "s : ", e.getKey())).append(describe(e.getValue(), s.precision()));
        }
        s.note(sb.toString());
    }

    /** {@code int = 3}, {@code 2×2 matrix = [1 2; 3 4]}, or the type alone when the value is long. */
    static String describe(Value v, int precision) {
        String type = v.typeName();
        if (type.equals("error")) return "(its definition failed)";
        if (v instanceof Value.MatV m && m.m().getNumElements() > 16) return type;
        if (v instanceof Value.ListV l && l.items().size() > 16) return type + " of " + l.items().size() + " items";
        String inline = ValueText.inline(v, precision);
        if (inline.startsWith("<") || inline.length() > INLINE_LIMIT || inline.contains("\n")) return type;
        return type + " = " + inline;
    }

    private static void explain(Session s, String arg) {
        switch (arg) {
            case "on": s.interpreter().setExplainAll(true); s.note("explain is on: results show their work"); break;
            case "off": s.interpreter().setExplainAll(false); s.note("explain is off"); break;
            case "": s.note("explain is " + (s.interpreter().explainAll() ? "on" : "off")); break;
            default: s.error(":explain takes on or off, not '" + arg + "'", "write :explain on  or  :explain off");
        }
    }

    private static void format(Session s, String arg) {
        if (arg.isEmpty()) {
            s.note("format is " + s.format().label());
            return;
        }
        OutputFormat f = OutputFormat.named(arg);
        if (f != null) {
            s.setFormat(f);
        } else {
            List<String> commands = new ArrayList<>();
            for (String label : OutputFormat.labels()) commands.add(":format " + label);
            s.error(":format takes " + OutputFormat.choices() + ", not '" + arg + "'", "write " + String.join("  or  ", commands));
        }
    }

    private static String nearest(String name) {
        if (name.isEmpty()) return null;
        for (String n : NAMES) {
            if (n.startsWith(name) || name.startsWith(n) && name.length() <= n.length() + 2) return n;
        }
        return null;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
