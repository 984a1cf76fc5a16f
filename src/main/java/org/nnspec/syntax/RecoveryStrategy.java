package org.nnspec.syntax;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.nnspec.syntax.gen.NNSpecLexer;

/**
 * ANTLR's error recovery, except that it never pretends an opening bracket was there. Conjuring
 * a missing '{' (or '(' or '[') opens a nesting level the layout filter never saw, so a file of
 * 2,000 lines reading {@code repeat} nested 2,000 levels deep, and recovering at each level
 * walked the whole stack: seconds and hundreds of megabytes for one diagnostic. Without the
 * insertion the parser resynchronises at the next statement as it does elsewhere.
 */
final class RecoveryStrategy extends DefaultErrorStrategy {
    @Override
    protected boolean singleTokenInsertion(Parser recognizer) {
        // the token ANTLR would insert is the one on the current state's first transition
        var state = recognizer.getInterpreter().atn.states.get(recognizer.getState());
        var label = state.getNumberOfTransitions() > 0 ? state.transition(0).label() : null;
        if (label != null && (label.contains(NNSpecLexer.LBRACE) || label.contains(NNSpecLexer.LPAREN)
                || label.contains(NNSpecLexer.LBRACK))) {
            return false;
        }
        return super.singleTokenInsertion(recognizer);
    }
}
