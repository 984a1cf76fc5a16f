package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.render.Numbers;

/**
 * The text summary of a network: one row per leaf layer (or per folded scope), columns for
 * name, layer, output shape, parameter formula and value, dense equivalent and MACs, then a
 * totals line. Column widths are computed from the cells, so the table stays aligned.
 */
final class SummaryTable {
    private SummaryTable() {}

    private static final String[] HEADER = {"#", "name", "layer", "output shape", "params", "dense-equivalent params", "MACs"};

    static String render(Network net, int depth, Cost.DType dtype) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        List<NetworkLayer> layers = net.layers();
        int index = 0;
        // An activation or normalisation passes its input's Shape object on: its row reuses
        // the text of the row before instead of writing the same shape again.
        Shape lastShape = null;
        String lastShapeText = null;
        for (int i = 0; i < layers.size(); ) {
            NetworkLayer l = layers.get(i);
            NetworkLayer.Scope fold = depth > 0 && l.scope() != null ? l.scope().atDepth(depth) : null;
            index++;
            if (fold == null) {
                if (l.output() != lastShape || lastShapeText == null) {
                    lastShape = l.output();
                    lastShapeText = shape(lastShape);
                }
                Integer error = net.errorLine(l);
                if (error != null) {
                    rows.add(new String[]{String.valueOf(index), l.name(), l.description(), "?", "?", "", "error at line " + error});
                } else {
                    rows.add(new String[]{String.valueOf(index), l.name(), l.description() + copiesNote(l), lastShapeText, paramsCell(l), denseCell(l),
                            l.output() == null ? "? (after an error)" : macs(l.macs())});
                }
                i++;
                continue;
            }
            BigInteger params = BigInteger.ZERO, macs = BigInteger.ZERO;
            int count = 0;
            while (i < layers.size() && layers.get(i).scope() != null && layers.get(i).scope().atDepth(depth) == fold) {
                NetworkLayer m = layers.get(i++);
                params = params.add(m.params().multiply(m.copies()));
                macs = macs == null || m.macs() == null ? null : macs.add(m.macs().multiply(m.active()));
                count++;
            }
            rows.add(new String[]{String.valueOf(index), fold.name(), fold.description(), shape(fold.output()),
                    Numbers.grouped(params) + " (" + count + " layer" + (count == 1 ? "" : "s") + ")", "", macs(macs)});
        }
        // Widths are counted in code points (cells hold ×, → and ·); each cell's is counted
        // once and serves both the column's width and the cell's padding.
        int[] width = new int[HEADER.length];
        int[][] cellWidths = new int[rows.size()][];
        for (int i = 0; i < cellWidths.length; i++) {
            String[] r = rows.get(i);
            int[] w = cellWidths[i] = new int[r.length];
            for (int c = 0; c < r.length; c++) {
                w[c] = r[c].codePointCount(0, r[c].length());
                if (w[c] > width[c]) width[c] = w[c];
            }
        }
        StringBuilder sb = new StringBuilder(net.name()).append("  input ").append(net.input()).append('\n');
        for (int i = 0; i < cellWidths.length; i++) {
            String[] r = rows.get(i);
            int lineStart = sb.length();
            // The first column is right-aligned, the others left-aligned two spaces apart. The
            // spaces before a cell (its separator and the padding of the cells before it) are
            // written in one append, and those after the last non-empty cell not at all.
            int pending = width[0] - cellWidths[i][0] + 1;
            for (int c = 0; c < r.length; c++) {
                String cell = r[c];
                if (c > 0) pending += 2;
                if (!cell.isEmpty()) {
                    spaces(sb, pending);
                    sb.append(cell);
                    pending = 0;
                }
                if (c > 0) pending += width[c] - cellWidths[i][c];
            }
            int end = sb.length();
            while (end > lineStart && sb.charAt(end - 1) == ' ') end--;
            sb.setLength(end);
            sb.append('\n');
        }
        sb.append(totals(net, dtype)).append('\n');
        return sb.toString();
    }

    /** Runs of 0 to 64 spaces: appending a whole String copies an array, a slice goes char by char. */
    private static final String[] SPACES = new String[65];
    static {
        for (int i = 0; i < SPACES.length; i++) SPACES[i] = " ".repeat(i);
    }

    private static void spaces(StringBuilder sb, int n) {
        for (; n >= SPACES.length; n -= SPACES.length - 1) sb.append(SPACES[SPACES.length - 1]);
        if (n > 0) sb.append(SPACES[n]);
    }

    static String totals(Network net) { return totals(net, Cost.DType.FP32); }

    static String totals(Network net, Cost.DType dtype) {
        if (net.incomplete()) {
            long unbuilt = net.unbuiltLayers();
            return "totals incomplete: network " + net.name() + " has errors (above)"
                    + (unbuilt == 0 ? "" : "; " + unbuilt + " of " + net.layers().size() + " layer" + (net.layers().size() == 1 ? "" : "s")
                    + " could not be built") + "; the layers that were built have " + Numbers.grouped(net.totalParams()) + " params";
        }
        return "total params " + Numbers.grouped(net.totalParams()) + " (trainable " + Numbers.grouped(net.trainableParams()) + ")"
                + (net.countsWholeInput() ? " · MACs for the whole input " : " · MACs per sample ") + macs(net.totalMacs())
                + (net.hasExperts() ? " (active experts; all experts " + macs(net.denseMacs()) + ")" : "")
                + (net.countsWholeInput() ? " · activations for the whole input " : " · activations per sample ") + bytes(net.activationBytes(dtype))
                + " · parameters " + bytes(net.paramBytes(dtype)) + " (" + (dtype == Cost.DType.FP32 ? "float32" : dtype.label)
                + (dtype.activations() != dtype ? "; activations " + dtype.activations().label : "") + ")";
    }

    /** {@code " ×8, 2 active"} for an expert's layer (its counts are one copy's), else "". */
    static String copiesNote(NetworkLayer l) {
        return l.copied() ? " ×" + Numbers.grouped(l.copies()) + ", " + Numbers.grouped(l.active()) + " active" : "";
    }

    static String paramsCell(NetworkLayer l) {
        String value = Numbers.grouped(l.params());
        if (l.output() == null) return "?";
        String formula = l.paramsFormula(), note = l.tieNote();
        if (formula.equals(Numbers.plain(l.params()))) return value + note;
        return formula + " = " + value + note;
    }

    static String denseCell(NetworkLayer l) {
        if (l.denseParams() == null) return "";
        return l.denseFormula() + " = " + Numbers.grouped(l.denseParams());
    }

    private static String shape(Shape s) { return s == null ? "?" : s.toString(); }

    private static String macs(BigInteger m) { return m == null ? "depends on a symbolic size" : Numbers.grouped(m); }

    private static String bytes(BigInteger b) { return b == null ? "depends on a symbolic size" : Numbers.grouped(b) + " bytes"; }
}
