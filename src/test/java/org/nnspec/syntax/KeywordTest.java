package org.nnspec.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;
import org.nnspec.syntax.gen.NNSpecLexer;

/** Keywords are the grammar's literal tokens (grammar/NNSpec.g4): whole words only. */
class KeywordTest {
    private static List<Integer> types(String source) {
        NNSpecLexer lexer = new NNSpecLexer(CharStreams.fromString(source));
        List<Integer> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (t.getType() != NNSpecLexer.NEWLINE) out.add(t.getType());
        }
        return out;
    }

    @Test void everyKeywordOfSection2() {
        String[] words = {"network", "block", "input", "residual", "shortcut", "concat", "add", "multiply", "experts", "branch", "repeat", "for", "in",
            "if", "else", "print", "explain", "import", "and", "or", "not", "true", "false"};
        int[] expected = {NNSpecLexer.NETWORK, NNSpecLexer.BLOCK, NNSpecLexer.INPUT, NNSpecLexer.RESIDUAL,
            NNSpecLexer.SHORTCUT, NNSpecLexer.CONCAT, NNSpecLexer.ADD, NNSpecLexer.MULTIPLY, NNSpecLexer.EXPERTS, NNSpecLexer.BRANCH, NNSpecLexer.REPEAT, NNSpecLexer.FOR,
            NNSpecLexer.IN, NNSpecLexer.IF, NNSpecLexer.ELSE, NNSpecLexer.PRINT, NNSpecLexer.EXPLAIN,
            NNSpecLexer.IMPORT, NNSpecLexer.AND, NNSpecLexer.OR, NNSpecLexer.NOT, NNSpecLexer.TRUE, NNSpecLexer.FALSE};
        for (int i = 0; i < words.length; i++) {
            assertEquals(List.of(expected[i]), types(words[i]), words[i]);
            assertEquals(words[i], Keywords.text(expected[i]));
        }
        assertEquals(List.of(words), Keywords.all());
    }

    @Test void prefixesExtensionsAndOtherCasesAreNames() {
        for (String name : new String[] {"inputs", "in_c", "networks", "Network", "IF", "fork", "n", "ne", "blocks2", "iff"}) {
            assertEquals(List.of(NNSpecLexer.IDENT), types(name), name);
        }
        assertNull(Keywords.text(NNSpecLexer.IDENT));
        assertNull(Keywords.text(NNSpecLexer.LPAREN));
    }

    @Test void keywordsBetweenOtherTokens() {
        assertEquals(List.of(NNSpecLexer.FOR, NNSpecLexer.IDENT, NNSpecLexer.IN, NNSpecLexer.IDENT, NNSpecLexer.LPAREN,
                NNSpecLexer.INT, NNSpecLexer.RPAREN, NNSpecLexer.LBRACE, NNSpecLexer.RBRACE), types("for i in range(3) {}"));
        assertEquals(List.of(NNSpecLexer.NOT, NNSpecLexer.TRUE, NNSpecLexer.AND, NNSpecLexer.IDENT),
                types("not true and x"));
    }
}
