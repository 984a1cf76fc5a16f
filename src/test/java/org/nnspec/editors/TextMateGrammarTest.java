package org.nnspec.editors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nnspec.eval.Builtins;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.nn.LayerType;
import org.nnspec.syntax.Keywords;
import org.nnspec.syntax.gen.NNSpecLexer;

/**
 * The TextMate grammar of editors/textmate (docs/language.md section 16) against the language
 * it highlights: its regexes compile, it names every keyword of the lexer, every layer of the
 * catalog and every built-in, and tokenising each example gives the scopes the real lexer's
 * tokens call for (keywords as keywords, strings, numbers, layer names, comments). The
 * tokeniser here follows TextMate's rules as far as the grammar uses them; the npm script in
 * editors/textmate checks the same grammar with VS Code's own engine.
 */
class TextMateGrammarTest {
    private static final Path GRAMMAR = Path.of("editors/textmate/nnspec.tmLanguage.json");
    private static final Path VSCODE_COPY = Path.of("editors/vscode/syntaxes/nnspec.tmLanguage.json");

    private static JsonNode grammar() throws IOException {
        return new ObjectMapper().readTree(GRAMMAR.toFile());
    }

    @Test
    void everyRegexCompiles() throws IOException {
        List<String> regexes = new ArrayList<>();
        collect(grammar(), regexes);
        assertFalse(regexes.isEmpty());
        for (String r : regexes) Pattern.compile(r); // throws on a bad one
    }

    private static void collect(JsonNode node, List<String> out) {
        node.fields().forEachRemaining(e -> {
            if (List.of("match", "begin", "end").contains(e.getKey()) && e.getValue().isTextual()) out.add(e.getValue().asText());
            else if (e.getValue().isContainerNode()) collect(e.getValue(), out);
        });
        if (node.isArray()) node.forEach(n -> collect(n, out));
    }

    @Test
    void namesEveryKeywordLayerAndBuiltIn() throws IOException {
        Tokeniser t = new Tokeniser(grammar());
        for (String k : Keywords.all()) {
            String scope = t.scopesOf(k, 0);
            assertTrue(scope.contains("keyword.") || scope.contains("storage.type") || scope.contains("constant.language"),
                    k + " is scoped " + scope);
        }
        for (LayerType layer : LayerCatalog.all()) {
            assertTrue(t.scopesOf(layer.name() + "()", 0).contains("support.class.layer"), layer.name());
        }
        for (String b : Builtins.all().keySet()) {
            assertTrue(t.scopesOf(b + "(1)", 0).contains("support.function.builtin"), b);
        }
    }

    @Test
    void theVsCodeExtensionCarriesTheSameGrammar() throws IOException {
        assertTrue(Files.readString(GRAMMAR).equals(Files.readString(VSCODE_COPY)),
                "copy editors/textmate/nnspec.tmLanguage.json to " + VSCODE_COPY);
    }

    @TestFactory
    Stream<DynamicTest> examplesTokeniseAsTheLexerReadsThem() throws IOException {
        Tokeniser t = new Tokeniser(grammar());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("examples"))) {
            files = walk.filter(p -> p.toString().endsWith(".nnspec")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(t, f)));
    }

    private static void check(Tokeniser t, Path file) throws IOException {
        String text = Files.readString(file);
        List<String> lines = text.lines().toList();
        List<String[]> scopes = t.tokenise(lines);
        NNSpecLexer lexer = new NNSpecLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<? extends Token> tokens = lexer.getAllTokens();
        List<int[]> strings = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token tok = tokens.get(i);
            int line = tok.getLine() - 1;
            if (line >= lines.size() || tok.getType() == NNSpecLexer.NEWLINE) continue;
            String row = lines.get(line);
            int at = row.offsetByCodePoints(0, tok.getCharPositionInLine());
            String scope = scopes.get(line)[at];
            String where = file + ":" + (line + 1) + ":" + (at + 1) + " " + tok.getText() + " is scoped '" + scope + "'";
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            boolean called = next != null && next.getType() == NNSpecLexer.LPAREN;
            if (Keywords.isKeyword(tok.getType())) {
                boolean label = next != null && next.getType() == NNSpecLexer.COLON;
                assertTrue(scope.contains(label ? "variable.other.member" : "keyword.") || scope.contains("storage.type")
                        || scope.contains("constant.language"), where);
            } else if (tok.getType() == NNSpecLexer.STRING) {
                assertTrue(scope.contains("string.quoted"), where);
                strings.add(new int[] {line, at, at + tok.getText().length()});
            } else if (tok.getType() == NNSpecLexer.INT || tok.getType() == NNSpecLexer.REAL) {
                assertTrue(scope.contains("constant.numeric"), where);
            } else if (tok.getType() == NNSpecLexer.IDENT) {
                assertFalse(scope.contains("keyword."), where);
                if (LayerCatalog.has(tok.getText()) && called) assertTrue(scope.contains("support.class.layer"), where);
                if (Builtins.get(tok.getText()) != null && called) assertTrue(scope.contains("support.function.builtin"), where);
            }
        }
        // every # outside a string starts a comment that runs to the end of its line
        for (int line = 0; line < lines.size(); line++) {
            String row = lines.get(line);
            for (int c = row.indexOf('#'); c >= 0; c = row.indexOf('#', c + 1)) {
                final int l = line, col = c;
                if (strings.stream().anyMatch(s -> s[0] == l && s[1] <= col && col < s[2])) continue;
                for (int k = c; k < row.length(); k++) {
                    assertTrue(scopes.get(line)[k].contains("comment.line"), file + ":" + (line + 1) + ":" + (k + 1) + " in a comment");
                }
                break;
            }
        }
    }
}
