package org.nnspec.editors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small TextMate tokeniser, enough for a grammar of match and begin/end rules with named
 * captures and includes (#name, $self): at each place the rule that matches earliest wins,
 * the first listed on a tie, and an open rule's end is tried before its patterns. Each
 * character gets the scopes around it, outermost first, joined by spaces.
 */
final class Tokeniser {
    private final JsonNode grammar;

    Tokeniser(JsonNode grammar) { this.grammar = grammar; }

    /** The scopes of character {@code at} of a one-line text. */
    String scopesOf(String line, int at) {
        return tokenise(List.of(line)).get(0)[at];
    }

    List<String[]> tokenise(List<String> lines) {
        Deque<JsonNode> open = new ArrayDeque<>();
        List<String[]> out = new ArrayList<>();
        for (String line : lines) {
            String[] scopes = new String[line.length()];
            int pos = 0;
            while (pos <= line.length()) {
                JsonNode inside = open.peek();
                List<JsonNode> rules = rules(inside == null ? grammar.get("patterns") : inside.get("patterns"));
                Matcher best = null;
                JsonNode bestRule = null;
                boolean isEnd = false;
                if (inside != null) {
                    Matcher m = matcher(inside.get("end").asText(), line, pos);
                    if (m != null) {
                        best = m;
                        isEnd = true;
                    }
                }
                for (JsonNode r : rules) {
                    String regex = r.has("match") ? r.get("match").asText() : r.get("begin").asText();
                    Matcher m = matcher(regex, line, pos);
                    if (m != null && (best == null || m.start() < best.start())) {
                        best = m;
                        bestRule = r;
                        isEnd = false;
                    }
                }
                String around = names(open);
                if (best == null) {
                    for (int k = pos; k < line.length(); k++) scopes[k] = around;
                    break;
                }
                for (int k = pos; k < best.start(); k++) scopes[k] = around;
                if (isEnd) {
                    paint(scopes, best, around, inside.get("endCaptures"));
                    open.pop();
                } else if (bestRule.has("begin")) {
                    open.push(bestRule);
                    paint(scopes, best, names(open), bestRule.get("beginCaptures"));
                } else {
                    String scope = around + (bestRule.has("name") ? " " + bestRule.get("name").asText() : "");
                    paint(scopes, best, scope, bestRule.get("captures"));
                }
                pos = best.end() > pos ? best.end() : pos + 1;
            }
            // a rule whose end is the line's end ($) closes with it
            while (!open.isEmpty() && open.peek().get("end").asText().contains("$")) open.pop();
            out.add(scopes);
        }
        return out;
    }

    private static void paint(String[] scopes, Matcher m, String scope, JsonNode captures) {
        for (int k = m.start(); k < m.end() && k < scopes.length; k++) scopes[k] = scope;
        if (captures == null) return;
        for (Iterator<String> it = captures.fieldNames(); it.hasNext();) {
            String group = it.next();
            int g = Integer.parseInt(group);
            if (g > m.groupCount() || m.start(g) < 0) continue;
            String name = captures.get(group).get("name").asText();
            for (int k = m.start(g); k < m.end(g) && k < scopes.length; k++) scopes[k] = scope + " " + name;
        }
    }

    private static String names(Deque<JsonNode> open) {
        StringBuilder sb = new StringBuilder("source.nnspec");
        for (Iterator<JsonNode> it = open.descendingIterator(); it.hasNext();) {
            JsonNode r = it.next();
            if (r.has("name")) sb.append(' ').append(r.get("name").asText());
        }
        return sb.toString();
    }

    private static Matcher matcher(String regex, String line, int pos) {
        Matcher m = Pattern.compile(regex).matcher(line);
        m.useTransparentBounds(true).useAnchoringBounds(false).region(pos, line.length());
        return m.find() ? m : null;
    }

    /** The match and begin rules of a pattern list, includes expanded in place. */
    private List<JsonNode> rules(JsonNode patterns) {
        List<JsonNode> out = new ArrayList<>();
        if (patterns == null) return out;
        for (JsonNode p : patterns) {
            if (p.has("include")) {
                String ref = p.get("include").asText();
                out.addAll(rules(ref.equals("$self") ? grammar.get("patterns") : wrap(grammar.get("repository").get(ref.substring(1)))));
            } else if (p.has("match") || p.has("begin")) {
                out.add(p);
            } else if (p.has("patterns")) {
                out.addAll(rules(p.get("patterns")));
            }
        }
        return out;
    }

    private static JsonNode wrap(JsonNode rule) {
        return rule.has("match") || rule.has("begin") ? new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add(rule)
                : rule.get("patterns");
    }
}
