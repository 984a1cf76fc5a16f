package org.nnspec.eval;

import java.util.HashSet;
import java.util.Set;

/** "did you mean …?" for names that are not defined. */
final class NameSuggestions {
    private NameSuggestions() {}

    static String suggest(String name, Scope scope) {
        Set<String> candidates = new HashSet<>(Builtins.all().keySet());
        candidates.add("grad");
        // not e: every one-letter typo is one edit from it
        Constants.docs().keySet().stream().filter(c -> c.length() > 1).forEach(candidates::add);
        for (Scope s = scope; s != null; s = s.parent()) candidates.addAll(s.localNames());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name, c);
            if (d < bestDistance || d == bestDistance && best != null && c.compareTo(best) < 0) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, name.length() / 3);
        return best != null && bestDistance <= allowed ? "did you mean '" + best + "'?" : null;
    }

    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 3) return Integer.MAX_VALUE;
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
