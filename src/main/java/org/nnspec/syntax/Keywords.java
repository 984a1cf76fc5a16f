package org.nnspec.syntax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.antlr.v4.runtime.Vocabulary;
import org.nnspec.syntax.gen.NNSpecLexer;

/**
 * The language's keywords, read from the lexer's vocabulary: a keyword is a token whose
 * literal is a word ({@code 'network'}, {@code 'and'}). The grammar's lexer rules are the one
 * list; error messages, the REPL's completion and its highlighting ask here.
 */
public final class Keywords {
    private static final Vocabulary VOCABULARY = NNSpecLexer.VOCABULARY;
    private static final List<String> ALL = collect();

    private Keywords() {}

    /** Every keyword, in the grammar's order. */
    public static List<String> all() {
        return ALL;
    }

    /** Whether a token of this type is a keyword. */
    public static boolean isKeyword(int tokenType) {
        return text(tokenType) != null;
    }

    /** The keyword a token type stands for ("network"), or null when the type is not a keyword's. */
    public static String text(int tokenType) {
        String literal = VOCABULARY.getLiteralName(tokenType);
        if (literal == null || literal.length() < 3 || !Character.isLetter(literal.charAt(1))) return null;
        return literal.substring(1, literal.length() - 1);
    }

    private static List<String> collect() {
        List<String> out = new ArrayList<>();
        for (int type = 1; type <= VOCABULARY.getMaxTokenType(); type++) {
            String keyword = text(type);
            if (keyword != null) out.add(keyword);
        }
        return Collections.unmodifiableList(out);
    }
}
