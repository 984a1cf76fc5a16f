package org.nnspec.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;
import org.nnspec.syntax.gen.NNSpecLexer;

/** The token filter's layout rules, one test per rule (docs/language.md sections 2 and 5). */
class LayoutFilterTest {
    /** The token texts the parser sees; synthetic separators show as "," and ";", newlines as "⏎". */
    private static String tokens(String source) {
        NNSpecLexer lexer = new NNSpecLexer(CharStreams.fromString(source));
        LayoutFilter filter = new LayoutFilter(lexer);
        List<String> out = new ArrayList<>();
        for (Token t = filter.nextToken(); t.getType() != Token.EOF; t = filter.nextToken()) {
            out.add(t.getType() == NNSpecLexer.NEWLINE ? "⏎" : t.getText());
        }
        return String.join(" ", out);
    }

    @Test void spaceBeforeSignedNumberSeparatesElements() {
        assertEquals("[ 1 , - 2 ]", tokens("[1 -2]"));
    }

    @Test void spacesAroundMinusMakeADifference() {
        assertEquals("[ 1 - 2 ]", tokens("[1 - 2]"));
    }

    @Test void noSpacesMakeADifference() {
        assertEquals("[ 1 - 2 ]", tokens("[1-2]"));
    }

    @Test void callsAndProductsStayOneElement() {
        assertEquals("[ sqrt ( 3 ) * ln ( 80 ) , 0 , 0 ]", tokens("[sqrt(3)*ln(80) 0 0]"));
    }

    @Test void spaceAroundBinaryOperatorIsNotASeparator() {
        assertEquals("[ a * b , c ]", tokens("[a * b c]"));
    }

    @Test void commasAreKeptAndSpacesAfterThemIgnored() {
        assertEquals("[ 1 , - 2 ]", tokens("[1, -2]"));
    }

    @Test void nestedRowsNumpyStyle() {
        assertEquals("[ [ 1 , 2 ] , [ 3 , 4 ] ]", tokens("[[1, 2], [3, 4]]"));
    }

    @Test void newlineInsideMatrixSeparatesRows() {
        assertEquals("[ 1 , 2 ; 3 , 4 ]", tokens("[1 2\n 3 4]"));
    }

    @Test void newlineRightAfterOpenAndBeforeCloseIsIgnored() {
        assertEquals("[ 1 , 2 ; 3 , 4 ]", tokens("[\n  1 2\n  3 4\n]"));
    }

    @Test void newlineAfterSemicolonOrCommaIsIgnored() {
        assertEquals("[ 1 , 2 ; 3 , 4 ]", tokens("[1 2;\n 3 4]"));
        assertEquals("[ [ 1 , 2 ] , [ 3 , 4 ] ]", tokens("[[1, 2],\n [3, 4]]"));
    }

    @Test void blankLinesInsideMatrixMakeOneRowBreak() {
        assertEquals("[ 1 ; 2 ]", tokens("[1\n\n2]"));
    }

    @Test void newlinesInsideParenthesesAreIgnored() {
        assertEquals("f ( 1 , 2 )", tokens("f(1,\n  2\n)"));
    }

    @Test void whitespaceInsideParenthesesWithinAMatrixIsNotASeparator() {
        assertEquals("[ f ( 1 - 2 , 3 ) , 4 ]", tokens("[f(1 - 2, 3) 4]"));
        assertEquals("[ ( 1 - 2 ) ]", tokens("[(1 -2)]"));
    }

    @Test void indexBracketsAreNotMatrices() {
        assertEquals("h [ t - 1 ]", tokens("h[t -1]"));
        assertEquals("h [ t - 1 ]", tokens("h[t\n-1]"));
    }

    @Test void indexInsideAMatrix() {
        assertEquals("[ h [ 1 ] , h [ 2 ] ]", tokens("[h[1] h[2]]"));
    }

    @Test void newlinesInsideBracesSeparateStatements() {
        assertEquals("{ a = 1 ⏎ b = 2 ⏎ }", tokens("{\n a = 1\n b = 2\n}").replace("{ ⏎", "{"));
    }

    @Test void newlineAfterBinaryOperatorContinuesTheExpression() {
        assertEquals("x = 1 + 2", tokens("x = 1 +\n 2"));
    }

    @Test void newlineBeforeElseIsIgnored() {
        assertEquals("} else {", tokens("}\nelse {"));
    }

    @Test void aBlockMayBeFollowedByTheNextStatementOnItsLine() {
        assertEquals("branch { } ⏎ branch { }", tokens("branch { } branch { }"));
        assertEquals("residual { } shortcut { }", tokens("residual { } shortcut { }"));
        assertEquals("} else { } ⏎ x", tokens("} else { } x"));
    }

    @Test void semicolonSeparatesStatementsAtTopLevel() {
        assertEquals("a = 1 ; b = 2", tokens("a = 1; b = 2"));
    }

    @Test void nestingDeeperThanTheLimitIsFlagged() {
        String deep = "(".repeat(LayoutFilter.MAX_DEPTH + 1) + "1" + ")".repeat(LayoutFilter.MAX_DEPTH + 1);
        LayoutFilter filter = new LayoutFilter(new NNSpecLexer(CharStreams.fromString(deep)));
        while (filter.nextToken().getType() != Token.EOF) {
            // drain
        }
        assertNotNull(filter.tooDeep());
        assertEquals(LayoutFilter.MAX_DEPTH, filter.tooDeep().getCharPositionInLine());
    }
}
