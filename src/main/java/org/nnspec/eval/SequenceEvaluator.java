package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * Computes sequence elements without recursion: {@code h[n]} is found by evaluating the rule
 * for each index from the last base case up to {@code n}, in order, caching each value, so
 * {@code h[1000000]} needs no deep stack. A rule that needs the same or a later index of a
 * sequence that is being computed is a cycle and is reported with its path.
 */
final class SequenceEvaluator {
    /**
     * How many rule steps one request may take: ten times docs/language.md's h[1000000]. Each step
     * is kept (about 100 bytes for a number), so this also bounds the memory a sequence takes.
     */
    static final long MAX_STEPS = 10_000_000L;

    /** Values of one sequence: base cases by index, and the rule's results from its first index on. */
    static final class Values {
        final Map<BigInteger, Value> byIndex = new HashMap<>();
        final ComputedValues computed = new ComputedValues();
    }

    private record Frame(Sequence sequence, BigInteger index) {}

    private Map<Sequence, Values> cache = new HashMap<>();
    /**
     * The last two sequences asked for and their values: a recurrence asks for the same one or
     * two (h and its input x) at each step.
     */
    private Sequence lastSequence, otherSequence;
    private Values lastValues, otherValues;
    private long cacheVersion = -1;
    private final List<Frame> inProgress = new ArrayList<>();
    private final Interpreter interpreter;

    SequenceEvaluator(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /**
     * Replaces the cache (grad evaluates with its own, holding traced values); returns the old
     * one so it can be put back.
     */
    Map<Sequence, Values> swapCache(Map<Sequence, Values> replacement) {
        lastSequence = otherSequence = null;
        Map<Sequence, Values> old = cache;
        cache = replacement;
        return old;
    }

    Values valuesOf(Sequence s) {
        Values v = cache.get(s);
        if (v == null) {
            v = new Values();
            cache.put(s, v);
        }
        return v;
    }

    Value at(Sequence s, BigInteger index, Span span) {
        if (interpreter.version() != cacheVersion) {
            if (inProgress.isEmpty()) {
                cache.clear();
                lastSequence = otherSequence = null;
            }
            cacheVersion = interpreter.version();
        }
        Values values = recent(s);
        if (values == null) {
            values = valuesOf(s);
            otherSequence = lastSequence;
            otherValues = lastValues;
            lastSequence = s;
            lastValues = values;
        }
        Value known = lookup(s, values, index);
        if (known != null) return known;
        checkCycle(s, index, span);
        if (s.base.containsKey(index)) {
            Value v = evaluate(s, index, s.base.get(index), null, span);
            values.byIndex.put(index, v);
            return v;
        }
        if (s.rule == null) {
            throw new NnspecException(span, s.name + "[" + index + "] is not defined: " + s.name + " has no rule "
                    + s.name + "[t] = …", "define one, or use one of its base cases " + baseList(s));
        }
        BigInteger first = s.firstRuleIndex();
        if (first == null) {
            if (isInProgress(s)) {
                throw new NnspecException(span, s.name + " has no base case, but its rule reads " + s.name
                        + "[" + index + "] while computing a later element",
                        "add a base case, such as " + s.name + "[0] = …");
            }
            return evaluate(s, index, s.rule, index, span);
        }
        if (index.compareTo(first) < 0) {
            throw new NnspecException(span, s.name + "[" + index + "] is not defined: the rule of " + s.name
                    + " starts at " + s.name + "[" + first + "]", "its base cases are " + baseList(s));
        }
        BigInteger steps = index.subtract(first).add(BigInteger.ONE);
        if (steps.compareTo(BigInteger.valueOf(MAX_STEPS)) > 0) {
            throw new NnspecException(span, s.name + "[" + index + "] would take " + steps + " steps of its rule",
                    "at most " + org.nnspec.render.Numbers.grouped(MAX_STEPS) + " steps are computed");
        }
        int target = steps.intValue();
        for (int k = values.computed.size(); k < target; k++) {
            if ((k & 4095) == 0) interpreter.checkStop();
            BigInteger j = first.add(BigInteger.valueOf(k));
            Value v = evaluate(s, j, s.rule, j, span);
            if (values.computed.size() == k) values.computed.add(v);
        }
        return values.computed.get(target - 1);
    }

    /**
     * {@code s[index]} when it is already computed by the rule, else null (then {@link #at}
     * decides): the lookup of {@code h[t-1]} at every step of a recurrence, without making
     * a BigInteger for the index.
     */
    Value computedAt(Sequence s, long index) {
        if (interpreter.version() != cacheVersion) return null;
        Values values = recent(s);
        BigInteger first = s.firstRuleIndex();
        if (values == null || first == null || first.bitLength() >= 62) return null;
        return computed(values, index - first.longValue());
    }

    /** The values of {@code s} if it is one of the last two sequences asked for, else null. */
    private Values recent(Sequence s) {
        if (s == lastSequence) return lastValues;
        if (s == otherSequence) return otherValues;
        return null;
    }

    /** The rule's {@code k}-th value from its first index, or null when not computed (yet). */
    private static Value computed(Values values, long k) {
        return k >= 0 && k < values.computed.size() ? values.computed.get((int) k) : null;
    }

    private boolean isInProgress(Sequence s) {
        for (Frame f : inProgress) {
            if (f.sequence() == s) return true;
        }
        return false;
    }

    private Value lookup(Sequence s, Values values, BigInteger index) {
        Value v = values.byIndex.get(index);
        if (v != null) return v;
        BigInteger first = s.firstRuleIndex();
        if (first == null) return null;
        if (index.bitLength() < 62 && first.bitLength() < 62) {
            return computed(values, index.longValue() - first.longValue());
        }
        if (index.compareTo(first) >= 0) {
            BigInteger k = index.subtract(first);
            if (k.compareTo(BigInteger.valueOf(values.computed.size())) < 0) return values.computed.get(k.intValue());
        }
        return null;
    }

    private void checkCycle(Sequence s, BigInteger index, Span span) {
        for (int i = inProgress.size() - 1; i >= 0; i--) {
            Frame f = inProgress.get(i);
            if (f.sequence() == s && index.compareTo(f.index()) >= 0) {
                StringBuilder path = new StringBuilder();
                for (int k = i; k < inProgress.size(); k++) {
                    Frame g = inProgress.get(k);
                    path.append(g.sequence().name).append('[').append(g.index()).append("] → ");
                }
                path.append(s.name).append('[').append(index).append(']');
                throw new NnspecException(span, "cycle: " + path + " (a rule may only use earlier elements of "
                        + s.name + ")", "make " + s.name + "[t] depend on " + s.name + "[t-1] or earlier");
            }
        }
    }

    private Value evaluate(Sequence s, BigInteger index, org.nnspec.ast.Expr expr, BigInteger ruleIndex, Span span) {
        inProgress.add(new Frame(s, index));
        try {
            return interpreter.evaluateRule(s, expr, ruleIndex);
        } finally {
            inProgress.remove(inProgress.size() - 1);
        }
    }

    private static String baseList(Sequence s) {
        List<String> names = new ArrayList<>();
        for (BigInteger b : s.base.keySet()) names.add(s.name + "[" + b + "]");
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
