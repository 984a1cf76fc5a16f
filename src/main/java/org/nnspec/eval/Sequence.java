package org.nnspec.eval;

import java.math.BigInteger;
import java.util.TreeMap;
import org.nnspec.ast.Expr;
import org.nnspec.diag.Span;

/**
 * A sequence such as {@code h}: base cases {@code h[1] = …} and one general rule
 * {@code h[t] = …} (docs/language.md section 7). Its values are computed on demand by
 * {@link SequenceEvaluator}, with the bindings in force when they are asked for.
 */
public final class Sequence implements Value {
    final String name;
    final TreeMap<BigInteger, Expr> base = new TreeMap<>();
    String indexVariable;
    Expr rule;
    Span ruleSpan;

    Sequence(String name) {
        this.name = name;
    }

    public String name() { return name; }

    @Override public String typeName() { return "sequence"; }

    private BigInteger firstRuleIndex;

    void addBase(BigInteger index, Expr value) {
        base.put(index, value);
        firstRuleIndex = base.lastKey().add(BigInteger.ONE);
    }

    /** The first index the general rule computes, or null when the rule applies everywhere. */
    BigInteger firstRuleIndex() {
        return firstRuleIndex;
    }
}
